import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { callNext, callParked, endCall, leaveCounter, recall, takeCounter } from '../commands/counter.ts';
import { issueTicket } from '../commands/tickets.ts';
import type { LocationRow } from '../db/queries.ts';
import { clerkClient, counterIds, createClerk, groupId, setupLocation, SLUG } from './support.ts';

describe('queue: tickets and the counter workplace', () => {
  let t: TestApp;
  let loc: LocationRow;
  const clock = new FakeClock(new Date('2026-11-23T09:00:00+01:00'));
  before(async () => {
    t = await createTestApp({ clock });
    loc = await setupLocation(t.kernel, { missedAfter: 2 });
  });
  after(async () => t.close());
  beforeEach(async () => {
    // Each test starts with an empty queue and free counters on a new day.
    clock.advance(86_400_000);
    await t.kernel.db.pool.query(
      `update queue.tickets set status = 'cancelled' where status in ('waiting', 'called', 'parked')`,
    );
    await t.kernel.db.pool.query(
      'update queue.counters set occupied_by = null, occupied_since = null, group_ids = null',
    );
  });

  const issue = async (group = 'zulassung', priority = false) => {
    const r = await issueTicket(t.kernel, loc, { groupKey: group, source: 'kiosk', priority, lang: 'de' });
    assert.ok(r.ok, JSON.stringify(r));
    return r.ticket;
  };

  it('numbers tickets per group and day with the group prefix and range; starts again the next day', async () => {
    const a1 = await issue();
    const a2 = await issue();
    const f1 = await issue('fuehrerschein');
    assert.deepEqual([a1.code, a2.code, f1.code], ['A001', 'A002', 'F500']);
    await issue('fuehrerschein');
    await issue('fuehrerschein');
    const over = await issueTicket(t.kernel, loc, { groupKey: 'fuehrerschein', source: 'kiosk', lang: 'de' });
    assert.deepEqual(over, { ok: false, reason: 'rangeExhausted' });
    clock.advance(86_400_000);
    assert.equal((await issue()).code, 'A001');
  });

  it('refuses tickets beyond the daily contingent, also when kiosks draw at the same moment', async () => {
    await t.kernel.db.pool.query('update queue.locations set day_contingent = 5 where id = $1', [loc.id]);
    const small = { ...loc, day_contingent: 5 };
    try {
      const results = await Promise.all(
        Array.from({ length: 12 }, () =>
          issueTicket(t.kernel, small, { groupKey: 'zulassung', source: 'kiosk', lang: 'de' }),
        ),
      );
      const codes = results.flatMap((r) => (r.ok ? [r.ticket.code] : [])).sort();
      const refused = results.flatMap((r) => (r.ok ? [] : [r.reason]));
      assert.deepEqual(refused, Array(7).fill('contingentReached'));
      assert.deepEqual(codes, ['A001', 'A002', 'A003', 'A004', 'A005'], 'no number drawn twice or skipped');
    } finally {
      await t.kernel.db.pool.query('update queue.locations set day_contingent = 400 where id = $1', [loc.id]);
    }
  });

  it('calls due appointments first, then by priority and arrival; "next" finishes the previous customer', async () => {
    const clerk = await createClerk(t.kernel);
    const [c1] = await counterIds(t.kernel, loc);
    assert.ok((await takeCounter(t.kernel, loc, clerk, c1!, null)).ok);
    const walk1 = await issue();
    clock.advance(60_000);
    const walk2 = await issue();
    clock.advance(60_000);
    const prio = await issue('zulassung', true);
    // Appointment tickets: one due in 3 minutes (due window 5), one in an hour.
    const termin = await groupId(t.kernel, loc, 'termin');
    const now = clock.now();
    const mk = async (id: string, startsInMin: number) =>
      (
        await t.kernel.db.pool.query<{ id: string }>(
          `insert into queue.tickets (location_id, service_date, group_id, number, code, source, appointment_id,
             appointment_starts_at, status, created_at)
           values ($1, $2, $3, $4, $5, 'checkin', $6, $7, 'waiting', $8) returning id`,
          [
            loc.id,
            walk1.service_date,
            termin,
            startsInMin,
            `T${String(startsInMin).padStart(3, '0')}`,
            id,
            new Date(now.getTime() + startsInMin * 60_000),
            now,
          ],
        )
      ).rows[0]!.id;
    const later = await mk('appt-later', 60);
    const due = await mk('appt-due', 3);
    const order: string[] = [];
    for (;;) {
      const r = await callNext(t.kernel, loc, clerk);
      if (!r.ok) {
        assert.equal(r.reason, 'nobodyWaiting');
        break;
      }
      order.push(r.value.id);
    }
    assert.deepEqual(order, [due, prio.id, walk1.id, walk2.id, later]);
    const { rows } = await t.kernel.db.pool.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from queue.tickets where id = any($1) group by status order by status`,
      [order],
    );
    // The last "next" found nobody but still finished the customer before.
    assert.deepEqual(rows, [{ status: 'done', n: 5 }]);
  });

  it('two clerks never call the same customer (8 clerks, 120 customers, all calling at once)', async () => {
    const kreisClerks = await Promise.all(Array.from({ length: 8 }, () => createClerk(t.kernel)));
    // More counters for this test.
    for (let i = 4; i <= 8; i++)
      await t.kernel.db.pool.query(
        `insert into queue.counters (location_id, key, label, position) values ($1, $2, $3, $4) on conflict do nothing`,
        [loc.id, `extra-${i}`, `Extra ${i}`, 10 + i],
      );
    const counters = await counterIds(t.kernel, loc);
    for (let i = 0; i < 8; i++)
      assert.ok((await takeCounter(t.kernel, loc, kreisClerks[i]!, counters[i]!, null)).ok);
    for (let i = 0; i < 120; i++)
      await issue(i % 7 === 0 ? 'fuehrerschein' : 'zulassung', i % 11 === 0).catch(() => undefined);
    const waiting = (
      await t.kernel.db.pool.query<{ n: number }>(
        `select count(*)::int as n from queue.tickets where status = 'waiting'`,
      )
    ).rows[0]!.n;
    const calledBy = new Map<string, string>();
    await Promise.all(
      kreisClerks.map(async (clerk) => {
        for (;;) {
          const r = await callNext(t.kernel, loc, clerk);
          if (!r.ok) return;
          assert.ok(!calledBy.has(r.value.id), `ticket ${r.value.code} called twice`);
          calledBy.set(r.value.id, clerk);
        }
      }),
    );
    assert.equal(calledBy.size, waiting, 'every waiting customer was called exactly once');
    const { rows } = await t.kernel.db.pool.query<{ n: number }>(
      `select count(*)::int as n from queue.tickets where status = 'waiting'`,
    );
    assert.equal(rows[0]!.n, 0);
    // Each ticket's call count is 1: no double claim that the map could have missed.
    const twice = await t.kernel.db.pool.query(
      `select 1 from queue.tickets where id = any($1) and call_count <> 1`,
      [[...calledBy.keys()]],
    );
    assert.equal(twice.rowCount, 0);
    await t.kernel.db.pool.query(`delete from queue.counters where key like 'extra-%'`);
  });

  it('recalls up to n times, then only "missed" is possible; park and call back; leave only when idle', async () => {
    const clerk = await createClerk(t.kernel);
    const [, c2] = await counterIds(t.kernel, loc);
    assert.ok((await takeCounter(t.kernel, loc, clerk, c2!, null)).ok);
    const a = await issue();
    const b = await issue();
    assert.equal(
      ((await callNext(t.kernel, loc, clerk)) as { ok: true; value: { id: string } }).value.id,
      a.id,
    );
    assert.deepEqual(await endCall(t.kernel, loc, clerk, 'missed'), { ok: false, reason: 'notMissedYet' });
    const again = await recall(t.kernel, loc, clerk);
    assert.ok(again.ok && again.value.call_count === 2);
    assert.deepEqual(await recall(t.kernel, loc, clerk), { ok: false, reason: 'tooManyCalls' });
    assert.deepEqual(await leaveCounter(t.kernel, loc, clerk), { ok: false, reason: 'busy' });
    const missed = await endCall(t.kernel, loc, clerk, 'missed');
    assert.ok(missed.ok && missed.value.status === 'missed');
    const nb = await callNext(t.kernel, loc, clerk);
    assert.ok(nb.ok && nb.value.id === b.id);
    const parked = await endCall(t.kernel, loc, clerk, 'park');
    assert.ok(parked.ok && parked.value.status === 'parked');
    assert.deepEqual(await callNext(t.kernel, loc, clerk), { ok: false, reason: 'nobodyWaiting' });
    const back = await callParked(t.kernel, loc, clerk, b.id);
    assert.ok(back.ok && back.value.status === 'called' && back.value.call_count === 2);
    assert.deepEqual(await callParked(t.kernel, loc, clerk, b.id), { ok: false, reason: 'notParked' });
    const fin = await endCall(t.kernel, loc, clerk, 'finish');
    assert.ok(fin.ok && fin.value.status === 'done' && fin.value.finished_at);
    assert.deepEqual(await leaveCounter(t.kernel, loc, clerk), { ok: true, value: null });
    assert.deepEqual(await callNext(t.kernel, loc, clerk), { ok: false, reason: 'noCounter' });
  });

  it('a counter held by one clerk cannot be taken by another; groups limit what a counter calls', async () => {
    const [a, b] = await Promise.all([createClerk(t.kernel), createClerk(t.kernel)]);
    const [c1, c2] = await counterIds(t.kernel, loc);
    assert.ok((await takeCounter(t.kernel, loc, a, c1!, [await groupId(t.kernel, loc, 'fuehrerschein')])).ok);
    assert.deepEqual(await takeCounter(t.kernel, loc, b, c1!, null), { ok: false, reason: 'occupied' });
    assert.deepEqual(await takeCounter(t.kernel, loc, b, '00000000-0000-4000-8000-000000000000', null), {
      ok: false,
      reason: 'unknownCounter',
    });
    assert.ok((await takeCounter(t.kernel, loc, b, c2!, null)).ok);
    await issue('zulassung');
    assert.deepEqual(await callNext(t.kernel, loc, a), { ok: false, reason: 'nobodyWaiting' });
    const f = await issue('fuehrerschein');
    const r = await callNext(t.kernel, loc, a);
    assert.ok(r.ok && r.value.id === f.id);
  });

  describe('over HTTP (forms without JavaScript)', () => {
    it('takes a counter, calls, recalls, finishes and leaves with POST forms and redirects', async () => {
      const { client } = await clerkClient(t);
      const page = await client.get(`/verwaltung/warteschlange/${SLUG}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Schalter oder Raum übernehmen/);
      const empty = await client.post(`/verwaltung/warteschlange/${SLUG}/platz`, {});
      assert.equal(empty.statusCode, 422);
      assert.match(empty.body, /id="error-summary"/);
      assert.match(empty.body, /Wählen Sie einen Schalter oder Raum/);
      const [c1] = await counterIds(t.kernel, loc);
      const took = await client.post(`/verwaltung/warteschlange/${SLUG}/platz`, { counter: c1! });
      assert.equal(took.statusCode, 303);
      await issue();
      const called = await client.post(`/verwaltung/warteschlange/${SLUG}/aufrufen`);
      assert.equal(called.statusCode, 303);
      assert.match(called.headers.location!, /meldung=called&nr=A\d{3}/);
      const after = await client.get(called.headers.location!);
      assert.match(after.body, /id="current-ticket">\s*A\d{3}/);
      assert.match(after.body, /wurde aufgerufen/);
      assert.equal((await client.post(`/verwaltung/warteschlange/${SLUG}/erneut`)).statusCode, 303);
      assert.equal((await client.post(`/verwaltung/warteschlange/${SLUG}/abschliessen`)).statusCode, 303);
      const none = await client.post(`/verwaltung/warteschlange/${SLUG}/aufrufen`);
      assert.equal(none.statusCode, 200);
      assert.match(none.body, /Zurzeit wartet niemand/);
      const noCurrent = await client.post(`/verwaltung/warteschlange/${SLUG}/parken`);
      assert.equal(noCurrent.statusCode, 409);
      assert.equal((await client.post(`/verwaltung/warteschlange/${SLUG}/platz/verlassen`)).statusCode, 303);
      const issued = await client.post(`/verwaltung/warteschlange/${SLUG}/ticket`, {
        group: 'zulassung',
        priority: '1',
      });
      assert.equal(issued.statusCode, 303);
      const bad = await client.post(`/verwaltung/warteschlange/${SLUG}/ticket`, { group: 'gibtsnicht' });
      assert.equal(bad.statusCode, 422);
    });

    it('refuses staff of another org unit and anonymous visitors; bad input never gives a 500', async () => {
      const other = await createClerk(t.kernel, 'gesundheitsamt');
      const { client } = await clerkClient(t, other);
      assert.equal((await client.get(`/verwaltung/warteschlange/${SLUG}`)).statusCode, 403);
      const anon = await t.app.inject({ method: 'GET', url: `/verwaltung/warteschlange/${SLUG}` });
      assert.equal(anon.statusCode, 303);
      const { client: clerk } = await clerkClient(t);
      await clerk.get(`/verwaltung/warteschlange/${SLUG}`);
      for (const [url, body] of [
        [`/verwaltung/warteschlange/${SLUG}/platz`, { counter: 'x'.repeat(5000) }],
        [`/verwaltung/warteschlange/${SLUG}/platz`, { counter: "1' or '1'='1" }],
        [`/verwaltung/warteschlange/${SLUG}/geparkt`, { ticket: 'nope' }],
        [`/verwaltung/warteschlange/gibt-es-nicht/aufrufen`, {}],
        [`/verwaltung/warteschlange/UPPER/aufrufen`, {}],
      ] as const) {
        const res = await clerk.post(url, body);
        assert.ok(res.statusCode < 500 && res.statusCode >= 200, `${url}: ${res.statusCode}`);
      }
      for (const url of [
        `/verwaltung/warteschlange/${SLUG}/statistik?von=31.02.2026`,
        `/verwaltung/warteschlange/${SLUG}/statistik?von=2026-12-01&bis=2026-11-01`,
        `/verwaltung/warteschlange/${SLUG}/statistik.csv?von=kaputt`,
        `/verwaltung/warteschlange/nicht-da/statistik`,
      ]) {
        const res = await clerk.get(url);
        assert.ok([400, 404, 422].includes(res.statusCode), `${url}: ${res.statusCode}`);
      }
    });
  });
});
