import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { Client, PDF, PERSON } from './helpers.ts';

describe('applications: citizen journey (dog tax, general request)', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  before(async () => {
    t = await createTestApp({ clock });
  });
  after(async () => t.close());

  it('shows the start page of a published form', async () => {
    const c = new Client(t);
    const res = await c.get('/antraege/hundesteuer-anmeldung');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1[^>]*>Hund zur Hundesteuer anmelden<\/h1>/);
    assert.match(res.body, /Antrag starten/);
    assert.equal((await c.get('/antraege/gibt-es-nicht')).statusCode, 404);
  });

  it('dog tax: steps, 422 keeps input, group of two dogs, conditional step, check page, declaration, confirmation', async () => {
    const c = new Client(t);
    const { base, first } = await c.start('hundesteuer-anmeldung');
    assert.equal(first, `${base}/schritt/halter`);
    // Wrong postal code for the chosen town; everything typed comes back.
    let res = await c.step(first, { ...PERSON, kommune: 'grevenbroich', 'anschrift-postalCode': '41460' });
    assert.equal(res.statusCode, 422, res.body.slice(0, 500));
    assert.match(res.body, /Die Postleitzahl 41460 gehört nicht zu Grevenbroich/);
    assert.match(res.body, /href="#f-anschrift-postalCode"/);
    assert.match(res.body, /value="Oberstraße"/);
    assert.match(res.body, /<title>Fehler:/);
    res = await c.post(first, { ...PERSON, kommune: 'neuss' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 800));
    assert.equal(res.headers.location, `${base}/schritt/hunde`);

    // Add a second dog (no JavaScript: a button posts and the page comes back with two items).
    const dog = (i: number, name: string, listenhund: string) => ({
      [`hunde-${i}-name`]: name,
      [`hunde-${i}-rasse`]: 'Labrador',
      [`hunde-${i}-wurfdatum-day`]: '1',
      [`hunde-${i}-wurfdatum-month`]: '3',
      [`hunde-${i}-wurfdatum-year`]: '2022',
      [`hunde-${i}-haltungSeit-day`]: '1',
      [`hunde-${i}-haltungSeit-month`]: '6',
      [`hunde-${i}-haltungSeit-year`]: '2022',
      [`hunde-${i}-listenhund`]: listenhund,
    });
    await c.get(`${base}/schritt/hunde`);
    res = await c.post(`${base}/schritt/hunde`, {
      'hunde-count': '1',
      ...dog(0, 'Bello', 'nein'),
      aktion: 'hinzufuegen-hunde',
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /name="hunde-count" value="2"/);
    assert.match(res.body, /value="Bello"/);
    res = await c.post(`${base}/schritt/hunde`, {
      'hunde-count': '2',
      ...dog(0, 'Bello', 'nein'),
      ...dog(1, 'Rex', 'ja'),
      'hunde-1-chipnummer': '123',
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Hund 2: Die Chipnummer besteht aus 15 Ziffern/);
    res = await c.post(`${base}/schritt/hunde`, {
      'hunde-count': '2',
      ...dog(0, 'Bello', 'nein'),
      ...dog(1, 'Rex', 'ja'),
    });
    assert.equal(res.statusCode, 303);
    // A listed dog brings the conditional step with its required attachments.
    assert.equal(res.headers.location, `${base}/schritt/gefaehrlich`);
    res = await c.get(`${base}/schritt/gefaehrlich`);
    assert.match(res.body, /enctype="multipart\/form-data"/);
    res = await c.upload(`${base}/schritt/gefaehrlich`, {}, [
      { field: 'erlaubnis', filename: 'erlaubnis.pdf', type: 'application/pdf', content: PDF },
    ]);
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Bitte laden Sie „Nachweis der Haftpflichtversicherung/);
    assert.match(res.body, /erlaubnis\.pdf/, 'the accepted file is kept and listed');
    res = await c.upload(`${base}/schritt/gefaehrlich`, {}, [
      { field: 'versicherung', filename: 'police.pdf', type: 'application/pdf', content: PDF },
    ]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.equal(res.headers.location, `${base}/pruefen`);

    res = await c.get(`${base}/pruefen`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Hund 2: Name des Hundes/);
    assert.match(res.body, /Rex/);
    assert.match(res.body, new RegExp(`href="${base}/schritt/hunde\\?zurueck=pruefen"`), 'change link');
    // Change link: the dog is not listed after all → the conditional step disappears.
    res = await c.step(`${base}/schritt/hunde?zurueck=pruefen`, {
      'hunde-count': '2',
      ...dog(0, 'Bello', 'nein'),
      ...dog(1, 'Rex', 'nein'),
      zurueck: 'pruefen',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${base}/pruefen`);
    res = await c.get(`${base}/pruefen`);
    assert.doesNotMatch(res.body, /Nachweise für gefährliche Hunde/);

    // Declaration missing → 422 with both messages.
    await c.get(`${base}/erklaerung`);
    res = await c.post(`${base}/erklaerung`, { 'erklaerung-wahrheit': 'ja' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /href="#f-erklaerung-datenschutz"/);
    assert.match(res.body, /id="f-erklaerung-wahrheit"[^>]*checked/);
    res = await c.post(`${base}/erklaerung`, { 'erklaerung-wahrheit': 'ja', 'erklaerung-datenschutz': 'ja' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.equal(res.headers.location, `${base}/bestaetigung`);
    res = await c.get(`${base}/bestaetigung`);
    const ref = /id="reference">([^<]+)</.exec(res.body)?.[1];
    assert.match(ref ?? '', /^A-[CDFHJKMNPRTVWXY3479]{4}-[CDFHJKMNPRTVWXY3479]{4}$/);
    const { rows } = await t.kernel.db.pool.query(
      `select s.status, s.tenant_id, s.case_id, s.answers, s.attachments from applications.submissions s where reference = $1`,
      [ref],
    );
    assert.equal(rows[0].status, 'submitted');
    assert.equal(rows[0].tenant_id, 'neuss');
    assert.ok(rows[0].case_id, 'a case was opened');
    assert.equal(rows[0].answers.hunde.length, 2);
    assert.equal(
      rows[0].attachments.length,
      0,
      'attachments of a step that no longer applies are not submitted',
    );
    const pdf = await c.get(`${base}/eingangsbestaetigung.pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.ok(pdf.rawPayload.subarray(0, 5).toString() === '%PDF-');
    // Accessible like the notices: tagged (structure tree, marked content), language, embedded font.
    const raw = pdf.rawPayload.toString('latin1');
    for (const mark of ['/StructTreeRoot', '/MarkInfo', '/Lang (de-DE)', '/DisplayDocTitle true', 'NotoSans'])
      assert.ok(raw.includes(mark), mark);
    assert.match(raw, /\/S \/H1/);
    // The submitted draft cannot be changed any more.
    res = await c.get(`${base}/schritt/halter`);
    assert.equal(res.statusCode, 303);
    const mails = await t.kernel.mail.recent({ to: 'erika@example.org' });
    assert.ok(mails.some((m) => m.subject.includes(ref!)));
  });

  it('general request to a Kreis office with an optional attachment', async () => {
    const c = new Client(t);
    const { base, first } = await c.start('allgemeine-anfrage');
    let res = await c.step(first, { stelle: 'rhein-kreis-neuss' });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Bitte wählen Sie bei „Amt des Kreises“ eine Möglichkeit aus/);
    res = await c.post(first, { stelle: 'rhein-kreis-neuss', amtKreis: 'gesundheitsamt' });
    assert.equal(res.statusCode, 303);
    await c.get(`${base}/schritt/anliegen`);
    res = await c.upload(
      `${base}/schritt/anliegen`,
      { betreff: 'Frage', nachricht: 'Wann ist die Impfsprechstunde?' },
      [{ field: 'anlagen', filename: 'notiz.txt', type: 'text/plain', content: Buffer.from('Hallo') }],
    );
    assert.equal(res.statusCode, 303, res.body.slice(0, 600));
    res = await c.step(`${base}/schritt/kontakt`, {
      vorname: 'Max',
      nachname: 'Muster',
      antwortweg: 'telefon',
      email: 'max@example.org',
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /Bitte geben Sie „Telefonnummer“ an/);
    res = await c.post(`${base}/schritt/kontakt`, {
      vorname: 'Max',
      nachname: 'Muster',
      antwortweg: 'telefon',
      email: 'max@example.org',
      telefon: '02131 12345',
    });
    assert.equal(res.statusCode, 303);
    await c.get(`${base}/erklaerung`);
    res = await c.post(`${base}/erklaerung`, { 'erklaerung-wahrheit': 'ja', 'erklaerung-datenschutz': 'ja' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 600));
    const { rows } = await t.kernel.db.pool.query(
      `select s.tenant_id, s.org_unit_id, s.attachments from applications.submissions s join applications.drafts d on d.id = s.draft_id where d.id = $1`,
      [base.split('/').at(-1)],
    );
    const unit = await t.kernel.tenants.orgUnit(rows[0].org_unit_id);
    assert.equal(rows[0].tenant_id, 'rhein-kreis-neuss');
    assert.equal(unit?.slug, 'gesundheitsamt');
    assert.equal(rows[0].attachments[0].filename, 'notiz.txt');
    assert.match(rows[0].attachments[0].sha256, /^[0-9a-f]{64}$/);
  });
});
