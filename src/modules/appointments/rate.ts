import { createHmac } from 'node:crypto';
import type { Kernel } from '../../kernel/kernel.ts';
import { readAppointmentsConfig } from './config.ts';

const HOUR = 3_600_000;

/**
 * Booking attempts per client and hour, counted in PostgreSQL so that every app node shares the
 * budget (the kernel's Redis store is not reachable from modules). A sliding window estimated from
 * two fixed hours: this hour's count plus the previous hour's, weighted by how much of it still
 * lies within the last 60 minutes. One statement decides and counts, so parallel attempts on
 * several nodes cannot overshoot; a refused attempt is not counted.
 *
 * The key is an HMAC of the client address (with SECRET_KEY), never the address itself; rows are
 * deleted two hours after their window by `pruneRateCounters` (release job).
 */
export async function takeAttempt(kernel: Kernel, clientKey: string, max: number): Promise<boolean> {
  const now = kernel.clock.now().getTime();
  const windowStart = now - (now % HOUR);
  const weight = 1 - (now - windowStart) / HOUR;
  const key = createHmac('sha256', kernel.config.secretKey)
    .update(`appointments.rate:${clientKey}`)
    .digest('base64url')
    .slice(0, 32);
  const { rows } = await kernel.db.pool.query<{ hits: number }>(
    `with prev as (
       select coalesce((select hits from appointments.rate_counters where key = $1 and window_start = $3), 0) as h
     )
     insert into appointments.rate_counters as r (key, window_start, hits)
     select $1, $2, 1 from prev where floor(prev.h * $4::float8) + 1 <= $5
     on conflict (key, window_start) do update set hits = r.hits + 1
       where r.hits + 1 + (select floor(h * $4::float8) from prev) <= $5
     returning hits`,
    [key, new Date(windowStart), new Date(windowStart - HOUR), weight, max],
  );
  return rows.length > 0;
}

/** Deletes counters of windows that no longer matter. */
export async function pruneRateCounters(kernel: Kernel): Promise<number> {
  const { rowCount } = await kernel.db.pool.query(
    'delete from appointments.rate_counters where window_start < $1',
    [new Date(kernel.clock.now().getTime() - 2 * HOUR)],
  );
  return rowCount ?? 0;
}

/**
 * One hold attempt of a client (web form or API, one budget): the full hourly limit with a solved
 * ALTCHA, a quarter of it for unsolved (no-JavaScript) submissions.
 */
export function bookingAttemptAllowed(kernel: Kernel, ip: string, solved: boolean): Promise<boolean> {
  const perHour = readAppointmentsConfig(kernel.fullConfig).bookingsPerHourPerIp;
  return takeAttempt(
    kernel,
    `${solved ? 's' : 'n'}:${ip}`,
    solved ? perHour : Math.max(1, Math.floor(perHour / 4)),
  );
}
