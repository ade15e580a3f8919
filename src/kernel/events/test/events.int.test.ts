import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, createTestDatabase, type TestApp, type TestDatabase } from '../../../testing.ts';
import { inTransaction } from '../../db/database.ts';
import { defineEvent, type PublishedEvent } from '../index.ts';

const Pinged = defineEvent<{ n: number }>('test.pinged');
const Durable = defineEvent<{ n: number }>('test.durable');
const DurableQuiet = defineEvent<{ n: number }>('test.durable_quiet');

async function waitFor(fn: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('events on two nodes of one database', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  const seenA: PublishedEvent<{ n: number }>[] = [];
  const seenA2: PublishedEvent<{ n: number }>[] = [];
  const seenB: PublishedEvent<{ n: number }>[] = [];
  const durableRuns: { node: string; n: number; attempt: number }[] = [];
  let durableFailFirst = true;

  before(async () => {
    db = await createTestDatabase();
    const env = { JOBS_POLL_INTERVAL_MS: '500', EVENTS_POLL_INTERVAL_MS: '200' };
    a = await createTestApp({ database: db, env });
    b = await createTestApp({ database: db, env });
    for (const [node, t] of [
      ['a', a],
      ['b', b],
    ] as const) {
      t.kernel.events.handle(Durable, {
        name: 'test-durable',
        retryDelaySeconds: 1,
        handler: async (e, ctx) => {
          durableRuns.push({ node, n: e.payload.n, attempt: ctx.attempt });
          if (durableFailFirst) {
            durableFailFirst = false;
            throw new Error('first attempt fails');
          }
        },
      });
    }
    for (const t of [a, b])
      t.kernel.events.handle(DurableQuiet, { name: 'test-durable-quiet', handler: async () => undefined });
    a.kernel.events.subscribe(Pinged, (e) => void seenA.push(e));
    a.kernel.events.subscribe(Pinged, (e) => void seenA2.push(e));
    b.kernel.events.subscribe('test.pinged', (e: PublishedEvent<{ n: number }>) => void seenB.push(e));
    await a.kernel.events.start();
    await b.kernel.events.start();
  });
  after(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  it('delivers nothing for a rolled-back transaction, and a committed event once to every subscriber on every node', async () => {
    await assert.rejects(
      a.kernel.db.kysely.transaction().execute(async (trx) => {
        await a.kernel.events.publish(trx, Pinged.of({ n: 1 }));
        throw new Error('change failed');
      }),
    );
    await a.kernel.db.kysely.transaction().execute(async (trx) => {
      await a.kernel.events.publish(trx, Pinged.of({ n: 2 }, 'neuss'));
    });
    await waitFor(() => seenA.length >= 1 && seenA2.length >= 1 && seenB.length >= 1);
    await a.kernel.events.drain();
    await b.kernel.events.drain();
    for (const seen of [seenA, seenA2, seenB]) {
      assert.deepEqual(
        seen.map((e) => e.payload),
        [{ n: 2 }],
      );
      assert.equal(seen[0]!.tenantId, 'neuss');
      assert.equal(seen[0]!.type, 'test.pinged');
    }
  });

  it('wakes the other node through NOTIFY, well before its fallback poll', async () => {
    const slow = await createTestApp({ database: db, env: { EVENTS_POLL_INTERVAL_MS: '60000' } });
    try {
      const got: number[] = [];
      slow.kernel.events.subscribe(Pinged, (e) => void got.push(e.payload.n));
      await slow.kernel.events.start();
      const started = Date.now();
      await a.kernel.events.publish(null, Pinged.of({ n: 3 }));
      await waitFor(() => got.length === 1, 10_000);
      assert.ok(Date.now() - started < 5000);
      assert.deepEqual(got, [3]);
    } finally {
      await slow.close();
    }
  });

  it('inTransaction: events without durable handlers are written just before COMMIT, in order, and still wake the other node', async () => {
    const slow = await createTestApp({ database: db, env: { EVENTS_POLL_INTERVAL_MS: '60000' } });
    try {
      const got: number[] = [];
      slow.kernel.events.subscribe(Pinged, (e) => void got.push(e.payload.n));
      await slow.kernel.events.start();
      const ids = await inTransaction(a.kernel.db.pool, async (c) => {
        const out = [];
        for (const n of [10, 11, 12]) out.push(await a.kernel.events.publish(c, Pinged.of({ n })));
        const { rows } = await c.query(
          `select 1 from kernel.event_outbox where type = 'test.pinged' and payload->>'n' = '10'`,
        );
        assert.equal(rows.length, 0, 'not written while the transaction works');
        return out;
      });
      assert.deepEqual(ids, [null, null, null], 'no id without a round trip');
      // Woken by the trigger's NOTIFY at COMMIT, long before the 60 s poll.
      await waitFor(() => got.length === 3, 10_000).catch(() =>
        assert.fail(`woken? got ${JSON.stringify(got)}`),
      );
      assert.deepEqual(got, [10, 11, 12]);
      // A durable event (written at once, for its job) after a buffered one: ids keep the order.
      const durableId = await inTransaction(a.kernel.db.pool, async (c) => {
        await a.kernel.events.publish(c, Pinged.of({ n: 20 }));
        const id = await a.kernel.events.publish(c, DurableQuiet.of({ n: 21 }));
        await a.kernel.events.publish(c, Pinged.of({ n: 22 }));
        return id;
      });
      assert.equal(typeof durableId, 'number');
      const { rows } = await a.kernel.db.pool.query<{ id: string; n: string }>(
        `select id, payload->>'n' as n from kernel.event_outbox where payload->>'n' in ('20', '21', '22') order by id`,
      );
      assert.deepEqual(
        rows.map((r) => r.n),
        ['20', '21', '22'],
      );
      assert.equal(Number(rows[1]!.id), durableId);
      await waitFor(() => got.length === 5, 10_000);
      assert.deepEqual(got, [10, 11, 12, 20, 22]);
      // Rolled back: nothing written, nothing delivered.
      await inTransaction(a.kernel.db.pool, async (c, rollback) => {
        await a.kernel.events.publish(c, Pinged.of({ n: 14 }));
        return rollback(null);
      });
      await a.kernel.events.publish(null, Pinged.of({ n: 15 }));
      await waitFor(() => got.length === 6, 10_000);
      assert.deepEqual(got, [10, 11, 12, 20, 22, 15]);
    } finally {
      await slow.close();
    }
  });

  it('listens again after its LISTEN connection is cut', async () => {
    const slow = await createTestApp({ database: db, env: { EVENTS_POLL_INTERVAL_MS: '60000' } });
    try {
      const got: number[] = [];
      slow.kernel.events.subscribe(Pinged, (e) => void got.push(e.payload.n));
      await slow.kernel.events.start();
      assert.equal(slow.kernel.events.status().listening, true);
      const { rowCount } = await a.kernel.db.pool.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'openkreis-events' and datname = current_database()`,
      );
      assert.ok(rowCount && rowCount >= 1);
      await waitFor(() => !slow.kernel.events.status().listening, 5000);
      await waitFor(() => slow.kernel.events.status().listening, 10_000);
      await a.kernel.events.publish(null, Pinged.of({ n: 4 }));
      await waitFor(() => got.includes(4), 5000);
    } finally {
      await slow.close();
    }
  });

  it('delivers an event held back by an older open transaction as soon as that ends, without a poll', async () => {
    const slow = await createTestApp({ database: db, env: { EVENTS_POLL_INTERVAL_MS: '60000' } });
    const blocker = await a.kernel.db.pool.connect();
    try {
      const got: number[] = [];
      slow.kernel.events.subscribe(Pinged, (e) => void got.push(e.payload.n));
      await slow.kernel.events.start();
      await blocker.query('begin');
      await blocker.query('select pg_current_xact_id()'); // an older transaction that writes nothing
      await a.kernel.events.publish(null, Pinged.of({ n: 5 }));
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(got.length, 0, 'not yet final: the older transaction could still publish');
      await blocker.query('commit');
      await waitFor(() => got.includes(5), 5000);
    } finally {
      blocker.release();
      await slow.close();
    }
  });

  it('loses no event that commits after a later one (commit-order safety)', async () => {
    await b.kernel.events.drain(); // the previous test's event, which B may not have yet
    const before = seenB.length;
    const c1 = await a.kernel.db.pool.connect();
    const c2 = await a.kernel.db.pool.connect();
    try {
      await c1.query('begin');
      await a.kernel.events.publish(c1, Pinged.of({ n: 10 })); // gets the smaller id, commits last
      await c2.query('begin');
      await a.kernel.events.publish(c2, Pinged.of({ n: 11 }));
      await c2.query('commit');
      await new Promise((r) => setTimeout(r, 500));
      await b.kernel.events.drain();
      await c1.query('commit');
    } finally {
      c1.release();
      c2.release();
    }
    await waitFor(() => seenB.length >= before + 2);
    await b.kernel.events.drain();
    const ns = seenB
      .slice(before)
      .map((e) => e.payload.n)
      .sort((x, y) => x - y);
    assert.deepEqual(ns, [10, 11]);
  });

  it('delivers each of 30 concurrently committed events exactly once per subscriber', async () => {
    const before = { a: seenA.length, b: seenB.length };
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? a : b).kernel.db.kysely.transaction().execute(async (trx) => {
          await (i % 2 ? a : b).kernel.events.publish(trx, Pinged.of({ n: 100 + i }));
        }),
      ),
    );
    await waitFor(() => seenA.length >= before.a + 30 && seenB.length >= before.b + 30);
    await new Promise((r) => setTimeout(r, 300));
    await a.kernel.events.drain();
    await b.kernel.events.drain();
    const expected = Array.from({ length: 30 }, (_, i) => 100 + i);
    assert.deepEqual(
      seenA
        .slice(before.a)
        .map((e) => e.payload.n)
        .sort((x, y) => x - y),
      expected,
    );
    assert.deepEqual(
      seenB
        .slice(before.b)
        .map((e) => e.payload.n)
        .sort((x, y) => x - y),
      expected,
    );
  });

  it('runs a durable handler on exactly one node, retrying until it succeeds, and never for a rollback', async () => {
    await a.kernel.jobs.start();
    await b.kernel.jobs.start();
    await assert.rejects(
      b.kernel.db.kysely.transaction().execute(async (trx) => {
        await b.kernel.events.publish(trx, Durable.of({ n: 1 }));
        throw new Error('change failed');
      }),
    );
    await b.kernel.db.kysely.transaction().execute(async (trx) => {
      await b.kernel.events.publish(trx, Durable.of({ n: 2 }));
    });
    await waitFor(() => durableRuns.length >= 2);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(
      durableRuns.map((r) => [r.n, r.attempt]),
      [
        [2, 1],
        [2, 2],
      ],
    );
  });

  it('delivers payloads with NUL characters without them', async () => {
    const before = seenB.length;
    await a.kernel.events.publish(null, { type: 'test.pinged', payload: { n: 500, s: 'x\u0000y' } });
    await waitFor(() => seenB.length > before);
    assert.deepEqual(seenB.at(-1)!.payload, { n: 500, s: 'xy' });
  });

  it('refuses invalid event types', async () => {
    assert.throws(() => defineEvent('Not Valid'), /invalid event type/);
    await assert.rejects(
      a.kernel.events.publish(null, { type: 'Bad Type', payload: {} }),
      /invalid event type/,
    );
  });
});
