import { dateTimeFormat, formatNumber, PLATFORM_TIME_ZONE } from '../../../kernel/i18n/format.ts';
import type { Lang } from '../../../kernel/i18n/index.ts';

/** Date in Europe/Berlin, e.g. 21.11.2026. */
export function formatDate(lang: Lang, d: Date): string {
  return dateTimeFormat(lang, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: PLATFORM_TIME_ZONE,
  }).format(d);
}

export function formatMoney(lang: Lang, cents: number): string {
  return formatNumber(lang, cents / 100, { style: 'currency', currency: 'EUR' });
}

/** Berlin calendar date as YYYY-MM-DD (for CSV and JSON). */
export function isoDate(d: Date): string {
  return dateTimeFormat('iso', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: PLATFORM_TIME_ZONE,
  }).format(d);
}
