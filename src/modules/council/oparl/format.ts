/** OParl value formats: date-times as yyyy-mm-ddThh:mm:ss±hh:mm in Europe/Berlin, dates as yyyy-mm-dd. */

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

export const OPARL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** 2026-11-21T10:30:00+01:00 */
export function oparlDateTime(d: Date): string {
  const p: Record<string, string> = {};
  for (const x of parts.formatToParts(d)) p[x.type] = x.value;
  const off = (p.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${off}`;
}

/** A date column (pg returns Date at local midnight for `date` unless parsed as text) → yyyy-mm-dd. */
export function oparlDate(d: Date | string | null | undefined): string | undefined {
  if (d === null || d === undefined) return undefined;
  if (typeof d === 'string') return d.slice(0, 10);
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/**
 * Removes what OParl forbids for missing data: null/undefined, empty strings and empty arrays
 * (recursively in embedded objects).
 */
export function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === null || v === undefined || v === '') continue;
    if (Array.isArray(v)) {
      const items = (v as unknown[])
        .filter((x) => x !== null && x !== undefined && x !== '')
        .map((x) =>
          x && typeof x === 'object' && !Array.isArray(x) ? compact(x as Record<string, unknown>) : x,
        );
      if (!items.length) continue;
      out[k] = items;
    } else if (typeof v === 'object' && !(v instanceof Date) && k !== 'geojson') {
      out[k] = compact(v as Record<string, unknown>);
    } else out[k] = v;
  }
  return out as T;
}

/**
 * Parses a filter value (created_since etc.). Accepts ISO 8601 date-times with offset or Z (a
 * space where a "+" was not percent-encoded is read as "+"), and plain dates (midnight, Berlin).
 */
export function parseFilterDate(raw: string): Date | null {
  const s = raw.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', zone] = m;
  if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || +h > 23 || +mi > 59 || +sec > 59) return null;
  let offset: string;
  if (zone === 'Z') offset = 'Z';
  else if (zone) offset = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  else {
    // no offset: Berlin local time
    const guess = new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}Z`);
    const local = oparlDateTime(guess).slice(19);
    offset = local;
  }
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${sec}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  if (date.getUTCFullYear() < 1900 || date.getUTCFullYear() > 9999) return null;
  return date;
}
