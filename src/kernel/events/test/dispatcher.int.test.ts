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
});
