import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/**
 * Booking codes: 8 characters without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B), shown as
 * ABCD-EFGH; 23^8 ≈ 7.8·10^10 codes.
 */
export const CODE_ALPHABET = 'ACDEFHJKMNPQRTUVWXY3479';

export function newBookingCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET.charAt(randomInt(CODE_ALPHABET.length));
  return s;
}

/** Accepts "abcd-efgh", " ABCD EFGH " … → "ABCDEFGH", or null when it cannot be a code. */
export function normaliseBookingCode(input: string): string | null {
  const s = input.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== 8) return null;
  for (const ch of s) if (!CODE_ALPHABET.includes(ch)) return null;
  return s;
}

export const formatBookingCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

export const newNonce = () => randomBytes(18).toString('base64url');

/** The personal manage link token: derived from a stored nonce, so reminders can repeat the link. */
export function manageToken(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`appointments.manage:${nonce}`).digest('base64url');
}

export function confirmToken(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`appointments.confirm:${nonce}`).digest('base64url');
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export const isTokenShape = (s: string) => /^[A-Za-z0-9_-]{43}$/.test(s);
