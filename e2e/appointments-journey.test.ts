import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../src/kernel/auth/test-support.ts';
import { FakeClock } from '../src/kernel/clock.ts';
import type { StoredMail } from '../src/kernel/mail/index.ts';
import { findLocationBySlug } from '../src/modules/appointments/api.ts';
import { bookDirect } from '../src/modules/appointments/commands/booking.ts';
import { selectServices } from '../src/modules/appointments/db/queries.ts';
import { berlinInstant } from '../src/modules/appointments/time.ts';
import { formatBookingCode } from '../src/modules/appointments/tokens.ts';
import { seedDemoData } from '../src/modules/appointments/commands/seed.ts';
import { parseIcs } from '../src/modules/appointments/test/ics-parser.ts';
import type { Page } from 'playwright-core';
import {
  activate,
  assertFocusVisible,
  focused,
  browserSkip,
  expectNoAxeViolations,
  linksIn,
  tabTo,
  typeInto,
  useE2E,
  waitForMail,
} from './support/index.ts';

/** The one VEVENT of a mail's termin.ics attachment, checked strictly, with its iTIP method. */
function mailIcs(mail: StoredMail, method: 'PUBLISH' | 'CANCEL') {
  const file = mail.attachments.find((a) => a.filename === 'termin.ics');
  assert.ok(file, `no termin.ics in "${mail.subject}"`);
  assert.equal(file.contentType, `text/calendar; charset=utf-8; method=${method}`);
  const cal = parseIcs(file.content.toString('utf8'));
  assert.equal(cal.props.METHOD, method);
  assert.equal(cal.events.length, 1);
  return cal.events[0]!;
}

