import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { listLocations, seedAppointmentsDemo } from '../../appointments/index.ts';
import { queueModule } from '../index.ts';

describe('queue: demo seed', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-26T11:00:00+01:00'));
  before(async () => {
    t = await createTestApp({ clock });
  });
  after(async () => t.close());

  const counts = async () =>
    (
      await t.kernel.db.pool.query<{
        locations: number;
        groups: number;
        counters: number;
        tickets: number;
        hours: number;
      }>(
        `select (select count(*)::int from queue.locations) as locations,
                (select count(*)::int from queue.service_groups) as groups,
                (select count(*)::int from queue.counters) as counters,
                (select count(*)::int from queue.tickets) as tickets,
                (select count(*)::int from queue.hourly_stats) as hours`,
      )
    ).rows[0]!;

  it('configures the demo locations with the appointments ids, adds history, and a second run changes nothing', async () => {
    await seedAppointmentsDemo(t.kernel);
    await queueModule.seed!.demo!(t.kernel);
    const first = await counts();
    assert.equal(first.locations, 7);
    assert.ok(first.tickets > 1000, `history: ${first.tickets} tickets`);
    assert.ok(first.hours > 100);
    await queueModule.seed!.demo!(t.kernel);
    assert.deepEqual(await counts(), first);
    const appointments = await listLocations(t.kernel);
    const { rows } = await t.kernel.db.pool.query<{ id: string; slug: string }>(
      'select id, slug from queue.locations',
    );
    for (const r of rows) {
      const a = appointments.find((l) => l.slug === r.slug);
      assert.ok(a, `appointments knows ${r.slug}`);
      assert.equal(r.id, a.id, `${r.slug}: same location id as the appointments module`);
    }
    // The public overview lists them with a traffic light (no counter open in the demo: "closed").
    const page = await t.app.inject({ method: 'GET', url: '/wartezeiten' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Straßenverkehrsamt Grevenbroich/);
  });
});
