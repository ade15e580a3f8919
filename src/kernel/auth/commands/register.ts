import { inTransaction } from '../../db/database.ts';
import type { Lang } from '../../i18n/index.ts';
import type { Kernel } from '../../kernel.ts';
import { findAccountByEmail, insertAccount } from '../accounts.ts';
import { issueToken, issueTokenIn } from '../one-time-tokens.ts';
import { hashPassword } from '../passwords.ts';
import { absoluteUrl } from './shared.ts';

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
  // Account, audit entry and token commit together: a crash leaves either all three or none
  // (and the address free to register again). The audit append comes last because it locks the
  // chain head until commit. The mail goes out after the commit: its outbox row is its own
  // durable record, and the mailer retries a delivery that fails.
  const created = await inTransaction(kernel.db.pool, async (client) => {
    const accountId = await insertAccount(client, now, {
      kind: 'citizen',
      email: input.email,
      displayName: input.displayName,
      passwordHash,
      emailVerified: false,
    });
    if (!accountId) return null;
    const token = await issueTokenIn(client, now, accountId, 'verify_email');
    await kernel.audit.record(
      {
        actorId: null,
        action: 'auth.account_created',
        objectType: 'account',
        objectId: accountId,
        after: { kind: 'citizen' },
      },
      client,
    );
    return { token };
  });
  if (created) {
    await kernel.mail.sendTemplate(input.email, 'auth.verify', input.lang, {
      name: input.displayName,
      link: absoluteUrl(kernel, `/registrieren/bestaetigen?token=${created.token}`),
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
