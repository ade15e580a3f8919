import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { findLocationBySlug } from '../api.ts';
import { bookDirect, cancelAppointment, completeHold, holdSlot } from '../commands/booking.ts';
import { sendDueReminders } from '../commands/reminders.ts';
import { seedDemoData } from '../commands/seed.ts';
import { selectServices } from '../db/queries.ts';
import { freeCalendar } from '../queries/calendar.ts';
import { berlinInstant } from '../time.ts';

const MIN = 60_000;

describe('time rules with a fake clock', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-23T08:00:00+01:00'));
  let dormagen: string;
  let abmeldung: string;
  const contact = (email: string) => ({ name: 'Test', email, phone: null });
  before(async () => {
    t = await createTestApp({
      clock,
      env: {
        APPOINTMENTS_HOLD_MINUTES: '10',
        APPOINTMENTS_RELEASE_DELAY_MINUTES: '30',
        APPOINTMENTS_MAX_ACTIVE_PER_EMAIL: '2',
        APPOINTMENTS_EMAIL_ALLOW_LIST: '@fahrschule.example, haendler@example.org',
        APPOINTMENTS_REMINDER_HOURS: '24',
      },
    });
    await seedDemoData(t.kernel);
    dormagen = (await findLocationBySlug(t.kernel, 'strassenverkehrsamt-dormagen'))!.id;
    abmeldung = (await selectServices(t.kernel.db.pool)).find((s) => s.key === 'kfz-abmeldung')!.id;
  });
  after(async () => t.close());

  const free = async (day: string, at: number) => {
    const cal = await freeCalendar(t.kernel, dormagen, [{ serviceId: abmeldung, quantity: 1 }], {
      from: day,
      to: day,
    });
    assert.ok(cal.ok);
    return (
      cal.days[0]?.slots.find((s) => s.startsAt.getTime() === berlinInstant(day, at).getTime())?.free ?? 0
    );
  };
  const lines = () => [{ serviceId: abmeldung, quantity: 1 }];

  it('a hold takes the place at once and releases it after the hold time; completing late is refused', async () => {
    const startsAt = berlinInstant('2026-11-25', 9 * 60);
    assert.equal(await free('2026-11-25', 9 * 60), 2);
    const h1 = await holdSlot(t.kernel, {
      locationId: dormagen,
      lines: lines(),
      startsAt,
      audience: 'public',
      lang: 'de',
    });
    const h2 = await holdSlot(t.kernel, {
      locationId: dormagen,
      lines: lines(),
      startsAt,
      audience: 'public',
      lang: 'de',
    });
    assert.ok(h1.ok && h2.ok);
    assert.equal(await free('2026-11-25', 9 * 60), 0);
    const h3 = await holdSlot(t.kernel, {
      locationId: dormagen,
      lines: lines(),
      startsAt,
      audience: 'public',
      lang: 'de',
    });
    assert.deepEqual(h3, { ok: false, reason: 'taken' });
    clock.advance(9 * MIN);
    assert.ok(
      (
        await completeHold(t.kernel, h1.token, {
          contact: contact('a@example.org'),
          accountId: null,
          lang: 'de',
        })
      ).ok,
    );
    clock.advance(2 * MIN);
    assert.deepEqual(
      await completeHold(t.kernel, h2.token, {
        contact: contact('b@example.org'),
        accountId: null,
        lang: 'de',
      }),
      {
        ok: false,
        reason: 'hold_expired',
      },
    );
    assert.equal(await free('2026-11-25', 9 * 60), 1, 'the expired hold is free again, the booking is not');
  });

  it('a cancelled appointment becomes bookable only after the release delay', async () => {
    const startsAt = berlinInstant('2026-11-26', 9 * 60);
    const book = (email: string) =>
      bookDirect(t.kernel, {
        locationId: dormagen,
        lines: lines(),
        startsAt,
        audience: 'public',
        lang: 'de',
        contact: contact(email),
        accountId: null,
        bookedByStaff: null,
      });
    const a = await book('c@example.org');
    const b = await book('d@example.org');
    assert.ok(a.ok && b.ok);
    assert.deepEqual(await book('e@example.org'), { ok: false, reason: 'taken' });
    assert.ok((await cancelAppointment(t.kernel, { token: a.token })).ok);
    assert.equal(await free('2026-11-26', 9 * 60), 0, 'not free right after the cancellation');
    assert.deepEqual(await book('e@example.org'), { ok: false, reason: 'taken' });
    clock.advance(29 * MIN);
    assert.equal(await free('2026-11-26', 9 * 60), 0);
    clock.advance(2 * MIN);
    assert.equal(await free('2026-11-26', 9 * 60), 1);
    assert.ok((await book('e@example.org')).ok);
    const mails = await t.kernel.mail.recent({ to: 'c@example.org' });
    assert.match(mails[0]!.subject, /^Termin abgesagt/);
  });

  it('cancelling is refused once the appointment has started', async () => {
    const startsAt = berlinInstant('2026-11-27', 9 * 60);
    const a = await bookDirect(t.kernel, {
      locationId: dormagen,
      lines: lines(),
      startsAt,
      audience: 'public',
      lang: 'de',
      contact: contact('late@example.org'),
      accountId: null,
      bookedByStaff: null,
    });
    assert.ok(a.ok);
    const saved = clock.now();
    clock.set(new Date(startsAt.getTime() + MIN));
    assert.deepEqual(await cancelAppointment(t.kernel, { token: a.token }), {
      ok: false,
      reason: 'too_late',
    });
    clock.set(saved);
  });

  it('at most two active appointments per e-mail address, except on the allow-list', async () => {
    const book = (email: string, hour: number) =>
      bookDirect(t.kernel, {
        locationId: dormagen,
        lines: lines(),
        startsAt: berlinInstant('2026-12-01', Math.round(hour * 60)),
        audience: 'public',
        lang: 'de',
        contact: contact(email),
        accountId: null,
        bookedByStaff: null,
      });
    assert.ok((await book('Max@Example.org', 8)).ok);
    assert.ok((await book('max@example.org', 9)).ok);
    assert.deepEqual(await book('MAX@example.org', 10), { ok: false, reason: 'limit_reached' });
    for (const h of [8, 9, 10]) assert.ok((await book('info@fahrschule.example', h)).ok);
    for (const h of [10, 11, 11.5]) assert.ok((await book('haendler@example.org', h)).ok, `haendler ${h}`);
    assert.ok((await book('other@example.org', 11)).ok);
    assert.deepEqual(
      await book('third@example.org', 11),
      { ok: false, reason: 'taken' },
      'two places per slot',
    );
  });

  it('sends each reminder once, within the lead time', async () => {
    const startsAt = berlinInstant('2026-12-03', 11 * 60);
    const a = await bookDirect(t.kernel, {
      locationId: dormagen,
      lines: lines(),
      startsAt,
      audience: 'public',
      lang: 'de',
      contact: contact('remind@example.org'),
      accountId: null,
      bookedByStaff: null,
    });
    assert.ok(a.ok);
    clock.set(new Date(startsAt.getTime() - 25 * 3_600_000));
    await sendDueReminders(t.kernel);
    assert.equal(
      (await t.kernel.mail.recent({ to: 'remind@example.org' })).filter((m) =>
        m.subject.startsWith('Erinnerung'),
      ).length,
      0,
    );
    clock.set(new Date(startsAt.getTime() - 23 * 3_600_000));
    await sendDueReminders(t.kernel);
    await sendDueReminders(t.kernel);
    const reminders = (await t.kernel.mail.recent({ to: 'remind@example.org' })).filter((m) =>
      m.subject.startsWith('Erinnerung'),
    );
    assert.equal(reminders.length, 1);
    assert.match(reminders[0]!.text, /Donnerstag, 3\. Dezember 2026, 11:00 Uhr/);
    assert.match(reminders[0]!.text, /\/termine\/verwalten\/[A-Za-z0-9_-]{43}/);
  });
});
