import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { overrideAppointments, type CheckInAppointment } from '../appointments-port.ts';
import { aggregateHours } from '../commands/aggregate.ts';
import { closeEarlierDays } from '../commands/close-day.ts';
import { callNext, endCall, takeCounter } from '../commands/counter.ts';
import { issueTicket } from '../commands/tickets.ts';
import type { LocationRow } from '../db/queries.ts';
import { DATASET_KEY } from '../open-data.ts';
import { Client, counterIds, createClerk, setupLocation, SLUG } from './support.ts';

const MIN = 60_000;

describe('queue: public pages, check-in, waiting-time API, statistics and open data', () => {
  let t: TestApp;
  let loc: LocationRow;
  const clock = new FakeClock(new Date('2026-11-23T08:00:00+01:00'));
  const booked = new Map<string, CheckInAppointment>();
  const arrived: string[] = [];

  before(async () => {
    t = await createTestApp({ clock });
    loc = await setupLocation(t.kernel);
    overrideAppointments(t.kernel, {
      findAppointmentForCheckIn: async (_k, locationId, code) => {
        const a = booked.get(code);
        return a && a.locationId === locationId ? a : null;
      },
      markArrived: async (_k, id) => {
        arrived.push(id);
      },
    });
  });
  after(async () => t.close());
  beforeEach(async () => {
    await t.kernel.db.pool.query(
      `update queue.tickets set status = 'cancelled' where status in ('waiting', 'called', 'parked')`,
    );
    await t.kernel.db.pool.query('update queue.counters set occupied_by = null, occupied_since = null');
  });

  it('kiosk: large buttons per service group, a ticket with its code, DE and EN, printable', async () => {
    const c = new Client(t);
    const kiosk = await c.get(`/wartezeiten/${SLUG}/kiosk`);
    assert.equal(kiosk.statusCode, 200);
    assert.match(kiosk.body, /<h1[^>]*>Wartemarke ziehen<\/h1>/);
    assert.match(kiosk.body, /Zulassung/);
    assert.doesNotMatch(kiosk.body, /name="group" value="termin"/, 'the appointment group is not offered');
    assert.match(kiosk.body, /href="\/sprache\/en\?zurueck=/);
    const res = await c.post(`/wartezeiten/${SLUG}/kiosk`, { group: 'zulassung' });
    assert.equal(res.statusCode, 303);
    assert.match(res.headers.location!, new RegExp(`^/wartezeiten/${SLUG}/ticket/[0-9a-f-]{36}\\?kiosk=1$`));
    const ticket = await c.get(res.headers.location!);
    assert.equal(ticket.statusCode, 200);
    assert.match(ticket.body, /class="ok-ticket__code"[^>]*>A\d{3}</);
    assert.match(ticket.body, /data-queue-print/);
    assert.match(ticket.body, /\/assets\/queue\/ticket\.js/);
    c.jar.store('ok_lang=en');
    const en = await c.get(`/wartezeiten/${SLUG}/kiosk`);
    assert.match(en.body, /<html lang="en"/);
    assert.match(en.body, /Take a ticket/);
    const css = await t.app.inject({ method: 'GET', url: '/assets/queue/queue.css' });
    assert.equal(css.statusCode, 200);
    assert.match(css.body, /@media print/);
    assert.match(css.body, /prefers-reduced-motion/);
  });

  it('kiosk: unknown group → 422 with a message, contingent reached → 409 and no buttons; never a 500', async () => {
    const c = new Client(t);
    await c.get(`/wartezeiten/${SLUG}/kiosk`);
    const bad = await c.post(`/wartezeiten/${SLUG}/kiosk`, { group: 'x'.repeat(150) });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /role="alert"/);
    await t.kernel.db.pool.query('update queue.locations set day_contingent = 0 where id = $1', [loc.id]);
    try {
      const full = await c.post(`/wartezeiten/${SLUG}/kiosk`, { group: 'zulassung' });
      assert.equal(full.statusCode, 409);
      assert.match(full.body, /alle Wartemarken vergeben/);
      assert.doesNotMatch(full.body, /name="group"/);
    } finally {
      await t.kernel.db.pool.query('update queue.locations set day_contingent = 400 where id = $1', [loc.id]);
    }
    for (const url of [
      `/wartezeiten/${SLUG}/ticket/not-a-uuid`,
      `/wartezeiten/${SLUG}/ticket/00000000-0000-4000-8000-000000000000`,
      '/wartezeiten/gibt-es-nicht',
      '/wartezeiten/gibt-es-nicht/kiosk',
      '/wartezeiten/%00/anzeige',
    ]) {
      const res = await c.get(url);
      assert.ok([400, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
    }
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/wartezeiten/${SLUG}/kiosk`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'group=zulassung',
    });
    assert.equal(noCsrf.statusCode, 403);
  });

  it('check-in: QR link pre-fills the code; confirms with a ticket flagged as appointment; twice gives the same ticket', async () => {
    const startsAt = new Date(clock.now().getTime() + 30 * MIN);
    booked.set('K7M4Q2XP', {
      id: 'appt-1',
      bookingCode: 'K7M4Q2XP',
      locationId: loc.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 15 * MIN),
      services: [{ key: 'zulassung', name: 'Zulassung', quantity: 1 }],
      displayName: 'Erika Mustermann',
      status: 'booked',
    });
    const c = new Client(t);
    const page = await c.get(`/wartezeiten/${SLUG}/einchecken?code=K7M4-Q2XP`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="K7M4-Q2XP"/);
    const res = await c.post(`/wartezeiten/${SLUG}/einchecken`, { code: 'k7m4-q2xp' });
    assert.equal(res.statusCode, 303);
    const ticketPage = await c.get(res.headers.location!);
    assert.match(ticketPage.body, /class="ok-ticket__code"[^>]*>T001</);
    assert.doesNotMatch(ticketPage.body, /Erika/, 'no personal data on the ticket');
    assert.deepEqual(arrived, ['appt-1']);
    const { rows } = await t.kernel.db.pool.query<{ source: string; appointment_id: string }>(
      `select source, appointment_id from queue.tickets where appointment_id = 'appt-1'`,
    );
    assert.deepEqual(rows, [{ source: 'checkin', appointment_id: 'appt-1' }]);
    const twice = await c.post(`/wartezeiten/${SLUG}/einchecken`, { code: 'K7M4Q2XP' });
    assert.equal(twice.headers.location, res.headers.location);
    assert.deepEqual(arrived, ['appt-1'], 'marked as arrived once');
  });

  it('check-in refuses unknown codes, other days, too early and cancelled appointments with 422 at the field', async () => {
    const base = { endsAt: new Date(), services: [], displayName: null, locationId: loc.id };
    const now = clock.now().getTime();
    booked.set('EARLY123', {
      ...base,
      id: 'e',
      bookingCode: 'EARLY123',
      startsAt: new Date(now + 3 * 60 * MIN),
      status: 'booked',
    });
    booked.set('TOMORROW', {
      ...base,
      id: 'm',
      bookingCode: 'TOMORROW',
      startsAt: new Date(now + 24 * 60 * MIN),
      status: 'booked',
    });
    booked.set('CANCELED', {
      ...base,
      id: 'c',
      bookingCode: 'CANCELED',
      startsAt: new Date(now + 10 * MIN),
      status: 'cancelled',
    });
    const c = new Client(t);
    await c.get(`/wartezeiten/${SLUG}/einchecken`);
    for (const [code, text] of [
      ['', /Geben Sie Ihren Buchungscode ein/],
      ['NOPE1234', /keinen Termin/],
      ['EARLY123', /frühestens eine Stunde vorher/],
      ['TOMORROW', /nicht heute/],
      ['CANCELED', /nicht mehr gültig/],
      ['<script>alert(1)</script>', /keinen Termin/],
      ['x'.repeat(900), /keinen Termin/],
    ] as const) {
      const res = await c.post(`/wartezeiten/${SLUG}/einchecken`, { code });
      assert.equal(res.statusCode, 422, code);
      assert.match(res.body, /id="error-summary"/);
      assert.match(res.body, text);
      assert.doesNotMatch(res.body, /<script>alert/);
    }
  });

  it('waiting time: estimate from recent handling times and open counters, traffic light, JSON API and page', async () => {
    const clerks = await Promise.all([createClerk(t.kernel), createClerk(t.kernel)]);
    const counters = await counterIds(t.kernel, loc);
    const closed = await t.app.inject({ method: 'GET', url: `/api/v1/queue/locations/${SLUG}/waiting-time` });
    assert.equal(closed.statusCode, 200);
    assert.equal(closed.json<{ trafficLight: string }>().trafficLight, 'closed');
    for (let i = 0; i < 2; i++)
      assert.ok((await takeCounter(t.kernel, loc, clerks[i]!, counters[i]!, null)).ok);
    // Six customers handled in 4, 6, 8, 10, 12, 14 minutes.
    for (const minutes of [4, 6, 8, 10, 12, 14]) {
      assert.ok(
        (await issueTicket(t.kernel, loc, { groupKey: 'zulassung', source: 'kiosk', lang: 'de' })).ok,
      );
      assert.ok((await callNext(t.kernel, loc, clerks[0])).ok);
      clock.advance(minutes * MIN);
      assert.ok((await endCall(t.kernel, loc, clerks[0], 'finish')).ok);
    }
    for (let i = 0; i < 4; i++)
      assert.ok(
        (await issueTicket(t.kernel, loc, { groupKey: 'zulassung', source: 'kiosk', lang: 'de' })).ok,
      );
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/queue/locations/${SLUG}/waiting-time` });
    assert.equal(res.statusCode, 200);
    const w = res.json<{
      waiting: number;
      openCounters: number;
      estimatedMinutes: { optimistic: number; pessimistic: number };
      trafficLight: string;
      updatedAt: string;
    }>();
    // p25 = 6.5 min, p75 = 11.5 min; 4 waiting / 2 counters → 13 and 23 minutes.
    assert.deepEqual(
      { waiting: w.waiting, open: w.openCounters, est: w.estimatedMinutes, light: w.trafficLight },
      { waiting: 4, open: 2, est: { optimistic: 13, pessimistic: 23 }, light: 'yellow' },
    );
    assert.equal(w.updatedAt, clock.now().toISOString());
    const page = await t.app.inject({ method: 'GET', url: `/wartezeiten/${SLUG}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /13 bis 23 Minuten/);
    assert.match(page.body, /Mittlere Wartezeit/);
    assert.match(page.body, /<time datetime="[^"]+"[^>]*>/);
    const overview = await t.app.inject({ method: 'GET', url: '/wartezeiten' });
    assert.match(overview.body, /Testamt Neuss/);
    // Three hours later the handling times are out of the window: the group default (10 min) counts.
    clock.advance(180 * MIN);
    const later = (
      await t.app.inject({ method: 'GET', url: `/api/v1/queue/locations/${SLUG}/waiting-time` })
    ).json<{ estimatedMinutes: { optimistic: number; pessimistic: number } }>();
    assert.deepEqual(later.estimatedMinutes, { optimistic: 15, pessimistic: 25 });
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/queue/locations/nirgends/waiting-time',
    });
    assert.equal(missing.statusCode, 404);
    assert.match(String(missing.headers['content-type']), /application\/problem\+json/);
  });

  it('call display: server-rendered current calls, a no-JavaScript refresh, only its own script file', async () => {
    const clerk = await createClerk(t.kernel);
    const [c1] = await counterIds(t.kernel, loc);
    assert.ok((await takeCounter(t.kernel, loc, clerk, c1!, null)).ok);
    const r = await issueTicket(t.kernel, loc, { groupKey: 'zulassung', source: 'kiosk', lang: 'de' });
    assert.ok(r.ok && (await callNext(t.kernel, loc, clerk)).ok);
    const res = await t.app.inject({ method: 'GET', url: `/wartezeiten/${SLUG}/anzeige` });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`<th scope="row" class="ok-display__code">${r.ticket.code}</th>`));
    assert.match(res.body, /<td class="ok-display__counter">Schalter 1<\/td>/);
    assert.match(res.body, /<noscript><meta http-equiv="refresh" content="15"\/?><\/noscript>/);
    assert.match(res.body, /<script src="\/assets\/queue\/display\.js" nonce="[^"]+" defer/);
    assert.doesNotMatch(res.body, /<script(?![^>]*src=)[^>]*>/, 'no inline script');
    assert.match(res.body, new RegExp(`data-queue-display="/wartezeiten/${SLUG}/anzeige/events"`));
    const js = await t.app.inject({ method: 'GET', url: '/assets/queue/display.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.ok((await endCall(t.kernel, loc, clerk, 'finish')).ok);
  });

  it('is in the OpenAPI document, the sitemap and the staff dashboard', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{
      paths: Record<string, { get?: { tags?: string[] } }>;
    }>();
    assert.deepEqual(doc.paths['/api/v1/queue/locations/{slug}/waiting-time']?.get?.tags, ['queue']);
    const sitemap = await t.app.inject({ method: 'GET', url: '/sitemap.xml' });
    assert.match(sitemap.body, new RegExp(`/wartezeiten/${SLUG}<`));
    assert.ok(t.kernel.extensions.staffTools.some((s) => s.href === '/verwaltung/warteschlange'));
  });

  it('hourly aggregates: complete hours only, idempotent, published as open data (CSV and JSON)', async () => {
    clock.set(new Date('2026-11-25T09:10:00+01:00'));
    const clerk = await createClerk(t.kernel);
    const [c1] = await counterIds(t.kernel, loc);
    assert.ok((await takeCounter(t.kernel, loc, clerk, c1!, null)).ok);
    for (let i = 0; i < 3; i++) {
      assert.ok(
        (await issueTicket(t.kernel, loc, { groupKey: 'zulassung', source: 'kiosk', lang: 'de' })).ok,
      );
      clock.advance(5 * MIN);
      assert.ok((await callNext(t.kernel, loc, clerk)).ok);
      clock.advance(10 * MIN);
      assert.ok((await endCall(t.kernel, loc, clerk, 'finish')).ok);
    }
    // 09:10 → 09:55: three customers within the hour 09:00–10:00, which is complete at 10:05.
    clock.advance(10 * MIN);
    await t.kernel.db.pool.query('delete from queue.hourly_stats');
    await aggregateHours(t.kernel);
    const hour = async (iso: string) =>
      (
        await t.kernel.db.pool.query<{
          issued: number;
          served: number;
          avg_wait_seconds: number;
          avg_handling_seconds: number;
        }>(
          'select issued, served, avg_wait_seconds, avg_handling_seconds from queue.hourly_stats where location_id = $1 and hour_start = $2',
          [loc.id, new Date(iso)],
        )
      ).rows[0];
    assert.deepEqual(await hour('2026-11-25T09:00:00+01:00'), {
      issued: 3,
      served: 3,
      avg_wait_seconds: 300,
      avg_handling_seconds: 600,
    });
    assert.equal(await hour('2026-11-25T10:00:00+01:00'), undefined, 'the running hour is not aggregated');
    const count = async () =>
      (await t.kernel.db.pool.query<{ n: number }>('select count(*)::int as n from queue.hourly_stats'))
        .rows[0]!.n;
    const n = await count();
    assert.equal(await aggregateHours(t.kernel), 0, 'nothing new within the same hour');
    assert.equal(await count(), n);
    // One more customer in the hour 10:00–11:00: waits 5, handled in 10 minutes.
    assert.ok((await issueTicket(t.kernel, loc, { groupKey: 'zulassung', source: 'kiosk', lang: 'de' })).ok);
    clock.advance(5 * MIN);
    assert.ok((await callNext(t.kernel, loc, clerk)).ok);
    clock.advance(10 * MIN);
    assert.ok((await endCall(t.kernel, loc, clerk, 'finish')).ok);
    clock.advance(60 * MIN);
    await aggregateHours(t.kernel);
    assert.deepEqual(await hour('2026-11-25T10:00:00+01:00'), {
      issued: 1,
      served: 1,
      avg_wait_seconds: 300,
      avg_handling_seconds: 600,
    });

    // The open-data dataset lists only Straßenverkehrsamt locations; the test location is renamed to one.
    await t.kernel.db.pool.query(
      `update queue.locations set slug = 'strassenverkehrsamt-test' where id = $1`,
      [loc.id],
    );
    try {
      const ds = t.kernel.extensions.dataset(DATASET_KEY)!;
      assert.equal(ds.licenseId, 'dl-zero-de/2.0');
      assert.equal(ds.updateFrequency, 'HOURLY');
      const ctx = { db: t.kernel.db, clock: t.kernel.clock, tenants: t.kernel.tenants };
      const csv = await ds.distributions.find((d) => d.key === 'csv')!.render(ctx);
      const lines = String(csv.body).trim().split('\r\n');
      assert.equal(
        lines[0],
        'location,location_name,hour_start,tickets_issued,customers_served,customers_missed,avg_wait_seconds,p75_wait_seconds,avg_handling_seconds',
      );
      assert.ok(
        lines.includes('strassenverkehrsamt-test,Testamt Neuss,2026-11-25T08:00:00.000Z,3,3,0,300,300,600'),
        lines.join('\n'),
      );
      const json = JSON.parse(
        String((await ds.distributions.find((d) => d.key === 'json')!.render(ctx)).body),
      ) as unknown[];
      assert.ok(json.length >= 2);
      assert.doesNotMatch(String(csv.body), /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no ticket or account ids');
    } finally {
      await t.kernel.db.pool.query(`update queue.locations set slug = $2 where id = $1`, [loc.id, SLUG]);
    }
  });

  it('statistics: charts with data tables, CSV export; day change cancels leftovers and frees counters', async () => {
    const clerk = await createClerk(t.kernel);
    const c = new Client(
      t,
      await (await import('../../../kernel/auth/test-support.ts')).loginAs(t.kernel, clerk),
    );
    const res = await c.get(`/verwaltung/warteschlange/${SLUG}/statistik?von=23.11.2026&bis=25.11.2026`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<svg[^>]+role="img"[^>]+aria-labelledby="chart-customers-title"/);
    assert.match(res.body, /<table class="kern-table[^"]*" id="table-days"/);
    assert.match(res.body, /<th scope="row" class="kern-table__header">25\.11\.<\/th>/);
    const csv = await c.get(
      `/verwaltung/warteschlange/${SLUG}/statistik.csv?von=2026-11-25&bis=2026-11-25&tabelle=tage`,
    );
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(
      String(csv.headers['content-disposition']),
      /attachment; filename="wartezeiten-testamt-neuss-tage-2026-11-25-2026-11-25\.csv"/,
    );
    assert.equal(
      csv.body.split('\r\n')[0],
      'date,customers,served,missed,avg_wait_minutes,avg_handling_minutes',
    );
    assert.match(csv.body, /^2026-11-25,4,4,0,5,10\r$/m);
    const groups = await c.get(`/verwaltung/warteschlange/${SLUG}/statistik.csv?tabelle=anliegen`);
    assert.match(groups.body, /^service_group,name,served/);

    // Leftovers of a day: a waiting ticket and a held counter.
    const [, c2] = await counterIds(t.kernel, loc);
    assert.ok((await takeCounter(t.kernel, loc, clerk, c2!, null)).ok);
    const left = await issueTicket(t.kernel, loc, { groupKey: 'zulassung', source: 'kiosk', lang: 'de' });
    assert.ok(left.ok);
    clock.advance(24 * 60 * MIN);
    const closedDay = await closeEarlierDays(t.kernel);
    assert.ok(closedDay.tickets >= 1 && closedDay.counters >= 1);
    const { rows } = await t.kernel.db.pool.query<{ status: string }>(
      'select status from queue.tickets where id = $1',
      [left.ticket.id],
    );
    assert.equal(rows[0]!.status, 'cancelled');
    // A month later the check-in ticket has lost its appointment id; the figures stay.
    clock.advance(31 * 24 * 60 * MIN);
    const later = await closeEarlierDays(t.kernel);
    assert.ok(later.unlinked >= 1);
    const linked = await t.kernel.db.pool.query(
      `select 1 from queue.tickets where appointment_id is not null or called_by is not null`,
    );
    assert.equal(linked.rowCount, 0);
  });
});
