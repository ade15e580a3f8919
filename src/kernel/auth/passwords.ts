import { hash, verify, type Options } from '@node-rs/argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). */
const OPTIONS: Options = {
  // 2 = Argon2id; the package's const enum cannot be imported under verbatimModuleSyntax.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const segmenter = new Intl.Segmenter();

/** Length as a person counts it (grapheme clusters), so umlauts and emoji count once. */
export function passwordLength(password: string): number {
  let n = 0;
  for (const _ of segmenter.segment(password)) n++;
  return n;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password. Without a stored hash (unknown e-mail, SSO-only account) it still
 * verifies against a dummy hash so that the answer takes as long as for a real account.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword('openkreis-dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
