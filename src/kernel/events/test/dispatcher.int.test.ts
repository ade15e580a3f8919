import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import pino from 'pino';
import { createTestDatabase, type TestDatabase } from '../../../testing.ts';
import { EventDispatcher, type EventRow } from '../dispatcher.ts';

describe('event dispatcher order', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  before(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 3 });
    // The database is dropped WITH (FORCE) at the end; a connection it ends must not crash the run.
    pool.on('error', () => undefined);
  });
  after(async () => {
    await pool.end();
    await db.drop();
  });

  it('reads in transaction-id order across a digit boundary, each event once', async () => {
    const got: { id: number; txid: string }[] = [];
    const dispatcher = new EventDispatcher(pool, pino({ level: 'silent' }), 60_000, async (row: EventRow) => {
      got.push({ id: Number(row.id), txid: row.txid });
    });
    // A clean outbox: the dispatcher starts behind the newest event already there.
    await pool.query('delete from kernel.event_outbox');
    await dispatcher.start();
    try {
      // Committed long ago (far below the current horizon), written in the opposite order of
      // their transaction ids: 10 sorts before 9 as text, after it as a number.
      const { rows } = await pool.query<{ id: string; txid: string }>(
        `insert into kernel.event_outbox (type, payload, txid)
         select 'test.order', '{}'::jsonb, t::text::xid8 from unnest(array[100, 99, 10, 9]) as t
         returning id, txid::text as txid`,
      );
      assert.equal(rows.length, 4);
      await dispatcher.drain();
      assert.deepEqual(
        got.map((g) => g.txid),
        ['9', '10', '99', '100'],
      );
      await dispatcher.drain();
      assert.equal(got.length, 4, 'nothing delivered twice');
    } finally {
      await dispatcher.stop();
    }
  });
  it('delivers an event held back behind a transaction that ends between the read and the held-back check', async () => {
    const got: string[] = [];
    let armed = false;
    let blocker: pg.PoolClient | null = null;
    // The race made deterministic: the blocking transaction commits right after the read that
    // held the event back, before the dispatcher asks whether anything is still held back.
    const proxy = {
      options: pool.options,
      query: async (text: string, values?: unknown[]) => {
        const res = await pool.query(text, values);
        if (armed && text.includes('select e.id') && res.rowCount === 0 && blocker) {
          armed = false;
          await blocker.query('commit');
          blocker.release();
          blocker = null;
        }
        return res;
      },
    } as unknown as pg.Pool;
    const dispatcher = new EventDispatcher(
      proxy,
      pino({ level: 'silent' }),
      60_000,
      async (row: EventRow) => {
        got.push(row.type);
      },
    );
    await dispatcher.start();
    await dispatcher.drain();
    try {
      blocker = await pool.connect();
      await blocker.query('begin');
      await blocker.query('select pg_current_xact_id()');
      await pool.query(`insert into kernel.event_outbox (type, payload) values ('test.held', '{}'::jsonb)`);
      armed = true;
      dispatcher.wake();
      const until = Date.now() + 3000;
      while (!got.includes('test.held') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.equal(armed, false, 'the race was provoked');
      assert.deepEqual(got, ['test.held'], 'delivered without waiting for the 60 s poll');
    } finally {
      if (blocker) {
        await blocker.query('rollback');
        blocker.release();
      }
      await dispatcher.stop();
    }
  });
});
