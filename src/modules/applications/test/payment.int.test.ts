import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { sign } from '../payment/test-cashier.ts';
import { Client, PDF, PERSON } from './helpers.ts';

const SECRET = 'test-cashier-secret-0123456789';

describe('applications: fees and payment (test cashier), concurrency, access', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  before(async () => {
    t = await createTestApp({ clock, env: { APPLICATIONS_TESTKASSE_SECRET: SECRET } });
  });
  after(async () => t.close());

  const q = async <T extends object>(sql: string, params: unknown[] = []) =>
    (await t.kernel.db.pool.query<T & Record<string, unknown>>(sql, params)).rows;

  /** Fishing licence up to the declaration page (fee by validity, two attachments). */
  async function fishingToDeclaration(c: Client, validity = '5') {
    const { base, first } = await c.start('fischereischein');
    const person = { ...PERSON };
    let res = await c.step(first, person);
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    res = await c.step(`${base}/schritt/schein`, { gueltigkeit: validity, pruefungsjahr: '2019' });
    assert.equal(res.statusCode, 303);
    await c.get(`${base}/schritt/nachweise`);
    res = await c.upload(`${base}/schritt/nachweise`, {}, [
      { field: 'passfoto', filename: 'foto.pdf', type: 'application/pdf', content: PDF },
      { field: 'pruefungszeugnis', filename: 'zeugnis.pdf', type: 'application/pdf', content: PDF },
    ]);
    assert.equal(res.statusCode, 422, 'a PDF is no passport photo');
    assert.match(res.body, /Diese Art von Datei ist bei „Passfoto“ nicht möglich/);
    assert.match(res.body, /zeugnis\.pdf/, 'the valid file of the other field is kept');
    const PNG = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    );
    res = await c.upload(`${base}/schritt/nachweise`, {}, [
      { field: 'passfoto', filename: 'foto.png', type: 'image/png', content: PNG },
    ]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    res = await c.get(`${base}/pruefen`);
    assert.match(res.body, validity === '5' ? /54,00\s€/ : /30,00\s€/);
    await c.get(`${base}/erklaerung`);
    return base;
  }

  async function submit(c: Client, base: string) {
    return c.post(`${base}/erklaerung`, { 'erklaerung-wahrheit': 'ja', 'erklaerung-datenschutz': 'ja' });
  }

  async function payAt(c: Client, reference: string, outcome: string) {
    await c.get(`/antraege/zahlung/${reference}`);
    const start = await c.post(`/antraege/zahlung/${reference}`, {});
    assert.equal(start.statusCode, 303);
    const cashier = start.headers.location as string;
    assert.match(cashier, /^\/antraege\/testkasse\/tk_[0-9a-f]{24}$/);
    const page = await c.get(cashier);
    assert.match(page.body, /Testkasse/);
    const res = await c.post(cashier, { ergebnis: outcome });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/antraege/zahlung/${reference}/zurueck`);
    return { cashier, txId: cashier.split('/').at(-1)! };
  }

  it('pay before: the case is opened only when the payment succeeds; failure and cancel leave it waiting', async () => {
    const c = new Client(t);
    const base = await fishingToDeclaration(c);
    const res = await submit(c, base);
    assert.equal(res.statusCode, 303);
    const reference = /\/antraege\/zahlung\/(A-[A-Z0-9-]+)$/.exec(res.headers.location as string)?.[1];
    assert.ok(reference, String(res.headers.location));
    let [s] = await q<{ status: string; case_id: string | null; fee_cents: number }>(
      'select status, case_id, fee_cents from applications.submissions where reference = $1',
      [reference],
    );
    assert.deepEqual(s, { status: 'awaiting_payment', case_id: null, fee_cents: 5400 });
    assert.equal((await q('select 1 from casework.cases where reference = $1', [reference])).length, 0);

    await payAt(c, reference, 'failed');
    let page = await c.get(`/antraege/zahlung/${reference}`);
    assert.match(page.body, /Fehlgeschlagen/);
    assert.match(page.body, /Zahlung erneut versuchen/);
    await payAt(c, reference, 'cancelled');
    page = await c.get(`/antraege/zahlung/${reference}`);
    assert.match(page.body, /Abgebrochen/);
    assert.equal((await q('select 1 from casework.cases where reference = $1', [reference])).length, 0);

    await payAt(c, reference, 'paid');
    const back = await c.get(`/antraege/zahlung/${reference}/zurueck`);
    assert.equal(back.statusCode, 303);
    assert.equal(back.headers.location, `${base}/bestaetigung`);
    [s] = await q<{ status: string; case_id: string | null; fee_cents: number }>(
      'select status, case_id, fee_cents from applications.submissions where reference = $1',
      [reference],
    );
    assert.equal(s!.status, 'submitted');
    const cases = await q<{ kassenzeichen: string; payment_status: string }>(
      'select kassenzeichen, payment_status from casework.cases where reference = $1',
      [reference],
    );
    assert.equal(cases.length, 1);
    assert.match(cases[0]!.kassenzeichen, /^TK-2026-\d{6}$/);
    assert.equal(cases[0]!.payment_status, 'paid');
    const conf = await c.get(`${base}/bestaetigung`);
    assert.match(conf.body, /Die Gebühr von 54,00\s€ ist bezahlt \(Kassenzeichen TK-2026-\d{6}\)/);
  });

  it('late callback: the return comes first (pending), the callback later; replayed callbacks change nothing', async () => {
    const c = new Client(t);
    const base = await fishingToDeclaration(c, '1');
    const res = await submit(c, base);
    const reference = (res.headers.location as string).split('/').at(-1)!;
    const { cashier, txId } = await payAt(c, reference, 'paid-late');
    const back = await c.get(`/antraege/zahlung/${reference}/zurueck`);
    assert.equal(back.headers.location, `/antraege/zahlung/${reference}`);
    const page = await c.get(`/antraege/zahlung/${reference}`);
    assert.match(page.body, /Wird geprüft/);
    assert.equal((await q('select 1 from casework.cases where reference = $1', [reference])).length, 0);

    // A forged callback (wrong signature) is refused as problem+json and changes nothing.
    const [tx] = await q<{ kassenzeichen: string; amount_cents: number }>(
      'select kassenzeichen, amount_cents from applications.testkasse_tx where tx_id = $1',
      [txId],
    );
    const body = JSON.stringify({
      txId,
      status: 'paid',
      amountCents: tx!.amount_cents,
      kassenzeichen: tx!.kassenzeichen,
      reference,
    });
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/v1/antraege/zahlung/callback/testkasse',
      headers: {
        'content-type': 'application/json',
        'x-testkasse-signature': sign('wrong-secret-000000', body),
      },
      payload: body,
    });
    assert.equal(forged.statusCode, 401);
    assert.match(String(forged.headers['content-type']), /application\/problem\+json/);

    // The provider's server callback arrives twice at the same moment, then once more.
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/antraege/zahlung/callback/testkasse',
        headers: { 'content-type': 'application/json', 'x-testkasse-signature': sign(SECRET, body) },
        payload: body,
      });
    const [a, b] = await Promise.all([send(), send()]);
    assert.deepEqual([a.statusCode, b.statusCode], [200, 200]);
    const dupes = [
      a.json<{ duplicate: boolean }>().duplicate,
      b.json<{ duplicate: boolean }>().duplicate,
    ].sort();
    assert.deepEqual(dupes, [false, true]);
    const again = await send();
    assert.equal(again.json<{ duplicate: boolean }>().duplicate, true);
    assert.equal((await q('select 1 from casework.cases where reference = $1', [reference])).length, 1);
    const payments = await q<{ status: string }>(
      `select p.status from applications.payments p join applications.submissions s on s.id = p.submission_id where s.reference = $1`,
      [reference],
    );
    assert.deepEqual(
      payments.map((p) => p.status),
      ['paid'],
    );
    // The cashier's own late delivery afterwards is a no-op as well.
    await c.get(cashier);
    const late = await c.post(`${cashier}/rueckruf`, {});
    assert.equal(late.statusCode, 303);
    assert.equal((await q('select 1 from casework.cases where reference = $1', [reference])).length, 1);
    const audit = await q(
      `select 1 from kernel.audit_log where action = 'application.payment_paid' and after->>'tx' = $1`,
      [txId],
    );
    assert.equal(audit.length, 1);
  });

  it('pay later (hunting licence): the case starts at once with the fee due; the payment is recorded on the case', async () => {
    const citizen = await createAccount(t.kernel, {
      kind: 'citizen',
      email: 'jaeger@example.org',
      displayName: 'Jana Jäger',
    });
    const c = new Client(t, await loginAs(t.kernel, citizen));
    const { base, first } = await c.start('jagdschein-verlaengerung');
    let res = await c.get(first);
    assert.match(res.body, /value="jaeger@example.org"/, 'prefilled from the account');
    assert.match(res.body, /id="f-vorname"[^>]*value="Jana"|value="Jana"[^>]*id="f-vorname"/);
    assert.match(res.body, /value="Jäger"/);
    res = await c.post(first, { ...PERSON, email: 'jaeger@example.org' });
    assert.equal(res.statusCode, 303);
    await c.get(`${base}/schritt/jagdschein`);
    res = await c.upload(
      `${base}/schritt/jagdschein`,
      { jagdscheinnummer: 'NE-1234/19', jagdjahre: '3', waffenbesitz: 'ja' },
      [{ field: 'versicherung', filename: 'versicherung.pdf', type: 'application/pdf', content: PDF }],
    );
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Bitte geben Sie „Welche Behörde hat die Waffenbesitzkarte ausgestellt\?“ an/);
    assert.match(res.body, /value="NE-1234\/19"/, 'typed text survives the multipart re-render');
    res = await c.post(`${base}/schritt/jagdschein`, {
      jagdscheinnummer: 'NE-1234/19',
      jagdjahre: '3',
      waffenbesitz: 'nein',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    await c.get(`${base}/erklaerung`);
    res = await submit(c, base);
    assert.equal(res.headers.location, `${base}/bestaetigung`);
    const [s] = await q<{ reference: string; payment_status: string; fee_cents: number }>(
      `select reference, payment_status, fee_cents from applications.submissions where draft_id = $1`,
      [base.split('/').at(-1)],
    );
    assert.deepEqual([s!.payment_status, s!.fee_cents], ['due', 28500]);
    let cases = await q<{ payment_status: string }>(
      'select payment_status from casework.cases where reference = $1',
      [s!.reference],
    );
    assert.equal(cases[0]!.payment_status, 'due');
    await payAt(c, s!.reference, 'paid');
    cases = await q('select payment_status, kassenzeichen from casework.cases where reference = $1', [
      s!.reference,
    ]);
    assert.equal(cases[0]!.payment_status, 'paid');
    const [s2] = await q<{ payment_status: string }>(
      'select payment_status from applications.submissions where reference = $1',
      [s!.reference],
    );
    assert.equal(s2!.payment_status, 'paid');
    // Paid: no second payment can be started.
    await c.get(`/antraege/zahlung/${s!.reference}`);
    const again = await c.post(`/antraege/zahlung/${s!.reference}`, {});
    assert.equal(again.headers.location, `/antraege/zahlung/${s!.reference}`);
  });

  it('two parallel final submits (double click, two tabs) make one submission and one case', async () => {
    const c = new Client(t);
    const { base, first } = await c.start('allgemeine-anfrage');
    await c.step(first, { stelle: 'dormagen', amtGemeinde: 'buergerbuero' });
    await c.get(`${base}/schritt/anliegen`);
    await c.upload(`${base}/schritt/anliegen`, { betreff: 'Sperrmüll', nachricht: 'Wann?' }, []);
    await c.step(`${base}/schritt/kontakt`, {
      vorname: 'A',
      nachname: 'B',
      antwortweg: 'email',
      email: 'ab@example.org',
    });
    await c.get(`${base}/erklaerung`);
    const results = await Promise.all(Array.from({ length: 5 }, () => submit(c, base)));
    assert.deepEqual(
      results.map((r) => r.statusCode),
      [303, 303, 303, 303, 303],
    );
    assert.ok(results.every((r) => r.headers.location === `${base}/bestaetigung`));
    const subs = await q<{ reference: string }>(
      'select reference from applications.submissions where draft_id = $1',
      [base.split('/').at(-1)],
    );
    assert.equal(subs.length, 1);
    assert.equal(
      (await q('select 1 from casework.cases where reference = $1', [subs[0]!.reference])).length,
      1,
    );
    assert.equal((await t.kernel.mail.recent({ to: 'ab@example.org' })).length, 1, 'one confirmation mail');
  });

  it('another citizen cannot open my draft, confirmation, receipt or payment page', async () => {
    const owner = await createAccount(t.kernel, { kind: 'citizen' });
    const other = await createAccount(t.kernel, { kind: 'citizen' });
    const mine = new Client(t, await loginAs(t.kernel, owner));
    const theirs = new Client(t, await loginAs(t.kernel, other));
    const anonymous = new Client(t);
    const base = await fishingToDeclaration(mine);
    for (const who of [theirs, anonymous]) {
      assert.equal((await who.get(`${base}/schritt/person`)).statusCode, 404);
      assert.equal((await who.get(`${base}/pruefen`)).statusCode, 404);
    }
    const res = await submit(mine, base);
    const reference = (res.headers.location as string).split('/').at(-1)!;
    for (const who of [theirs, anonymous]) {
      assert.equal((await who.get(`${base}/bestaetigung`)).statusCode, 404);
      assert.equal((await who.get(`${base}/eingangsbestaetigung.pdf`)).statusCode, 404);
      assert.equal((await who.get(`/antraege/zahlung/${reference}`)).statusCode, 404);
    }
    // A foreign POST to submit or to start a payment changes nothing.
    await theirs.get('/antraege/fischereischein');
    assert.equal((await theirs.post(`/antraege/zahlung/${reference}`, {})).statusCode, 404);
    assert.equal((await theirs.post(`${base}/erklaerung`, { 'erklaerung-wahrheit': 'ja' })).statusCode, 404);
    assert.equal((await mine.get(`/antraege/zahlung/${reference}`)).statusCode, 200);
  });
});
