import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';

async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function jobState(t: TestApp, id: string): Promise<string | undefined> {
  const { rows } = await t.kernel.db.pool.query<{ state: string }>(
    'select state::text as state from pgboss.job where id = $1',
    [id],
  );
  return rows[0]?.state;
}

describe('jobs without start()', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('queues jobs without starting workers, and joins the caller transaction', async () => {
    assert.equal(t.kernel.jobs.started, false);
    const id = await t.kernel.jobs.send('test.queued-only', { n: 1 });
    assert.equal(await jobState(t, id), 'created');

    let rolledBackId = '';
    await assert.rejects(
      t.kernel.db.kysely.transaction().execute(async (trx) => {
        rolledBackId = await t.kernel.jobs.send('test.queued-only', { n: 2 }, { trx });
        throw new Error('change failed');
      }),
    );
    assert.ok(rolledBackId);
    assert.equal(await jobState(t, rolledBackId), undefined);

    const c = await t.kernel.db.pool.connect();
    try {
      await c.query('begin');
      const committedId = await t.kernel.jobs.send('test.queued-only', { n: 3 }, { trx: c });
      await c.query('commit');
      assert.equal(await jobState(t, committedId), 'created');
    } finally {
      c.release();
    }
  });

  it('refuses invalid names and duplicate definitions', async () => {
    assert.throws(
      () => t.kernel.jobs.define({ name: 'Bad Name', handler: async () => undefined }),
      /invalid job name/,
    );
    t.kernel.jobs.define({ name: 'test.once', handler: async () => undefined });
    assert.throws(
      () => t.kernel.jobs.define({ name: 'test.once', handler: async () => undefined }),
      /defined twice/,
    );
    await assert.rejects(t.kernel.jobs.send('x y', {}), /invalid job name/);
    assert.equal(await t.kernel.jobs.retry('not-a-uuid'), false);
  });

  it('defines the kernel jobs with their schedules', () => {
    const names = t.kernel.jobs.names();
    assert.ok(names.includes('kernel.audit-verify'));
    assert.ok(names.includes('kernel.events-cleanup'));
  });
});

describe('jobs running', () => {
  let t: TestApp;
  const calls: { name: string; attempt: number; data: unknown }[] = [];
  let flakyFailures = 1;
  let brokenFixed = false;
  before(async () => {
    t = await createTestApp({ env: { JOBS_POLL_INTERVAL_MS: '500' } });
    t.kernel.jobs.define<{ v: string }>({
      name: 'test.flaky',
      retryLimit: 3,
      retryDelaySeconds: 1,
      retryBackoff: false,
      handler: async (data, ctx) => {
        calls.push({ name: 'flaky', attempt: ctx.attempt, data });
        if (flakyFailures-- > 0) throw new Error('temporary outage');
      },
    });
    t.kernel.jobs.define<{ v: number }>({
      name: 'test.broken',
      retryLimit: 1,
      retryDelaySeconds: 1,
      retryBackoff: false,
      handler: async (data, ctx) => {
        calls.push({ name: 'broken', attempt: ctx.attempt, data });
        if (!brokenFixed) throw new Error(`registry unreachable (${data.v})`);
      },
    });
    await t.kernel.jobs.start();
  });
  after(async () => t.close());

  it('retries a failing job and completes it', async () => {
    const id = await t.kernel.jobs.send({ name: 'test.flaky' }, { v: 'x' });
    await waitFor(async () => (await jobState(t, id)) === 'completed');
    const flaky = calls.filter((c) => c.name === 'flaky');
    assert.deepEqual(
      flaky.map((c) => c.attempt),
      [1, 2],
    );
    assert.deepEqual(flaky[0]!.data, { v: 'x' });
  });

  it('marks a job failed after its retries, lists it with the error, and retries it on request', async () => {
    const id = await t.kernel.jobs.send('test.broken', { v: 7 });
    await waitFor(async () => (await jobState(t, id)) === 'failed');
    assert.equal(calls.filter((c) => c.name === 'broken').length, 2);
    const failed = await t.kernel.jobs.failed({ limit: 10, offset: 0 });
    assert.equal(failed.total, 1);
    assert.equal(failed.items[0]!.id, id);
    assert.equal(failed.items[0]!.name, 'test.broken');
    assert.equal(failed.items[0]!.error, 'registry unreachable (7)');
    assert.equal(failed.items[0]!.attempts, 2);
    assert.equal((await t.kernel.jobs.counts()).failed, 1);

    brokenFixed = true;
    assert.equal(await t.kernel.jobs.retry(id), true);
    await waitFor(async () => (await jobState(t, id)) === 'completed');
    assert.equal((await t.kernel.jobs.failed({ limit: 10, offset: 0 })).total, 0);
    assert.equal(await t.kernel.jobs.retry(id), false);
  });

  it('schedules cron jobs in pg-boss', async () => {
    const { rows } = await t.kernel.db.pool.query<{ name: string; cron: string }>(
      'select name, cron from pgboss.schedule order by name',
    );
    const cron = new Map(rows.map((r) => [r.name, r.cron]));
    assert.equal(cron.get('kernel.audit-verify'), '41 * * * *');
    assert.equal(cron.get('kernel.events-cleanup'), '17 3 * * *');
    // jobs without a cron expression have no schedule
    assert.equal(cron.has('test.flaky'), false);
  });
});
