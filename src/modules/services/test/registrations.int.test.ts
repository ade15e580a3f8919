import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { importCatalogue } from '../db/catalogue-import.ts';

describe('services: registrations, Meine Kommune cookie, concurrency', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('indexes local services for the site search', async () => {
    const r = await t.kernel.search.query({
      q: 'Fischereischein',
      visibility: 'public',
      limit: 10,
      offset: 0,
      source: 'services',
    });
    assert.ok(r.hits.some((h) => h.url === '/leistungen/fischereischein'));
  });

  it('publishes the dataset leistungskatalog as CSV (one row per service and town) and JSON', async () => {
    const ds = t.kernel.extensions.dataset('leistungskatalog');
    assert.ok(ds);
    assert.equal(ds.tenantId, 'rhein-kreis-neuss');
    assert.equal(ds.licenseId, 'dl-zero-de/2.0');
    const ctx = { db: t.kernel.db, clock: t.kernel.clock, tenants: t.kernel.tenants };
    const csv = await ds.distributions.find((d) => d.key === 'csv')!.render(ctx);
    const lines = String(csv.body).trim().split('\r\n');
    assert.match(lines[0]!, /^slug,titel,title_en,ebene,leika_schluessel/);
    assert.equal(lines.filter((l) => l.startsWith('hundesteuer-anmeldung,')).length, 8);
    assert.ok(lines.some((l) => l.startsWith('wunschkennzeichen,') && l.includes('Straßenverkehrsamt')));
    const json = JSON.parse(String((await ds.distributions.find((d) => d.key === 'json')!.render(ctx)).body));
    assert.ok(json.services.length >= 40);
    assert.ok((await ds.modified(ctx)).getTime() > 0);
  });

  it('uses the portal’s "Meine Kommune" cookie on the service page and in the finder', async () => {
    const res = await t.app.inject({
      url: '/leistungen/meldebescheinigung',
      headers: { cookie: 'ok_kommune=dormagen' },
    });
    assert.match(res.body, /Dormagen, Bürgerbüro/);
    const finder = await t.app.inject({
      url: '/leistungen?q=Meldebescheinigung',
      headers: { cookie: 'ok_kommune=dormagen' },
    });
    assert.match(finder.body, /href="\/leistungen\/meldebescheinigung\?kommune=dormagen"/);
    assert.match(finder.body, /<option value="dormagen" selected>Dormagen<\/option>/);
    // The saved town preselects the form but does not filter: catalogue entries are listed too,
    // and "Alle Kommunen" (empty kommune) is a choice the cookie does not override.
    assert.match(finder.body, /href="\/leistungen\/katalog\//);
    const all = await t.app.inject({
      url: '/leistungen?q=Meldebescheinigung&kommune=',
      headers: { cookie: 'ok_kommune=dormagen' },
    });
    assert.doesNotMatch(all.body, /<option value="[a-z-]+" selected>/);
    const kita = await t.app.inject('/leistungen/kita-elternbeitraege?kommune=rommerskirchen');
    assert.match(kita.body, /Rhein-Kreis Neuss, Kreisjugendamt/);
    assert.match(kita.body, /zuständig für Rommerskirchen/);
  });

  it('shows the English text on the English site', async () => {
    const res = await t.app.inject({
      url: '/leistungen/fahrzeug-zulassen',
      headers: { 'accept-language': 'en', cookie: 'ok_lang=en' },
    });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1 class="kern-heading-x-large">Register a vehicle<\/h1>/);
    assert.match(res.body, /Registration of a vehicle/);
  });

  it('serialises concurrent imports: both succeed, nothing is written twice', async () => {
    const [a, b] = await Promise.all([
      importCatalogue(t.kernel.db.pool, new Date()),
      importCatalogue(t.kernel.db.pool, new Date()),
    ]);
    assert.ok(a.ok && b.ok);
    assert.equal(a.report.leika.inserted + b.report.leika.inserted, 0);
    const n = await t.kernel.db.pool.query<{ n: number }>(
      `select count(*)::int as n from services.catalogue`,
    );
    assert.equal(n.rows[0]!.n, 5248);
  });
});
