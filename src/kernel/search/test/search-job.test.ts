import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { SEARCH_REBUILD_JOB } from '../index.ts';

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('search rebuild job', () => {
  let t: TestApp;
  let items = ['a', 'b'];
  before(async () => {
    t = await createTestApp({ env: { JOBS_POLL_INTERVAL_MS: '500' } });
    t.kernel.search.registerSource({
      name: 'jobtest',
      reindex: async (k) => {
        for (const id of items) {
          await k.search.upsert({
            source: 'jobtest',
            id,
            tenantId: null,
            title: `Kreistagssitzung ${id}`,
            summary: '',
            url: `/x/${id}`,
            visibility: 'public',
            lang: 'de',
            updatedAt: new Date(),
          });
        }
      },
    });
    await t.kernel.jobs.start();
  });
  after(async () => t.close());

  const titles = async () =>
    (
      await t.kernel.search.query({
        q: 'Kreistagssitzung',
        source: 'jobtest',
        visibility: 'public',
        limit: 10,
        offset: 0,
      })
    ).hits
      .map((h) => h.id)
      .sort();

  it('rebuilds the sources named in the job', async () => {
    await t.kernel.jobs.send(SEARCH_REBUILD_JOB, { sources: ['jobtest', 'unknown-source'] });
    await waitFor(async () => (await titles()).length === 2);
    items = ['b', 'c'];
    await t.kernel.jobs.send(SEARCH_REBUILD_JOB, { sources: ['jobtest'] });
    await waitFor(async () => (await titles()).join() === 'b,c');
  });

  it('is scheduled nightly for all sources', async () => {
    const { rows } = await t.kernel.db.pool.query<{ cron: string }>(
      `select cron from pgboss.schedule where name = $1`,
      [SEARCH_REBUILD_JOB],
    );
    assert.equal(rows[0]?.cron, '40 3 * * *');
  });
});
