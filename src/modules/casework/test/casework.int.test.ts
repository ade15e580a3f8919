import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import yauzl from 'yauzl';
import { FakeClock } from '../../../kernel/clock.ts';
import { csrfFrom, createTestApp, type TestApp } from '../../../testing.ts';
import { runRetention } from '../commands/retention.ts';
import {
  citizen,
  get,
  multipart,
  open,
  pdfInfo,
  post,
  staff,
  TINY_PDF,
  unitId,
  type Actor,
} from './helpers.ts';

function unzip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (e: yauzl.Entry) => {
        zip.openReadStream(e, (err2, s) => {
          if (err2) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            out.set(e.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

describe('casework: staff and citizen journeys, authorisation (no IDOR)', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  let owner: Actor;
  let otherCitizen: Actor;
  let clerk: Actor;
  let colleague: Actor;
  let otherUnitClerk: Actor;
  let otherTenantClerk: Actor;
  let unit: string;

  before(async () => {
    t = await createTestApp({ clock });
    unit = await unitId(t.kernel, 'neuss', 'ordnungsamt');
    owner = await citizen(t.kernel, 'Erika Mustermann');
    otherCitizen = await citizen(t.kernel, 'Max Andere');
    clerk = await staff(t.kernel, [{ role: 'clerk', tenantId: 'neuss', orgUnitId: unit }], 'Clara Clerk');
    colleague = await staff(
      t.kernel,
      [{ role: 'clerk', tenantId: 'neuss', orgUnitId: null }],
      'Colin Kollege',
    );
    otherUnitClerk = await staff(t.kernel, [
      { role: 'clerk', tenantId: 'neuss', orgUnitId: await unitId(t.kernel, 'neuss', 'buergerbuero') },
    ]);
    otherTenantClerk = await staff(t.kernel, [{ role: 'clerk', tenantId: 'dormagen', orgUnitId: null }]);
  });
  after(async () => t.close());

  const caseOf = async (id: string) =>
    (await t.kernel.db.pool.query('select * from casework.cases where id = $1', [id])).rows[0];

  it('inbox: the clerk sees the case of their unit; clerks of another unit or tenant do not', async () => {
    const c = await open(t.kernel, { applicantAccountId: owner.id, applicantName: 'Erika Inboxtest' });
    const mine = await get(t, '/verwaltung/vorgaenge', clerk);
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, new RegExp(c.reference));
    for (const other of [otherUnitClerk, otherTenantClerk]) {
      const res = await get(t, '/verwaltung/vorgaenge', other);
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, new RegExp(c.reference));
      assert.equal((await get(t, `/verwaltung/vorgaenge/${c.caseId}`, other)).statusCode, 404);
      assert.equal((await get(t, `/verwaltung/vorgaenge/${c.caseId}/akte.zip`, other)).statusCode, 404);
      const csv = await get(t, '/verwaltung/vorgaenge/export.csv', other);
      assert.doesNotMatch(csv.body, new RegExp(c.reference));
    }
    // Citizens never reach the staff area.
    assert.equal((await get(t, '/verwaltung/vorgaenge', owner)).statusCode, 403);
  });

  it('registers the staff tool, the account sections, and speaks English too', async () => {
    const dash = await get(t, '/verwaltung', clerk);
    assert.match(dash.body, /href="\/verwaltung\/vorgaenge"/);
    assert.doesNotMatch(
      dash.body,
      /href="\/verwaltung\/bescheidvorlagen"/,
      'templates are for tenant admins',
    );
    const account = await get(t, '/konto', owner);
    for (const href of ['/konto/antraege', '/postfach', '/konto/datenauskunft'])
      assert.match(account.body, new RegExp(`href="${href}"`));
    owner.jar.store('ok_lang=en');
    try {
      const en = await get(t, '/konto/antraege', owner);
      assert.match(en.body, /<h1[^>]*>My applications<\/h1>/);
    } finally {
      owner.jar.store('ok_lang=de');
    }
  });

  it('every state-changing staff route answers 404 to a clerk of another unit and changes nothing', async () => {
    const c = await open(t.kernel, { applicantAccountId: owner.id });
    const before = await caseOf(c.caseId);
    const base = `/verwaltung/vorgaenge/${c.caseId}`;
    const attempts: [string, Record<string, string | string[]>][] = [
      [`${base}/status`, { statusTo: 'in_progress', statusReason: 'x' }],
      [`${base}/zuweisung`, { assignee: otherUnitClerk.id }],
      [`${base}/prioritaet`, { priority: 'high' }],
      [`${base}/notiz`, { note: 'fremd' }],
      [`${base}/rueckfrage`, { question: 'fremd?' }],
      [`${base}/entscheiden`, { decision: 'approved', decisionReason: '' }],
    ];
    for (const [url, fields] of attempts) {
      const res = await post(t, '/verwaltung/vorgaenge', url, otherUnitClerk, fields);
      assert.equal(res.statusCode, 404, url);
    }
    const bulk = await post(t, '/verwaltung/vorgaenge', '/verwaltung/vorgaenge/zuweisen', otherUnitClerk, {
      ids: [c.caseId],
      assignee: 'niemand',
    });
    assert.equal(bulk.statusCode, 422);
    const afterRow = await caseOf(c.caseId);
    assert.deepEqual(afterRow, before);
    const entries = await t.kernel.db.pool.query(
      'select kind from casework.file_entries where case_id = $1',
      [c.caseId],
    );
    assert.deepEqual(
      entries.rows.map((r) => r.kind),
      ['received'],
    );
  });

  it('status machine: invalid transitions are refused with 422, valid ones recorded with the reason', async () => {
    const c = await open(t.kernel, { applicantAccountId: owner.id });
    const base = `/verwaltung/vorgaenge/${c.caseId}`;
    // received → closed is not allowed
    let res = await post(t, base, `${base}/status`, clerk, { statusTo: 'closed', statusReason: '' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /nicht möglich/);
    // decisions only through the notice
    res = await post(t, base, `${base}/status`, clerk, { statusTo: 'approved', statusReason: '' });
    assert.equal(res.statusCode, 422);
    res = await post(t, base, `${base}/status`, clerk, {
      statusTo: 'in_progress',
      statusReason: 'Prüfung beginnt',
    });
    assert.equal(res.statusCode, 303);
    assert.equal((await caseOf(c.caseId)).status, 'in_progress');
    // withdrawn needs a reason; the typed text is kept
    res = await post(t, base, `${base}/status`, clerk, { statusTo: 'withdrawn', statusReason: '  ' });
    assert.equal(res.statusCode, 422);
    res = await post(t, base, `${base}/status`, clerk, {
      statusTo: 'withdrawn',
      statusReason: 'Telefonisch zurückgezogen',
    });
    assert.equal(res.statusCode, 303);
    const row = await caseOf(c.caseId);
    assert.equal(row.status, 'withdrawn');
    assert.ok(row.closed_at);
    // final: nothing more
    res = await post(t, base, `${base}/status`, clerk, { statusTo: 'in_progress', statusReason: '' });
    assert.equal(res.statusCode, 422);
    const page = await get(t, base, clerk);
    assert.match(page.body, /Telefonisch zurückgezogen/);
    assert.match(page.body, /Status geändert: Zurückgenommen/);
    assert.doesNotMatch(page.body, /casework\.[a-z]+\.[a-z_]+/, 'no untranslated keys');
  });

  it('request for information round trip with a file; the notice PDF is tagged, has the legal remedy and lands in the postbox', async () => {
    const c = await open(t.kernel, {
      applicantAccountId: owner.id,
      applicantEmail: 'erika.rfi@example.org',
      applicantName: 'Erika Mustermann',
    });
    const base = `/verwaltung/vorgaenge/${c.caseId}`;
    let res = await post(t, base, `${base}/rueckfrage`, clerk, { question: '' });
    assert.equal(res.statusCode, 422);
    res = await post(t, base, `${base}/rueckfrage`, clerk, {
      question: 'Bitte reichen Sie ein Lichtbild nach.',
    });
    assert.equal(res.statusCode, 303);
    assert.equal((await caseOf(c.caseId)).status, 'waiting');
    const mails = await t.kernel.mail.recent({ to: 'erika.rfi@example.org' });
    assert.ok(mails.some((m) => m.subject.includes(c.reference) && m.text.includes('Lichtbild')));
    // a second open request is refused
    res = await post(t, base, `${base}/rueckfrage`, clerk, { question: 'Noch etwas?' });
    assert.equal(res.statusCode, 422);

    // The other citizen cannot see or answer.
    const mine = `/konto/antraege/${c.caseId}`;
    assert.equal((await get(t, mine, otherCitizen)).statusCode, 404);
    const page = await get(t, mine, owner);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Lichtbild/);
    const token = csrfFrom(page.body);
    const mp = multipart({ answer: 'Anbei das Lichtbild.' }, [
      { field: 'files', filename: 'lichtbild.pdf', type: 'application/pdf', content: TINY_PDF },
    ]);
    const foreign = await t.app.inject({
      method: 'POST',
      url: `${mine}/antwort?_csrf=${encodeURIComponent(csrfFrom((await get(t, '/konto', otherCitizen)).body))}`,
      headers: { cookie: otherCitizen.jar.header(), 'content-type': mp.contentType },
      payload: mp.body,
    });
    assert.equal(foreign.statusCode, 404);
    res = await t.app.inject({
      method: 'POST',
      url: `${mine}/antwort?_csrf=${encodeURIComponent(token)}`,
      headers: { cookie: owner.jar.header(), 'content-type': mp.contentType },
      payload: mp.body,
    });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal((await caseOf(c.caseId)).status, 'in_progress');
    const docs = await t.kernel.db.pool.query(
      'select id, kind, filename from casework.documents where case_id = $1',
      [c.caseId],
    );
    assert.deepEqual(
      docs.rows.map((d) => [d.kind, d.filename]),
      [['rfi_answer', 'lichtbild.pdf']],
    );
    const dl = await get(t, `${base}/dokumente/${docs.rows[0].id}`, clerk);
    assert.equal(dl.statusCode, 200);
    assert.equal((await get(t, `${base}/dokumente/${docs.rows[0].id}`, otherUnitClerk)).statusCode, 404);
    assert.equal((await get(t, `${mine}/dokumente/${docs.rows[0].id}`, otherCitizen)).statusCode, 404);

    // Rejection needs reasons; then decide.
    res = await post(t, base, `${base}/entscheiden`, clerk, { decision: 'rejected', decisionReason: '' });
    assert.equal(res.statusCode, 422);
    res = await post(t, base, `${base}/entscheiden`, clerk, { decision: 'approved', decisionReason: '' });
    assert.equal(res.statusCode, 303);
    const row = await caseOf(c.caseId);
    assert.equal(row.status, 'approved');
    assert.equal(row.decision, 'approved');
    // deciding twice is refused
    res = await post(t, base, `${base}/entscheiden`, clerk, { decision: 'rejected', decisionReason: 'x' });
    assert.equal(res.statusCode, 422);

    const box = await get(t, '/postfach', owner);
    assert.equal(box.statusCode, 200);
    assert.match(box.body, /Fischereischein|Bescheid/);
    const msg = await t.kernel.db.pool.query(
      "select id from casework.postbox where account_id = $1 and case_id = $2 and kind = 'notice'",
      [owner.id, c.caseId],
    );
    assert.equal(msg.rowCount, 1);
    const pdfRes = await get(t, `/postfach/${msg.rows[0].id}/dokument`, owner);
    assert.equal(pdfRes.statusCode, 200);
    assert.equal(pdfRes.headers['content-type'], 'application/pdf');
    assert.equal((await get(t, `/postfach/${msg.rows[0].id}/dokument`, otherCitizen)).statusCode, 404);
    const pdf = pdfRes.rawPayload;
    const info = await pdfInfo(pdf);
    assert.ok(info.tagged, 'structure tree present');
    assert.match(info.text, new RegExp(c.reference));
    assert.match(info.text, /Rechtsbehelfsbelehrung/);
    assert.match(info.text, /Verwaltungsgericht\s+Düsseldorf/);
    assert.match(info.text, /bewilligt/);
    const raw = pdf.toString('latin1');
    assert.match(raw, /\/Lang \(de-DE\)/);
    assert.match(raw, /\/MarkInfo/);
    assert.match(raw, /\/FontFile2/);
    assert.match(raw, /\/DisplayDocTitle true/);
    const notified = await t.kernel.mail.recent({ to: 'erika.rfi@example.org' });
    assert.ok(notified.some((m) => m.subject.includes('Bescheid')));

    // mark read: only the owner
    assert.equal(
      (await post(t, '/postfach', `/postfach/${msg.rows[0].id}/gelesen`, otherCitizen, {})).statusCode,
      404,
    );
    assert.equal(
      (await post(t, '/postfach', `/postfach/${msg.rows[0].id}/gelesen`, owner, {})).statusCode,
      303,
    );
    const read = await t.kernel.db.pool.query('select read_at from casework.postbox where id = $1', [
      msg.rows[0].id,
    ]);
    assert.ok(read.rows[0].read_at);

    // the citizen's timeline shows no internal entries, the staff file does
    await post(t, base, `${base}/notiz`, clerk, { note: 'Interner Vermerk XYZ' });
    assert.doesNotMatch((await get(t, mine, owner)).body, /Interner Vermerk XYZ/);
    assert.match((await get(t, base, clerk)).body, /Interner Vermerk XYZ/);

    // ZIP export: manifest, file PDF and both documents
    const zipRes = await get(t, `${base}/akte.zip`, clerk);
    assert.equal(zipRes.statusCode, 200);
    const files = await unzip(zipRes.rawPayload);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    assert.equal(manifest.case.reference, c.reference);
    assert.deepEqual(
      manifest.entries.map((e: { kind: string }) => e.kind),
      [
        'received',
        'information_requested',
        'mail_sent',
        'information_provided',
        'decided',
        'notice_issued',
        'mail_sent',
        'note',
        'exported',
      ],
    );
    assert.equal(manifest.documents.length, 2);
    for (const d of manifest.documents) assert.ok(files.has(d.path), d.path);
    assert.ok(files.has('akte.pdf'));
    assert.match((await pdfInfo(files.get('akte.pdf')!)).text, new RegExp(c.reference));
  });

  it('two clerks deciding at once: exactly one notice, the loser gets invalid_transition and leaves no file', async () => {
    const { decideCase } = await import('../commands/decide.ts');
    const { caseScope } = await import('../policies.ts');
    const c = await open(t.kernel, { applicantAccountId: owner.id });
    const scope = caseScope({
      accountId: clerk.id,
      kind: 'staff',
      email: 'x@example.org',
      displayName: 'Clara Clerk',
      roles: [{ role: 'clerk', tenantId: 'neuss', orgUnitId: unit }],
      mfaSatisfied: true,
    })!;
    const filesBefore = (await t.kernel.db.pool.query('select count(*)::int n from kernel.files')).rows[0].n;
    const results = await Promise.all(
      (['approved', 'rejected'] as const).map((decision) =>
        decideCase(
          t.kernel,
          { accountId: clerk.id, displayName: 'Clara Clerk', scope },
          { caseId: c.caseId, decision, reason: 'Grund' },
        ),
      ),
    );
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.deepEqual(
      results.filter((r) => !r.ok),
      [{ ok: false, reason: 'invalid_transition' }],
    );
    const notices = await t.kernel.db.pool.query(
      "select 1 from casework.documents where case_id = $1 and kind = 'notice'",
      [c.caseId],
    );
    assert.equal(notices.rowCount, 1);
    const filesAfter = (await t.kernel.db.pool.query('select count(*)::int n from kernel.files')).rows[0].n;
    assert.equal(filesAfter, Number(filesBefore) + 1, 'the losing PDF was deleted again');
  });

  it('bulk assignment is all or nothing; assignees must be able to see the case', async () => {
    const a = await open(t.kernel);
    const b = await open(t.kernel);
    const foreign = await open(t.kernel, { orgUnitId: await unitId(t.kernel, 'neuss', 'buergerbuero') });
    let res = await post(t, '/verwaltung/vorgaenge', '/verwaltung/vorgaenge/zuweisen', clerk, {
      ids: [a.caseId, b.caseId, foreign.caseId],
      assignee: colleague.id,
    });
    assert.equal(res.statusCode, 422);
    assert.equal((await caseOf(a.caseId)).assignee_id, null);
    // otherTenantClerk is not a colleague for Neuss cases
    res = await post(t, '/verwaltung/vorgaenge', '/verwaltung/vorgaenge/zuweisen', clerk, {
      ids: [a.caseId],
      assignee: otherTenantClerk.id,
    });
    assert.equal(res.statusCode, 422);
    res = await post(
      t,
      '/verwaltung/vorgaenge',
      '/verwaltung/vorgaenge/zuweisen?zurueck=%2Fverwaltung%2Fvorgaenge%3Fmeine%3D1',
      clerk,
      {
        ids: [a.caseId, b.caseId],
        assignee: colleague.id,
      },
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/verwaltung/vorgaenge?meine=1&hinweis=zugewiesen');
    assert.equal((await caseOf(a.caseId)).assignee_id, colleague.id);
    assert.equal((await caseOf(b.caseId)).assignee_id, colleague.id);
    const mine = await get(t, '/verwaltung/vorgaenge?meine=1', colleague);
    assert.match(mine.body, new RegExp(a.reference));
    assert.doesNotMatch(mine.body, new RegExp(foreign.reference));
  });

  it('inbox filters, full-text search (German stems, prefixes) and CSV export', async () => {
    const x = await open(t.kernel, {
      applicantName: 'Ottilie Fischbach',
      summary: [{ label: 'Gewässer', value: 'Rheinauen bei Zons' }],
    });
    let res = await get(t, '/verwaltung/vorgaenge?q=fischba', clerk);
    assert.equal(res.statusCode, 200, String(res.headers.location));
    assert.match(res.body, new RegExp(x.reference));
    res = await get(t, '/verwaltung/vorgaenge?q=Rheinaue', clerk);
    assert.match(res.body, new RegExp(x.reference));
    res = await get(t, `/verwaltung/vorgaenge?q=${x.reference.toLowerCase()}`, clerk);
    assert.match(res.body, new RegExp(x.reference));
    res = await get(t, '/verwaltung/vorgaenge?q=Ottilie&status=closed', clerk);
    assert.doesNotMatch(res.body, new RegExp(x.reference));
    res = await get(t, '/verwaltung/vorgaenge?ueberfaellig=1&q=Ottilie', clerk);
    assert.doesNotMatch(res.body, new RegExp(x.reference));
    const old = await open(t.kernel, {
      applicantName: 'Ottilie Altfall',
      submittedAt: new Date(clock.now().getTime() - 400 * 86_400_000),
    });
    res = await get(t, '/verwaltung/vorgaenge?ueberfaellig=1&q=Ottilie', clerk);
    assert.match(res.body, new RegExp(old.reference));
    assert.doesNotMatch(res.body, new RegExp(x.reference));
    const csv = await get(t, '/verwaltung/vorgaenge/export.csv?q=Ottilie', clerk);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.equal(csv.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^Aktenzeichen;Leistung;/);
    assert.ok(lines.some((l) => l.startsWith(`${x.reference};`)));
    // formula injection is neutralised
    const evil = await open(t.kernel, { applicantName: '=HYPERLINK("http://x")' });
    const csv2 = await get(t, `/verwaltung/vorgaenge/export.csv?q=${evil.reference}`, clerk);
    assert.match(csv2.body, /"'=HYPERLINK\(""http:\/\/x""\)"/);
  });

  it('templates: a tenant admin edits the own tenant only; unknown placeholders are refused', async () => {
    const admin = await staff(t.kernel, [{ role: 'tenant_admin', tenantId: 'neuss', orgUnitId: null }]);
    const url = '/verwaltung/bescheidvorlagen/neuss/fischereischein';
    assert.equal((await get(t, url, admin)).statusCode, 200);
    assert.equal(
      (await get(t, '/verwaltung/bescheidvorlagen/dormagen/fischereischein', admin)).statusCode,
      404,
    );
    assert.equal((await get(t, url, clerk)).statusCode, 403);
    let res = await post(t, url, url, admin, { title: 'Bescheid', body: 'Hallo {unbekannt}' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Hallo \{unbekannt\}/);
    res = await post(t, url, url, admin, {
      title: 'Fischereischein-Bescheid Neuss',
      body: 'Antrag {reference} wird {decision}.',
    });
    assert.equal(res.statusCode, 303);
    const c = await open(t.kernel, { applicantAccountId: owner.id });
    const base = `/verwaltung/vorgaenge/${c.caseId}`;
    assert.equal(
      (
        await post(t, base, `${base}/entscheiden`, clerk, {
          decision: 'partly_approved',
          decisionReason: 'Nur für ein Jahr.',
        })
      ).statusCode,
      303,
    );
    const doc = await t.kernel.db.pool.query(
      "select id from casework.documents where case_id = $1 and kind = 'notice'",
      [c.caseId],
    );
    const pdf = await get(t, `${base}/dokumente/${doc.rows[0].id}`, clerk);
    const info = await pdfInfo(pdf.rawPayload);
    assert.match(info.text, /Fischereischein-Bescheid Neuss/);
    assert.match(info.text, /teilweise bewilligt/);
    assert.match(info.text, /Nur für ein Jahr/);
  });

  it('citizen: my applications list only own cases, with the pay link when a fee is due; withdraw', async () => {
    const due = await open(t.kernel, {
      applicantAccountId: owner.id,
      payment: { status: 'due', amountCents: 3000, kassenzeichen: null, provider: null },
    });
    const list = await get(t, '/konto/antraege', owner);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`/antraege/zahlung/${due.reference}`));
    assert.doesNotMatch((await get(t, '/konto/antraege', otherCitizen)).body, new RegExp(due.reference));
    const url = `/konto/antraege/${due.caseId}`;
    assert.equal(
      (await post(t, url, `${url}/zuruecknehmen`, otherCitizen, { confirmWithdraw: 'ja' })).statusCode,
      404,
    );
    assert.equal((await post(t, url, `${url}/zuruecknehmen`, owner, {})).statusCode, 422);
    assert.equal(
      (await post(t, url, `${url}/zuruecknehmen`, owner, { confirmWithdraw: 'ja' })).statusCode,
      303,
    );
    assert.equal((await caseOf(due.caseId)).status, 'withdrawn');
    // staff cannot use citizen pages
    assert.equal((await get(t, '/konto/antraege', clerk)).statusCode, 403);
    assert.equal((await get(t, '/postfach', clerk)).statusCode, 403);
  });

  it('retention (fake clock): anonymises or deletes closed cases after the service period and reports it', async () => {
    const keep = await open(t.kernel, { serviceSlug: 'fischereischein', applicantAccountId: owner.id });
    const gone = await open(t.kernel, { serviceSlug: 'allgemeine-anfrage', applicantAccountId: owner.id });
    const young = await open(t.kernel, { serviceSlug: 'fischereischein' });
    for (const c of [keep, gone, young]) {
      const base = `/verwaltung/vorgaenge/${c.caseId}`;
      await post(t, base, `${base}/entscheiden`, clerk, { decision: 'approved', decisionReason: '' });
    }
    for (const c of [keep, gone]) {
      const base = `/verwaltung/vorgaenge/${c.caseId}`;
      assert.equal(
        (await post(t, base, `${base}/status`, clerk, { statusTo: 'closed', statusReason: '' })).statusCode,
        303,
      );
    }
    const noticeFile = (
      await t.kernel.db.pool.query(
        "select file_id from casework.documents where case_id = $1 and kind = 'notice'",
        [keep.caseId],
      )
    ).rows[0].file_id;
    const saved = clock.now();
    try {
      clock.advance(3 * 366 * 86_400_000);
      let report = await runRetention(t.kernel);
      assert.ok(report.references.some((r) => r.reference === gone.reference && r.action === 'delete'));
      assert.ok(!report.references.some((r) => r.reference === keep.reference));
      assert.equal(await caseOf(gone.caseId), undefined);
      clock.advance(8 * 366 * 86_400_000);
      report = await runRetention(t.kernel);
      assert.ok(report.references.some((r) => r.reference === keep.reference && r.action === 'anonymise'));
      assert.ok(!report.references.some((r) => r.reference === young.reference));
      const row = await caseOf(keep.caseId);
      assert.equal(row.applicant_name, null);
      assert.equal(row.applicant_account_id, null);
      assert.deepEqual(row.data, {});
      assert.ok(row.anonymised_at);
      assert.equal(row.payment_amount_cents, 2400);
      assert.equal(await t.kernel.files.info(noticeFile), null);
      const entries = await t.kernel.db.pool.query(
        'select data, actor_label from casework.file_entries where case_id = $1',
        [keep.caseId],
      );
      assert.ok(entries.rows.every((e) => Object.keys(e.data).length === 0 && e.actor_label === null));
      const audit = await t.kernel.db.pool.query(
        "select after from kernel.audit_log where action = 'casework.retention_run' order by seq",
      );
      assert.equal(audit.rowCount, 2);
      const runs = await t.kernel.db.pool.query(
        'select anonymised, deleted from casework.retention_runs order by ran_at',
      );
      assert.ok(runs.rows[0].deleted >= 1 && runs.rows[1].anonymised >= 1);
      // running again changes nothing
      report = await runRetention(t.kernel);
      assert.equal(report.anonymised + report.deleted, 0);
    } finally {
      clock.set(saved);
    }
  });

  it('GDPR: export as JSON and PDF; deletion unlinks cases, deletes the postbox and the account, explains retention', async () => {
    const person = await citizen(t.kernel, 'Greta Gdpr');
    const c = await open(t.kernel, { applicantAccountId: person.id, applicantName: 'Greta Gdpr' });
    const base = `/verwaltung/vorgaenge/${c.caseId}`;
    await post(t, base, `${base}/rueckfrage`, clerk, { question: 'Frage an Greta' });
    const json = await get(t, '/konto/datenauskunft/daten.json', person);
    assert.equal(json.statusCode, 200);
    const data = JSON.parse(json.body);
    assert.equal(data.account.displayName, 'Greta Gdpr');
    assert.equal(data.modules.casework.cases[0].reference, c.reference);
    assert.equal(data.modules.casework.postbox.length, 1);
    const pdf = await get(t, '/konto/datenauskunft/daten.pdf', person);
    assert.equal(pdf.statusCode, 200);
    const info = await pdfInfo(pdf.rawPayload);
    assert.match(info.text, /Greta Gdpr/);
    assert.match(info.text, new RegExp(c.reference));
    assert.equal((await get(t, '/konto/datenauskunft', person)).statusCode, 200);

    let res = await post(t, '/konto/loeschen', '/konto/loeschen', person, {});
    assert.equal(res.statusCode, 422);
    res = await post(t, '/konto/loeschen', '/konto/loeschen', person, { confirmDelete: 'ja' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Aufbewahrungs/);
    const acc = await t.kernel.db.pool.query('select 1 from kernel.accounts where id = $1', [person.id]);
    assert.equal(acc.rowCount, 0);
    assert.equal((await caseOf(c.caseId)).applicant_account_id, null);
    const box = await t.kernel.db.pool.query('select 1 from casework.postbox where account_id = $1', [
      person.id,
    ]);
    assert.equal(box.rowCount, 0);
    // the session is gone
    assert.equal((await get(t, '/konto/antraege', person)).statusCode, 303);
  });
});
