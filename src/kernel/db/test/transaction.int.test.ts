import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../testing/index.ts';
import {
  afterCommit,
  createDatabase,
  inTransaction,
  TransactionAborted,
  type Database,
} from '../database.ts';

describe('inTransaction', () => {
  let tdb: TestDatabase;
  let db: Database;
  before(async () => {
    tdb = await createTestDatabase();
    db = createDatabase(tdb.url, { max: 3 });
    await db.pool.query('create table public.tx_test (v int)');
  });
  after(async () => {
    await db.close();
    await tdb.drop();
  });
  const count = async () =>
    (await db.pool.query<{ n: number }>('select count(*)::int as n from public.tx_test')).rows[0]!.n;

  it('commits what the function wrote and returns its value', async () => {
    const r = await inTransaction(db.pool, async (c) => {
      await c.query('insert into public.tx_test values (1)');
      return 'done';
    });
    assert.equal(r, 'done');
    assert.equal(await count(), 1);
  });

  it('rolls back and rethrows on an error', async () => {
    await assert.rejects(
      inTransaction(db.pool, async (c) => {
        await c.query('insert into public.tx_test values (2)');
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await count(), 1);
  });

  it('rolls back an expected failure and returns its value', async () => {
    const r = await inTransaction(db.pool, async (c, rollback) => {
      await c.query('insert into public.tx_test values (3)');
      return rollback({ ok: false as const });
    });
    assert.deepEqual(r, { ok: false });
    assert.equal(await count(), 1);
  });

  it('returns every client to the pool', async () => {
    await Promise.all(Array.from({ length: 10 }, () => inTransaction(db.pool, async () => undefined)));
    await Promise.allSettled(
      Array.from({ length: 10 }, () => inTransaction(db.pool, async () => Promise.reject(new Error('x')))),
    );
    assert.equal(db.pool.totalCount - db.pool.idleCount, 0);
  });

  it('refuses to report success when a caught SQL error aborted the transaction', async () => {
    const before = await count();
    await assert.rejects(
      inTransaction(db.pool, async (c) => {
        await c.query('insert into public.tx_test values (4)');
        // The error is caught, but PostgreSQL has aborted the transaction: COMMIT is a ROLLBACK.
        await c.query('select 1/0').catch(() => undefined);
        return 'looks fine';
      }),
      TransactionAborted,
    );
    assert.equal(await count(), before, 'nothing stored');
    assert.equal(db.pool.totalCount - db.pool.idleCount, 0);
  });

  it('runs after-commit work only after COMMIT, never after a rollback, and swallows its errors', async () => {
    const seen: string[] = [];
    const r = await inTransaction(db.pool, async (c) => {
      await c.query('insert into public.tx_test values (5)');
      assert.ok(
        afterCommit(c, async () => {
          // The row is committed and visible to another connection by now.
          const n = (await db.pool.query('select 1 from public.tx_test where v = 5')).rowCount;
          seen.push(`first ${n}`);
        }),
      );
      afterCommit(c, () => Promise.reject(new Error('a failing callback')));
      afterCommit(c, async () => {
        seen.push('third');
      });
      seen.push('body');
      return 'ok';
    });
    assert.equal(r, 'ok');
    assert.deepEqual(seen, ['body', 'first 1', 'third']);

    const none: string[] = [];
    await inTransaction(db.pool, async (c, rollback) => {
      afterCommit(c, async () => {
        none.push('after rollback()');
      });
      return rollback(null);
    });
    await assert.rejects(
      inTransaction(db.pool, async (c) => {
        afterCommit(c, async () => {
          none.push('after an error');
        });
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(none, []);
    // Outside inTransaction there is no commit to wait for.
    const client = await db.pool.connect();
    try {
      assert.equal(
        afterCommit(client, async () => undefined),
        false,
      );
    } finally {
      client.release();
    }
  });
});
