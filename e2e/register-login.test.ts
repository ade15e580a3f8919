import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  activate,
  assertFocusVisible,
  browserSkip,
  expectNoAxeViolations,
  linksIn,
  tabTo,
  typeInto,
  useE2E,
  waitForMail,
} from './support/index.ts';

describe(
  'journey: register, verify, log in, switch language, log out (keyboard only)',
  { skip: browserSkip() },
  () => {
    const e2e = useE2E();

    it('completes the citizen account journey', async () => {
      const { page, url, server, baseUrl } = e2e();
      const email = `erika.mustermann.${Date.now()}@example.org`;
      const password = 'Sicheres-Passwort-2026';

      await page.goto(url('/'));
      await expectNoAxeViolations(page, 'home');

      // Header navigation → login page → registration.
      await activate(
        page,
        page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Anmelden' }),
      );
      assert.equal(new URL(page.url()).pathname, '/anmelden');
      await expectNoAxeViolations(page, 'login');
      await activate(page, 'Noch kein Konto? Jetzt registrieren');
      assert.equal(new URL(page.url()).pathname, '/registrieren');
      await expectNoAxeViolations(page, 'registration');

      // Sent empty first: 422 with the error summary focused, then corrected.
      await activate(page, page.getByRole('button', { name: 'Konto anlegen' }));
      assert.equal(new URL(page.url()).pathname, '/registrieren');
      await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
      await expectNoAxeViolations(page, 'registration with errors');
      assert.ok((await page.locator('#error-summary li').count()) >= 3);

      await typeInto(page, 'Vor- und Nachname', 'Erika Mustermann');
      await typeInto(page, 'E-Mail-Adresse', email);
      await typeInto(page, 'Neues Passwort', password);
      await tabTo(page, page.getByRole('checkbox'));
      await assertFocusVisible(page);
      await page.keyboard.press(' ');
      assert.equal(await page.getByRole('checkbox').isChecked(), true);
      await activate(page, page.getByRole('button', { name: 'Konto anlegen' }));
      assert.equal(new URL(page.url()).pathname, '/registrieren/gesendet');
      await expectNoAxeViolations(page, 'registration sent');

      // The verification mail links back to this app; the link opens a page with one button.
      const mail = await waitForMail(server.t.kernel, email);
      const link = linksIn(mail, baseUrl).find((l) => l.includes('/registrieren/bestaetigen'));
      assert.ok(link, `no verification link in:\n${mail.text}`);
      await page.goto(link);
      await expectNoAxeViolations(page, 'verify');
      await activate(page, page.getByRole('button', { name: 'E-Mail-Adresse bestätigen' }));
      assert.equal(new URL(page.url()).pathname, '/anmelden');
      await expectNoAxeViolations(page, 'login after verification');
      assert.ok(await page.getByText('Ihre E-Mail-Adresse ist bestätigt').isVisible());

      await typeInto(page, 'E-Mail-Adresse', email);
      await typeInto(page, 'Passwort', password);
      await activate(page, page.getByRole('button', { name: 'Anmelden' }));
      assert.equal(new URL(page.url()).pathname, '/konto');
      await expectNoAxeViolations(page, 'account');
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Mein Konto');
      assert.ok(await page.getByText(email).first().isVisible());

      // Language switch keeps the page.
      await activate(page, 'Switch to English');
      assert.equal(new URL(page.url()).pathname, '/konto');
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'My account');
      await expectNoAxeViolations(page, 'account (en)');

      // Log out: the nav link opens a confirmation page with the POST button.
      await activate(
        page,
        page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Log out' }),
      );
      await expectNoAxeViolations(page, 'logout');
      await activate(page, page.getByRole('main').getByRole('button', { name: 'Log out' }));
      assert.equal(new URL(page.url()).pathname, '/anmelden');
      await expectNoAxeViolations(page, 'logged out');
      assert.ok(await page.getByText('You have logged out.').isVisible());

      // The session is gone: the account page asks for a login again.
      await page.goto(url('/konto'));
      assert.equal(new URL(page.url()).pathname, '/anmelden');
      await expectNoAxeViolations(page, 'login (redirected)');
      e2e().assertClean();
    });
  },
);
