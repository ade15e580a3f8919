import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, createTestDatabase, type TestApp, type TestDatabase } from '../../../testing.ts';
import { callNext, endCall, takeCounter } from '../commands/counter.ts';
import { issueTicket } from '../commands/tickets.ts';
import type { LocationRow } from '../db/queries.ts';
import { hubOf } from '../live.ts';
import { SseClient } from './sse-client.ts';
import { counterIds, createClerk, setupLocation, SLUG } from './support.ts';

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

describe('queue: live call display and waiting-time stream across two app nodes', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let baseB: string;
  let loc: LocationRow;
  const clock = new FakeClock(new Date('2026-11-24T10:00:00+01:00'));
  const clients: SseClient[] = [];

  before(async () => {
    db = await createTestDatabase();
    // Two nodes on one database; only LISTEN/NOTIFY (not the 1 s poll) can deliver within the test.
    const env = { EVENTS_POLL_INTERVAL_MS: '60000', QUEUE_SSE_HEARTBEAT_SECONDS: '1' };
    a = await createTestApp({ database: db, clock, env });
    b = await createTestApp({ database: db, clock, env });
    await a.kernel.events.start();
    await b.kernel.events.start();
    loc = await setupLocation(a.kernel);
    baseB = await listen(b);
  });
  after(async () => {
    for (const c of clients) c.close();
    await a.close();
    await b.close();
    await db.drop();
  });

  const sse = async (path: string, lastEventId?: string) => {
    const c = await new SseClient(`${baseB}${path}`, lastEventId).open();
    clients.push(c);
    return c;
  };

  it('a call made through node A reaches a display connected to node B; clear and heartbeat follow', async () => {
    const display = await sse(`/wartezeiten/${SLUG}/anzeige/events`);
    assert.equal(display.status, 200);
    assert.match(String(display.headers['content-type']), /^text\/event-stream/);
    const state = await display.next((f) => f.event === 'state');
    assert.deepEqual(JSON.parse(state.data), { calls: [] });
    assert.equal(display.retry, 3000);

    const clerk = await createClerk(a.kernel);
    const [c1] = await counterIds(a.kernel, loc);
    assert.ok((await takeCounter(a.kernel, loc, clerk, c1!, null)).ok);
    const r = await issueTicket(a.kernel, loc, { groupKey: 'zulassung', source: 'kiosk', lang: 'de' });
    assert.ok(r.ok);
    const started = Date.now();
    const called = await callNext(a.kernel, loc, clerk);
    assert.ok(called.ok);
    const frame = await display.next((f) => f.event === 'call');
    const ms = Date.now() - started;
    const call = JSON.parse(frame.data) as {
      code: string;
      counter: string;
      ticketId: string;
      callCount: number;
    };
    assert.deepEqual(
      { code: call.code, counter: call.counter, ticketId: call.ticketId, callCount: call.callCount },
      { code: r.ticket.code, counter: 'Schalter 1', ticketId: r.ticket.id, callCount: 1 },
    );
    assert.ok(Number(frame.id) > 0, 'frames carry the event id');
    assert.ok(ms < 5000, `delivered in ${ms} ms`);

    // Reconnect with Last-Event-ID: the current state, including the call.
    const again = await sse(`/wartezeiten/${SLUG}/anzeige/events`, frame.id);
    const st = JSON.parse((await again.next((f) => f.event === 'state')).data) as {
      calls: { code: string }[];
    };
    assert.deepEqual(
      st.calls.map((c) => c.code),
      [r.ticket.code],
    );

    assert.ok((await endCall(a.kernel, loc, clerk, 'finish')).ok);
    const clear = await display.next((f) => f.event === 'clear');
    assert.equal((JSON.parse(clear.data) as { ticketId: string }).ticketId, r.ticket.id);
    // Heartbeat comments (every second in this test).
    const until = Date.now() + 5000;
    while (display.comments === 0 && Date.now() < until) await new Promise((res) => setTimeout(res, 100));
    assert.ok(display.comments > 0, 'heartbeat comment received');
  });

  it('the waiting-time stream pushes new figures after a ticket is drawn on the other node', async () => {
    const stream = await sse(`/api/v1/queue/locations/${SLUG}/events`);
    const first = JSON.parse((await stream.next((f) => f.event === 'waiting-time')).data) as {
      waiting: number;
    };
    const r = await issueTicket(a.kernel, loc, { groupKey: 'fuehrerschein', source: 'kiosk', lang: 'de' });
    assert.ok(r.ok);
    const next = await stream.next(
      (f) =>
        f.event === 'waiting-time' &&
        (JSON.parse(f.data) as { waiting: number }).waiting === first.waiting + 1,
    );
    assert.ok(next);
  });

  it('unknown locations answer 404 (problem+json on the API), not a stream', async () => {
    const res = await fetch(`${baseB}/api/v1/queue/locations/nirgendwo/events`);
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    const html = await fetch(`${baseB}/wartezeiten/nirgendwo/anzeige/events`);
    assert.equal(html.status, 404);
    const bad = await fetch(`${baseB}/api/v1/queue/locations/NOT_A_SLUG/events`);
    assert.equal(bad.status, 400);
  });

  it('closing the app ends open streams (clients reconnect elsewhere) instead of hanging the shutdown', async () => {
    const display = await sse(`/wartezeiten/${SLUG}/anzeige/events`);
    await display.next((f) => f.event === 'state');
    assert.ok(hubOf(b.kernel).clientCount() > 0);
    const t0 = Date.now();
    await b.app.close();
    await display.closed();
    assert.ok(Date.now() - t0 < 5000, 'closed promptly');
  });
});
