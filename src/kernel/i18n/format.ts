import type { Lang } from './index.ts';

/**
 * Locale-aware number and date formatting. Intl formatters are expensive to build (they showed
 * up as a fifth of the CPU of the home page), so each (language, options) pair is built once.
 */
const LOCALES: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };
export const PLATFORM_TIME_ZONE = 'Europe/Berlin';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function numberFormat(lang: Lang, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LOCALES[lang], options)));
  return f;
}

export function dateTimeFormat(lang: Lang | 'iso', options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = dateFormats.get(key);
  // 'iso' uses en-CA, whose date pattern is YYYY-MM-DD.
  if (!f)
    dateFormats.set(key, (f = new Intl.DateTimeFormat(lang === 'iso' ? 'en-CA' : LOCALES[lang], options)));
  return f;
}

export function formatNumber(lang: Lang, n: number, options?: Intl.NumberFormatOptions): string {
  return numberFormat(lang, options).format(n);
}

/** Date and time in the platform's time zone; `withSeconds` for logs and audit entries. */
export function formatDateTime(lang: Lang, d: Date, withSeconds = false): string {
  return dateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: withSeconds ? 'medium' : 'short',
    timeZone: PLATFORM_TIME_ZONE,
  }).format(d);
}
