import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createAccount, loginAs } from '../src/kernel/auth/test-support.ts';
import { shippedForms } from '../src/modules/applications/forms/index.ts';
import { browserSkip, expectNoAxeViolations, linksIn, useE2E, waitForMail } from './support/index.ts';

async function withSession(page: Page, session: string, url: string) {
  const [name, value] = session.split('=') as [string, string];
  await page.context().clearCookies();
  await page.context().addCookies([{ name, value, url }]);
}

async function click(page: Page, name: string | RegExp) {
  await Promise.all([
    page.waitForEvent('domcontentloaded'),
    page.getByRole('button', { name }).first().click(),
  ]);
  await page.waitForLoadState('load');
}

describe('applications: every page passes axe', { skip: browserSkip() }, () => {
  const e2e = useE2E();

  it('start page and every step of the six forms, a step with errors, save and resume', async () => {
    const { page, url, server, baseUrl } = e2e();
    for (const def of shippedForms()) {
      await page.goto(url(`/antraege/${def.slug}`));
      await expectNoAxeViolations(page, `${def.slug} start`);
      await click(page, 'Antrag starten');
      const base = new URL(page.url()).pathname.replace(/\/schritt\/.*$/, '');
      await expectNoAxeViolations(page, `${def.slug} ${def.steps[0]!.id}`);
      for (const step of def.steps.slice(1)) {
        // A conditional step that does not apply yet answers 404 (the error page is checked too).
        const res = await page.goto(url(`${base}/schritt/${step.id}`));
        assert.ok(
          res && (res.status() === 200 || (res.status() === 404 && step.showIf)),
          `${def.slug} ${step.id}`,
        );
        await expectNoAxeViolations(page, `${def.slug} ${step.id}`);
      }
    }
    // Errors on a step with address, date and choices.
    await page.goto(url('/antraege/hundesteuer-anmeldung'));
    await expectNoAxeViolations(page, 'start again');
    await click(page, 'Antrag starten');
    await expectNoAxeViolations(page, 'first step');
    await click(page, /^Weiter$/);
    assert.match(await page.title(), /^Fehler/);
    await expectNoAxeViolations(page, 'step with errors');

    // Save for later (anonymous) → mail → resume page → the step again.
    await page.getByLabel(/^Vorname/).fill('Rita');
    await click(page, 'Speichern und später fortsetzen');
    await expectNoAxeViolations(page, 'save page');
    await page.getByLabel(/^E-Mail-Adresse für den Link/).fill('rita.e2e@example.org');
    await click(page, 'Link zusenden');
    await expectNoAxeViolations(page, 'link sent');
    const mail = await waitForMail(server.t.kernel, 'rita.e2e@example.org');
    const link = linksIn(mail, baseUrl).find((l) => l.includes('/antraege/fortsetzen/'))!;
    await page.goto(link);
    await expectNoAxeViolations(page, 'resume page');
    await click(page, 'Antrag fortsetzen');
    await expectNoAxeViolations(page, 'resumed step');
    assert.equal(await page.getByLabel(/^Vorname/).inputValue(), 'Rita');
    await page.goto(link);
    await expectNoAxeViolations(page, 'used link');
    e2e().assertClean();
  });

  it('drafts in Mein Konto and the staff form pages', async () => {
    const { page, url, server } = e2e();
    const citizen = await createAccount(server.t.kernel, { kind: 'citizen' });
    await withSession(page, await loginAs(server.t.kernel, citizen), url('/'));
    await page.goto(url('/antraege/reitkennzeichen'));
    await expectNoAxeViolations(page, 'start (signed in)');
    await click(page, 'Antrag starten');
    await expectNoAxeViolations(page, 'step (signed in)');
    await page.goto(url('/konto/entwuerfe'));
    await expectNoAxeViolations(page, 'drafts');
    assert.ok(await page.getByRole('link', { name: 'Reitkennzeichen beantragen' }).isVisible());

    const admin = await createAccount(server.t.kernel, {
      kind: 'staff',
      roles: [{ role: 'platform_admin', tenantId: null, orgUnitId: null }],
    });
    await withSession(page, await loginAs(server.t.kernel, admin), url('/'));
    await page.goto(url('/verwaltung/formulare'));
    await expectNoAxeViolations(page, 'forms list');
    await page.goto(url('/verwaltung/formulare/allgemeine-anfrage'));
    await expectNoAxeViolations(page, 'form editor');
    await page.getByLabel(/^Formulardefinition \(JSON\)/).fill('{"schemaVersion": 1}');
    await click(page, 'Als Entwurf speichern');
    await expectNoAxeViolations(page, 'form editor with errors');
    await page.goto(url('/verwaltung/formulare/hundesteuer-anmeldung/vorschau/1'));
    await expectNoAxeViolations(page, 'preview');
    e2e().assertClean();
  });
});
