import type { Lang } from '../../i18n/index.ts';
import type { Kernel } from '../../kernel.ts';
import { findAccountByEmail, insertAccount } from '../accounts.ts';
import { issueToken } from '../one-time-tokens.ts';
import { hashPassword } from '../passwords.ts';
import { absoluteUrl, auditAccount } from './shared.ts';

export interface RegisterInput {
  email: string;
  displayName: string;
  password: string;
  lang: Lang;
}

/**
 * Registers a citizen. The caller shows the same answer whatever happens here, so that the
 * form does not tell whether an address has an account:
 * - new address: a citizen account (unverified) and a verification mail;
 * - address of an unverified account: a new verification mail whose token carries the
 *   password and name of this registration (set when the link is used, so whoever controls
 *   the mailbox decides);
 * - address of a verified account: a "someone tried to register" mail to the owner.
 */
export async function registerCitizen(kernel: Kernel, input: RegisterInput): Promise<void> {
  // Hash first in every case: the answer takes as long for known as for new addresses.
  const passwordHash = await hashPassword(input.password);
  const now = kernel.clock.now();
  const id = await insertAccount(kernel.db.pool, now, {
    kind: 'citizen',
    email: input.email,
    displayName: input.displayName,
    passwordHash,
    emailVerified: false,
  });
  if (id) {
    await auditAccount(kernel, 'auth.account_created', id, { actorId: null, after: { kind: 'citizen' } });
    const token = await issueToken(kernel, id, 'verify_email');
    await kernel.mail.sendTemplate(input.email, 'auth.verify', input.lang, {
      name: input.displayName,
      link: absoluteUrl(kernel, `/registrieren/bestaetigen?token=${token}`),
    });
    return;
  }
  const existing = await findAccountByEmail(kernel, input.email);
  if (!existing || existing.disabledAt) return;
  if (!existing.emailVerifiedAt && existing.kind === 'citizen') {
    const token = await issueToken(kernel, existing.id, 'verify_email', {
      passwordHash,
      displayName: input.displayName,
    });
    await kernel.mail.sendTemplate(existing.email, 'auth.verify', input.lang, {
      name: input.displayName,
      link: absoluteUrl(kernel, `/registrieren/bestaetigen?token=${token}`),
    });
    return;
  }
  await kernel.mail.sendTemplate(existing.email, 'auth.registerExisting', input.lang, {
    name: existing.displayName,
    loginLink: absoluteUrl(kernel, existing.kind === 'staff' ? '/verwaltung/anmelden' : '/anmelden'),
    resetLink: absoluteUrl(kernel, '/passwort-vergessen'),
  });
}

/** Sends a fresh verification link to an unverified account (after a login attempt with the right password). */
export async function resendVerification(
  kernel: Kernel,
  accountId: string,
  email: string,
  displayName: string,
  lang: Lang,
): Promise<void> {
  const token = await issueToken(kernel, accountId, 'verify_email');
  await kernel.mail.sendTemplate(email, 'auth.verify', lang, {
    name: displayName,
    link: absoluteUrl(kernel, `/registrieren/bestaetigen?token=${token}`),
  });
}
