import type { Kernel } from '../../../kernel/kernel.ts';
import type { LocationRow } from '../db/queries.ts';

export interface DayRow {
  day: string;
  customers: number;
  served: number;
  missed: number;
  avgWaitMinutes: number | null;
  avgHandlingMinutes: number | null;
}
export interface HourRow {
  hour: number;
  customers: number;
  avgWaitMinutes: number | null;
}
export interface GroupStatRow {
  key: string;
  nameDe: string;
  nameEn: string;
  served: number;
  avgWaitMinutes: number | null;
  avgHandlingMinutes: number | null;
}
export interface Statistics {
  from: string;
  to: string;
  days: DayRow[];
  hours: HourRow[];
  groups: GroupStatRow[];
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/**
 * Statistics of a location for Berlin dates from..to (inclusive), straight from the tickets:
 * customers (tickets issued), served, missed, waiting time (issue → first call) and handling
 * time (last call → finished) per day, per hour of the day and per service group.
 */
export async function statistics(
  kernel: Kernel,
  loc: LocationRow,
  from: string,
  to: string,
): Promise<Statistics> {
  const db = kernel.db.pool;
  const args = [loc.id, from, to];
  const [days, hours, groups] = await Promise.all([
    db.query<{
      day: string;
      customers: number;
      served: number;
      missed: number;
      w: number | null;
      h: number | null;
    }>(
      `select d::date::text as day,
         count(t.id)::int as customers,
         count(t.id) filter (where t.status = 'done')::int as served,
         count(t.id) filter (where t.status = 'missed')::int as missed,
         avg(extract(epoch from t.first_called_at - t.created_at)) / 60 as w,
         avg(extract(epoch from t.finished_at - t.called_at)) filter (where t.status = 'done') / 60 as h
       from generate_series($2::date, $3::date, interval '1 day') d
       left join queue.tickets t on t.location_id = $1 and t.service_date = d::date and t.status <> 'cancelled'
       group by d order by d`,
      args,
    ),
    db.query<{ hour: number; customers: number; w: number | null }>(
      `select extract(hour from t.created_at at time zone 'Europe/Berlin')::int as hour,
         count(*)::int as customers,
         avg(extract(epoch from t.first_called_at - t.created_at)) / 60 as w
       from queue.tickets t
       where t.location_id = $1 and t.service_date between $2 and $3 and t.status <> 'cancelled'
       group by 1 order by 1`,
      args,
    ),
    db.query<{
      key: string;
      name_de: string;
      name_en: string;
      served: number;
      w: number | null;
      h: number | null;
    }>(
      `select g.key, g.name_de, g.name_en,
         count(t.id) filter (where t.status = 'done')::int as served,
         avg(extract(epoch from t.first_called_at - t.created_at)) / 60 as w,
         avg(extract(epoch from t.finished_at - t.called_at)) filter (where t.status = 'done') / 60 as h
       from queue.service_groups g
       left join queue.tickets t on t.group_id = g.id and t.service_date between $2 and $3 and t.status <> 'cancelled'
       where g.location_id = $1
       group by g.id order by g.position, g.prefix`,
      args,
    ),
  ]);
  const byHour = new Map(hours.rows.map((r) => [r.hour, r]));
  const first = Math.min(7, ...hours.rows.map((r) => r.hour));
  const last = Math.max(17, ...hours.rows.map((r) => r.hour));
  const hourRows: HourRow[] = [];
  for (let h = first; h <= last; h++) {
    const r = byHour.get(h);
    hourRows.push({ hour: h, customers: r?.customers ?? 0, avgWaitMinutes: round1(r?.w ?? null) });
  }
  return {
    from,
    to,
    days: days.rows.map((r) => ({
      day: r.day,
      customers: r.customers,
      served: r.served,
      missed: r.missed,
      avgWaitMinutes: round1(r.w),
      avgHandlingMinutes: round1(r.h),
    })),
    hours: hourRows,
    groups: groups.rows.map((r) => ({
      key: r.key,
      nameDe: r.name_de,
      nameEn: r.name_en,
      served: r.served,
      avgWaitMinutes: round1(r.w),
      avgHandlingMinutes: round1(r.h),
    })),
  };
}

/** CSV (RFC 4180, semicolon-free: comma separated, dot decimals) of one of the tables. */
export function statisticsCsv(s: Statistics, table: 'tage' | 'stunden' | 'anliegen'): string {
  const esc = (v: string | number | null) => {
    if (v === null) return '';
    const str = String(v);
    return /[",\n\r]/.test(str) ? `"${str.replace(/"/g, '""')}"` : str;
  };
  const lines: (string | number | null)[][] =
    table === 'tage'
      ? [
          ['date', 'customers', 'served', 'missed', 'avg_wait_minutes', 'avg_handling_minutes'],
          ...s.days.map((d) => [
            d.day,
            d.customers,
            d.served,
            d.missed,
            d.avgWaitMinutes,
            d.avgHandlingMinutes,
          ]),
        ]
      : table === 'stunden'
        ? [
            ['hour', 'customers', 'avg_wait_minutes'],
            ...s.hours.map((h) => [h.hour, h.customers, h.avgWaitMinutes]),
          ]
        : [
            ['service_group', 'name', 'served', 'avg_wait_minutes', 'avg_handling_minutes'],
            ...s.groups.map((g) => [g.key, g.nameDe, g.served, g.avgWaitMinutes, g.avgHandlingMinutes]),
          ];
  return `${lines.map((l) => l.map(esc).join(',')).join('\r\n')}\r\n`;
}
