import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { createTestApp, csrfFrom, type TestApp } from '../../../testing.ts';
import { responsibleUnit } from '../index.ts';

describe('services: staff editor', () => {
  let t: TestApp;
  let kaarstCookie: string;
  let neussCookie: string;
  let kreisCookie: string;
  before(async () => {
    t = await createTestApp();
    const editor = (tenantId: string) =>
      createAccount(t.kernel, { kind: 'staff', roles: [{ role: 'editor', tenantId, orgUnitId: null }] });
    kaarstCookie = await loginAs(t.kernel, await editor('kaarst'));
    neussCookie = await loginAs(t.kernel, await editor('neuss'));
    kreisCookie = await loginAs(t.kernel, await editor('rhein-kreis-neuss'));
  });
  after(async () => t.close());

  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, cookie: string, fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  it('lets a town editor change the town’s responsible office, audited; another town’s editor gets 403', async () => {
    const url = '/verwaltung/leistungen/hundesteuer-anmeldung/kaarst';
    const form = await get(url, kaarstCookie);
    assert.equal(form.statusCode, 200);
    assert.doesNotMatch(form.body, /name="title_de"/, 'content belongs to the Kreis');
    const units = await t.kernel.tenants.orgUnits('kaarst');
    const buergerbuero = units.find((u) => u.slug === 'buergerbuero')!;
    const cookie = `${kaarstCookie}; ${form.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`;
    const saved = await post(url, cookie, {
      _csrf: csrfFrom(form.body),
      org_unit: buergerbuero.id,
      note_de: 'Hebesatz: **96 €** je Hund (Demo).',
    });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    const r = await responsibleUnit(t.kernel, 'hundesteuer-anmeldung', 'kaarst');
    assert.equal(r?.orgUnitId, buergerbuero.id);
    const page = await t.app.inject('/leistungen/hundesteuer-anmeldung?kommune=kaarst');
    assert.match(page.body, /<strong>96 €<\/strong>/);
    const audit = await t.kernel.db.pool.query(
      `select 1 from kernel.audit_log where action = 'services.service_updated' and tenant_id = 'kaarst'`,
    );
    assert.equal(audit.rowCount, 1);

    assert.equal((await get(url, neussCookie)).statusCode, 403);
    const foreign = await post(url, neussCookie, { org_unit: buergerbuero.id });
    assert.ok([403].includes(foreign.statusCode), String(foreign.statusCode));
    assert.equal((await t.app.inject(url)).statusCode >= 300, true, 'anonymous is refused');
  });

  it('re-renders with 422 and keeps the input on invalid data; Kreis editor edits content', async () => {
    const url = '/verwaltung/leistungen/fischereischein/rhein-kreis-neuss';
    const form = await get(url, kreisCookie);
    assert.equal(form.statusCode, 200);
    const cookie = `${kreisCookie}; ${form.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`;
    const unit = (await t.kernel.tenants.orgUnits('rhein-kreis-neuss')).find(
      (u) => u.slug === 'ordnungsamt',
    )!;
    const bad = await post(url, cookie, {
      _csrf: csrfFrom(form.body),
      title_de: '',
      title_en: 'Fishing licence',
      processing_days: 'viele',
      body_de: '<script>alert(1)</script>Text',
      org_unit: unit.id,
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /error-summary/);
    assert.match(bad.body, /value="Fishing licence"/);
    const ok = await post(url, cookie, {
      _csrf: csrfFrom(form.body),
      title_de: 'Fischereischein beantragen',
      title_en: 'Apply for a fishing licence',
      summary_de: 'Neu',
      body_de: 'Hallo <script>alert(1)</script> [x](javascript:alert(1)) **fett**',
      processing_days: '5',
      org_unit: unit.id,
    });
    assert.equal(ok.statusCode, 303);
    const page = await t.app.inject('/leistungen/fischereischein');
    assert.match(page.body, /<strong>fett<\/strong>/);
    assert.doesNotMatch(page.body, /alert\(1\)<\/script>|javascript:/);
    // The town editor may not open the Kreis's service.
    assert.equal((await get(url, kaarstCookie)).statusCode, 403);
  });

  /** Opens the form and returns a poster that carries the session and CSRF cookies. */
  async function openForm(url: string, cookie: string) {
    const form = await get(url, cookie);
    assert.equal(form.statusCode, 200);
    const all = `${cookie}; ${form.cookies.map((c) => `${c.name}=${c.value}`).join('; ')}`;
    const csrf = csrfFrom(form.body);
    return {
      body: form.body,
      send: (fields: Record<string, string | string[]>) => {
        const params = new URLSearchParams({ _csrf: csrf });
        for (const [k, v] of Object.entries(fields))
          for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
        return t.app.inject({
          method: 'POST',
          url,
          headers: { cookie: all, 'content-type': 'application/x-www-form-urlencoded' },
          payload: params.toString(),
        });
      },
    };
  }

  const kreisBase = async (unitSlug: string) => {
    const unit = (await t.kernel.tenants.orgUnits('rhein-kreis-neuss')).find((u) => u.slug === unitSlug)!;
    return { title_de: 'Leistung (Test)', title_en: 'Service (test)', org_unit: unit.id };
  };

  it('edits fees (amount, range, text), documents, channels, Leichte Sprache, English text, Lebenslagen and contact; page, JSON-LD and API show them; audited with before/after', async () => {
    const url = '/verwaltung/leistungen/wunschkennzeichen/rhein-kreis-neuss';
    const form = await openForm(url, kreisCookie);
    // The seeded fee "12,80 €" is offered as an editable amount, with its legal basis.
    assert.ok(/name="fee_0_from" value="12,80"/.test(form.body), 'seeded amount offered');
    assert.ok(/name="fee_0_basis" value="[^"]+GebOSt/.test(form.body), 'seeded legal basis offered');
    const lebenslage = (
      await t.kernel.db.pool.query<{ lebenslage: string }>(
        `select lebenslage from services.lebenslagen order by lebenslage limit 1`,
      )
    ).rows[0]!.lebenslage;
    const res = await form.send({
      ...(await kreisBase('strassenverkehrsamt')),
      summary_de: 'Angeln in NRW',
      body_de: 'Deutsch **fett**',
      body_en: 'English <script>alert(2)</script> *text* [x](javascript:alert(3))',
      easy_language_de: 'Sie wollen angeln? Dann brauchen Sie einen Schein.',
      channels: ['online', 'phone', 'email'],
      online_url: 'https://example.org/wunschkennzeichen',
      documents_de: 'Personalausweis\n\nPrüfungszeugnis  ',
      documents_en: 'Identity card\nExam certificate',
      fee_0_label_de: 'Fischereischein, 5 Jahre',
      fee_0_label_en: 'Fishing licence, 5 years',
      fee_0_from: '1.024,5',
      fee_0_basis: 'AVerwGebO NRW',
      fee_1_label_de: 'Jugendfischereischein',
      fee_1_from: '10',
      fee_1_to: '30,00 €',
      fee_1_basis: 'LFischG NRW',
      fee_2_label_de: 'Ersatzausfertigung',
      fee_2_text: 'nach Aufwand',
      fee_2_basis: 'AVerwGebO NRW',
      processing_days: '7',
      processing_de: 'Etwa eine Woche',
      processing_en: 'About a week',
      legal_basis: 'Landesfischereigesetz NRW',
      lebenslagen: [lebenslage],
      contact_name: 'Team Fischerei',
      contact_phone: '02131 928-1234',
      contact_email: 'fischerei@example.org',
      note_de: 'Hinweis',
      note_en: 'Note',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));

    const page = await t.app.inject('/leistungen/wunschkennzeichen');
    assert.match(page.body, /1\.024,50 €/);
    assert.match(page.body, /10,00 € bis 30,00 €/);
    assert.match(page.body, /nach Aufwand/);
    assert.match(page.body, /Prüfungszeugnis/);
    assert.match(page.body, /Sie wollen angeln\?/);
    assert.match(page.body, /Team Fischerei/);
    assert.match(page.body, /href="tel:021319281234"/);
    assert.match(page.body, /mailto:fischerei@example.org/);
    assert.match(page.body, /Etwa eine Woche/);
    const ld = JSON.parse(page.body.match(/<script type="application\/ld\+json"[^>]*>(.*?)<\/script>/s)![1]!);
    assert.deepEqual(
      ld.offers.map((o: Record<string, unknown>) => [o.name, o.price ?? null]),
      [
        ['Fischereischein, 5 Jahre', '1024.50'],
        ['Jugendfischereischein', null],
        ['Ersatzausfertigung', null],
      ],
    );
    assert.deepEqual(ld.offers[1].priceSpecification, {
      '@type': 'PriceSpecification',
      minPrice: '10.00',
      maxPrice: '30.00',
      priceCurrency: 'EUR',
    });
    assert.equal(ld.offers[2].price, undefined);
    const phone = ld.availableChannel.find((c: { name: string }) => c.name === 'phone');
    assert.equal(phone.servicePhone.telephone, '02131 928-1234');
    assert.equal(phone.servicePhone.name, 'Team Fischerei');

    const en = await t.app.inject({
      url: '/leistungen/wunschkennzeichen',
      headers: { cookie: 'ok_lang=en' },
    });
    assert.match(en.body, /Exam certificate/);
    assert.match(en.body, /English +<em>text<\/em>/);
    assert.doesNotMatch(en.body, /alert\(2\)|javascript:/);

    const api = (await t.app.inject('/api/v1/services/wunschkennzeichen')).json();
    assert.deepEqual(api.fees[1], {
      label: 'Jugendfischereischein',
      amount: '10,00 € bis 30,00 €',
      amount_min_cents: 1000,
      amount_max_cents: 3000,
      legal_basis: 'LFischG NRW',
    });
    assert.equal(api.fees[2].amount_min_cents, null);
    assert.deepEqual(api.documents, ['Personalausweis', 'Prüfungszeugnis']);
    assert.deepEqual(
      api.channels.map((c: { kind: string }) => c.kind),
      ['online', 'phone', 'email'],
    );
    assert.deepEqual(api.lebenslagen, [lebenslage]);
    assert.equal(api.easy_language, 'Sie wollen angeln? Dann brauchen Sie einen Schein.');
    assert.equal(api.responsible.contact_name, 'Team Fischerei');
    assert.equal(api.responsible.phone, '02131 928-1234');

    type Audited = {
      content: { fees: { amount: string; minCents?: number }[] };
      responsibility: { contact_email: string };
    };
    const audit = await t.kernel.db.pool.query<{ before: Audited; after: Audited }>(
      `select before, after from kernel.audit_log where action = 'services.service_updated'
         and tenant_id = 'rhein-kreis-neuss' order by seq desc limit 1`,
    );
    const entry = audit.rows[0]!;
    assert.equal(entry.before.content.fees[0]?.amount, '12,80 €');
    assert.equal(entry.after.content.fees[0]?.minCents, 102450);
    assert.equal(entry.after.responsibility.contact_email, 'fischerei@example.org');

    // Saved values come back into the form as typed.
    const again = await get(url, kreisCookie);
    assert.match(again.body, /value="1\.024,50"/);
    assert.match(again.body, /value="nach Aufwand"/);
    assert.match(again.body, /value="Team Fischerei"/);
  });

  it('rejects bad input with German messages at the fields (422), keeps every value typed, stores nothing', async () => {
    const slug = 'gelbfieberimpfung';
    const target = `/verwaltung/leistungen/${slug}/rhein-kreis-neuss`;
    const before = (await t.app.inject(`/api/v1/services/${slug}`)).json();
    const form = await openForm(target, kreisCookie);
    const res = await form.send({
      ...(await kreisBase('gesundheitsamt')),
      channels: ['online', 'fax'],
      online_url: '',
      appointment_url: 'http://insecure.example',
      documents_de: 'Ausweis\nFoto',
      documents_en: 'ID only',
      fee_0_label_de: 'Gebühr ohne Grundlage',
      fee_0_from: 'zwölf',
      fee_1_label_de: 'Bereich',
      fee_1_from: '30',
      fee_1_to: '10',
      fee_1_basis: 'X',
      fee_2_label_de: 'Beides',
      fee_2_from: '5',
      fee_2_text: 'nach Aufwand',
      fee_2_basis: 'Y',
      fee_3_basis: 'Nur Grundlage',
      lebenslagen: ['Gibt es nicht'],
      processing_days: '-1',
      contact_phone: 'ruf an',
      contact_email: 'kein-at',
      easy_language_de: 'x'.repeat(5001),
    });
    assert.equal(res.statusCode, 422);
    const body = res.body;
    for (const msg of [
      'Bitte wählen Sie eine der angebotenen Möglichkeiten aus.', // unknown channel / Lebenslage
      'Geben Sie die Rechtsgrundlage der Gebühr 1 ein.',
      'Geben Sie den Betrag der Gebühr 1 in Euro ein, zum Beispiel 24,00.',
      'Der Bis-Betrag der Gebühr 2 muss mindestens so hoch sein wie der Betrag.',
      'Geben Sie für die Gebühr 3 entweder einen Betrag oder einen Text ein, nicht beides.',
      'Geben Sie die Bezeichnung der Gebühr 4 ein.',
      'Geben Sie für jede der 2 deutschen Unterlagen genau eine englische Zeile an',
      'Geben Sie einen Pfad, der mit / beginnt',
      'Geben Sie eine Telefonnummer aus Ziffern ein',
      'Geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.',
      'Geben Sie die Bearbeitungsdauer als ganze Zahl',
    ])
      assert.ok(body.includes(msg), `missing message: ${msg}`);
    assert.ok(body.includes('error-summary'));
    // Messages sit at their fields, and the summary links to them.
    assert.ok(body.includes('href="#f-fee_1_to"'), 'summary links to the field');
    assert.ok(body.includes('id="f-fee_1_to-error"'), 'message at the field');
    // Nothing typed is lost.
    for (const kept of [
      'value="zwölf"',
      'value="ruf an"',
      'value="kein-at"',
      'ID only',
      'value="Nur Grundlage"',
    ])
      assert.ok(body.includes(kept), `lost: ${kept}`);
    assert.deepEqual((await t.app.inject(`/api/v1/services/${slug}`)).json(), before);

    // A channel that needs a link without one is named at the link field.
    const form2 = await openForm(target, kreisCookie);
    const res2 = await form2.send({ ...(await kreisBase('gesundheitsamt')), channels: ['online'] });
    assert.equal(res2.statusCode, 422);
    assert.match(res2.body, /Geben Sie die Adresse des Online-Antrags ein/);
  });

  it('refuses a clerk of the same tenant, an editor of another tenant and a town editor on Kreis content', async () => {
    const clerk = await loginAs(
      t.kernel,
      await createAccount(t.kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: 'rhein-kreis-neuss', orgUnitId: null }],
      }),
    );
    const url = '/verwaltung/leistungen/fischereischein/rhein-kreis-neuss';
    const before = (await t.app.inject('/api/v1/services/fischereischein')).json();
    assert.equal((await get(url, clerk)).statusCode, 403);
    assert.equal((await get('/verwaltung/leistungen', clerk)).statusCode, 403);
    const attempt = {
      title_de: 'Gekapert',
      title_en: 'Hijacked',
      fee_0_label_de: 'X',
      fee_0_from: '1',
      fee_0_basis: 'Y',
    };
    assert.equal((await post(url, clerk, attempt)).statusCode, 403);
    assert.equal((await post(url, neussCookie, attempt)).statusCode, 403);
    // A town editor addressing the Kreis's content through the town's own URL only edits the
    // town's responsibility row: content fields are ignored.
    const town = await openForm('/verwaltung/leistungen/hundesteuer-anmeldung/kaarst', kaarstCookie);
    const unit = (await t.kernel.tenants.orgUnits('kaarst')).find((u) => u.slug === 'steueramt')!;
    const r = await town.send({ ...attempt, org_unit: unit.id });
    assert.equal(r.statusCode, 303);
    const hund = (await t.app.inject('/api/v1/services/hundesteuer-anmeldung')).json();
    assert.notEqual(hund.title.de, 'Gekapert');
    assert.deepEqual((await t.app.inject('/api/v1/services/fischereischein')).json(), before);
  });

  it('serialises concurrent edits of one service: each audit entry’s “before” is the previous edit', async () => {
    const url = '/verwaltung/leistungen/ifsg-belehrung/rhein-kreis-neuss';
    const form = await openForm(url, kreisCookie);
    const base = await kreisBase('gesundheitsamt');
    const titles = ['Belehrung A', 'Belehrung B', 'Belehrung C', 'Belehrung D'];
    const results = await Promise.all(titles.map((title_de) => form.send({ ...base, title_de })));
    assert.deepEqual(
      results.map((r) => r.statusCode),
      [303, 303, 303, 303],
    );
    type Entry = { before: { content: { title_de: string } }; after: { content: { title_de: string } } };
    const { rows } = await t.kernel.db.pool.query<Entry>(
      `select before, after from kernel.audit_log where action = 'services.service_updated'
         and object_id = (select id::text from services.services where slug = 'ifsg-belehrung') order by seq`,
    );
    assert.equal(rows.length, 4);
    for (let i = 1; i < rows.length; i++)
      assert.equal(rows[i]!.before.content.title_de, rows[i - 1]!.after.content.title_de);
    const api = (await t.app.inject('/api/v1/services/ifsg-belehrung')).json();
    assert.equal(api.title.de, rows[3]!.after.content.title_de);
  });
});
