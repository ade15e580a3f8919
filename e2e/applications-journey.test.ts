import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activate, browserSkip, expectNoAxeViolations, tabTo, typeInto, useE2E } from './support/index.ts';

describe('journey: online application with fee (keyboard only)', { skip: browserSkip() }, () => {
  const e2e = useE2E();

  it('start → steps (with a 422) → check answers → declaration → test cashier → confirmation', async () => {
    const { page, url, server } = e2e();
    const path = () => new URL(page.url()).pathname;

    await page.goto(url('/antraege/reitkennzeichen'));
    await expectNoAxeViolations(page, 'start page');
    await activate(page, page.getByRole('button', { name: 'Antrag starten' }));
    assert.match(path(), /\/schritt\/halter$/);
    await expectNoAxeViolations(page, 'step 1');

    // Sent incomplete: 422, the summary has focus, typed text stays.
    await typeInto(page, /^Vorname/, 'Rita');
    await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
    assert.match(await page.title(), /^Fehler/);
    await expectNoAxeViolations(page, 'step 1 with errors');
    assert.equal(await page.getByLabel(/^Vorname/).inputValue(), 'Rita');

    await typeInto(page, /^Nachname/, 'Reiter');
    await typeInto(page, /^Straße/, 'Oberstraße');
    await typeInto(page, /^Hausnummer/, '91');
    await typeInto(page, /^Postleitzahl/, '41460');
    await typeInto(page, /^Ort/, 'Neuss');
    await typeInto(page, /^E-Mail-Adresse/, 'rita@example.org');
    await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
    assert.match(path(), /\/schritt\/pferde$/);
    await expectNoAxeViolations(page, 'horses');

    await typeInto(page, /^Name des Pferdes/, 'Fee');
    await typeInto(page, /^Geburtsjahr/, '2015');
    await tabTo(page, page.getByRole('radio', { name: 'Stute' }));
    await page.keyboard.press(' ');
    // A second horse without JavaScript: the "add" button posts and the page comes back.
    await activate(page, page.getByRole('button', { name: 'Weiteres Pferd hinzufügen' }));
    await expectNoAxeViolations(page, 'two horses');
    await tabTo(page, page.getByRole('group', { name: 'Pferd 2' }).getByLabel(/^Name des Pferdes/));
    await page.keyboard.type('Max');
    await tabTo(page, page.getByRole('group', { name: 'Pferd 2' }).getByLabel(/^Geburtsjahr/));
    await page.keyboard.type('2010');
    // Radios are one tab stop; the arrow keys choose within the group.
    await tabTo(page, page.getByRole('group', { name: 'Pferd 2' }).getByRole('radio', { name: 'Stute' }));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.ok(
      await page.getByRole('group', { name: 'Pferd 2' }).getByRole('radio', { name: 'Wallach' }).isChecked(),
    );
    await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
    assert.match(path(), /\/schritt\/zahlung$/, await page.locator('main').innerText());
    await expectNoAxeViolations(page, 'refund step');
    await typeInto(page, /^IBAN/, 'DE89 3704 0044 0532 0130 00');
    await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
    assert.match(path(), /\/pruefen$/);
    await expectNoAxeViolations(page, 'check your answers');
    assert.ok(await page.getByText('60,00 €').first().isVisible(), 'two horses × 30 €');

    await activate(page, page.getByRole('link', { name: 'Weiter zur Erklärung' }));
    await expectNoAxeViolations(page, 'declaration');
    await tabTo(page, page.getByRole('checkbox', { name: /Ich versichere/ }));
    await page.keyboard.press(' ');
    await tabTo(page, page.getByRole('checkbox', { name: /Datenschutzhinweise/ }));
    await page.keyboard.press(' ');
    await activate(page, page.getByRole('button', { name: 'Absenden und weiter zur Zahlung' }));
    assert.match(path(), /^\/antraege\/zahlung\/A-/);
    await expectNoAxeViolations(page, 'payment');
    await activate(page, page.getByRole('button', { name: 'Jetzt bezahlen' }));
    assert.match(path(), /^\/antraege\/testkasse\//);
    await expectNoAxeViolations(page, 'test cashier');
    await activate(page, page.getByRole('button', { name: 'Bezahlen', exact: true }));
    assert.match(path(), /\/bestaetigung$/);
    await expectNoAxeViolations(page, 'confirmation');
    const reference = await page.locator('#reference').textContent();
    assert.match(reference ?? '', /^A-[CDFHJKMNPRTVWXY3479]{4}-[CDFHJKMNPRTVWXY3479]{4}$/);
    const { rows } = await server.t.kernel.db.pool.query<{ status: string; payment_status: string }>(
      'select status, payment_status from applications.submissions where reference = $1',
      [reference],
    );
    assert.deepEqual(rows[0], { status: 'submitted', payment_status: 'paid' });
    e2e().assertClean();
  });
});
