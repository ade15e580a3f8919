import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { isoDateIn } from '../../../kernel/views/components.tsx';
import { countersOf, groupsOf, listLocationRows } from '../db/queries.ts';
import { ticketCode } from './tickets.ts';

/** Small deterministic PRNG (mulberry32): the same demo history on every install. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const offsetFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  timeZoneName: 'shortOffset',
});
const offsets = new Map<string, number>();

/** Berlin wall-clock minutes on an ISO date as an instant (the offset of that day's noon). */
function berlin(day: string, minutes: number): Date {
  let offset = offsets.get(day);
  if (offset === undefined) {
    const name = offsetFormat
      .formatToParts(new Date(`${day}T12:00:00Z`))
      .find((p) => p.type === 'timeZoneName')?.value;
    offset = Number(/GMT([+-]\d+)/.exec(name ?? '')?.[1] ?? 1) * 60;
    offsets.set(day, offset);
  }
  return new Date(Date.parse(`${day}T00:00:00Z`) + (minutes - offset) * 60_000);
}

/**
 * Demo history: two weeks of served customers (weekdays, 7:30–15:30) at every configured
 * location, so statistics, waiting times and the open-data dataset have figures. Runs only while
 * a location has no tickets before today (idempotent).
 */
export async function seedDemoHistory(kernel: Kernel, days = 14): Promise<number> {
  const now = kernel.clock.now();
  const today = isoDateIn(now);
  let inserted = 0;
  for (const loc of await listLocationRows(kernel.db.pool)) {
    const { rowCount } = await kernel.db.pool.query(
      'select 1 from queue.tickets where location_id = $1 and service_date < $2 limit 1',
      [loc.id, today],
    );
    if (rowCount) continue;
    const groups = (await groupsOf(kernel.db.pool, loc.id)).filter((g) => g.active);
    const counters = await countersOf(kernel.db.pool, loc.id);
    if (!groups.length || !counters.length) continue;
    let seed = 7;
    for (let i = 0; i < loc.slug.length; i++) seed = (seed * 31 + loc.slug.charCodeAt(i)) >>> 0;
    const rnd = prng(seed);
    // Column arrays for one multi-row insert per location (unnest).
    const cols: unknown[][] = Array.from({ length: 11 }, () => []);
    {
      for (let back = days; back >= 1; back--) {
        const dayDate = new Date(now.getTime() - back * 86_400_000);
        const day = isoDateIn(dayDate);
        const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
        if (weekday === 0 || weekday === 6) continue;
        const free = counters.map(() => 7.5 * 60); // minute of day each counter is free again
        const numbers = new Map<string, number>();
        const perDay = Math.round(counters.length * (14 + rnd() * 10));
        const arrivals = Array.from({ length: perDay }, () => 7.5 * 60 + rnd() * 8 * 60).sort(
          (a, b) => a - b,
        );
        for (const arrive of arrivals) {
          const g = groups[Math.floor(rnd() * groups.length)]!;
          const n = (numbers.get(g.id) ?? 0) + 1;
          numbers.set(g.id, n);
          const number = g.range_start + n - 1;
          if (number > g.range_end) continue;
          const ci = free.indexOf(Math.min(...free));
          const start = Math.max(arrive, free[ci]!);
          const handling = g.default_minutes * (0.5 + rnd());
          free[ci] = start + handling;
          const missed = rnd() < 0.03;
          const row = [
            day,
            g.id,
            number,
            ticketCode(g.prefix, number, g.range_end),
            g.for_appointments ? 'checkin' : 'kiosk',
            missed ? 'missed' : 'done',
            berlin(day, arrive),
            berlin(day, start),
            missed ? loc.missed_after_calls : 1,
            counters[ci]!.id,
            berlin(day, missed ? start + 3 : start + handling),
          ];
          row.forEach((v, k) => cols[k]!.push(v));
          inserted++;
        }
      }
    }
    await inTransaction(kernel.db.pool, async (client) => {
      await client.query(
        `insert into queue.tickets (location_id, service_date, group_id, number, code, source, priority, status,
           lang, created_at, first_called_at, called_at, call_count, counter_id, finished_at)
         select $1, d, g, n, c, s, 0, st, 'de', cr, fc, fc, cc, co, fi
         from unnest($2::date[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::timestamptz[],
           $9::timestamptz[], $10::int[], $11::uuid[], $12::timestamptz[])
           as x(d, g, n, c, s, st, cr, fc, cc, co, fi)`,
        [loc.id, ...cols],
      );
    });
  }
  return inserted;
}
