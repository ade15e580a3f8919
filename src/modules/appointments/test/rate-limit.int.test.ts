import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, createTestDatabase, type TestApp, type TestDatabase } from '../../../testing.ts';
import { bookingAttemptAllowed, pruneRateCounters } from '../rate.ts';

const MIN = 60_000;

describe('booking attempts per client are limited across app nodes (PostgreSQL counter)', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  // 10:00 sharp, the start of an hourly window.
  const clock = new FakeClock(new Date('2026-11-24T10:00:00+01:00'));
  before(async () => {
    db = await createTestDatabase();
    const env = { APPOINTMENTS_BOOKINGS_PER_HOUR_PER_IP: '8' };
    a = await createTestApp({ database: db, clock, env });
    b = await createTestApp({ database: db, clock, env });
  });
  after(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  const burst = async (ip: string, solved: boolean, n: number) => {
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => bookingAttemptAllowed((i % 2 ? a : b).kernel, ip, solved)),
    );
    return results.filter(Boolean).length;
  };

  it('40 parallel attempts from one address on two nodes: exactly the hourly limit gets through; unsolved ones get a quarter', async () => {
    assert.equal(await burst('198.51.100.7', true, 40), 8);
    assert.equal(
      await burst('198.51.100.7', true, 4),
      0,
      'refused attempts do not count, but the limit holds',
    );
    assert.equal(await burst('198.51.100.7', false, 10), 2, 'no-JS submissions: their own, smaller budget');
    assert.equal(await burst('198.51.100.8', true, 3), 3, 'another address has its own budget');
    const { rows } = await a.kernel.db.pool.query<{ key: string }>(
      'select key from appointments.rate_counters',
    );
    assert.ok(
      rows.every((r) => !r.key.includes('198.51')),
      'no IP address stored',
    );
  });

  it('slides: half an hour into the next hour half of the last hour still counts; two hours later all is free and pruned', async () => {
    clock.set(new Date('2026-11-24T11:30:00+01:00'));
    assert.equal(await burst('198.51.100.7', true, 20), 4);
    clock.set(new Date('2026-11-24T13:00:00+01:00'));
    assert.equal(await burst('198.51.100.7', true, 20), 8);
    clock.advance(59 * MIN);
    assert.ok((await pruneRateCounters(a.kernel)) >= 3);
    const { rows } = await a.kernel.db.pool.query<{ n: number }>(
      'select count(*)::int as n from appointments.rate_counters',
    );
    assert.equal(rows[0]!.n, 1, 'only the current window is kept');
  });
});
