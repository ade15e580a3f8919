import { dateTimeFormat, PLATFORM_TIME_ZONE } from '../../../kernel/i18n/format.ts';
import type { Lang } from '../../../kernel/i18n/index.ts';

/** "Dienstag, 24. November 2026" / "Tuesday 24 November 2026" */
export function fullDate(lang: Lang, d: Date): string {
  return dateTimeFormat(lang, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: PLATFORM_TIME_ZONE,
  }).format(d);
}

/** "09:30" in Berlin */
export function clockTime(lang: Lang, d: Date): string {
  return dateTimeFormat(lang, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: PLATFORM_TIME_ZONE,
  }).format(d);
}

/** "Dienstag, 24. November 2026, 09:30 Uhr" — the accessible name of every time control. */
export function fullDateTime(lang: Lang, d: Date): string {
  return lang === 'de'
    ? `${fullDate(lang, d)}, ${clockTime(lang, d)} Uhr`
    : `${fullDate(lang, d)}, ${clockTime(lang, d)}`;
}

/** A calendar date (YYYY-MM-DD) as a full date, read at noon Berlin time. */
export function fullIsoDate(lang: Lang, iso: string): string {
  return fullDate(lang, new Date(`${iso}T12:00:00Z`));
}
