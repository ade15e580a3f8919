import { randomBytes } from 'node:crypto';
import { InvalidFileKeyError } from './errors.ts';

/**
 * Object keys are random (128 bit), fanned out over 256 folders: "3f/3fa8…". Only keys of exactly
 * this shape are accepted anywhere, so no key can name a path outside the storage root.
 */
const KEY_RE = /^([0-9a-f]{2})\/([0-9a-f]{32})$/;

export function newKey(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 2)}/${hex}`;
}

export function isValidKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const m = KEY_RE.exec(key);
  return !!m && m[2]!.startsWith(m[1]!);
}

export function assertKey(key: unknown): string {
  if (!isValidKey(key)) throw new InvalidFileKeyError();
  return key;
}
