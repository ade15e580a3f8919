import type { Kernel } from '../../../kernel/kernel.ts';
import { deskSlots, groupSessions } from '../availability.ts';
import {
  selectBlocks,
  selectClosures,
  selectLocations,
  selectRules,
  type LocationRecord,
} from '../db/queries.ts';
import { addDays, berlinInstant } from '../time.ts';

export interface DayStats {
  date: string;
  locationSlug: string;
  locationName: string;
  /** Bookable places (desk slot × workstations + group seats). */
  capacity: number;
  /** Places taken by booked, arrived, no-show and done appointments. */
  booked: number;
  appointments: number;
  noShows: number;
}

/** Capacity against bookings per day for offices (no personal data). */
export async function dailyStats(
  kernel: Kernel,
  from: string,
  to: string,
  only?: LocationRecord,
): Promise<DayStats[]> {
  const locations = only ? [only] : await selectLocations(kernel.db.pool, { activeOnly: true });
  const out: DayStats[] = [];
  for (const l of locations) {
    const [rules, closures, blocks] = await Promise.all([
      selectRules(kernel.db.pool, l.id),
      selectClosures(kernel.db.pool, l.id),
      selectBlocks(kernel.db.pool, l.id),
    ]);
    const { rows } = await kernel.db.pool.query<{ day: string; places: number; n: number; no_shows: number }>(
      `select to_char(starts_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') as day,
              sum(case when resource = 'desk' then slot_count * units else units end)::int as places,
              count(*)::int as n, count(*) filter (where status = 'no_show')::int as no_shows
         from appointments.appointments
        where location_id = $1 and starts_at >= $2 and starts_at < $3
          and status in ('booked', 'arrived', 'no_show', 'done')
        group by 1`,
      [l.id, berlinInstant(from, 0), berlinInstant(addDays(to, 1), 0)],
    );
    const byDay = new Map(rows.map((r) => [r.day, r]));
    for (let d = from; d <= to; d = addDays(d, 1)) {
      const desk = deskSlots(l, rules, closures, blocks, d).reduce((n, s) => n + s.capacityTotal, 0);
      const seats = groupSessions(rules, closures, blocks, d).reduce((n, s) => n + s.seats, 0);
      const r = byDay.get(d);
      if (desk + seats === 0 && !r) continue;
      out.push({
        date: d,
        locationSlug: l.slug,
        locationName: l.name,
        capacity: desk + seats,
        booked: r?.places ?? 0,
        appointments: r?.n ?? 0,
        noShows: r?.no_shows ?? 0,
      });
    }
  }
  return out;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",;\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(header: string[], rows: (string | number)[][]): string {
  return `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
