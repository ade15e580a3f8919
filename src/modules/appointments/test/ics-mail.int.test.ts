import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import type { StoredMail } from '../../../kernel/mail/index.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { findLocationBySlug } from '../api.ts';
import { bookDirect, cancelAppointment, rescheduleAppointment } from '../commands/booking.ts';
import { seedDemoData } from '../commands/seed.ts';
import { selectServices } from '../db/queries.ts';
import { berlinInstant } from '../time.ts';
import { parseIcs } from './ics-parser.ts';

/** The one calendar attachment of a mail, parsed strictly. */
function icsOf(mail: StoredMail) {
  assert.equal(mail.attachments.length, 1, `${mail.subject} has one attachment`);
  const [file] = mail.attachments;
  assert.equal(file!.filename, 'termin.ics');
  const text = file!.content.toString('utf8');
  const parsed = parseIcs(text);
  assert.equal(parsed.events.length, 1);
  return { contentType: file!.contentType, props: parsed.props, event: parsed.events[0]! };
}

/** "20261125T080000Z" → the same instant as a Date. */
function icsInstant(v: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
  assert.ok(m, v);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

describe('calendar file in the appointment mails', () => {
  let t: TestApp;
  // Monday 23 November 2026, 08:00 Berlin.
  const clock = new FakeClock(new Date('2026-11-23T08:00:00+01:00'));
  let dormagen: string;
  let neussHealth: string;
  let services: Awaited<ReturnType<typeof selectServices>>;
  before(async () => {
    t = await createTestApp({ clock });
    await seedDemoData(t.kernel);
    dormagen = (await findLocationBySlug(t.kernel, 'strassenverkehrsamt-dormagen'))!.id;
    neussHealth = (await findLocationBySlug(t.kernel, 'gesundheitsamt-neuss'))!.id;
    services = await selectServices(t.kernel.db.pool);
  });
  after(async () => t.close());

  const service = (key: string) => services.find((s) => s.key === key)!.id;

  it('confirmation, reschedule and cancel mails carry a valid ICS: same UID, rising SEQUENCE, Berlin times, CANCEL at the end', async () => {
    const email = 'ics@example.org';
    // 09:00 and 10:30 Berlin time (CET, UTC+1) on Wednesday and Thursday.
    const first = berlinInstant('2026-11-25', 9 * 60);
    const booked = await bookDirect(t.kernel, {
      locationId: dormagen,
      lines: [{ serviceId: service('kfz-abmeldung'), quantity: 1 }],
      startsAt: first,
      audience: 'public',
      lang: 'de',
      contact: { name: 'Ina; Test, Jr.', email, phone: null },
      accountId: null,
      bookedByStaff: null,
    });
    assert.ok(booked.ok, JSON.stringify(booked));
    const [confirmation] = await t.kernel.mail.recent({ to: email });
    assert.match(confirmation!.subject, /^Terminbestätigung/);
    const c1 = icsOf(confirmation!);
    assert.equal(c1.contentType, 'text/calendar; charset=utf-8; method=PUBLISH');
    assert.equal(c1.props.METHOD, 'PUBLISH');
    assert.equal(c1.event.DTSTART, '20261125T080000Z');
    assert.equal(icsInstant(c1.event.DTSTART).getTime(), first.getTime());
    assert.equal(icsInstant(c1.event.DTEND!).getTime(), booked.appointment.endsAt.getTime());
    assert.equal(c1.event.STATUS, 'CONFIRMED');
    assert.equal(c1.event.SEQUENCE, '0');
    assert.match(c1.event.UID!, new RegExp(`^${booked.appointment.id}@`));
    assert.match(c1.event.ORGANIZER!, /^mailto:/);
    assert.match(c1.event.LOCATION!, /Straßenverkehrsamt Dormagen/);
    assert.ok(c1.event.DESCRIPTION!.includes(`/termine/verwalten/${booked.token}`));
    assert.match(confirmation!.text, /termin\.ics/);

    const second = berlinInstant('2026-11-26', 10 * 60 + 30);
    const moved = await rescheduleAppointment(t.kernel, booked.token, second);
    assert.ok(moved.ok, JSON.stringify(moved));
    const [rescheduled] = await t.kernel.mail.recent({ to: email });
    assert.match(rescheduled!.subject, /^Termin verschoben/);
    const c2 = icsOf(rescheduled!);
    assert.equal(c2.props.METHOD, 'PUBLISH');
    assert.equal(c2.event.UID, c1.event.UID);
    assert.equal(c2.event.SEQUENCE, '1');
    assert.equal(c2.event.DTSTART, '20261126T093000Z');
    assert.equal(icsInstant(c2.event.DTSTART).getTime(), second.getTime());

    // The download on the manage page is the same revision.
    const download = await t.app.inject({ url: `/termine/verwalten/${booked.token}/termin.ics` });
    assert.equal(download.statusCode, 200);
    const d = parseIcs(download.body).events[0]!;
    assert.equal(d.UID, c1.event.UID);
    assert.equal(d.SEQUENCE, '1');

    const cancelled = await cancelAppointment(t.kernel, { token: booked.token });
    assert.ok(cancelled.ok);
    const [cancelMail] = await t.kernel.mail.recent({ to: email });
    assert.match(cancelMail!.subject, /^Termin abgesagt/);
    const c3 = icsOf(cancelMail!);
    assert.equal(c3.contentType, 'text/calendar; charset=utf-8; method=CANCEL');
    assert.equal(c3.props.METHOD, 'CANCEL');
    assert.equal(c3.event.UID, c1.event.UID);
    assert.equal(c3.event.SEQUENCE, '2');
    assert.equal(c3.event.STATUS, 'CANCELLED');
    assert.equal(c3.event.DTSTART, c2.event.DTSTART);
    assert.equal(c3.event.ATTENDEE, `mailto:${email}`);
    assert.ok(c3.event.ORGANIZER);
    assert.equal((await t.kernel.mail.recent({ to: email })).length, 3);
  });

  it('anonymous HIV/STI counselling sends no mail at all', async () => {
    const before = await t.kernel.mail.count();
    const anon = await bookDirect(t.kernel, {
      locationId: neussHealth,
      lines: [{ serviceId: service('hiv-sti-beratung'), quantity: 1 }],
      startsAt: berlinInstant('2026-11-25', 10 * 60),
      audience: 'public',
      lang: 'de',
      contact: { name: null, email: 'should-not@example.org', phone: null },
      accountId: null,
      bookedByStaff: null,
    });
    assert.ok(anon.ok, JSON.stringify(anon));
    assert.equal(anon.appointment.email, null);
    assert.equal(await t.kernel.mail.count(), before);
  });
});
