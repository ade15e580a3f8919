import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../testing/index.ts';
import { createDatabase, inTransaction, type Database } from '../database.ts';

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
});
