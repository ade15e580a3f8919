import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccount, loginAs } from '../src/kernel/auth/test-support.ts';
import { seedDemoCatalogue } from '../src/modules/open-data/seed.ts';
import { activate, browserSkip, expectNoAxeViolations, typeInto, useE2E } from './support/index.ts';

describe('journeys: open data (keyboard only, axe on every page)', { skip: browserSkip() }, () => {
  const e2e = useE2E();

  it('search → facet → dataset → CSV preview (sorted) → download', async () => {
    const { page, url, server } = e2e();
    await seedDemoCatalogue(server.t.kernel);
    await page.goto(url('/daten'));
    await expectNoAxeViolations(page, 'open data search');
    await typeInto(page, /^Suchbegriff/, 'Haushaltsplan');
    await activate(page, page.getByRole('button', { name: 'Suchen' }));
    await expectNoAxeViolations(page, 'search results');
    await activate(page, page.getByRole('complementary').getByRole('link', { name: /^Neuss \(/ }));
    assert.match(page.url(), /organization=neuss/);
    await expectNoAxeViolations(page, 'search with facet');
    await activate(page, page.getByRole('link', { name: 'Haushaltsplan 2025 Neuss' }));
    assert.equal(new URL(page.url()).pathname, '/daten/datensatz/neuss-haushalt-2025');
    await expectNoAxeViolations(page, 'dataset page');
    await activate(page, page.getByRole('link', { name: /^Vorschau/ }));
    await expectNoAxeViolations(page, 'CSV preview');
    await activate(page, page.getByRole('link', { name: /^Aufwendungen/ }));
    assert.equal(await page.locator('th[aria-sort="ascending"]').count(), 1);
    await expectNoAxeViolations(page, 'CSV preview sorted');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      activate(page, page.getByRole('main').getByRole('link', { name: /^Herunterladen/ }), {
        navigation: false,
      }),
    ]);
    assert.match(download.suggestedFilename(), /haushalt-2025-neuss\.csv/);
    e2e().assertClean();
  });

  it('an editor publishes a dataset with an upload', async () => {
    const { page, url, server } = e2e();
    const id = await createAccount(server.t.kernel, {
      kind: 'staff',
      roles: [{ role: 'editor', tenantId: 'kaarst', orgUnitId: null }],
    });
    const [name, value] = (await loginAs(server.t.kernel, id)).split('=') as [string, string];
    await page.context().clearCookies();
    await page.context().addCookies([{ name, value, url: url('/') }]);
    await page.goto(url('/verwaltung/opendata'));
    await expectNoAxeViolations(page, 'editor home');
    await activate(page, page.getByRole('link', { name: 'Datensatz veröffentlichen' }));
    await expectNoAxeViolations(page, 'new dataset form');
    // Sent without a title: 422 with the error summary.
    await activate(page, page.getByRole('button', { name: 'Veröffentlichen' }));
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
    await expectNoAxeViolations(page, 'new dataset form with errors');
    await typeInto(page, /^Titel/, 'Fahrradständer in Kaarst');
    await typeInto(page, /^Namensnennung/, 'Stadt Kaarst');
    await typeInto(page, /^Schlagwörter/, 'Fahrrad, Verkehr');
    await page.setInputFiles('#f-datei', {
      name: 'fahrradstaender.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Ort;Plätze\nRathaus;24\nBahnhof;120\n'),
    });
    await activate(page, page.getByRole('button', { name: 'Veröffentlichen' }));
    assert.match(page.url(), /\/verwaltung\/opendata\/datensatz\/fahrradstaender-in-kaarst/);
    await expectNoAxeViolations(page, 'edit page with quality');
    await activate(page, page.getByRole('link', { name: 'Öffentliche Seite ansehen' }));
    await expectNoAxeViolations(page, 'published dataset');
    assert.ok(await page.getByText('fahrradstaender.csv').first().isVisible());
    e2e().assertClean();
  });

  it('the other open-data pages pass axe: organisations, API, statistics, GeoJSON and JSON previews, tokens, import', async () => {
    const { page, url, server } = e2e();
    await seedDemoCatalogue(server.t.kernel);
    for (const path of [
      '/daten/organisationen',
      '/daten/api',
      '/daten/statistik',
      '/daten?q=Schulen&sort=title',
    ]) {
      await page.goto(url(path));
      await expectNoAxeViolations(page, path);
    }
    for (const name of ['neuss-wlan-hotspots', 'kreis-kreistag-sitzverteilung']) {
      await page.goto(url(`/daten/datensatz/${name}`));
      await expectNoAxeViolations(page, name);
      await activate(page, page.getByRole('link', { name: /^Vorschau/ }));
      await expectNoAxeViolations(page, `${name} preview`);
    }
    const id = await createAccount(server.t.kernel, {
      kind: 'staff',
      roles: [{ role: 'editor', tenantId: 'neuss', orgUnitId: null }],
    });
    const [name, value] = (await loginAs(server.t.kernel, id)).split('=') as [string, string];
    await page.context().clearCookies();
    await page.context().addCookies([{ name, value, url: url('/') }]);
    await page.goto(url('/verwaltung/opendata/tokens'));
    await expectNoAxeViolations(page, 'tokens');
    await typeInto(page, /^Bezeichnung des Tokens/, 'ckanapi');
    await activate(page, page.getByRole('button', { name: 'Token erzeugen' }));
    assert.match((await page.locator('#od-new-token').textContent()) ?? '', /^okod_/);
    await expectNoAxeViolations(page, 'token created');
    await page.goto(url('/verwaltung/opendata/import'));
    await expectNoAxeViolations(page, 'import');
    await page.setInputFiles('#f-csv', {
      name: 'import.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name;title;owner_org;license_id\nx-1;;neuss;nope\n'),
    });
    await activate(page, page.getByRole('button', { name: 'Importieren' }));
    await expectNoAxeViolations(page, 'import report');
    assert.ok(await page.getByText('Zeile 2').first().isVisible());
    await page.goto(url('/verwaltung/opendata/datensatz/neuss-schulen'));
    await expectNoAxeViolations(page, 'edit page with resources');
    e2e().assertClean();
  });
});
