import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activate, browserSkip, expectNoAxeViolations, focused, useE2E } from './support/index.ts';

/** Every public page a citizen can land on without logging in; each is checked in both languages. */
const PAGES: { path: string; status: number }[] = [
  { path: '/', status: 200 },
  { path: '/suche', status: 200 },
  { path: '/suche?q=Personalausweis', status: 200 },
  { path: '/meine-kommune', status: 200 },
  { path: '/meine-kommune?plz=41460', status: 200 },
  { path: '/kommunen/neuss', status: 200 },
  { path: '/barrierefreiheit', status: 200 },
  { path: '/datenschutz', status: 200 },
  { path: '/impressum', status: 200 },
  { path: '/leichte-sprache', status: 200 },
  { path: '/gebaerdensprache', status: 200 },
  { path: '/kontakt', status: 200 },
  { path: '/diese-seite-gibt-es-nicht', status: 404 },
];

describe('public pages (axe, both languages, skip link)', { skip: browserSkip() }, () => {
  const e2e = useE2E();

  for (const lang of ['de', 'en'] as const) {
    it(`has no WCAG 2.1 AA violations on any public page in ${lang === 'de' ? 'German' : 'English'}`, async () => {
      const { page, browser, url } = e2e();
      await browser.context.clearCookies();
      if (lang === 'en') await browser.context.addCookies([{ name: 'ok_lang', value: 'en', url: url('/') }]);
      const failures: string[] = [];
      for (const { path, status } of PAGES) {
        // Collect every page's problems so one run reports all of them.
        try {
          const res = await page.goto(url(path));
          assert.equal(res?.status(), status, `${path} answered ${res?.status()}`);
          assert.equal(await page.getAttribute('html', 'lang'), lang, `${path} is not in ${lang}`);
          assert.ok((await page.title()).trim().length > 0, `${path} has no title`);
          assert.equal(await page.locator('h1').count(), 1, `${path} needs exactly one h1`);
          await expectNoAxeViolations(page, `${path} (${lang})`);
        } catch (err) {
          failures.push(`${path}: ${(err as Error).message}`);
        }
      }
      assert.deepEqual(failures, [], failures.join('\n\n'));
      e2e().assertClean();
    });
  }

  it('skip link is the first Tab stop, visibly focused, and moves focus to the main content', async () => {
    const { page, url } = e2e();
    await page.context().clearCookies();
    await page.goto(url('/kommunen/neuss'));
    await expectNoAxeViolations(page);
    await page.keyboard.press('Tab');
    assert.deepEqual(
      await focused(page),
      { role: 'link', name: 'Zum Inhalt springen' },
      'the first Tab stop must be the skip link',
    );
    await activate(page, 'Zum Inhalt springen', { navigation: false });
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    assert.match(page.url(), /#main$/);
    // The next Tab stop is inside main, past the header and navigation.
    await page.keyboard.press('Tab');
    assert.ok(
      await page.evaluate(
        () => !!document.activeElement && document.getElementById('main')!.contains(document.activeElement),
      ),
      'after the skip link, Tab must continue inside the main content',
    );
    e2e().assertClean();
  });

  it('switches the language by keyboard and stays on the same page', async () => {
    const { page, url } = e2e();
    await page.context().clearCookies();
    await page.goto(url('/impressum'));
    await expectNoAxeViolations(page);
    await activate(page, 'Switch to English');
    assert.equal(new URL(page.url()).pathname, '/impressum');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await expectNoAxeViolations(page);
    await activate(page, /Deutsch/);
    assert.equal(new URL(page.url()).pathname, '/impressum');
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    await expectNoAxeViolations(page);
    e2e().assertClean();
  });
});
