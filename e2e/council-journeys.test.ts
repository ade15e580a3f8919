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
});
