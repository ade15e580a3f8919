import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { registerCitizen } from '../commands/register.ts';
import { countAccounts, lastMail, linkTo } from './helpers.ts';

const PASSWORD = 'ein langes Passwort 2026';

/**
 * A registration creates the account, its audit entry and its verification token in one
 * transaction. A failure anywhere in it (simulated with test-only triggers on
 * kernel.auth_tokens) leaves none of them behind, sends no mail, and keeps the audit chain whole.
 */
describe('citizen registration is atomic', () => {
  let t: TestApp;

  const sql = (text: string, values: unknown[] = []) => t.kernel.db.pool.query(text, values);
  const register = (email: string) =>
    registerCitizen(t.kernel, { email, displayName: 'Atomar Test', password: PASSWORD, lang: 'de' });

  /** Everything a registration of `email` (or of the account id the failed attempt got) may have left. */
  async function leftovers(email: string, accountId: string) {
    const { rows } = await sql(
      `select (select count(*)::int from kernel.accounts where id::text = $2 or lower(email) = lower($1)) as accounts,
              (select count(*)::int from kernel.auth_tokens where account_id::text = $2) as tokens,
              (select count(*)::int from kernel.audit_log where object_type = 'account' and object_id = $2::text) as audits,
              (select count(*)::int from kernel.mail_outbox where lower(to_address) = lower($1)) as mails`,
      [email, accountId],
    );
    return rows[0] as { accounts: number; tokens: number; audits: number; mails: number };
  }

  async function chainHead() {
    const { rows } = await t.kernel.db.pool.query<{ last_seq: number; last_hash: string }>(
      'select last_seq, last_hash from kernel.audit_chain where id = 1',
    );
    return rows[0]!;
  }

  async function assertChainIntact(head: { last_seq: number; last_hash: string }) {
    const v = await t.kernel.audit.verify();
    assert.equal(v.ok, true, `audit chain broken: ${JSON.stringify(v.broken)}`);
    assert.equal(v.entries, head.last_seq);
    assert.equal(v.headHash, head.last_hash);
  }

  /** Runs a registration that must fail; returns the account id the rolled-back transaction had (from the trigger's message). */
  async function failingRegistration(email: string): Promise<string> {
    let accountId = '';
    await assert.rejects(register(email), (err: Error) => {
      const m = /test: refused token for account ([0-9a-f-]{36})/.exec(err.message);
      assert.ok(m, `unexpected error: ${err.message}`);
      accountId = m[1]!;
      return true;
    });
    return accountId;
  }

  before(async () => {
    t = await createTestApp();
    await sql(`
      create function kernel.test_refuse_token() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from kernel.accounts where id = new.account_id and email like 'atomar-%@example.org') then
          raise exception 'test: refused token for account %', new.account_id;
        end if;
        return new;
      end
      $$`);
    // Some history in the chain first, so that a rollback has something to break.
    await register('vorher@example.org');
    assert.equal(await countAccounts(t.kernel, 'vorher@example.org'), 1);
  });
  after(async () => {
    await sql('drop function if exists kernel.test_refuse_token() cascade').catch(() => undefined);
    await t.close();
  });

  it('leaves no account, audit entry or mail when the token insert fails', async () => {
    const email = 'atomar-insert@example.org';
    const head = await chainHead();
    await sql(
      'create trigger test_refuse_token before insert on kernel.auth_tokens for each row execute function kernel.test_refuse_token()',
    );
    try {
      const accountId = await failingRegistration(email);
      assert.deepEqual(await leftovers(email, accountId), { accounts: 0, tokens: 0, audits: 0, mails: 0 });
    } finally {
      await sql('drop trigger test_refuse_token on kernel.auth_tokens');
    }
    assert.deepEqual(await chainHead(), head, 'the audit chain head did not move');
    await assertChainIntact(head);
  });

  it('rolls back the audit entry too when the transaction fails after it was appended (at commit)', async () => {
    const email = 'atomar-commit@example.org';
    const head = await chainHead();
    // Deferred: fires at COMMIT, after the account, the token and the audit entry were all written.
    await sql(`create constraint trigger test_refuse_token after insert on kernel.auth_tokens
               deferrable initially deferred for each row execute function kernel.test_refuse_token()`);
    try {
      const accountId = await failingRegistration(email);
      assert.deepEqual(await leftovers(email, accountId), { accounts: 0, tokens: 0, audits: 0, mails: 0 });
    } finally {
      await sql('drop trigger test_refuse_token on kernel.auth_tokens');
    }
    assert.deepEqual(await chainHead(), head, 'the audit chain head did not move');
    await assertChainIntact(head);
  });

  it('registers the same addresses normally afterwards, continuing the chain', async () => {
    const before = await chainHead();
    for (const email of ['atomar-insert@example.org', 'atomar-commit@example.org']) {
      await register(email);
      const { rows } = await t.kernel.db.pool.query<{ id: string }>(
        'select id from kernel.accounts where lower(email) = lower($1)',
        [email],
      );
      assert.equal(rows.length, 1);
      const id = rows[0]!.id;
      const left = await leftovers(email, id);
      assert.deepEqual(left, { accounts: 1, tokens: 1, audits: 1, mails: 1 });
      const { rows: audit } = await sql(
        `select action, actor_id, after from kernel.audit_log where object_id = $1`,
        [id],
      );
      assert.deepEqual(audit, [
        { action: 'auth.account_created', actor_id: null, after: { kind: 'citizen' } },
      ]);
      linkTo((await lastMail(t.kernel, email)).text, '/registrieren/bestaetigen');
    }
    const head = await chainHead();
    assert.equal(head.last_seq, before.last_seq + 2);
    await assertChainIntact(head);
  });
});
