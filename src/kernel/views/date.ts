import type { Translate } from '../i18n/index.ts';
import { dateTimeFormat } from '../i18n/format.ts';

/** The three inputs of a date field as the browser sends them (KERN/GOV.UK date pattern). */
export interface DateParts {
  day?: string;
  month?: string;
  year?: string;
}

export type DatePart = 'day' | 'month' | 'year';

export interface DateRules {
  required?: boolean;
  /** The date must not lie after `today` (birth dates, past events). */
  notFuture?: boolean;
  /** The date must not lie before `today` (appointments, start dates). */
  notPast?: boolean;
  /** Today as YYYY-MM-DD in the platform's time zone; needed for notFuture/notPast. */
  today?: string;
  /** Earliest / latest allowed date as YYYY-MM-DD (inclusive). */
  min?: string;
  max?: string;
  /** Earliest accepted year (default 1900) — catches "0023" style typos. */
  minYear?: number;
}

export type DateResult =
  { ok: true; value: string | null } | { ok: false; message: string; parts: DatePart[] };

const PARTS: DatePart[] = ['day', 'month', 'year'];
const MONTH_KEYS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** YYYY-MM-DD of an instant in a time zone (default Europe/Berlin). */
export function isoDateIn(instant: Date, timeZone = 'Europe/Berlin'): string {
  return dateTimeFormat('iso', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

/** 2026-02-09 → "09.02.2026" (de) or "9 February 2026"-like via the catalogue (en). */
export function formatIsoDate(t: Translate, iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  return t('date.format', {
    day: d!,
    dayNumber: Number(d),
    month: mo!,
    monthName: t(`date.month.${MONTH_KEYS[Number(mo) - 1]!}`),
    year: y!,
  });
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function clean(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/**
 * Parses and checks a three-part date. Never throws: every input (including garbage) yields
 * either a YYYY-MM-DD value (null when empty and optional) or one specific German/English
 * message plus the parts to highlight.
 */
export function parseDateInput(t: Translate, input: DateParts, rules: DateRules = {}): DateResult {
  const raw = { day: clean(input.day), month: clean(input.month), year: clean(input.year) };
  const missing = PARTS.filter((p) => raw[p] === '');
  if (missing.length === 3) {
    return rules.required
      ? { ok: false, message: t('date.required'), parts: [...PARTS] }
      : { ok: true, value: null };
  }
  if (missing.length) {
    return { ok: false, message: t(`date.missing.${missing.join('-')}`), parts: missing };
  }
  const notNumeric = PARTS.filter((p) => !/^\d+$/.test(raw[p]));
  if (notNumeric.length) return { ok: false, message: t('date.notNumeric'), parts: notNumeric };

  // Long digit strings are out of range anyway; cap them so Number() stays exact.
  const num = (p: DatePart) => (raw[p].length > 6 ? Number.MAX_SAFE_INTEGER : Number(raw[p]));
  const day = num('day');
  const month = num('month');
  const year = num('year');

  if (month < 1 || month > 12) return { ok: false, message: t('date.month.range'), parts: ['month'] };
  if (raw.year.length !== 4) return { ok: false, message: t('date.year.digits'), parts: ['year'] };
  const minYear = rules.minYear ?? 1900;
  if (year < minYear) return { ok: false, message: t('date.year.min', { year: minYear }), parts: ['year'] };
  const max = daysInMonth(year, month);
  if (day < 1 || day > max) {
    if (month === 2 && day === 29)
      return { ok: false, message: t('date.day.noLeapDay', { year }), parts: ['day'] };
    return {
      ok: false,
      message:
        day >= 1 && day <= 31
          ? t('date.day.rangeMonth', { max, month: t(`date.month.${MONTH_KEYS[month - 1]!}`) })
          : t('date.day.range'),
      parts: ['day'],
    };
  }
  const value = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (rules.notFuture && rules.today && value > rules.today)
    return { ok: false, message: t('date.future'), parts: [...PARTS] };
  if (rules.notPast && rules.today && value < rules.today)
    return { ok: false, message: t('date.past'), parts: [...PARTS] };
  if (rules.min && value < rules.min)
    return { ok: false, message: t('date.min', { date: formatIsoDate(t, rules.min) }), parts: [...PARTS] };
  if (rules.max && value > rules.max)
    return { ok: false, message: t('date.max', { date: formatIsoDate(t, rules.max) }), parts: [...PARTS] };
  return { ok: true, value };
}

/** Splits a stored YYYY-MM-DD into the three input values (to pre-fill a date field). */
export function dateParts(iso: string | null | undefined): DateParts {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? { year: m[1]!, month: String(Number(m[2])), day: String(Number(m[3])) } : {};
}
