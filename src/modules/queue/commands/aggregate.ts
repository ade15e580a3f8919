import type { Kernel } from '../../../kernel/kernel.ts';
import { listLocationRows } from '../db/queries.ts';

const HOUR = 3_600_000;
/** One run catches up at most this many hours per location (a month). */
const MAX_HOURS = 24 * 31;

/**
 * Writes the hourly aggregates of every complete hour not yet aggregated, per location (the
 * scheduled job queue.hourly-stats; idempotent: an hour is recomputed by upsert). Per hour:
 * tickets issued, customers served (finished), missed, average and 75th-percentile waiting time
 * of customers first called in that hour, average handling time of those finished in it.
 */
export async function aggregateHours(kernel: Kernel): Promise<number> {
  const now = kernel.clock.now();
  const end = new Date(Math.floor(now.getTime() / HOUR) * HOUR); // start of the current hour
  let written = 0;
  for (const loc of await listLocationRows(kernel.db.pool)) {
    const { rows } = await kernel.db.pool.query<{ last: Date | null; first: Date | null }>(
      `select (select max(hour_start) from queue.hourly_stats where location_id = $1) as last,
              (select min(created_at) from queue.tickets where location_id = $1) as first`,
      [loc.id],
    );
    const { last, first } = rows[0]!;
    if (!first) continue;
    let start = last ? new Date(last.getTime() + HOUR) : new Date(Math.floor(first.getTime() / HOUR) * HOUR);
    if (end.getTime() - start.getTime() > MAX_HOURS * HOUR)
      start = new Date(end.getTime() - MAX_HOURS * HOUR);
    if (start >= end) continue;
    const res = await kernel.db.pool.query(
      `insert into queue.hourly_stats (location_id, hour_start, issued, served, missed, avg_wait_seconds,
         p75_wait_seconds, avg_handling_seconds, computed_at)
       select $1, h,
         (select count(*) from queue.tickets t where t.location_id = $1 and t.created_at >= h
            and t.created_at < h + interval '1 hour' and t.status <> 'cancelled')::int,
         (select count(*) from queue.tickets t where t.location_id = $1 and t.status = 'done'
            and t.finished_at >= h and t.finished_at < h + interval '1 hour')::int,
         (select count(*) from queue.tickets t where t.location_id = $1 and t.status = 'missed'
            and t.finished_at >= h and t.finished_at < h + interval '1 hour')::int,
         w.avg_s, w.p75_s,
         (select round(avg(extract(epoch from t.finished_at - t.called_at)))::int from queue.tickets t
            where t.location_id = $1 and t.status = 'done' and t.finished_at >= h
              and t.finished_at < h + interval '1 hour'),
         $4
       from generate_series($2::timestamptz, $3::timestamptz - interval '1 hour', interval '1 hour') h
       cross join lateral (
         select round(avg(s))::int as avg_s,
                round(percentile_cont(0.75) within group (order by s))::int as p75_s
         from (select extract(epoch from t.first_called_at - t.created_at) as s from queue.tickets t
               where t.location_id = $1 and t.first_called_at >= h
                 and t.first_called_at < h + interval '1 hour') x
       ) w
       on conflict (location_id, hour_start) do update set issued = excluded.issued, served = excluded.served,
         missed = excluded.missed, avg_wait_seconds = excluded.avg_wait_seconds,
         p75_wait_seconds = excluded.p75_wait_seconds, avg_handling_seconds = excluded.avg_handling_seconds,
         computed_at = excluded.computed_at`,
      [loc.id, start, end, now],
    );
    written += res.rowCount ?? 0;
  }
  return written;
}
