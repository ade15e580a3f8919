/** Limits and clean-up of user search text, shared by the page, the API and the store. */
export const MAX_QUERY_LENGTH = 200;

export type ParsedSearchText =
  { ok: true; q: string } | { ok: false; reason: 'missing' | 'too_long' | 'invalid' };

/**
 * Checks what a user typed. NUL bytes and broken UTF-16 are refused (PostgreSQL cannot store
 * NUL); other control characters and runs of white space become one space.
 */
export function parseSearchText(raw: unknown): ParsedSearchText {
  if (raw === undefined || raw === null) return { ok: false, reason: 'missing' };
  if (typeof raw !== 'string') return { ok: false, reason: 'invalid' };
  if (raw.length > MAX_QUERY_LENGTH * 8) return { ok: false, reason: 'too_long' };
  if (raw.includes('\u0000') || !raw.isWellFormed()) return { ok: false, reason: 'invalid' };
  const q = raw
    .normalize('NFC')
    .replace(/[\s\u0001-\u001f\u007f-\u009f]+/g, ' ')
    .trim();
  if (!q) return { ok: false, reason: 'missing' };
  if (q.length > MAX_QUERY_LENGTH) return { ok: false, reason: 'too_long' };
  return { ok: true, q };
}

/** Text for the index: no NUL (PostgreSQL refuses it), no other control characters but line breaks and tabs. */
export function cleanIndexText(s: string, max: number): string {
  let t = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
  if (!t.isWellFormed()) t = t.toWellFormed();
  return t.length > max ? t.slice(0, max) : t;
}

/** Lower case without diacritics ("Jüchen" → "juchen", "Straße" → "strasse"), for matching words. */
export function foldForMatch(s: string): string {
  return s
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}
