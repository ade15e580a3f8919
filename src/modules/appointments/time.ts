import { dateTimeFormat, PLATFORM_TIME_ZONE } from '../../kernel/i18n/format.ts';

/**
 * Calendar arithmetic in Europe/Berlin. Dates are ISO strings (YYYY-MM-DD); times are minutes
 * after local midnight. Instants are Date objects (UTC inside).
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s && Number(m[1]) >= 2000 && Number(m[1]) <= 2100;
}

/** Days since 1970-01-01 of a calendar date (no time zone involved). */
export function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: string): number {
  const wd = new Date(dayNumber(iso) * DAY_MS).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The calendar date of an instant in Berlin. */
const dateCache = new Map<number, string>();

export function berlinDate(instant: Date): string {
  // Memoised per minute: the calendar asks for the same few instants many times.
  const key = Math.floor(instant.getTime() / 60_000);
  const hit = dateCache.get(key);
  if (hit !== undefined) return hit;
  if (dateCache.size > 50_000) dateCache.clear();
  const value = berlinDateUncached(instant);
  dateCache.set(key, value);
  return value;
}

function berlinDateUncached(instant: Date): string {
  return dateTimeFormat('iso', {
    timeZone: PLATFORM_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

const offsetCache = new Map<number, number>();

/** Offset of Berlin from UTC in minutes at an instant (60 or 120). */
export function berlinOffsetMinutes(instant: Date): number {
  const hour = Math.floor(instant.getTime() / 3_600_000);
  const cached = offsetCache.get(hour);
  if (cached !== undefined) return cached;
  const parts = dateTimeFormat('iso', {
    timeZone: PLATFORM_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const offset = Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(hour, offset);
  return offset;
}

/** The instant of a local Berlin wall-clock time (minutes after midnight) on a date. */
export function berlinInstant(iso: string, minutes: number): Date {
  const naive = dayNumber(iso) * DAY_MS + minutes * 60_000;
  let off = berlinOffsetMinutes(new Date(naive - 60 * 60_000));
  let t = naive - off * 60_000;
  const off2 = berlinOffsetMinutes(new Date(t));
  if (off2 !== off) {
    off = off2;
    t = naive - off * 60_000;
  }
  return new Date(t);
}

/** Minutes after local midnight of an instant in Berlin. */
export function berlinMinutes(instant: Date): number {
  const local = instant.getTime() + berlinOffsetMinutes(instant) * 60_000;
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}

/** "09:30" ↔ 570 */
export function parseTime(s: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)(?::00)?$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
