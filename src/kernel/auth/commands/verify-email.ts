import { inTransaction } from '../../db/database.ts';
import type { Kernel } from '../../kernel.ts';
import { consumeToken } from '../one-time-tokens.ts';
import { auditAccount } from './shared.ts';

/**
 * Uses a verification token: marks the address verified and, when the token came from a
 * repeated registration, sets that registration's password and name. Every session of the
 * account ends, since whoever registered before may not be the owner.
 */
export async function verifyEmail(
  kernel: Kernel,
  token: unknown,
): Promise<{ ok: true; accountId: string } | { ok: false; reason: 'invalid' }> {
  const now = kernel.clock.now();
  const accountId = await inTransaction(kernel.db.pool, async (client, rollback) => {
    const t = await consumeToken(client, now, token, 'verify_email');
    if (!t) return rollback(null);
    const accountId = t.accountId;
    const passwordHash = typeof t.payload.passwordHash === 'string' ? t.payload.passwordHash : null;
    const displayName = typeof t.payload.displayName === 'string' ? t.payload.displayName : null;
    await client.query(
      `update kernel.accounts
          set email_verified_at = coalesce(email_verified_at, $2),
              password_hash = coalesce($3, password_hash),
              password_changed_at = case when $3::text is null then password_changed_at else $2 end,
              display_name = coalesce($4, display_name),
              updated_at = $2
        where id = $1`,
      [accountId, now, passwordHash, displayName],
    );
    if (passwordHash) await client.query('delete from kernel.sessions where account_id = $1', [accountId]);
    return accountId;
  });
  if (!accountId) return { ok: false, reason: 'invalid' };
  await auditAccount(kernel, 'auth.email_verified', accountId);
  return { ok: true, accountId };
}
