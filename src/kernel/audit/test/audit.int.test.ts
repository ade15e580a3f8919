import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../db/database.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';

async function tamper(t: TestApp, sql: string, values: unknown[] = []) {
  const c = await t.kernel.db.pool.connect();
  try {
    // What an attacker with database admin rights could do: bypass the append-only triggers.
    await c.query('set session_replication_role = replica');
    await c.query(sql, values);
  } finally {
    await c.query('reset session_replication_role');
    c.release();
  }
}

function cli(t: TestApp, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: t.db.url,
      LOG_LEVEL: 'silent',
      DATA_DIR: `/tmp/openkreis-test-files/${t.db.name}`,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('audit log', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('appends chained entries and verifies them, with before/after as stored', async () => {
    await t.kernel.audit.record({
      actorId: 'acc-1',
      action: 'case.closed',
      objectType: 'case',
      objectId: 'c-1',
      tenantId: 'neuss',
      before: {
        status: 'open',
        n: 1.5,
        tags: ['a', 'ü'],
        at: new Date('2026-01-02T03:04:05.678Z'),
        nested: { z: 1, a: null },
      },
      after: { status: 'closed', missing: undefined },
      requestId: 'req-12345678',
    });
    await t.kernel.audit.record({
      actorId: null,
      action: 'job.ran',
      objectType: 'job',
      objectId: null,
    });
    const { rows } = await t.kernel.db.pool.query('select * from kernel.audit_log order by seq');
    assert.equal(rows.length, 2);
    assert.deepEqual(
      rows.map((r: { seq: string; action: string }) => [Number(r.seq), r.action]),
      [
        [1, 'case.closed'],
        [2, 'job.ran'],
      ],
    );
    assert.equal(rows[1].prev_hash, rows[0].hash);
    assert.deepEqual(rows[0].before.at, '2026-01-02T03:04:05.678Z');
    assert.deepEqual(rows[0].after, { status: 'closed' });
    assert.equal(rows[1].before, null);
    const v = await t.kernel.audit.verify();
    assert.deepEqual(v, { ok: true, entries: 2, headHash: rows[1].hash });
    const pending = await t.kernel.db.pool.query('select count(*)::int as n from kernel.audit_pending');
    assert.equal(pending.rows[0].n, 0, 'every committed entry has left the pending table');
  });

  it('stores values with NUL characters (which jsonb refuses) without them, and the chain stays valid', async () => {
    await t.kernel.audit.record({
      actorId: null,
      action: 'nul.check',
      objectType: 'x',
      objectId: null,
      after: { name: 'a\u0000b', raw: '\\u0000' },
    });
    const { rows } = await t.kernel.db.pool.query(
      `select after from kernel.audit_log where action = 'nul.check'`,
    );
    assert.deepEqual(rows[0].after, { name: 'ab', raw: '\\u0000' });
    assert.equal((await t.kernel.audit.verify()).ok, true);
  });

  it('refuses invalid action names', async () => {
    await assert.rejects(
      t.kernel.audit.record({ actorId: null, action: 'Bad Action', objectType: 'x', objectId: null }),
      /invalid audit action/,
    );
  });

  it('joins the caller transaction: a rollback leaves no entry, a commit keeps it (Kysely and pg client)', async () => {
    const before = (await t.kernel.audit.verify()).entries;
    await assert.rejects(
      t.kernel.db.kysely.transaction().execute(async (trx) => {
        await t.kernel.audit.record(
          { actorId: 'a', action: 'test.rolled_back', objectType: 'x', objectId: '1' },
          trx,
        );
        throw new Error('change failed');
      }),
      /change failed/,
    );
    await t.kernel.db.kysely.transaction().execute(async (trx) => {
      await t.kernel.audit.record(
        { actorId: 'a', action: 'test.committed', objectType: 'x', objectId: '2' },
        trx,
      );
    });
    const c = await t.kernel.db.pool.connect();
    try {
      await c.query('begin');
      await t.kernel.audit.record(
        { actorId: 'a', action: 'test.pg_rolled_back', objectType: 'x', objectId: '3' },
        c,
      );
      await c.query('rollback');
      await c.query('begin');
      await t.kernel.audit.record(
        { actorId: 'a', action: 'test.pg_committed', objectType: 'x', objectId: '4' },
        c,
      );
      await c.query('commit');
    } finally {
      c.release();
    }
    const { rows } = await t.kernel.db.pool.query<{ action: string }>(
      `select action from kernel.audit_log where action like 'test.%' order by seq`,
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['test.committed', 'test.pg_committed'],
    );
    const v = await t.kernel.audit.verify();
    assert.equal(v.ok, true);
    assert.equal(v.entries, before + 2);
  });

  it('inTransaction: entries wait in memory, go out in one statement before COMMIT in their order, none on rollback', async () => {
    const pool = t.kernel.db.pool;
    const statements: string[] = [];
    const countPending = async () =>
      (await pool.query<{ n: number }>('select count(*)::int as n from kernel.audit_pending')).rows[0]!.n;
    await inTransaction(pool, async (c) => {
      const query = c.query.bind(c) as (...a: unknown[]) => Promise<unknown>;
      (c as unknown as { query: (...a: unknown[]) => Promise<unknown> }).query = (...a: unknown[]) => {
        const q = a[0] as string | { text: string };
        statements.push(typeof q === 'string' ? q : q.text);
        return query(...a);
      };
      for (const n of ['one', 'two', 'three'])
        await t.kernel.audit.record(
          { actorId: 'b', action: `test.buffered_${n}`, objectType: 'x', objectId: n },
          c,
        );
      assert.deepEqual(statements, [], 'nothing written while the transaction works');
      const { rows } = await c.query<{ n: number }>('select count(*)::int as n from kernel.audit_pending');
      assert.equal(rows[0]!.n, 0);
    });
    const inserts = statements.filter((s) => s.includes('insert into kernel.audit_pending'));
    assert.equal(inserts.length, 1, 'one statement for the three entries');
    assert.equal(statements.at(-1), 'commit');
    const { rows } = await pool.query<{ action: string }>(
      `select action from kernel.audit_log where action like 'test.buffered_%' order by seq`,
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['test.buffered_one', 'test.buffered_two', 'test.buffered_three'],
    );
    // rollback(value) and a thrown error both leave nothing behind.
    const undone = await inTransaction(pool, async (c, rollback) => {
      await t.kernel.audit.record(
        { actorId: 'b', action: 'test.buffered_undone', objectType: 'x', objectId: null },
        c,
      );
      return rollback('undone');
    });
    assert.equal(undone, 'undone');
    await assert.rejects(
      inTransaction(pool, async (c) => {
        await t.kernel.audit.record(
          { actorId: 'b', action: 'test.buffered_thrown', objectType: 'x', objectId: null },
          c,
        );
        throw new Error('change failed');
      }),
      /change failed/,
    );
    const gone = await pool.query(
      `select 1 from kernel.audit_log where action in ('test.buffered_undone', 'test.buffered_thrown')`,
    );
    assert.equal(gone.rows.length, 0);
    assert.equal(await countPending(), 0);
    // The client goes back to the pool without its buffer: used outside inTransaction it writes at once.
    const c = await pool.connect();
    try {
      await t.kernel.audit.record(
        { actorId: 'b', action: 'test.buffered_plain', objectType: 'x', objectId: null },
        c,
      );
      const seen = await pool.query(`select 1 from kernel.audit_log where action = 'test.buffered_plain'`);
      assert.equal(seen.rows.length, 1);
    } finally {
      c.release();
    }
    assert.equal((await t.kernel.audit.verify()).ok, true);
  });

  it('keeps one unbroken chain under 50 parallel writers', async () => {
    const start = (await t.kernel.audit.verify()).entries;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.kernel.audit.record({
          actorId: `w${i}`,
          action: 'test.parallel',
          objectType: 'x',
          objectId: String(i),
          after: { i },
        }),
      ),
    );
    const { rows } = await t.kernel.db.pool.query<{ seq: string }>(
      `select seq from kernel.audit_log where action = 'test.parallel' order by seq`,
    );
    const seqs = rows.map((r) => Number(r.seq));
    assert.deepEqual(
      seqs,
      Array.from({ length: 50 }, (_, i) => start + i + 1),
    );
    const v = await t.kernel.audit.verify();
    assert.equal(v.ok, true);
    assert.equal(v.entries, start + 50);
  });

  it('seals at commit: an open audited transaction does not hold up another, and entries keep their order', async () => {
    const pool = t.kernel.db.pool;
    const slow = await pool.connect();
    try {
      await slow.query('begin');
      await t.kernel.audit.record(
        { actorId: 's', action: 'test.slow_first', objectType: 'x', objectId: '1' },
        slow,
      );
      await t.kernel.audit.record(
        { actorId: 's', action: 'test.slow_second', objectType: 'x', objectId: '2' },
        slow,
      );
      // Not sealed yet: no sequence number is taken while the transaction works.
      const open = await pool.query(
        `select count(*)::int as n from kernel.audit_log where action like 'test.slow_%'`,
      );
      assert.equal(open.rows[0].n, 0);
      // Another audited transaction commits meanwhile, without waiting for the open one.
      const other = inTransaction(pool, async (c) => {
        await t.kernel.audit.record({ actorId: 'f', action: 'test.fast', objectType: 'x', objectId: '3' }, c);
      });
      const raced = await Promise.race([
        other.then(() => 'committed'),
        new Promise((r) => setTimeout(() => r('blocked'), 3000)),
      ]);
      assert.equal(raced, 'committed');
      await slow.query('commit');
    } finally {
      slow.release();
    }
    const { rows } = await pool.query<{ action: string }>(
      `select action from kernel.audit_log where action in ('test.fast', 'test.slow_first', 'test.slow_second') order by seq`,
    );
    // Sealed in commit order; within a transaction in the order recorded.
    assert.deepEqual(
      rows.map((r) => r.action),
      ['test.fast', 'test.slow_first', 'test.slow_second'],
    );
    assert.equal((await t.kernel.audit.verify()).ok, true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database', async () => {
    const pool = t.kernel.db.pool;
    await assert.rejects(
      pool.query(`update kernel.audit_log set action = 'x.y' where seq = 1`),
      /append-only/,
    );
    await assert.rejects(pool.query('delete from kernel.audit_log where seq = 1'), /append-only/);
    await assert.rejects(pool.query('truncate kernel.audit_log'), /append-only/);
    await assert.rejects(pool.query('delete from kernel.audit_chain'), /append-only/);
    assert.equal((await t.kernel.audit.verify()).ok, true);
  });

  it('lists entries newest first with filters and tenant scope', async () => {
    const all = await t.kernel.audit.list({ tenantIds: 'all', limit: 5, offset: 0 });
    assert.equal(all.items.length, 5);
    assert.ok(all.items[0]!.seq > all.items[1]!.seq);
    const neuss = await t.kernel.audit.list({ tenantIds: ['neuss'], limit: 50, offset: 0 });
    assert.deepEqual(
      neuss.items.map((i) => i.action),
      ['case.closed'],
    );
    const byAction = await t.kernel.audit.list({
      tenantIds: 'all',
      action: 'test.par',
      limit: 100,
      offset: 0,
    });
    assert.equal(byAction.total, 50);
    const byActor = await t.kernel.audit.list({ tenantIds: 'all', actor: 'w7', limit: 10, offset: 0 });
    assert.deepEqual(
      byActor.items.map((i) => i.objectId),
      ['7'],
    );
    const none = await t.kernel.audit.list({ tenantIds: [], limit: 10, offset: 0 });
    assert.equal(none.total, 0);
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    assert.equal(
      (await t.kernel.audit.list({ tenantIds: 'all', from: today, to: today, limit: 1, offset: 0 })).total,
      all.total,
    );
    assert.equal(
      (await t.kernel.audit.list({ tenantIds: 'all', to: '2000-01-01', limit: 1, offset: 0 })).total,
      0,
    );
  });
});

