import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  activate,
  browserSkip,
  expectNoAxeViolations,
  tabTo,
  typeInto,
  useE2E,
} from '../../../../e2e/support/index.ts';

/** The search journey in a real browser, keyboard only, with axe on every page it shows. */
describe('search journey (browser, keyboard, axe)', { skip: browserSkip() }, () => {
  const e2e = useE2E();
  before(async () => {
    const { kernel } = e2e().server.t;
    for (let i = 1; i <= 12; i++) {
      await kernel.search.upsert({
        source: 'test',
        id: `sperr-${i}`,
        tenantId: i % 2 ? 'meerbusch' : 'neuss',
        title: `Sperrmüllabfuhr Bezirk ${i}`,
        summary: `Termine für die Sperrmüllabfuhr und Elektrogeräte im Bezirk ${i}.`,
        url: '/kommunen/neuss',
        visibility: 'public',
        lang: 'de',
        updatedAt: new Date(),
      });
    }
  });

  it('searches, pages, filters and corrects an empty search by keyboard', async () => {
    const { page, url } = e2e();
    // KERN sets scroll-behavior: smooth on html; the focus check below the fold needs the scroll
    // to have finished when it measures, so scrolling is instant here.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        document.documentElement.style.scrollBehavior = 'auto';
      });
    });
    await page.goto(url('/suche'));
    await expectNoAxeViolations(page, 'empty search');

    await activate(page, 'Suchen');
    assert.equal(await page.locator('#error-summary').count(), 1, 'empty search shows the error summary');
    await expectNoAxeViolations(page, 'search error');

    await typeInto(page, /^Suchbegriff/, 'Sperrmüll');
    await Promise.all([page.waitForEvent('domcontentloaded'), page.keyboard.press('Enter')]);
    assert.equal((await page.locator('#search-status').textContent())?.trim(), '12 Treffer für „Sperrmüll“');
    assert.equal(await page.locator('.ok-search-hit').count(), 10);
    await expectNoAxeViolations(page, 'results page 1');

    await activate(page, /Nächste Seite/);
    assert.match(page.url(), /seite=2/);
    assert.equal(await page.locator('.ok-search-hit').count(), 2);
    await expectNoAxeViolations(page, 'results page 2');

    await tabTo(page, page.locator('#f-kommune'), { backwards: true });
    await page.keyboard.type('Meerbusch');
    assert.equal(await page.locator('#f-kommune').inputValue(), 'meerbusch');
    await activate(page, 'Suchen');
    assert.match(
      (await page.locator('#search-status').textContent()) ?? '',
      /^6 Treffer für „Sperrmüll“ in Meerbusch/,
    );
    await expectNoAxeViolations(page, 'filtered results');
    e2e().assertClean();
  });
});
