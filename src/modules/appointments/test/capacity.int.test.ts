import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import {
  appointmentsBetween,
  findAppointmentForCheckIn,
  findLocationBySlug,
  listLocations,
  markArrived,
} from '../api.ts';
import { bookDirect, holdSlot } from '../commands/booking.ts';
import { seedDemoData } from '../commands/seed.ts';
import { selectServices } from '../db/queries.ts';
import { berlinInstant } from '../time.ts';
import { formatBookingCode } from '../tokens.ts';

describe('capacity ledger and the public API', () => {
  let t: TestApp;
  // Saturday 21 November 2026, 09:00 Berlin.
  const clock = new FakeClock(new Date('2026-11-21T09:00:00+01:00'));
  let service: (key: string) => string;
  before(async () => {
    t = await createTestApp({ clock, env: { DB_POOL_SIZE: '20', APPOINTMENTS_MAX_ACTIVE_PER_EMAIL: '100' } });
    await seedDemoData(t.kernel);
    await seedDemoData(t.kernel); // idempotent
    const services = await selectServices(t.kernel.db.pool);
    service = (key) => services.find((s) => s.key === key)!.id;
  });
  after(async () => t.close());

  it('lists the demo locations with fixed slugs, and seeding twice creates nothing twice', async () => {
    const locations = await listLocations(t.kernel);
    const slugs = locations.map((l) => l.slug).sort();
    assert.deepEqual(slugs, [
      'bafoeg-neuss',
      'gesundheitsamt-neuss',
      'kreisjugendamt-grevenbroich',
      'strassenverkehrsamt-dormagen',
      'strassenverkehrsamt-grevenbroich',
      'strassenverkehrsamt-meerbusch',
      'strassenverkehrsamt-neuss',
    ]);
    const neuss = await findLocationBySlug(t.kernel, 'strassenverkehrsamt-neuss');
    assert.equal(neuss!.address.street, 'Jülicher Landstraße 178');
    assert.equal(neuss!.tenantId, 'rhein-kreis-neuss');
    assert.ok(neuss!.orgUnitId, 'linked to the org unit');
    assert.equal(await findLocationBySlug(t.kernel, 'nope'), null);
    assert.equal(await findLocationBySlug(t.kernel, "'; drop table x; --"), null);
    const { rows } = await t.kernel.db.pool.query('select count(*)::int as n from appointments.rules');
    assert.ok(rows[0].n > 0);
  });

  it('books, finds the appointment by code case-insensitively, lists it and marks it arrived', async () => {
    const loc = (await findLocationBySlug(t.kernel, 'strassenverkehrsamt-neuss'))!;
    const startsAt = berlinInstant('2026-11-24', 9 * 60 + 30);
    const res = await bookDirect(t.kernel, {
      locationId: loc.id,
      lines: [
        { serviceId: service('kfz-zulassung'), quantity: 2 },
        { serviceId: service('kfz-abmeldung'), quantity: 1 },
      ],
      startsAt,
      audience: 'public',
      lang: 'de',
      contact: { name: 'Kim Muster', email: 'kim@example.org', phone: null },
      accountId: null,
      bookedByStaff: null,
    });
    assert.ok(res.ok, JSON.stringify(res));
    const a = res.appointment;
    assert.equal(a.status, 'booked');
    assert.match(a.bookingCode, /^[ACDEFHJKMNPQRTUVWXY3479]{8}$/);
    // 2 × 2 slots + 1 slot of 15 minutes = 75 minutes.
    assert.equal(a.endsAt.getTime() - a.startsAt.getTime(), 75 * 60_000);

    const found = await findAppointmentForCheckIn(
      t.kernel,
      loc.id,
      formatBookingCode(a.bookingCode).toLowerCase(),
    );
    assert.equal(found!.id, a.id);
    assert.equal(found!.displayName, 'Kim Muster');
    assert.deepEqual(
      found!.services.map((s) => [s.key, s.quantity]),
      [
        ['kfz-zulassung', 2],
        ['kfz-abmeldung', 1],
      ],
    );
    const other = (await findLocationBySlug(t.kernel, 'strassenverkehrsamt-dormagen'))!;
    assert.equal(await findAppointmentForCheckIn(t.kernel, other.id, a.bookingCode), null, 'other office');
    assert.equal(await findAppointmentForCheckIn(t.kernel, loc.id, 'OOOO-0000'), null);

    const day = await appointmentsBetween(
      t.kernel,
      loc.id,
      berlinInstant('2026-11-24', 0),
      berlinInstant('2026-11-25', 0),
    );
    assert.deepEqual(
      day.map((x) => x.id),
      [a.id],
    );
    await markArrived(t.kernel, a.id);
    await markArrived(t.kernel, a.id);
    assert.equal((await findAppointmentForCheckIn(t.kernel, loc.id, a.bookingCode))?.status, 'arrived');
    await markArrived(t.kernel, 'not-a-uuid');
  });

  it('200 parallel bookings for the last 5 places: exactly 5 succeed, the rest are "taken", capacity never exceeded', async () => {
    const loc = (await findLocationBySlug(t.kernel, 'strassenverkehrsamt-grevenbroich'))!;
    // 8 public places in the slot, 3 already held: the last 5 are fought over.
    await t.kernel.db.pool.query('update appointments.locations set workstations_public = 8 where id = $1', [
      loc.id,
    ]);
    const startsAt = berlinInstant('2026-11-25', 10 * 60);
    const lines = [{ serviceId: service('kfz-abmeldung'), quantity: 1 }];
    for (let i = 0; i < 3; i++) {
      const r = await holdSlot(t.kernel, {
        locationId: loc.id,
        lines,
        startsAt,
        audience: 'public',
        lang: 'de',
      });
      assert.ok(r.ok);
    }
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        bookDirect(t.kernel, {
          locationId: loc.id,
          lines,
          startsAt,
          audience: 'public',
          lang: 'de',
          contact: { name: `Person ${i}`, email: `p${i}@example.org`, phone: null },
          accountId: null,
          bookedByStaff: null,
        }),
      ),
    );
    const ok = results.filter((r) => r.ok);
    const taken = results.filter((r) => !r.ok && r.reason === 'taken');
    assert.equal(ok.length, 5);
    assert.equal(taken.length, 195);
    const { rows } = await t.kernel.db.pool.query<{ used: number; capacity_public: number }>(
      `select used, capacity_public from appointments.slot_usage where location_id = $1 and resource = 'desk' and starts_at = $2`,
      [loc.id, startsAt],
    );
    assert.deepEqual(rows[0], { used: 8, capacity_public: 8 });
    const { rows: n } = await t.kernel.db.pool.query<{ n: number }>(
      `select count(*)::int as n from appointments.appointments where location_id = $1 and starts_at = $2 and holds_capacity`,
      [loc.id, startsAt],
    );
    assert.equal(n[0]!.n, 8);
  });

  it('IfSG instruction: group sessions with 20 seats; persons count as seats; combining is refused', async () => {
    const ga = (await findLocationBySlug(t.kernel, 'gesundheitsamt-neuss'))!;
    // Tuesday 24 November 2026, 13:00–14:00: one session with 20 seats.
    const startsAt = berlinInstant('2026-11-24', 13 * 60);
    const book = (quantity: number, i: number) =>
      bookDirect(t.kernel, {
        locationId: ga.id,
        lines: [{ serviceId: service('ifsg-belehrung'), quantity }],
        startsAt,
        audience: 'public',
        lang: 'de',
        contact: { name: `Gruppe ${i}`, email: `gruppe${i}@example.org`, phone: null },
        accountId: null,
        bookedByStaff: null,
      });
    const results = await Promise.all([
      ...Array.from({ length: 3 }, (_, i) => book(5, i)),
      ...Array.from({ length: 10 }, (_, i) => book(1, 10 + i)),
    ]);
    const seats = results.reduce((n, r, i) => n + (r.ok ? (i < 3 ? 5 : 1) : 0), 0);
    assert.equal(seats, 20, 'exactly the 20 seats are given out');
    assert.ok(results.every((r) => r.ok || r.reason === 'taken'));
    const session = results.find((r) => r.ok)!;
    assert.ok(session.ok);
    assert.equal(session.appointment.endsAt.getTime() - startsAt.getTime(), 60 * 60_000, 'the whole session');
    // Not bookable at a time that is not a session, nor together with another service.
    const wrongTime = await bookDirect(t.kernel, {
      locationId: ga.id,
      lines: [{ serviceId: service('ifsg-belehrung'), quantity: 1 }],
      startsAt: berlinInstant('2026-11-24', 9 * 60),
      audience: 'public',
      lang: 'de',
      contact: { name: 'X', email: 'x@example.org', phone: null },
      accountId: null,
      bookedByStaff: null,
    });
    assert.deepEqual(wrongTime, { ok: false, reason: 'slot_not_offered' });
    const combined = await bookDirect(t.kernel, {
      locationId: ga.id,
      lines: [
        { serviceId: service('ifsg-belehrung'), quantity: 1 },
        { serviceId: service('gelbfieber-impfung'), quantity: 1 },
      ],
      startsAt,
      audience: 'public',
      lang: 'de',
      contact: { name: 'X', email: 'x@example.org', phone: null },
      accountId: null,
      bookedByStaff: null,
    });
    assert.deepEqual(combined, { ok: false, reason: 'not_combinable' });
  });

  it('the database refuses an overbooking even when the application check is bypassed', async () => {
    const loc = (await findLocationBySlug(t.kernel, 'strassenverkehrsamt-grevenbroich'))!;
    const startsAt = berlinInstant('2026-11-25', 10 * 60);
    await assert.rejects(
      t.kernel.db.pool.query(
        `update appointments.slot_usage set used = capacity_total + 1 where location_id = $1 and starts_at = $2`,
        [loc.id, startsAt],
      ),
      /slot_never_overbooked/,
    );
  });
});
