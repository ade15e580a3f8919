import type { Kernel } from '../../kernel.ts';
import { findAccountByEmail, type Account, type AccountKind } from '../accounts.ts';
import { verifyPassword } from '../passwords.ts';
import { clearFailures, isLocked, recordFailure } from '../throttle.ts';
import { auditAccount } from './shared.ts';

export type AuthenticateResult =
  | { ok: true; account: Account }
  /** invalid and locked look the same for known and unknown addresses. */
  | { ok: false; reason: 'invalid' | 'locked' }
  /** Only after the right password, so it reveals nothing to someone without it. */
  | { ok: false; reason: 'unverified'; account: Account };

/**
 * Checks e-mail and password for an account of the given kind. Unknown addresses, accounts of
 * the other kind and disabled accounts take the same path and time as a wrong password, and
 * are locked after the same number of failures.
 */
export async function authenticate(
  kernel: Kernel,
  kind: AccountKind,
  email: string,
  password: string,
): Promise<AuthenticateResult> {
  const now = kernel.clock.now();
  const found = await findAccountByEmail(kernel, email);
  const account = found && found.kind === kind && !found.disabledAt ? found : null;
  const target = account ? { accountId: account.id } : { email };
  if (await isLocked(kernel, now, target)) {
    await verifyPassword(null, password);
    return { ok: false, reason: 'locked' };
  }
  const ok = await verifyPassword(account?.passwordHash, password);
  if (!ok || !account) {
    const locked = await recordFailure(kernel, now, target);
    await auditAccount(kernel, 'auth.login_failed', account?.id ?? null, { actorId: null, after: { kind } });
    if (locked) await auditAccount(kernel, 'auth.lockout', account?.id ?? null, { actorId: null });
    return { ok: false, reason: locked ? 'locked' : 'invalid' };
  }
  await clearFailures(kernel, now, account.id);
  if (kind === 'citizen' && !account.emailVerifiedAt) return { ok: false, reason: 'unverified', account };
  return { ok: true, account };
}
