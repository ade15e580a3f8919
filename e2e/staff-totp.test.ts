import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateSync } from 'otplib';
import { createAccount, TEST_PASSWORD } from '../src/kernel/auth/test-support.ts';
import { FakeClock } from '../src/kernel/clock.ts';
import { activate, browserSkip, expectNoAxeViolations, typeInto, useE2E } from './support/index.ts';

/** The app's clock drives TOTP steps; the test computes codes for it independently with otplib. */
const clock = new FakeClock(new Date());
const codeFor = (secret: string) => generateSync({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

describe('journey: staff login with TOTP (keyboard only)', { skip: browserSkip() }, () => {
  const e2e = useE2E({ env: { STAFF_TOTP_REQUIRED: 'true' }, clock });

  it('sets up TOTP on first login, then logs in with a code and sees the staff area', async () => {
    const { page, url, server } = e2e();
    const email = `sachbearbeitung.${Date.now()}@kreis.example`;
    await createAccount(server.t.kernel, {
      kind: 'staff',
      email,
      displayName: 'Sam Sachbearbeiter',
      roles: [{ role: 'tenant_admin', tenantId: 'rhein-kreis-neuss', orgUnitId: null }],
    });

    // First login: the second factor is required, so the setup page comes next.
    await page.goto(url('/verwaltung/anmelden'));
    await expectNoAxeViolations(page, 'staff login');
    await typeInto(page, 'E-Mail-Adresse', email);
    await typeInto(page, 'Passwort', TEST_PASSWORD);
    await activate(page, page.getByRole('button', { name: 'Anmelden' }));
    assert.equal(new URL(page.url()).pathname, '/verwaltung/konto/zwei-faktor');
    await expectNoAxeViolations(page, 'TOTP setup');
    const secret = (await page.locator('#totp-key').textContent())!.replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    await typeInto(page, 'Sicherheitscode', codeFor(secret));
    await activate(page, page.getByRole('button', { name: 'Einschalten' }));
    assert.equal(new URL(page.url()).pathname, '/verwaltung/konto');
    await expectNoAxeViolations(page, 'staff account');

    await activate(
      page,
      page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Abmelden' }),
    );
    await expectNoAxeViolations(page, 'logout');
    await activate(page, page.getByRole('main').getByRole('button', { name: 'Abmelden' }));
    assert.equal(new URL(page.url()).pathname, '/verwaltung/anmelden');
    await expectNoAxeViolations(page, 'logged out');

    // Second login, a time step later (a code is never accepted twice).
    clock.advance(30_000);
    await typeInto(page, 'E-Mail-Adresse', email);
    await typeInto(page, 'Passwort', TEST_PASSWORD);
    await activate(page, page.getByRole('button', { name: 'Anmelden' }));
    assert.equal(new URL(page.url()).pathname, '/verwaltung/anmelden/zweiter-faktor');
    await expectNoAxeViolations(page, 'second factor');
    // Without the code, the staff area stays closed.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const early = await server.t.app.inject({ url: '/verwaltung', headers: { cookie } });
    assert.ok(
      [303, 403].includes(early.statusCode),
      `staff area before the second factor answered ${early.statusCode}`,
    );

    await typeInto(page, 'Sicherheitscode', '000000' === codeFor(secret) ? '111111' : '000000');
    await activate(page, page.getByRole('button', { name: 'Bestätigen' }));
    await expectNoAxeViolations(page, 'second factor, wrong code');
    assert.ok(await page.locator('#error-summary').isVisible());

    await typeInto(page, 'Sicherheitscode', codeFor(secret));
    await activate(page, page.getByRole('button', { name: 'Bestätigen' }));
    assert.equal(new URL(page.url()).pathname, '/verwaltung');
    await expectNoAxeViolations(page, 'staff area');
    assert.ok(
      await page
        .getByRole('navigation', { name: 'Hauptnavigation' })
        .getByRole('link', { name: 'Verwaltung' })
        .isVisible(),
    );
    e2e().assertClean();
  });
});
