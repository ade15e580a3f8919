import type { Lang } from '../i18n/index.ts';
import { formatDateTime } from '../i18n/format.ts';

export const PAGE_SIZE = 25;

/** Date and time in the platform's time zone, e.g. "21.11.2026, 09:15:02". */
export function dateTime(lang: Lang, d: Date | null): string {
  if (!d) return '';
  return formatDateTime(lang, d, true);
}

/** A link to a list page with its filters and the page number (page 1 has no parameter). */
export function listHref(path: string, params: Record<string, string | undefined>, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  if (page > 1) q.set('seite', String(page));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

/** Pretty JSON for before/after values shown to staff. */
export function prettyJson(v: unknown): string {
  return JSON.stringify(v, null, 2);
}

/**
 * A filter date as typed by staff: 21.11.2026 or 2026-11-21. Returns YYYY-MM-DD, '' when empty,
 * or null when it is not a real calendar date.
 */
export function parseFilterDate(input: string): string | null {
  const v = input.trim();
  if (!v) return '';
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[3]), Number(m[2]), Number(m[1])];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || y > 9999 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
