import type { Lang } from '../../i18n/index.ts';
import { inTransaction } from '../../db/database.ts';
import type { Kernel } from '../../kernel.ts';
import { findAccountById } from '../accounts.ts';
import { hashPassword, verifyPassword } from '../passwords.ts';
import { absoluteUrl, auditAccount } from './shared.ts';

/** Changes the password of a logged-in account; the other sessions of the account end. */
export async function changePassword(
  kernel: Kernel,
  input: { accountId: string; sessionId: string | null; current: string; next: string; lang: Lang },
): Promise<{ ok: true } | { ok: false; reason: 'wrong_current' }> {
  const account = await findAccountById(kernel, input.accountId);
  if (!account || !(await verifyPassword(account.passwordHash, input.current)))
    return { ok: false, reason: 'wrong_current' };
  const passwordHash = await hashPassword(input.next);
  const now = kernel.clock.now();
  await inTransaction(kernel.db.pool, async (client) => {
    await client.query(
      'update kernel.accounts set password_hash = $2, password_changed_at = $3, updated_at = $3 where id = $1',
      [account.id, passwordHash, now],
    );
    await client.query(
      'delete from kernel.sessions where account_id = $1 and ($2::text is null or id <> $2)',
      [account.id, input.sessionId],
    );
  });
  await auditAccount(kernel, 'auth.password_changed', account.id);
  await kernel.mail.sendTemplate(account.email, 'auth.passwordChanged', input.lang, {
    name: account.displayName,
    resetLink: absoluteUrl(kernel, '/passwort-vergessen'),
  });
  return { ok: true };
}
