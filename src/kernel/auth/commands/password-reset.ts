import type { Lang } from '../../i18n/index.ts';
import { inTransaction } from '../../db/database.ts';
import type { Kernel } from '../../kernel.ts';
import { findAccountByEmail } from '../accounts.ts';
import { consumeToken, issueToken } from '../one-time-tokens.ts';
import { hashPassword } from '../passwords.ts';
import { absoluteUrl, auditAccount } from './shared.ts';

/**
 * Mails a reset link if the address has an active account. The caller answers the same either
 * way.
 */
export async function requestPasswordReset(kernel: Kernel, email: string, lang: Lang): Promise<void> {
  const account = await findAccountByEmail(kernel, email);
  if (!account || account.disabledAt) return;
  const token = await issueToken(kernel, account.id, 'reset_password');
  await kernel.mail.sendTemplate(account.email, 'auth.reset', lang, {
    name: account.displayName,
    link: absoluteUrl(kernel, `/passwort-zuruecksetzen?token=${token}`),
    minutes: 60,
  });
  await auditAccount(kernel, 'auth.password_reset_requested', account.id, { actorId: null });
}

/**
 * Sets a new password with a reset token (single use). Proves control of the mailbox, so it
 * also verifies the address and lifts a lockout; every session of the account ends.
 */
export async function resetPassword(
  kernel: Kernel,
  token: unknown,
  password: string,
  lang: Lang,
): Promise<{ ok: true; accountId: string } | { ok: false; reason: 'invalid' }> {
  const passwordHash = await hashPassword(password);
  const now = kernel.clock.now();
  const done = await inTransaction(kernel.db.pool, async (client, rollback) => {
    const t = await consumeToken(client, now, token, 'reset_password');
    if (!t) return rollback(null);
    const { rows } = await client.query<{ email: string; display_name: string }>(
      `update kernel.accounts
          set password_hash = $2, password_changed_at = $3, email_verified_at = coalesce(email_verified_at, $3),
              failed_logins = 0, locked_until = null, updated_at = $3
        where id = $1 and disabled_at is null
       returning email, display_name`,
      [t.accountId, passwordHash, now],
    );
    if (!rows[0]) return rollback(null);
    await client.query('delete from kernel.sessions where account_id = $1', [t.accountId]);
    return { accountId: t.accountId, email: rows[0].email, name: rows[0].display_name };
  });
  if (!done) return { ok: false, reason: 'invalid' };
  const { accountId, email, name } = done;
  await auditAccount(kernel, 'auth.password_reset', accountId, { actorId: accountId });
  await kernel.mail.sendTemplate(email, 'auth.passwordChanged', lang, {
    name,
    resetLink: absoluteUrl(kernel, '/passwort-vergessen'),
  });
  return { ok: true, accountId };
}
