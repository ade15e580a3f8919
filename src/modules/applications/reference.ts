import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * Characters for references people read aloud, type and write down: no 0/O, 1/I/L, 2/Z, 5/S,
 * 6/G, 8/B, and no vowels that could spell words (A, E, U kept out too).
 */
export const REFERENCE_ALPHABET = 'CDFHJKMNPRTVWXY3479';

/** "A-" + 4 + "-" + 4 characters, e.g. A-7KXM-R3TW (19^8 ≈ 1.7·10^10 possibilities). */
export function newReference(): string {
  const pick = () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]!;
  const block = () => Array.from({ length: 4 }, pick).join('');
  return `A-${block()}-${block()}`;
}

export const REFERENCE_RE = /^A-[CDFHJKMNPRTVWXY3479]{4}-[CDFHJKMNPRTVWXY3479]{4}$/;

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
