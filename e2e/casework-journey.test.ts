import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createAccount, loginAs } from '../src/kernel/auth/test-support.ts';
import { pdfInfo, TINY_PDF } from '../src/modules/casework/test/helpers.ts';
import {
  activate,
  browserSkip,
  expectNoAxeViolations,
  tabTo,
  typeInto,
  useE2E,
  waitForMail,
} from './support/index.ts';

/** A 1×1 PNG (the passport photo). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function signIn(page: Page, cookie: string, url: string) {
  const [name, value] = cookie.split('=') as [string, string];
  await page.context().addCookies([{ name, value, url }]);
}

describe(
  'journey: apply → pay → request for information → answer → notice in the postbox (keyboard only)',
  { skip: browserSkip() },
  () => {
    const e2e = useE2E();

    it('runs from the service finder to the notice PDF whose text can be extracted', async () => {
      const { page, url, server, newBrowser } = e2e();
      const k = server.t.kernel;
      const path = () => new URL(page.url()).pathname;
      const citizenId = await createAccount(k, {
        kind: 'citizen',
        displayName: 'Fritz Fischer',
        email: 'fritz.fischer@example.org',
      });
      await signIn(page, await loginAs(k, citizenId), url('/'));

      // 1. Find the service.
      await page.goto(url('/leistungen'));
      await expectNoAxeViolations(page, 'service finder');
      await typeInto(page, /^Suchbegriff/, 'Fischereischein');
      await activate(page, page.getByRole('button', { name: 'Suchen' }));
      await expectNoAxeViolations(page, 'finder results');
      await activate(
        page,
        page
          .getByRole('main')
          .getByRole('link', { name: /Fischereischein/ })
          .first(),
      );
      await expectNoAxeViolations(page, 'service page');
      await activate(page, page.getByRole('link', { name: 'Jetzt online beantragen' }));
      await expectNoAxeViolations(page, 'application start');

      // 2. Apply with attachments and a fee.
      await activate(page, page.getByRole('button', { name: 'Antrag starten' }));
      await expectNoAxeViolations(page, 'step: person');
      await typeInto(page, /^Vorname/, 'Fritz');
      await typeInto(page, /^Nachname/, 'Fischer');
      const birth = page.getByRole('group', { name: /Geburtsdatum/ });
      await typeInto(page, birth.getByLabel(/Tag/), '14');
      await typeInto(page, birth.getByLabel(/Monat/), '3');
      await typeInto(page, birth.getByLabel(/Jahr/), '1980');
      await typeInto(page, /^Straße/, 'Rheinstraße');
      await typeInto(page, /^Hausnummer/, '7');
      await typeInto(page, /^Postleitzahl/, '41464');
      await typeInto(page, /^Ort/, 'Neuss');
      await typeInto(page, /^E-Mail-Adresse/, 'fritz.fischer@example.org');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await expectNoAxeViolations(page, 'step: licence');
      await tabTo(page, page.getByRole('radio', { name: '1 Jahr' }));
      await page.keyboard.press(' ');
      await typeInto(page, /^Jahr der Fischerprüfung/, '2019');
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      await expectNoAxeViolations(page, 'step: documents');
      // A file chooser cannot be driven by keys in a headless browser: the files are set on the
      // inputs, everything else is keyboard.
      await page
        .getByLabel(/^Passfoto/)
        .setInputFiles({ name: 'passfoto.png', mimeType: 'image/png', buffer: PNG });
      await page
        .getByLabel(/^Zeugnis über die Fischerprüfung/)
        .setInputFiles({ name: 'zeugnis.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
      await activate(page, page.getByRole('button', { name: 'Weiter', exact: true }));
      assert.match(path(), /\/pruefen$/, await page.locator('main').innerText());
      await expectNoAxeViolations(page, 'check your answers');
      await activate(page, page.getByRole('link', { name: 'Weiter zur Erklärung' }));
      await expectNoAxeViolations(page, 'declaration');
      await tabTo(page, page.getByRole('checkbox', { name: /Ich versichere/ }));
      await page.keyboard.press(' ');
      await tabTo(page, page.getByRole('checkbox', { name: /Datenschutzhinweise/ }));
      await page.keyboard.press(' ');
      await activate(page, page.getByRole('button', { name: 'Absenden und weiter zur Zahlung' }));
      await expectNoAxeViolations(page, 'payment');

      // 3. Pay in the test cashier.
      await activate(page, page.getByRole('button', { name: 'Jetzt bezahlen' }));
      await expectNoAxeViolations(page, 'test cashier');
      await activate(page, page.getByRole('button', { name: 'Bezahlen', exact: true }));
      await expectNoAxeViolations(page, 'confirmation');
      const reference = (await page.locator('#reference').textContent())!.trim();
      const { rows } = await k.db.pool.query<{
        id: string;
        org_unit_id: string;
        payment_status: string;
        tenant_id: string;
      }>('select id, org_unit_id, payment_status, tenant_id from casework.cases where reference = $1', [
        reference,
      ]);
      assert.equal(rows.length, 1, 'the submission became a case');
      const c = rows[0]!;
      assert.equal(c.payment_status, 'paid');
      const docs = await k.db.pool.query('select kind from casework.documents where case_id = $1', [c.id]);
      assert.equal(docs.rowCount, 2, 'both attachments are in the case');

      // 4. The clerk of the responsible unit asks for information.
      const clerkId = await createAccount(k, {
        kind: 'staff',
        displayName: 'Clara Sachbearbeiterin',
        roles: [{ role: 'clerk', tenantId: c.tenant_id, orgUnitId: c.org_unit_id }],
      });
      const staffBrowser = await newBrowser();
      const sp = staffBrowser.page;
      await signIn(sp, await loginAs(k, clerkId), url('/'));
      await sp.goto(url('/verwaltung/vorgaenge'));
      await expectNoAxeViolations(sp, 'staff inbox');
      await activate(sp, sp.getByRole('link', { name: reference }));
      await expectNoAxeViolations(sp, 'case page');
      await typeInto(sp, /^Ihre Frage/, 'Bitte senden Sie ein Foto ohne Kopfbedeckung.');
      await activate(sp, sp.getByRole('button', { name: 'Rückfrage senden' }));
      await expectNoAxeViolations(sp, 'case page after the request');
      await waitForMail(k, 'fritz.fischer@example.org', { subject: /Rückfrage/ });

      // 5. The citizen answers in the portal, with a file.
      await page.goto(url('/konto/antraege'));
      await expectNoAxeViolations(page, 'my applications');
      await activate(page, page.getByRole('link', { name: reference }));
      await expectNoAxeViolations(page, 'my application with the open request');
      await typeInto(page, /^Ihre Antwort/, 'Anbei das neue Foto.');
      await page
        .getByLabel(/^Unterlagen/)
        .setInputFiles({ name: 'foto-neu.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
      await activate(page, page.getByRole('button', { name: 'Antwort senden' }));
      await expectNoAxeViolations(page, 'my application after the answer');
      assert.ok(await page.getByText('Vielen Dank, Ihre Antwort ist eingegangen.').isVisible());

      // 6. The clerk decides; the notice is generated.
      await sp.reload();
      await expectNoAxeViolations(sp, 'case page with the answer');
      await tabTo(sp, sp.getByRole('radio', { name: 'Bewilligt' }));
      await sp.keyboard.press(' ');
      await activate(sp, sp.getByRole('button', { name: 'Entscheiden und Bescheid zustellen' }));
      await expectNoAxeViolations(sp, 'case page after the decision');
      assert.ok(await sp.getByText('Der Bescheid wurde erstellt und zugestellt.').isVisible());

      // 7. The notice is in the citizen's postbox; its text can be extracted.
      await page.goto(url('/konto'));
      await expectNoAxeViolations(page, 'my account');
      await activate(page, page.getByRole('link', { name: 'Postfach' }).last());
      await expectNoAxeViolations(page, 'postbox');
      const link = page.getByRole('link', { name: /Bescheid herunterladen/ });
      const href = await link.getAttribute('href');
      const res = await page.request.get(url(href!));
      assert.equal(res.status(), 200);
      assert.equal(res.headers()['content-type'], 'application/pdf');
      const info = await pdfInfo(await res.body());
      assert.ok(info.tagged);
      assert.match(info.text, new RegExp(reference));
      assert.match(info.text, /Fritz Fischer/);
      assert.match(info.text, /Verwaltungsgericht\s+Düsseldorf/);
      await activate(page, page.getByRole('button', { name: /Als gelesen markieren/ }));
      await expectNoAxeViolations(page, 'postbox after reading');
      e2e().assertClean();
    });
  },
);
