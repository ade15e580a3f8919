/** Format checks that do not depend on a form: IBAN (ISO 13616 mod 97), postal code, phone. */

/** IBAN lengths of the SEPA countries most often seen in a German district. */
const IBAN_LENGTHS: Record<string, number> = {
  DE: 22,
  AT: 20,
  CH: 21,
  NL: 18,
  BE: 16,
  LU: 20,
  FR: 27,
  IT: 27,
  ES: 24,
  PL: 28,
  DK: 18,
  CZ: 24,
  GB: 22,
  IE: 22,
  PT: 25,
  SE: 24,
  FI: 18,
  NO: 15,
  LI: 21,
  HU: 28,
  HR: 21,
  SI: 19,
  SK: 24,
  GR: 27,
};

export type IbanResult =
  | { ok: true; value: string }
  | { ok: false; reason: 'format' | 'length' | 'checksum'; expected?: number; actual?: number };

/** Normalises (spaces out, upper case) and checks country, length and the mod-97 check digits. */
export function checkIban(input: string): IbanResult {
  const v = input.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(v)) return { ok: false, reason: 'format' };
  const expected = IBAN_LENGTHS[v.slice(0, 2)];
  if (expected !== undefined ? v.length !== expected : v.length < 15 || v.length > 34)
    return { ok: false, reason: 'length', expected, actual: v.length };
  if (ibanMod97(v) !== 1) return { ok: false, reason: 'checksum' };
  return { ok: true, value: v };
}

export function ibanMod97(iban: string): number {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) rest = (rest * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rest;
}

/** "DE89370400440532013000" → "DE89 3704 0044 0532 0130 00" */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/** German postal codes are five digits from 01001 to 99998. */
export function checkPostalCode(v: string): boolean {
  if (!/^\d{5}$/.test(v)) return false;
  const n = Number(v);
  return n >= 1001 && n <= 99998;
}

/** A phone number as people write it: digits with + ( ) / - and spaces, 6 to 20 digits. */
export function checkPhone(v: string): boolean {
  if (!/^\+?[0-9 ()/-]{6,30}$/.test(v)) return false;
  const digits = v.replace(/\D/g, '').length;
  return digits >= 6 && digits <= 20;
}

export const HOUSE_NUMBER = /^\d{1,4}\s?[a-zA-Z]?(\s?[-/]\s?\d{1,4}\s?[a-zA-Z]?)?$/;
