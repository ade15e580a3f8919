import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { FakeClock } from '../../../kernel/clock.ts';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { seedDemoAccounts } from '../../../kernel/auth/seed.ts';
import { seedDemoDrafts } from '../commands/demo.ts';
import { deleteStaleDrafts } from '../commands/gdpr.ts';
import { shippedForms } from '../forms/index.ts';
import { Client, PDF, PERSON } from './helpers.ts';

const DAY = 86_400_000;

function fakeClamd(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    let buf = '';
    socket.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (buf.endsWith('\0\0\0\0'))
        socket.end(buf.includes('EICAR') ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    ),
  );
}

describe('applications: resume links, drafts, staff forms, virus scan, hostile input', () => {
  let t: TestApp;
  let clamd: { server: Server; port: number };
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  before(async () => {
    clamd = await fakeClamd();
    t = await createTestApp({
      clock,
      env: { CLAMAV_HOST: '127.0.0.1', CLAMAV_PORT: String(clamd.port), CLAMAV_TIMEOUT_MS: '2000' },
    });
  });
  after(async () => {
    await t.close();
    clamd.server.close();
  });
  const q = async (sql: string, params: unknown[] = []) => (await t.kernel.db.pool.query(sql, params)).rows;

  it('anonymous save and resume: single-use link by e-mail, valid 7 days, moves the draft to the new browser', async () => {
    const c = new Client(t);
    const { base, first } = await c.start('reitkennzeichen');
    let res = await c.step(first, {
      vorname: 'Rita',
      nachname: 'Reiter',
      email: 'rita@example.org',
      'anschrift-street': 'X',
      aktion: 'speichern',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}/speichern`);
    await c.get(`${base}/speichern`);
    res = await c.post(`${base}/speichern`, { email: 'kein-at' });
    assert.equal(res.statusCode, 422);
    res = await c.post(`${base}/speichern`, { email: 'rita@example.org' });
    assert.equal(res.statusCode, 200);
    const mail = (await t.kernel.mail.recent({ to: 'rita@example.org' }))[0]!;
    const link = /\/antraege\/fortsetzen\/([A-Za-z0-9_-]{43})/.exec(mail.text)![0];

    const other = new Client(t);
    assert.equal(
      (await other.get(`${base}/schritt/halter`)).statusCode,
      404,
      'a stranger cannot open the draft',
    );
    res = await other.get(link);
    assert.equal(res.statusCode, 200);
    res = await other.post(link, {});
    assert.equal(res.statusCode, 303);
    res = await other.get(`${base}/schritt/halter`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /value="Rita"/, 'what was typed before saving is there');
    assert.equal((await c.get(`${base}/schritt/halter`)).statusCode, 404, 'the old browser lost access');
    // Single use.
    assert.equal((await other.get(link)).statusCode, 410);
    await other.get(`${base}/speichern`);
    await other.post(`${base}/speichern`, { email: 'rita@example.org' });
    const link2 = /\/antraege\/fortsetzen\/([A-Za-z0-9_-]{43})/.exec(
      (await t.kernel.mail.recent({ to: 'rita@example.org' }))[0]!.text,
    )![0];
    clock.advance(7 * DAY + 1000);
    assert.equal((await new Client(t).get(link2)).statusCode, 410, 'expired after 7 days');
    clock.advance(-(7 * DAY + 1000));
  });

  it('signed-in drafts are listed under Mein Konto and can be deleted; another citizen cannot delete them', async () => {
    const me = await createAccount(t.kernel, { kind: 'citizen', displayName: 'Dora Draft' });
    const other = await createAccount(t.kernel, { kind: 'citizen' });
    const c = new Client(t, await loginAs(t.kernel, me));
    const { base } = await c.start('bewohnerparkausweis');
    const id = base.split('/').at(-1)!;
    const res = await c.get('/konto/entwuerfe');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Bewohnerparkausweis beantragen/);
    const o = new Client(t, await loginAs(t.kernel, other));
    await o.get('/konto/entwuerfe');
    await o.post(`/konto/entwuerfe/${id}/loeschen`, {});
    assert.equal((await q('select 1 from applications.drafts where id = $1', [id])).length, 1);
    await c.post(`/konto/entwuerfe/${id}/loeschen`, {});
    assert.equal((await q('select 1 from applications.drafts where id = $1', [id])).length, 0);
    assert.equal(
      (await new Client(t).get('/konto/entwuerfe')).statusCode !== 200,
      true,
      'anonymous: not shown',
    );
  });

  it('virus scan: an infected upload is refused with a German message and not stored', async () => {
    const c = new Client(t);
    const { base, first } = await c.start('allgemeine-anfrage');
    await c.step(first, { stelle: 'neuss', amtGemeinde: 'ordnungsamt' });
    await c.get(`${base}/schritt/anliegen`);
    const files = (await q('select count(*)::int as n from kernel.files'))[0]!.n as number;
    const res = await c.upload(`${base}/schritt/anliegen`, { betreff: 'Test', nachricht: 'Virus?' }, [
      {
        field: 'anlagen',
        filename: 'eicar.txt',
        type: 'text/plain',
        content: Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'),
      },
    ]);
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /In der Datei „eicar.txt“ wurde Schadsoftware gefunden/);
    assert.match(res.body, /value="Test"/);
    assert.equal(
      (await q('select count(*)::int as n from kernel.files'))[0]!.n,
      files,
      'the infected file was deleted',
    );
    const ok = await c.upload(`${base}/schritt/anliegen`, { betreff: 'Test', nachricht: 'Sauber' }, [
      { field: 'anlagen', filename: 'brief.pdf', type: 'application/pdf', content: PDF },
    ]);
    assert.equal(ok.statusCode, 303);
  });

  it('virus scanner unavailable: the upload is refused (not stored) with a clear message', async () => {
    const t2 = await createTestApp({
      clock,
      database: t.db,
      env: { CLAMAV_HOST: '127.0.0.1', CLAMAV_PORT: '1', CLAMAV_TIMEOUT_MS: '500' },
    });
    try {
      const c = new Client(t2);
      const { base, first } = await c.start('allgemeine-anfrage');
      await c.step(first, { stelle: 'neuss', amtGemeinde: 'ordnungsamt' });
      await c.get(`${base}/schritt/anliegen`);
      const res = await c.upload(`${base}/schritt/anliegen`, { betreff: 'Test', nachricht: 'x' }, [
        { field: 'anlagen', filename: 'brief.pdf', type: 'application/pdf', content: PDF },
      ]);
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /Die Virenprüfung für hochgeladene Dateien ist gerade nicht erreichbar/);
    } finally {
      await t2.app.close();
      await t2.kernel.close();
    }
  });

  it('staff: invalid definitions are refused naming the faulty part; draft → preview → publish; old submissions keep their version', async () => {
    const admin = await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'platform_admin', tenantId: null, orgUnitId: null }],
    });
    const clerk = await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'clerk', tenantId: 'neuss', orgUnitId: null }],
    });
    assert.equal(
      (await new Client(t, await loginAs(t.kernel, clerk)).get('/verwaltung/formulare')).statusCode,
      403,
    );
    const s = new Client(t, await loginAs(t.kernel, admin));
    let res = await s.get('/verwaltung/formulare');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /fischereischein/);
    res = await s.get('/verwaltung');
    assert.match(res.body, /href="\/verwaltung\/formulare"/, 'staff tool link');

    // A citizen starts on version 1 before the change.
    const citizen = new Client(t);
    const { base } = await citizen.start('fischereischein');

    res = await s.get('/verwaltung/formulare/fischereischein');
    const def = JSON.parse(
      /<textarea[^>]*>([\s\S]*?)<\/textarea>/
        .exec(res.body)![1]!
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>'),
    );
    def.fees[0].byValue.amounts['5'] = 4000;
    const broken = structuredClone(def);
    broken.steps[1].fields[0].type = 'schieberegler';
    res = await s.post('/verwaltung/formulare/fischereischein', { definition: JSON.stringify(broken) });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /<code>\/steps\/1\/fields\/0\/type<\/code>: muss einer dieser Typen sein/);
    res = await s.post('/verwaltung/formulare/fischereischein', {
      definition: '{"slug": "fischereischein",',
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /kein gültiges JSON/);
    res = await s.post('/verwaltung/formulare/fischereischein', { definition: JSON.stringify(def) });
    assert.equal(res.statusCode, 303);
    res = await s.get('/verwaltung/formulare/fischereischein?gespeichert=1');
    assert.match(res.body, /Entwurf v2 gespeichert/);
    res = await s.get('/verwaltung/formulare/fischereischein/vorschau/2');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Nachweise hochladen/);
    // Still version 1 for the public until published.
    assert.match((await new Client(t).get('/antraege/fischereischein')).body, /30,00\s€/);
    res = await s.post('/verwaltung/formulare/fischereischein/veroeffentlichen', {});
    assert.equal(res.headers.location, '/verwaltung/formulare/fischereischein?veroeffentlicht=2');
    assert.match((await new Client(t).get('/antraege/fischereischein')).body, /40,00\s€/);
    const [d] = await q('select form_version from applications.drafts where id = $1', [
      base.split('/').at(-1),
    ]);
    assert.equal(d!.form_version, 1, 'a started application keeps its version');
    const versions = await q(
      `select version, status from applications.form_definitions where slug = 'fischereischein' order by version`,
    );
    assert.deepEqual(versions, [
      { version: 1, status: 'retired' },
      { version: 2, status: 'published' },
    ]);
    // A new form by upload; slug mismatch on edit is refused.
    const upload = await s.upload('/verwaltung/formulare/neu', {}, [
      {
        field: 'datei',
        filename: 'neu.json',
        type: 'application/json',
        content: Buffer.from(JSON.stringify({ ...def, slug: 'test-formular' })),
      },
    ]);
    assert.equal(upload.statusCode, 303);
    await s.get('/verwaltung/formulare/test-formular');
    res = await s.post('/verwaltung/formulare/test-formular', { definition: JSON.stringify(def) });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /<code>\/slug<\/code>: muss &quot;test-formular&quot; sein/);
    assert.equal(
      (await new Client(t).get('/antraege/test-formular')).statusCode,
      404,
      'a draft-only form is not public',
    );
  });

  it('property: hostile bodies on every step of every form never cause a 500 and never store anything half-way', async () => {
    const c = new Client(t);
    const steps: { draftId: string; path: string; names: string[] }[] = [];
    for (const def of shippedForms()) {
      const { base } = await c.start(def.slug);
      for (const step of def.steps)
        steps.push({
          draftId: base.split('/').at(-1)!,
          path: `${base}/schritt/${step.id}`,
          names: step.fields.flatMap((f) => [
            f.name,
            `${f.name}-count`,
            `${f.name}-0-name`,
            `${f.name}-day`,
            `${f.name}-postalCode`,
            `${f.name}-street`,
          ]),
        });
    }
    await c.get(steps[0]!.path);
    const token = c.token;
    const answersOf = async (id: string) =>
      JSON.stringify((await q('select answers, completed from applications.drafts where id = $1', [id]))[0]);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...steps).chain((step) =>
          fc.record({
            step: fc.constant(step),
            fields: fc.dictionary(
              fc.oneof(
                fc.constantFrom(...step.names, 'aktion', '__proto__', 'constructor'),
                fc.string({ maxLength: 20 }),
              ),
              fc.oneof(
                fc.string({ maxLength: 300 }),
                fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
                fc.constantFrom(
                  'hinzufuegen-hunde',
                  'entfernen-pferde-99',
                  '-1',
                  '1e9',
                  '\u0000',
                  'ja',
                  'datei-entfernen-x-00000000-0000-0000-0000-000000000000',
                ),
              ),
              { maxKeys: 12 },
            ),
          }),
        ),
        async ({ step, fields }) => {
          const before = await answersOf(step.draftId);
          const res = await c.post(step.path, fields, { token });
          assert.ok(
            [200, 303, 400, 404, 422].includes(res.statusCode),
            `${res.statusCode} for ${JSON.stringify(fields)}`,
          );
          // A page shown again (error, group change, unknown action) stored nothing.
          if (res.statusCode !== 303) assert.equal(await answersOf(step.draftId), before);
        },
      ),
      { numRuns: 150 },
    );
    const base = steps[0]!.path.replace(/\/schritt\/.*$/, '');
    // Declaration and payment routes with junk.
    for (const url of [
      `${base}/erklaerung`,
      '/antraege/zahlung/A-XXXX-XXXX',
      '/antraege/zahlung/%00',
      '/antraege/testkasse/tk_zzz',
    ]) {
      const res = await c.post(url, { x: 'y' }, { token });
      assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
    }
    const cb = await t.app.inject({
      method: 'POST',
      url: '/api/v1/antraege/zahlung/callback/testkasse',
      headers: { 'content-type': 'application/json' },
      payload: '{"txId": 1',
    });
    assert.equal(cb.statusCode, 401);
    assert.match(String(cb.headers['content-type']), /problem\+json/);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/antraege/zahlung/callback/epaybl',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(
      (
        await q(
          'select 1 from applications.submissions s join applications.drafts d on d.id = s.draft_id where d.id = $1',
          [base.split('/').at(-1)],
        )
      ).length,
      0,
    );
  });

  it('hostile multipart bodies: broken, wrong field, huge field count, file on a step without files → never a 500', async () => {
    const c = new Client(t);
    const { base, first } = await c.start('allgemeine-anfrage');
    await c.step(first, { stelle: 'neuss', amtGemeinde: 'ordnungsamt' });
    await c.get(`${base}/schritt/anliegen`);
    const post = (url: string, body: string | Buffer, type = 'multipart/form-data; boundary=xyz') =>
      t.app.inject({
        method: 'POST',
        url: `${url}?_csrf=${encodeURIComponent(c.token)}`,
        headers: { cookie: c.jar.header(), 'content-type': type },
        payload: body,
      });
    const cases = [
      post(
        `${base}/schritt/anliegen`,
        '--xyz\r\ncontent-disposition: form-data; name="betreff"\r\n\r\nohne Ende',
      ),
      post(`${base}/schritt/anliegen`, 'kein multipart'),
      post(`${base}/schritt/anliegen`, '--xyz--\r\n', 'multipart/form-data'),
      post(
        `${base}/schritt/anliegen`,
        `--xyz\r\ncontent-disposition: form-data; name="fremd"; filename="a.pdf"\r\ncontent-type: application/pdf\r\n\r\n${PDF.toString('latin1')}\r\n--xyz--\r\n`,
      ),
      post(
        `${base}/schritt/anliegen`,
        Array.from(
          { length: 1500 },
          (_, i) => `--xyz\r\ncontent-disposition: form-data; name="f${i}"\r\n\r\nx\r\n`,
        ).join('') + '--xyz--\r\n',
      ),
      post(
        `${base}/schritt/stelle`,
        `--xyz\r\ncontent-disposition: form-data; name="stelle"\r\n\r\nneuss\r\n--xyz--\r\n`,
      ),
    ];
    const results = await Promise.all(cases);
    results.forEach((res, n) => assert.ok(res.statusCode < 500, `case ${n}: ${res.statusCode}`));
    const [d] = await q(`select answers ? 'anlagen' as has from applications.drafts where id = $1`, [
      base.split('/').at(-1),
    ]);
    assert.equal(d!.has, false, 'no file from a foreign field was attached');
  });

  it('retention: drafts untouched for 30 days are deleted with their files; newer ones stay', async () => {
    const c = new Client(t);
    const { base, first } = await c.start('allgemeine-anfrage');
    await c.step(first, { stelle: 'neuss', amtGemeinde: 'ordnungsamt' });
    await c.get(`${base}/schritt/anliegen`);
    await c.upload(`${base}/schritt/anliegen`, { betreff: 'Alt', nachricht: 'x' }, [
      { field: 'anlagen', filename: 'alt.pdf', type: 'application/pdf', content: PDF },
    ]);
    const id = base.split('/').at(-1)!;
    const [row] = await q(
      `select answers->'anlagen'->0->>'fileId' as file from applications.drafts where id = $1`,
      [id],
    );
    clock.advance(29 * DAY);
    const fresh = await new Client(t).start('allgemeine-anfrage');
    clock.advance(2 * DAY);
    try {
      assert.ok((await deleteStaleDrafts(t.kernel, 30)) >= 1);
      assert.equal((await q('select 1 from applications.drafts where id = $1', [id])).length, 0);
      assert.equal(await t.kernel.files.info(row!.file as string), null, 'its attachment is gone too');
      assert.equal(
        (await q('select 1 from applications.drafts where id = $1', [fresh.base.split('/').at(-1)])).length,
        1,
      );
    } finally {
      clock.advance(-31 * DAY);
    }
  });

  it('demo seed: one draft for the demo citizen, idempotent', async () => {
    await seedDemoAccounts(t.kernel);
    await seedDemoDrafts(t.kernel);
    await seedDemoDrafts(t.kernel);
    const rows = await q(
      `select d.form_slug from applications.drafts d join kernel.accounts a on a.id = d.account_id where a.email = 'buerger@demo.openkreis.de'`,
    );
    assert.deepEqual(rows, [{ form_slug: 'hundesteuer-anmeldung' }]);
  });

  it('GDPR: export lists drafts and submissions; erase deletes drafts and keeps submissions without the account link', async () => {
    const me = await createAccount(t.kernel, { kind: 'citizen' });
    const c = new Client(t, await loginAs(t.kernel, me));
    const { first } = await c.start('reitkennzeichen');
    await c.step(first, { ...PERSON, aktion: 'speichern' });
    const handler = t.kernel.extensions.personalData.find((h) => h.module === 'applications')!;
    const exported = (await handler.export(me)) as { drafts: { answers: { vorname?: string } }[] };
    assert.equal(exported.drafts[0]!.answers.vorname, 'Erika');
    const r = await handler.erase(me);
    assert.deepEqual(r.retained, []);
    assert.equal((await q('select 1 from applications.drafts where account_id = $1', [me])).length, 0);
  });
});
