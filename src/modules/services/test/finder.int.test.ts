import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { findServiceBySlug, listLocalServices, responsibleUnit } from '../index.ts';

describe('services: finder, pages and public API of the module', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  const json = async (url: string) => {
    const res = await t.app.inject(url);
    return { res, body: res.headers['content-type']?.includes('json') ? res.json() : null };
  };
  const titles = (b: { items: { title: string }[] }) => b.items.map((i) => i.title);

  it('has the six fixed services with online application links, and ≥ 40 local services', async () => {
    const all = await listLocalServices(t.kernel);
    assert.ok(all.length >= 40, `only ${all.length} local services`);
    for (const slug of [
      'hundesteuer-anmeldung',
      'fischereischein',
      'bewohnerparkausweis',
      'jagdschein-verlaengerung',
      'allgemeine-anfrage',
      'reitkennzeichen',
    ]) {
      const s = await findServiceBySlug(t.kernel, slug);
      assert.ok(s, slug);
      const { body } = await json(`/api/v1/services/${slug}`);
      assert.ok(
        body.channels.some(
          (c: { kind: string; url: string }) => c.kind === 'online' && c.url === `/antraege/${slug}`,
        ),
        slug,
      );
    }
    assert.equal(await findServiceBySlug(t.kernel, 'gibt-es-nicht'), null);
    assert.equal(await findServiceBySlug(t.kernel, "x' or 1=1 --"), null);
  });

  it('resolves the responsible unit: Kreis services always the Kreis, municipal ones per town', async () => {
    const units = await t.kernel.tenants.orgUnits();
    const unit = (id: string | undefined) => units.find((u) => u.id === id);
    const fisch = await responsibleUnit(t.kernel, 'fischereischein', null);
    assert.ok(fisch);
    assert.equal(fisch.tenantId, 'rhein-kreis-neuss');
    assert.equal(unit(fisch.orgUnitId)?.slug, 'ordnungsamt');
    assert.deepEqual(await responsibleUnit(t.kernel, 'fischereischein', 'kaarst'), fisch);
    const dog = await responsibleUnit(t.kernel, 'hundesteuer-anmeldung', 'kaarst');
    assert.ok(dog);
    assert.equal(dog.tenantId, 'kaarst');
    assert.equal(unit(dog.orgUnitId)?.slug, 'steueramt');
    assert.equal(await responsibleUnit(t.kernel, 'hundesteuer-anmeldung', null), null);
    const kita = await responsibleUnit(t.kernel, 'kita-elternbeitraege', 'juechen');
    assert.ok(kita);
    assert.equal(kita.tenantId, 'rhein-kreis-neuss');
    assert.equal(unit(kita.orgUnitId)?.slug, 'kreisjugendamt');
    const kitaNeuss = await responsibleUnit(t.kernel, 'kita-elternbeitraege', 'neuss');
    assert.ok(kitaNeuss);
    assert.equal(kitaNeuss.tenantId, 'neuss');
    assert.equal(unit(kitaNeuss.orgUnitId)?.slug, 'jugendamt');
    assert.equal(await responsibleUnit(t.kernel, 'nicht-da', 'kaarst'), null);
  });

  it('finds by stem, partial word and one typo; local services first', async () => {
    const stem = (await json('/api/v1/services?q=Fahrzeuge')).body;
    assert.ok(titles(stem).includes('Fahrzeug zulassen'), 'stemming: Fahrzeuge → Fahrzeug');
    const partial = (await json('/api/v1/services?q=Genehmigung')).body;
    assert.ok(titles(partial).includes('Baugenehmigung beantragen'), 'partial word');
    assert.equal(partial.items[0].kind, 'local');
    assert.ok(partial.total > 100, 'catalogue entries are found too');
    const typo = (await json('/api/v1/services?q=Hundestuer')).body;
    assert.equal(typo.items[0].url, '/leistungen/hundesteuer-anmeldung');
    const typo2 = (await json('/api/v1/services?q=Fischereischien')).body;
    assert.ok(typo2.items.some((i: { url: string }) => i.url === '/leistungen/fischereischein'));
  });

  it('filters by facets with counts, and by postal code', async () => {
    const all = (await json('/api/v1/services?q=Führerschein')).body;
    const mob = all.facets.themenfeld.find((f: { value: string }) => f.value === 'Mobilität & Reisen');
    assert.ok(mob && mob.count > 0);
    const filtered = (
      await json(
        `/api/v1/services?q=F%C3%BChrerschein&themenfeld=${encodeURIComponent('Mobilität & Reisen')}`,
      )
    ).body;
    assert.equal(filtered.total, mob.count);
    const online = (await json('/api/v1/services?channel=online')).body;
    assert.equal(online.total, 6);
    const plz = (await json('/api/v1/services?postal_code=41564&q=Hundesteuer')).body;
    assert.ok(plz.items.every((i: { kind: string }) => i.kind === 'local'));
    const page = await t.app.inject('/leistungen?plz=41564&q=Wohngeld');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<option value="kaarst" selected>Kaarst<\/option>/);
  });

  it('answers bad API parameters with problem+json 400', async () => {
    for (const q of [
      'themenfeld=Quatsch',
      'channel=fax',
      'page=0',
      'per_page=1000',
      'municipality=berlin',
      'postal_code=12',
      `q=${'x'.repeat(300)}`,
      'q=%00',
    ]) {
      const { res } = await json(`/api/v1/services?${q}`);
      assert.equal(res.statusCode, 400, q);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/, q);
    }
    const missing = await t.app.inject('/api/v1/services/gibt-es-nicht');
    assert.equal(missing.statusCode, 404);
  });

  it('renders the service page with the office for the chosen town and GovernmentService JSON-LD', async () => {
    const res = await t.app.inject({
      url: '/leistungen/hundesteuer-anmeldung?kommune=kaarst',
      headers: { host: 'evil.example' },
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Steueramt/);
    assert.match(res.body, /href="\/antraege\/hundesteuer-anmeldung"/);
    const m = res.body.match(/<script type="application\/ld\+json"[^>]*>(.*?)<\/script>/s);
    assert.ok(m);
    const ld = JSON.parse(m[1]!);
    assert.equal(ld['@type'], 'GovernmentService');
    assert.equal(ld.identifier[0].value, '99102013002000');
    assert.match(ld.provider.name, /Kaarst/);
    assert.equal(ld.areaServed.length, 8);
    assert.ok(
      String(ld['@id']).startsWith(t.kernel.config.baseUrl),
      'the configured origin, not the Host header',
    );
    const none = await t.app.inject('/leistungen/hundesteuer-anmeldung');
    assert.match(none.body, /Wählen Sie Ihre Kommune/);
    assert.equal((await t.app.inject('/leistungen/gibt-es-nicht')).statusCode, 404);
  });

  it('has topic and life-situation pages that lead into the finder', async () => {
    const ll = await t.app.inject('/lebenslagen');
    assert.equal(ll.statusCode, 200);
    assert.match(ll.body, /href="\/leistungen\?lebenslage=F%C3%BChrerschein"/);
    const topic = await t.app.inject(`/leistungen/themen/${encodeURIComponent('Mobilität & Reisen')}`);
    assert.equal(topic.statusCode, 200);
    assert.match(topic.body, /Fahrzeug zulassen/);
    assert.equal((await t.app.inject('/leistungen/themen/Quatsch')).statusCode, 404);
    const bad = await t.app.inject('/leistungen?themenfeld=Quatsch');
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Dieses Themenfeld gibt es nicht\./);
    const cat = await t.app.inject('/leistungen/katalog/99012008001000');
    assert.equal(cat.statusCode, 200);
    assert.match(cat.body, /Baugenehmigung Erteilung/);
  });

  it('lists the service pages in sitemap.xml and the API in the OpenAPI document', async () => {
    const sm = await t.app.inject('/sitemap.xml');
    assert.match(sm.body, /\/leistungen\/fischereischein</);
    const oa = (await t.app.inject('/api/v1/openapi.json')).json();
    assert.ok(oa.paths['/api/v1/services']);
    assert.ok(oa.paths['/api/v1/services/{slug}']);
    assert.deepEqual(oa.paths['/api/v1/services'].get.tags, ['services']);
  });
});
