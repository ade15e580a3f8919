import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { Client } from './helpers.ts';

/**
 * More concurrent submissions than the pool has connections. A request that holds a transaction
 * client and then waits for a second pooled connection deadlocks the pool once every connection
 * is held that way (found by the submission benchmark at 32 connections: 2 submissions/s).
 */
describe('submissions with a small connection pool', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { DB_POOL_SIZE: '2' } });
  });
  after(async () => t.close());

  it('completes six parallel submissions with two pooled connections', async () => {
    const ready: { c: Client; base: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const c = new Client(t);
      const { base, first } = await c.start('allgemeine-anfrage');
      await c.step(first, { stelle: 'dormagen', amtGemeinde: 'buergerbuero' });
      await c.get(`${base}/schritt/anliegen`);
      await c.upload(
        `${base}/schritt/anliegen`,
        { betreff: `Anfrage ${i}`, nachricht: 'Bitte um Rückruf.' },
        [],
      );
      await c.step(`${base}/schritt/kontakt`, {
        vorname: 'Pia',
        nachname: `Pool${i}`,
        antwortweg: 'email',
        email: `pool${i}@example.org`,
      });
      await c.get(`${base}/erklaerung`);
      ready.push({ c, base });
    }
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>((resolve) => {
      timer = setTimeout(() => resolve('stalled'), 30_000);
    });
    const all = Promise.all(
      ready.map(({ c, base }) =>
        c.post(`${base}/erklaerung`, { 'erklaerung-wahrheit': 'ja', 'erklaerung-datenschutz': 'ja' }),
      ),
    );
    const outcome = await Promise.race([all, stalled]);
    clearTimeout(timer);
    assert.notEqual(outcome, 'stalled', 'the submissions waited for pooled connections for 30 s');
    const results = outcome as Awaited<typeof all>;
    assert.deepEqual(
      results.map((r) => r.statusCode),
      [303, 303, 303, 303, 303, 303],
    );
    const { rows } = await t.kernel.db.pool.query<{ n: number }>(
      `select count(*)::int as n from casework.cases where applicant_email like 'pool%@example.org'`,
    );
    assert.equal(rows[0]!.n, 6);
    // Each confirmation mail went out on its submission's own connection, not a seventh one.
    for (let i = 0; i < 6; i++)
      assert.equal((await t.kernel.mail.recent({ to: `pool${i}@example.org` })).length, 1, `pool${i}`);
  });
});
