import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccount, loginAs } from '../src/kernel/auth/test-support.ts';
import { councilModule } from '../src/modules/council/index.ts';
import { activate, browserSkip, expectNoAxeViolations, typeInto, useE2E } from './support/index.ts';

describe('journeys: council information (keyboard only, axe on every page)', { skip: browserSkip() }, () => {
  const e2e = useE2E();

  it('a citizen finds the motion by words of its PDF and follows its consultation history', async () => {
    const { page, url, server } = e2e();
    await councilModule.seed!.demo!(server.t.kernel);
    await page.goto(url('/ratsinfo'));
    await expectNoAxeViolations(page, 'council start');
    await activate(page, page.getByRole('main').getByRole('link', { name: 'Vorlagen durchsuchen' }));
    await expectNoAxeViolations(page, 'search form');
    await typeInto(page, /^Suchbegriff/, 'Pflegefinder');
    await activate(page, page.getByRole('button', { name: 'Suchen', exact: true }));
    await expectNoAxeViolations(page, 'search results');
    await activate(
      page,
      page.getByRole('link', { name: /Schnellere Umsetzung der Digitalisierungsstrategie/ }),
    );
    assert.match(new URL(page.url()).pathname, /^\/ratsinfo\/rhein-kreis-neuss\/vorlagen\/\d+$/);
    await expectNoAxeViolations(page, 'paper page');
    assert.ok(await page.getByRole('heading', { name: 'Beratungsfolge' }).isVisible());
    assert.ok(
      await page
        .getByRole('link', { name: /Sitzungsvorlage mit Stellungnahme der Verwaltung \(PDF, \d+ KB\)/ })
        .isVisible(),
    );
    await activate(page, page.getByRole('table').getByRole('link').nth(1));
    assert.match(new URL(page.url()).pathname, /\/sitzungen\/\d+$/);
    await expectNoAxeViolations(page, 'meeting page');
    await page.goto(url('/ratsinfo/rhein-kreis-neuss/sitzungen'));
    await expectNoAxeViolations(page, 'month calendar');
    await activate(page, page.getByRole('link', { name: 'Als Liste anzeigen' }));
    await expectNoAxeViolations(page, 'meeting list');
    await activate(page, page.getByRole('link', { name: 'Vorheriger Monat' }));
    await expectNoAxeViolations(page, 'previous month');
    e2e().assertClean();
  });

  it('the council office reorders an agenda by keyboard and publishes', async () => {
    const { page, url, server } = e2e();
    const k = server.t.kernel;
    const id = await createAccount(k, {
      kind: 'staff',
      displayName: 'Kreistagsbüro',
      roles: [{ role: 'council_office', tenantId: 'rhein-kreis-neuss', orgUnitId: null }],
    });
    const [name, value] = (await loginAs(k, id)).split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: url('/') }]);
    await page.goto(url('/verwaltung/ratsinfo/rhein-kreis-neuss/sitzungen/neu'));
    await expectNoAxeViolations(page, 'new meeting form');
    await typeInto(page, /^Bezeichnung der Sitzung/, 'Sondersitzung Digitalisierung');
    await page.getByLabel('Gremium').focus();
    await page.keyboard.type('Kreisausschuss');
    await typeInto(page, /^Datum/, '20.01.2027');
    await typeInto(page, /^Beginn/, '17:00');
    await activate(page, page.getByRole('button', { name: 'Speichern', exact: true }));
    assert.match(new URL(page.url()).pathname, /\/sitzungen\/\d+$/);
    await expectNoAxeViolations(page, 'meeting editor');
    for (const item of ['Eröffnung', 'Bericht zum Masterplan']) {
      await typeInto(page, /^Gegenstand/, item);
      await activate(page, page.getByRole('button', { name: 'Hinzufügen', exact: true }));
      await expectNoAxeViolations(page, `meeting editor after adding ${item}`);
    }
    await activate(page, page.getByRole('button', { name: 'Nach oben TOP 2' }));
    await expectNoAxeViolations(page, 'agenda after moving');
    const items = await page.locator('.ok-council-agenda > li p').allTextContents();
    assert.match(items[0]!, /TOP 1 Bericht zum Masterplan/);
    await activate(page, page.getByRole('button', { name: 'Veröffentlichen', exact: true }));
    await expectNoAxeViolations(page, 'published meeting');
    await activate(page, page.getByRole('link', { name: 'Öffentliche Seite ansehen' }));
    await expectNoAxeViolations(page, 'public meeting page');
    assert.ok(await page.getByRole('cell', { name: 'Bericht zum Masterplan' }).isVisible());
    e2e().assertClean();
  });
  it('the council office keeps the register by keyboard: a location, then a person', async () => {
    const { page, url, server } = e2e();
    const k = server.t.kernel;
    const id = await createAccount(k, {
      kind: 'staff',
      displayName: 'Kreistagsbüro',
      roles: [{ role: 'council_office', tenantId: 'rhein-kreis-neuss', orgUnitId: null }],
    });
    const [name, value] = (await loginAs(k, id)).split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: url('/') }]);
    await page.goto(url('/verwaltung/ratsinfo/rhein-kreis-neuss'));
    await expectNoAxeViolations(page, 'council office body page');
    await activate(page, page.getByRole('link', { name: /^Stammdaten/ }));
    await expectNoAxeViolations(page, 'register overview');
    await activate(page, page.getByRole('link', { name: 'Ort anlegen' }));
    await expectNoAxeViolations(page, 'new location form');
    await typeInto(page, /^Bezeichnung/, 'Kreishaus Grevenbroich');
    await typeInto(page, /^Postleitzahl/, '415');
    await typeInto(page, /^Geografische Breite/, '51,0899');
    await activate(page, page.getByRole('button', { name: 'Speichern', exact: true }));
    await expectNoAxeViolations(page, 'location form with errors');
    assert.ok(await page.getByText('Die Postleitzahl hat fünf Ziffern.').first().isVisible());
    await typeInto(page, /^Postleitzahl/, '41515');
    await typeInto(page, /^Geografische Länge/, '6,5851');
    await activate(page, page.getByRole('button', { name: 'Speichern', exact: true }));
    assert.match(new URL(page.url()).pathname, /\/stammdaten\/orte\/\d+$/);
    await expectNoAxeViolations(page, 'saved location');
    await activate(page, page.getByRole('link', { name: 'Zurück zu den Stammdaten' }));
    await expectNoAxeViolations(page, 'register with the new location');
    assert.ok(await page.getByRole('link', { name: 'Kreishaus Grevenbroich' }).isVisible());
    await activate(page, page.getByRole('link', { name: 'Person anlegen' }));
    await expectNoAxeViolations(page, 'new person form');
    await typeInto(page, /^Name \(wie veröffentlicht\)/, 'Erika Beispiel');
    await typeInto(page, /^E-Mail-Adressen/, 'erika@example.org');
    await page.getByLabel(/eingewilligt/).focus();
    await page.keyboard.press('Space');
    await activate(page, page.getByRole('button', { name: 'Speichern', exact: true }));
    assert.match(new URL(page.url()).pathname, /\/stammdaten\/personen\/\d+$/);
    await expectNoAxeViolations(page, 'saved person');
    e2e().assertClean();
  });
  it('the council office reads an import report (list of runs, then one run) by keyboard', async () => {
    const { page, url, server } = e2e();
    const k = server.t.kernel;
    await k.db.pool.query(
      `insert into council.import_run (body_id, source_url, started_at, finished_at, created_count, repairs, skips)
       values ('rhein-kreis-neuss', 'https://alt.example/oparl/system', now(), now(), 3, $1, $2)`,
      [
        JSON.stringify([
          { rule: 'agenda-order', url: 'https://alt.example/oparl/meeting/1', detail: 'order 1,2 → 0..1' },
        ]),
        JSON.stringify([
          { rule: 'file-download-failed', url: 'https://alt.example/oparl/file/2', detail: 'HTTP 404' },
        ]),
      ],
    );
    const id = await createAccount(k, {
      kind: 'staff',
      displayName: 'Kreistagsbüro',
      roles: [{ role: 'council_office', tenantId: 'rhein-kreis-neuss', orgUnitId: null }],
    });
    const [name, value] = (await loginAs(k, id)).split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: url('/') }]);
    await page.goto(url('/verwaltung/ratsinfo/import'));
    await expectNoAxeViolations(page, 'import page');
    await activate(page, page.getByRole('table').getByRole('link').first());
    assert.match(new URL(page.url()).pathname, /^\/verwaltung\/ratsinfo\/import\/\d+$/);
    await expectNoAxeViolations(page, 'import run report');
    assert.ok(await page.getByRole('cell', { name: 'file-download-failed' }).isVisible());
    e2e().assertClean();
  });
});