describe('audit tampering', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    for (let i = 1; i <= 5; i++) {
      await t.kernel.audit.record({
        actorId: 'a',
        action: 'test.entry',
        objectType: 'x',
        objectId: String(i),
        after: { i },
      });
    }
  });
  after(async () => t.close());

  it('the CLI reports an intact chain, also against a head recorded earlier', async () => {
    const res = cli(t, 'audit:verify');
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /^OK, 5 entries/);
    const { rows } = await t.kernel.db.pool.query<{ hash: string }>(
      'select hash from kernel.audit_log where seq = 2',
    );
    assert.equal((await t.kernel.audit.verify({ anchor: rows[0]!.hash })).ok, true);
    const foreign = await t.kernel.audit.verify({ anchor: 'f'.repeat(64) });
    assert.equal(foreign.ok, false);
    assert.match(foreign.broken!.reason, /recorded head f+ is not part of the chain/);
    assert.equal(cli(t, 'audit:verify', 'not-a-hash').status, 2);
  });

  it('finds a changed entry, a re-hashed entry, a removed entry and a cut-off tail', async () => {
    await tamper(t, `update kernel.audit_log set after = '{"i": 99}' where seq = 3`);
    assert.deepEqual((await t.kernel.audit.verify()).broken, {
      seq: 3,
      reason: 'content does not match its hash',
    });

    // the attacker also recomputes the hash of entry 3: entry 4 no longer links to it
    const { rows } = await t.kernel.db.pool.query('select * from kernel.audit_log where seq = 3');
    const { chainHash, rowCanonical } = await import('../chain.ts');
    const r = rows[0];
    const forged = chainHash(r.prev_hash, 3, rowCanonical(r));

    await tamper(t, 'update kernel.audit_log set hash = $1 where seq = 3', [forged]);
    assert.deepEqual((await t.kernel.audit.verify()).broken, {
      seq: 4,
      reason: 'previous hash does not match the entry before it',
    });

    const res = cli(t, 'audit:verify');
    assert.equal(res.status, 1, res.stdout + res.stderr);
    assert.match(res.stdout, /BROKEN at entry 4: previous hash does not match/);
    const check = await t.kernel.audit.lastCheck();
    assert.equal(check?.ok, false);
    assert.equal(check.brokenSeq, 4);

    await tamper(t, 'delete from kernel.audit_log where seq = 2');
    assert.deepEqual((await t.kernel.audit.verify()).broken, { seq: 2, reason: 'entry 2 is missing' });
  });

  it('finds a cut-off tail through the chain head', async () => {
    const t2 = await createTestApp();
    try {
      for (let i = 0; i < 3; i++)
        await t2.kernel.audit.record({ actorId: null, action: 'test.tail', objectType: 'x', objectId: null });
      await tamper(t2, 'delete from kernel.audit_log where seq = 3');
      const v = await t2.kernel.audit.verify();
      assert.equal(v.ok, false);
      assert.equal(v.entries, 2);
      assert.match(v.broken!.reason, /entries after 2 are missing/);
    } finally {
      await t2.close();
    }
  });
});
