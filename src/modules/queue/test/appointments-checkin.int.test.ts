import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { loginAs } from '../../../kernel/auth/test-support.ts';
import { findLocationBySlug, seedAppointmentsDemo } from '../../appointments/index.ts';
import { configureLocation } from '../commands/configure.ts';
import { callNext, callParked, endCall, recall, takeCounter } from '../commands/counter.ts';
import { countersOf, locationBySlug, type LocationRow } from '../db/queries.ts';
import { Client, createClerk } from './support.ts';

const MIN = 60_000;

/**
 * Check-in with the real appointments module (no fake port): bookings made through the
 * appointments commands, checked in by QR link, typed code and at the kiosk, called in order;
 * and the audit trail of every clerk action on a ticket.
 */
describe('queue × appointments: check-in with real bookings, calling order, audit', () => {
  let t: TestApp;
  // Monday 23 November 2026, 08:00 Berlin: booking day. The check-ins happen on Tuesday.
  const clock = new FakeClock(new Date('2026-11-23T08:00:00+01:00'));
  let loc: LocationRow;
  let clerk: string;
  const codes: Record<string, string> = {};
  const ids: Record<string, string> = {};

  before(async () => {
    t = await createTestApp({ clock });
    await seedAppointmentsDemo(t.kernel);
    const kreis = (await t.kernel.tenants.kreis())!;
    const unit = (await t.kernel.tenants.orgUnits(kreis.id)).find((u) => u.slug === 'strassenverkehrsamt')!;
    for (const slug of ['strassenverkehrsamt-dormagen', 'strassenverkehrsamt-grevenbroich']) {
      const a = (await findLocationBySlug(t.kernel, slug))!;
      await configureLocation(t.kernel, {
        id: a.id,
        slug,
        tenantId: a.tenantId,
        orgUnitId: unit.id,
        name: a.name,
        counters: ['Schalter 1', 'Schalter 2'],
        groups: [
          { key: 'zulassung', de: 'Zulassung', en: 'Registration', prefix: 'A', minutes: 10 },
          { key: 'termin', de: 'Termin', en: 'Appointment', prefix: 'T', forAppointments: true, minutes: 10 },
        ],
      });
    }
    loc = (await locationBySlug(t.kernel.db.pool, 'strassenverkehrsamt-dormagen'))!;
    clerk = await createClerk(t.kernel);
    // Bookings through the appointments module's own staff pages ("booking on behalf of a
    // caller"): the real booking command, confirmation mail with the check-in link included.
    const office = new Client(t, await loginAs(t.kernel, clerk));
    const book = async (name: string, slug: string, date: string, time: string) => {
      await office.get(`/verwaltung/termine/${slug}`);
      const res = await office.post(`/verwaltung/termine/${slug}/buchen`, {
        service: 'kfz-abmeldung',
        quantity: '1',
        date,
        time,
        name: `Person ${name}`,
        email: `${name}@example.org`,
        phone: '',
      });
      assert.equal(res.statusCode, 303, `${name}: ${res.body.slice(0, 300)}`);
      const { rows } = await t.kernel.db.pool.query<{ id: string; booking_code: string }>(
        `select id, booking_code from appointments.appointments where email = $1 and status = 'booked'`,
        [`${name}@example.org`],
      );
      assert.equal(rows.length, 1, name);
      codes[name] = rows[0]!.booking_code;
      ids[name] = rows[0]!.id;
    };
    await book('qr', 'strassenverkehrsamt-dormagen', '24.11.2026', '09:00');
    await book('kiosk', 'strassenverkehrsamt-dormagen', '24.11.2026', '09:30');
    await book('cancelled', 'strassenverkehrsamt-dormagen', '24.11.2026', '09:15');
    await book('tomorrow', 'strassenverkehrsamt-dormagen', '25.11.2026', '09:00');
    await book('elsewhere', 'strassenverkehrsamt-grevenbroich', '24.11.2026', '09:00');
    const day = await office.get('/verwaltung/termine/strassenverkehrsamt-dormagen?tag=2026-11-24');
    assert.equal(day.statusCode, 200);
    const cancel = await office.post(
      `/verwaltung/termine/strassenverkehrsamt-dormagen/termin/${ids.cancelled}`,
      {
        aktion: 'cancel',
      },
    );
    assert.equal(cancel.statusCode, 303);
    // Tuesday 08:40: the waiting area opens.
    clock.set(new Date('2026-11-24T08:40:00+01:00'));
  });
  after(async () => t.close());

  const status = async (id: string) =>
    (
      await t.kernel.db.pool.query<{ status: string }>(
        'select status from appointments.appointments where id = $1',
        [id],
      )
    ).rows[0]!.status;

  it('walk-ins first, then check-in by the QR link of the confirmation mail and by code at the kiosk: appointment tickets, appointments marked arrived', async () => {
    const walkIn = new Client(t);
    await walkIn.get(`/wartezeiten/${loc.slug}/kiosk`);
    for (let i = 0; i < 2; i++) {
      const res = await walkIn.post(`/wartezeiten/${loc.slug}/kiosk`, { group: 'zulassung' });
      assert.equal(res.statusCode, 303);
    }

    // The QR code / link in the real confirmation mail.
    const [mail] = await t.kernel.mail.recent({ to: 'qr@example.org' });
    const link = /https?:\/\/\S+\/einchecken\?code=\S+/.exec(mail!.text)?.[0];
    assert.ok(link, 'the confirmation mail has the check-in link');
    const path = new URL(link).pathname + new URL(link).search;
    assert.equal(path, `/wartezeiten/${loc.slug}/einchecken?code=${codes.qr}`);
    const phone = new Client(t);
    const form = await phone.get(path);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`value="${codes.qr}"`));
    const checked = await phone.post(`/wartezeiten/${loc.slug}/einchecken`, { code: codes.qr! });
    assert.equal(checked.statusCode, 303, checked.body);
    const ticket = await phone.get(checked.headers.location!);
    assert.match(ticket.body, /class="ok-ticket__code"[^>]*>T001</);
    assert.match(ticket.body, /Ihr Termin/);
    assert.match(ticket.body, /09:00/);
    assert.doesNotMatch(ticket.body, /Person qr/, 'no personal data on the ticket');
    assert.equal(await status(ids.qr!), 'arrived');

    // At the kiosk, typed in lower case with a space.
    const kiosk = new Client(t);
    const start = await kiosk.get(`/wartezeiten/${loc.slug}/kiosk`);
    assert.match(start.body, new RegExp(`href="/wartezeiten/${loc.slug}/einchecken\\?kiosk=1"`));
    await kiosk.get(`/wartezeiten/${loc.slug}/einchecken?kiosk=1`);
    const typed = `${codes.kiosk!.slice(0, 4).toLowerCase()} ${codes.kiosk!.slice(4).toLowerCase()}`;
    const res = await kiosk.post(`/wartezeiten/${loc.slug}/einchecken?kiosk=1`, { code: typed });
    assert.equal(res.statusCode, 303, res.body);
    assert.match(res.headers.location!, /\?kiosk=1$/);
    assert.equal(await status(ids.kiosk!), 'arrived');

    // Checking in twice gives the same ticket.
    const again = await phone.post(`/wartezeiten/${loc.slug}/einchecken`, { code: codes.qr! });
    assert.equal(again.headers.location, checked.headers.location);

    const { rows } = await t.kernel.db.pool.query<{
      code: string;
      source: string;
      appointment_id: string | null;
    }>(
      'select code, source, appointment_id from queue.tickets where location_id = $1 order by created_at, code',
      [loc.id],
    );
    assert.deepEqual(rows, [
      { code: 'A001', source: 'kiosk', appointment_id: null },
      { code: 'A002', source: 'kiosk', appointment_id: null },
      { code: 'T001', source: 'checkin', appointment_id: ids.qr },
      { code: 'T002', source: 'checkin', appointment_id: ids.kiosk },
    ]);
  });

  it('refuses cancelled, other-day and other-location bookings with a clear German message (422 at the field)', async () => {
    const c = new Client(t);
    await c.get(`/wartezeiten/${loc.slug}/einchecken`);
    for (const [name, text] of [
      ['cancelled', /Dieser Termin ist nicht mehr gültig \(abgesagt oder abgeschlossen\)\./],
      ['tomorrow', /Ihr Termin ist nicht heute, sondern am 25\.11\.2026, 09:00\./],
      ['elsewhere', /Zu diesem Buchungscode gibt es an diesem Standort keinen Termin\./],
    ] as const) {
      const res = await c.post(`/wartezeiten/${loc.slug}/einchecken`, { code: codes[name]! });
      assert.equal(res.statusCode, 422, name);
      assert.match(res.body, /id="error-summary"/);
      assert.match(res.body, /href="#f-code"/);
      assert.match(res.body, text, name);
    }
    assert.equal(await status(ids.tomorrow!), 'booked');
    assert.equal(await status(ids.elsewhere!), 'booked');
    const { rows } = await t.kernel.db.pool.query<{ n: number }>(
      'select count(*)::int as n from queue.tickets where appointment_id = any($1)',
      [[ids.cancelled, ids.tomorrow, ids.elsewhere]],
    );
    assert.equal(rows[0]!.n, 0);
  });

  it('calls walk-ins while no appointment is due, then the due appointment before the waiting walk-in; every clerk action is audited', async () => {
    const counter = (await countersOf(t.kernel.db.pool, loc.id))[0]!;
    assert.ok((await takeCounter(t.kernel, loc, clerk, counter.id, null)).ok);
    const call = async () => {
      const r = await callNext(t.kernel, loc, clerk);
      assert.ok(r.ok, JSON.stringify(r));
      return r.value.code;
    };
    // 08:41: the 09:00 appointment is not due yet (due 5 minutes before).
    clock.set(new Date('2026-11-24T08:41:00+01:00'));
    assert.equal(await call(), 'A001');
    // 08:56: due; called before A002 who arrived earlier.
    clock.set(new Date('2026-11-24T08:56:00+01:00'));
    assert.equal(await call(), 'T001');
    assert.equal(await call(), 'A002');
    // The 09:30 appointment only when it is due.
    const early = await callNext(t.kernel, loc, clerk);
    assert.equal(early.ok && early.value.code, 'T002', 'nobody else waits: called early');

    // recall, park, call the parked ticket back, missed after n calls, finish.
    clock.advance(MIN);
    assert.ok((await recall(t.kernel, loc, clerk)).ok);
    const parked = await endCall(t.kernel, loc, clerk, 'park');
    assert.ok(parked.ok);
    assert.ok((await callParked(t.kernel, loc, clerk, parked.value.id)).ok); // 3rd call
    assert.deepEqual(await recall(t.kernel, loc, clerk), { ok: false, reason: 'tooManyCalls' });
    assert.ok((await endCall(t.kernel, loc, clerk, 'missed')).ok);

    const { items } = await t.kernel.audit.list({
      tenantIds: 'all',
      actor: clerk,
      limit: 100,
      offset: 0,
    });
    const trail = items
      .filter((e) => e.objectType === 'queue.ticket')
      .reverse()
      .map((e) => `${e.action} ${(e.after as { code: string }).code}`);
    assert.deepEqual(trail, [
      'queue.ticket_called A001',
      'queue.ticket_finished A001',
      'queue.ticket_called T001',
      'queue.ticket_finished T001',
      'queue.ticket_called A002',
      'queue.ticket_finished A002',
      'queue.ticket_called T002',
      'queue.ticket_recalled T002',
      'queue.ticket_parked T002',
      'queue.ticket_called T002',
      'queue.ticket_missed T002',
    ]);
    for (const e of items.filter((x) => x.objectType === 'queue.ticket')) {
      assert.equal(e.actorId, clerk);
      assert.equal(e.tenantId, loc.tenant_id);
      assert.equal((e.after as { counter: string }).counter, 'Schalter 1');
    }
    // A refused action (the 4th call above) left no entry, and the chain is intact.
    assert.equal((await t.kernel.audit.verify()).ok, true);
  });
});