/** Radio groups take one Tab stop; the arrow keys move (and check) within the group. */
async function chooseRadio(page: Page, name: string): Promise<void> {
  await tabTo(page, page.getByRole('radio').first());
  for (let i = 0; i < 80; i++) {
    if ((await focused(page))?.name === name) {
      await assertFocusVisible(page);
      await page.keyboard.press(' ');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  assert.fail(`no radio "${name}"`);
}

describe(
  'journey: book, confirm by mail, ICS, reschedule, cancel (keyboard only)',
  { skip: browserSkip() },
  () => {
    // Monday 23 November 2026, 08:00 Berlin; nothing here advances it.
    const clock = new FakeClock(new Date('2026-11-23T08:00:00+01:00'));
    const e2e = useE2E({ clock, env: { APPOINTMENTS_ALTCHA_MAX_NUMBER: '2000' } });
    before(async () => {
      await seedDemoData(e2e().server.t.kernel);
    });

    it('books a yellow-fever vaccination at the Gesundheitsamt end to end', async () => {
      const { page, url, server, baseUrl } = e2e();
      const kernel = server.t.kernel;

      await page.goto(url('/termine'));
      await expectNoAxeViolations(page, 'services');
      await tabTo(page, /^Gelbfieber-Impfung/);
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('select[name="n.gelbfieber-impfung"]').inputValue(), '1');
      await activate(page, page.getByRole('button', { name: 'Weiter zur Standortwahl' }));
      assert.equal(new URL(page.url()).pathname, '/termine/ort');
      await expectNoAxeViolations(page, 'offices');

      await activate(page, page.getByRole('link', { name: 'Freie Termine in Gesundheitsamt Neuss ansehen' }));
      await expectNoAxeViolations(page, 'calendar');
      await activate(page, page.getByRole('link', { name: 'Listenansicht' }));
      await expectNoAxeViolations(page, 'list view');
      await activate(
        page,
        page.getByRole('link', { name: /^Dienstag, 24\. November 2026: \d+ freie Zeiten$/ }),
      );
      await expectNoAxeViolations(page, 'times');

      await chooseRadio(page, 'Dienstag, 24. November 2026, 10:30 Uhr');
      assert.ok(
        await page.getByRole('radio', { name: 'Dienstag, 24. November 2026, 10:30 Uhr' }).isChecked(),
      );
      // The button waits for the local ALTCHA solver, then submits.
      await activate(page, page.getByRole('button', { name: 'Uhrzeit reservieren und weiter' }));
      await page.waitForURL(/\/termine\/angaben\//, { timeout: 60_000 });
      await expectNoAxeViolations(page, 'contact');

      await typeInto(page, /^Vor- und Nachname/, 'Erika Mustermann');
      await typeInto(page, /^E-Mail-Adresse/, 'erika@example.org');
      await activate(page, page.getByRole('button', { name: 'Termin verbindlich buchen' }));
      await expectNoAxeViolations(page, 'booked, waiting for confirmation');
      assert.ok(await page.getByText('Bitte bestätigen Sie Ihren Termin').first().isVisible());
      const manageUrl = page.url().replace(/\?.*$/, '');
      assert.match(manageUrl, /\/termine\/verwalten\/[A-Za-z0-9_-]{43}$/);
      assert.equal(await page.evaluate(() => window.localStorage.length), 0, 'nothing kept in localStorage');

      // Confirm with the link from the mail.
      const mail = await waitForMail(kernel, 'erika@example.org', {
        subject: /^Bitte bestätigen Sie Ihren Termin/,
      });
      const confirmLink = linksIn(mail, baseUrl).find((l) => l.includes('/termine/bestaetigen/'))!;
      await page.goto(confirmLink);
      await expectNoAxeViolations(page, 'confirm');
      await activate(page, page.getByRole('button', { name: 'Termin bestätigen' }));
      await expectNoAxeViolations(page, 'confirmed');
      assert.ok(await page.getByText('Vielen Dank, Ihr Termin ist bestätigt.').isVisible());
      const code = (await page.locator('.ok-booking-code').textContent())!;
      assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      assert.ok(
        await page
          .getByRole('img', { name: new RegExp(`QR-Code zum Einchecken mit dem Buchungscode ${code}`) })
          .isVisible(),
      );
      const confirmed = await waitForMail(kernel, 'erika@example.org', { subject: /^Terminbestätigung/ });

      // The calendar file (attached to the mail and downloadable) is valid iCalendar.
      const attached = mailIcs(confirmed, 'PUBLISH');
      assert.equal(attached.DTSTART, '20261124T093000Z');
      assert.equal(attached.SEQUENCE, '0');
      const ics = await page.request.get(`${manageUrl}/termin.ics`);
      assert.equal(ics.status(), 200);
      const cal = parseIcs(await ics.text());
      assert.equal(cal.events[0]!.DTSTART, '20261124T093000Z');
      assert.equal(cal.events[0]!.UID, attached.UID);
      assert.match(cal.events[0]!.DESCRIPTION!, new RegExp(`Buchungscode: ${code}`));

      // Reschedule to Wednesday.
      await activate(page, page.getByRole('link', { name: 'Termin verschieben' }));
      await expectNoAxeViolations(page, 'reschedule calendar');
      await activate(
        page,
        page.getByRole('link', { name: /^Mittwoch, 25\. November 2026: \d+ freie Zeiten$/ }),
      );
      await expectNoAxeViolations(page, 'reschedule times');
      await chooseRadio(page, 'Mittwoch, 25. November 2026, 09:00 Uhr');
      await activate(page, page.getByRole('button', { name: 'Auf diese Uhrzeit verschieben' }));
      await expectNoAxeViolations(page, 'rescheduled');
      assert.ok(await page.getByText('Ihr Termin wurde verschoben.').isVisible());
      const movedIcs = mailIcs(
        await waitForMail(kernel, 'erika@example.org', { subject: /^Termin verschoben/ }),
        'PUBLISH',
      );
      assert.equal(movedIcs.UID, attached.UID);
      assert.equal(movedIcs.SEQUENCE, '1');
      assert.equal(movedIcs.DTSTART, '20261125T080000Z');
      assert.ok(
        await page
          .getByText(/Mittwoch, 25\. November 2026, 09:00 Uhr/)
          .first()
          .isVisible(),
      );

      // Cancel.
      await activate(page, page.getByRole('link', { name: 'Termin absagen' }));
      await expectNoAxeViolations(page, 'cancel');
      await activate(page, page.getByRole('button', { name: 'Ja, Termin absagen' }));
      await expectNoAxeViolations(page, 'cancelled');
      assert.ok(await page.getByText('Ihr Termin wurde abgesagt.').isVisible());
      const cancelIcs = mailIcs(
        await waitForMail(kernel, 'erika@example.org', { subject: /^Termin abgesagt/ }),
        'CANCEL',
      );
      assert.equal(cancelIcs.UID, attached.UID);
      assert.equal(cancelIcs.SEQUENCE, '2');
      assert.equal(cancelIcs.STATUS, 'CANCELLED');
      e2e().assertClean();
    });

    it('staff: day view, arrived by keyboard, statistics (axe on every page)', async () => {
      const { page, url, server } = e2e();
      const kernel = server.t.kernel;
      const loc = (await findLocationBySlug(kernel, 'strassenverkehrsamt-neuss'))!;
      const zul = (await selectServices(kernel.db.pool)).find((s) => s.key === 'kfz-zulassung')!.id;
      const booked = await bookDirect(kernel, {
        locationId: loc.id,
        lines: [{ serviceId: zul, quantity: 2 }],
        startsAt: berlinInstant('2026-11-24', 9 * 60),
        audience: 'public',
        lang: 'de',
        contact: { name: 'Kim Muster', email: 'kim@example.org', phone: null },
        accountId: null,
        bookedByStaff: null,
      });
      assert.ok(booked.ok);
      const code = formatBookingCode(booked.appointment.bookingCode);
      const unit = (await kernel.tenants.orgUnits('rhein-kreis-neuss')).find(
        (u) => u.slug === 'strassenverkehrsamt',
      )!;
      const clerk = await createAccount(kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: 'rhein-kreis-neuss', orgUnitId: unit.id }],
      });
      const [name, value] = (await loginAs(kernel, clerk)).split('=') as [string, string];
      await page.context().addCookies([{ name, value, url: url('/') }]);

      await page.goto(url('/verwaltung/termine'));
      await expectNoAxeViolations(page, 'staff index');
      await activate(page, page.getByRole('link', { name: 'Straßenverkehrsamt Neuss' }));
      await expectNoAxeViolations(page, 'staff day view (today)');
      await activate(page, page.getByRole('link', { name: 'Nächster Tag' }));
      await expectNoAxeViolations(page, 'staff day view');
      await activate(page, page.getByRole('button', { name: `Erschienen: ${code}` }));
      await expectNoAxeViolations(page, 'after arrived');
      const { rows } = await kernel.db.pool.query(
        'select status from appointments.appointments where id = $1',
        [booked.appointment.id],
      );
      assert.equal(rows[0].status, 'arrived');
      await activate(page, page.getByRole('link', { name: 'Wochenansicht' }));
      await expectNoAxeViolations(page, 'staff week view');
      await activate(page, page.getByRole('link', { name: 'Statistik' }));
      await expectNoAxeViolations(page, 'statistics');

      // Opening rules: list, a new monthly rule by keyboard (first with an error), then saved.
      await page.goto(url('/verwaltung/termine/strassenverkehrsamt-neuss'));
      await expectNoAxeViolations(page, 'staff day view (again)');
      await activate(page, page.getByRole('link', { name: 'Öffnungszeiten und Schließtage' }));
      await expectNoAxeViolations(page, 'opening rules');
      await activate(page, page.getByRole('link', { name: 'Neue Regel anlegen' }));
      await expectNoAxeViolations(page, 'new rule');
      await tabTo(page, page.getByRole('radio', { name: 'Jede Woche' }));
      await page.keyboard.press('ArrowDown');
      assert.ok(await page.getByRole('radio', { name: 'Einmal im Monat' }).isChecked());
      await tabTo(page, page.getByRole('checkbox', { name: 'Samstag' }));
      await page.keyboard.press(' ');
      await typeInto(page, /^Von \(HH:MM\)/, '09:00');
      await typeInto(page, /^Bis \(HH:MM\)/, '11:00');
      await activate(page, page.getByRole('button', { name: 'Regel speichern' }));
      await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
      await expectNoAxeViolations(page, 'new rule with an error');
      assert.ok(await page.getByRole('link', { name: 'Bitte wählen Sie die Woche im Monat.' }).isVisible());
      assert.equal(await page.locator('#f-start').inputValue(), '09:00', 'typed values kept');
      await tabTo(page, page.getByRole('combobox', { name: /^Welche Woche im Monat\?/ }));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.locator('#f-nth').inputValue(), '2');
      await activate(page, page.getByRole('button', { name: 'Regel speichern' }));
      await page.getByText(/^Regel gespeichert\./).waitFor();
      await expectNoAxeViolations(page, 'rules after saving');
      assert.ok(await page.getByText('Zweite im Monat').isVisible());
      // Deleting asks first (with the number of booked appointments affected).
      await activate(page, page.getByRole('link', { name: 'Löschen: Samstag, 09:00–11:00' }));
      await expectNoAxeViolations(page, 'delete rule?');
      await activate(page, page.getByRole('button', { name: 'Regel endgültig löschen' }));
      await page.getByText(/^Regel gelöscht\./).waitFor();
      await expectNoAxeViolations(page, 'rules after deleting');
      // A change that leaves a booked appointment without a place warns first, then mails.
      const saturday = await bookDirect(kernel, {
        locationId: loc.id,
        lines: [{ serviceId: zul, quantity: 1 }],
        startsAt: berlinInstant('2026-12-05', 11 * 60),
        audience: 'public',
        lang: 'de',
        contact: { name: 'Sam Samstag', email: 'sam@example.org', phone: null },
        accountId: null,
        bookedByStaff: null,
      });
      assert.ok(saturday.ok);
      await activate(page, page.getByRole('link', { name: 'Bearbeiten: Samstag, 09:00–12:00' }));
      await expectNoAxeViolations(page, 'edit rule');
      await typeInto(page, /^Bis \(HH:MM\)/, '10:00');
      await activate(page, page.getByRole('button', { name: 'Regel speichern' }));
      await page.getByRole('heading', { name: 'Änderung speichern?' }).waitFor();
      await expectNoAxeViolations(page, 'change rule?');
      assert.ok(await page.getByText(/Sam Samstag/).isVisible());
      await activate(
        page,
        page.getByRole('button', { name: 'Trotzdem speichern und Betroffene benachrichtigen' }),
      );
      await page.getByText(/^Regel gespeichert\. Betroffene Termine: 1/).waitFor();
      await expectNoAxeViolations(page, 'rules after the change');
      await waitForMail(kernel, 'sam@example.org', { subject: /^Bitte verschieben Sie Ihren Termin/ });
      e2e().assertClean();
    });
  },
);
