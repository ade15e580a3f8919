import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { Client } from './helpers.ts';

/**
 * The confirmation mail is written in the submission's transaction: it exists exactly when the
 * submission and its case do (a crash right after COMMIT cannot lose it), and a failure at COMMIT
 * leaves neither behind.
 */
describe('confirmation mail and the submission commit together', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    // At COMMIT (deferred, so after the mail was written): the submission's confirmation mail
    // must already be in the same transaction, and a case for 'kaputt@…' is refused.
    await t.kernel.db.pool.query(`
      create function public.mail_with_submission() returns trigger language plpgsql as $$
      begin
        if new.applicant_email <> '' and not exists (
             select 1 from kernel.mail_outbox where to_address = new.applicant_email) then
          raise exception 'no confirmation mail in the submission''s transaction';
        end if;
        return null;
      end $$;
      create constraint trigger mail_with_submission after insert on applications.submissions
        deferrable initially deferred for each row execute function public.mail_with_submission();
      create function public.refuse_case() returns trigger language plpgsql as $$
      begin
        if new.applicant_email = 'kaputt@example.org' then raise exception 'case store unavailable'; end if;
        return null;
      end $$;
      create constraint trigger refuse_case after insert on casework.cases
        deferrable initially deferred for each row execute function public.refuse_case();`);
  });
  after(async () => t.close());

  async function ready(email: string) {
    const c = new Client(t);
    const { base, first } = await c.start('allgemeine-anfrage');
    await c.step(first, { stelle: 'dormagen', amtGemeinde: 'buergerbuero' });
    await c.get(`${base}/schritt/anliegen`);
    await c.upload(`${base}/schritt/anliegen`, { betreff: 'Anfrage', nachricht: 'Bitte um Rückruf.' }, []);
    await c.step(`${base}/schritt/kontakt`, {
      vorname: 'Kai',
      nachname: 'Putt',
      antwortweg: 'email',
      email,
    });
    await c.get(`${base}/erklaerung`);
    return () =>
      c.post(`${base}/erklaerung`, { 'erklaerung-wahrheit': 'ja', 'erklaerung-datenschutz': 'ja' });
  }
  const count = async (sql: string, email: string) =>
    (await t.kernel.db.pool.query<{ n: number }>(sql, [email])).rows[0]!.n;
  const submissions = (email: string) =>
    count('select count(*)::int as n from applications.submissions where applicant_email = $1', email);
  const mails = async (email: string) => (await t.kernel.mail.recent({ to: email })).length;

  it('a submission that fails at COMMIT, after its mail was written, leaves no mail; the retry sends exactly one', async () => {
    const submit = await ready('kaputt@example.org');
    const failed = await submit();
    assert.equal(failed.statusCode, 500);
    assert.doesNotMatch(failed.body, /at .*\.ts:\d+/, 'no stack trace');
    assert.equal(await submissions('kaputt@example.org'), 0);
    assert.equal(
      await mails('kaputt@example.org'),
      0,
      'no confirmation for a submission that does not exist',
    );

    // The store is back: the same draft goes through, with one mail.
    await t.kernel.db.pool.query('drop trigger refuse_case on casework.cases');
    // (mail_with_submission stays: this commit, too, carries its mail.)
    const ok = await submit();
    assert.equal(ok.statusCode, 303, ok.body);
    assert.equal(await submissions('kaputt@example.org'), 1);
    const [mail, ...more] = await t.kernel.mail.recent({ to: 'kaputt@example.org' });
    assert.equal(more.length, 0);
    const { rows } = await t.kernel.db.pool.query<{ reference: string }>(
      'select reference from applications.submissions where applicant_email = $1',
      ['kaputt@example.org'],
    );
    assert.ok(mail!.text.includes(rows[0]!.reference), 'the mail names the stored reference');
  });

  it('a double submit (two tabs at once) makes one submission and one mail', async () => {
    const submit = await ready('zweimal@example.org');
    const results = await Promise.all([submit(), submit()]);
    assert.deepEqual(
      results.map((r) => r.statusCode),
      [303, 303],
    );
    assert.equal(await submissions('zweimal@example.org'), 1);
    assert.equal(await mails('zweimal@example.org'), 1);
  });
});
