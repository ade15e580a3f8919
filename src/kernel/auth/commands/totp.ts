import type { Kernel } from '../../kernel.ts';
import { findAccountById } from '../accounts.ts';
import { SecretBox } from '../crypto.ts';
import { clearFailures, isLocked, recordFailure } from '../throttle.ts';
import { generateTotpSecret, verifyTotp } from '../totp.ts';
import { auditAccount } from './shared.ts';

function box(kernel: Pick<Kernel, 'config'>): SecretBox {
  return new SecretBox(kernel.config.secretKey, 'totp-secret');
}

/**
 * The secret being set up for an account without an enabled second factor (created on first
 * call, then kept until it is confirmed). null when TOTP is already enabled.
 */
export async function pendingTotpSecret(kernel: Kernel, accountId: string): Promise<string | null> {
  const account = await findAccountById(kernel, accountId);
  if (!account || account.totpEnabled) return null;
  if (account.totpSecretEnc) {
    try {
      return box(kernel).open(account.totpSecretEnc);
    } catch {
      // Sealed with another SECRET_KEY: start over with a new secret.
    }
  }
  const secret = generateTotpSecret();
  const { rowCount } = await kernel.db.pool.query(
    `update kernel.accounts set totp_secret_enc = $2, totp_last_step = null, updated_at = $3 where id = $1 and not totp_enabled`,
    [accountId, box(kernel).seal(secret), kernel.clock.now()],
  );
  return rowCount ? secret : null;
}

/**
 * Checks a code against the account's secret and, if it matches a step later than the last
 * accepted one, records that step. The conditional update makes a code single-use even when
 * two requests race with it.
 */
async function acceptCode(
  kernel: Kernel,
  accountId: string,
  code: string,
  requireEnabled: boolean,
): Promise<boolean> {
  const account = await findAccountById(kernel, accountId);
  if (!account?.totpSecretEnc || account.totpEnabled !== requireEnabled) return false;
  let secret: string;
  try {
    secret = box(kernel).open(account.totpSecretEnc);
  } catch {
    return false;
  }
  const now = kernel.clock.now();
  const step = verifyTotp(secret, code, now, account.totpLastStep);
  if (step === null) return false;
  const { rowCount } = await kernel.db.pool.query(
    `update kernel.accounts set totp_last_step = $2, updated_at = $3
      where id = $1 and (totp_last_step is null or totp_last_step < $2)`,
    [accountId, step, now],
  );
  return (rowCount ?? 0) > 0;
}

/** Confirms the pending secret with a first code and switches the second factor on. */
export async function enableTotp(kernel: Kernel, accountId: string, code: string): Promise<boolean> {
  if (!(await acceptCode(kernel, accountId, code, false))) return false;
  await kernel.db.pool.query(
    'update kernel.accounts set totp_enabled = true, updated_at = $2 where id = $1',
    [accountId, kernel.clock.now()],
  );
  await auditAccount(kernel, 'auth.totp_enabled', accountId);
  return true;
}

/** Switches the second factor off (needs a current code). */
export async function disableTotp(kernel: Kernel, accountId: string, code: string): Promise<boolean> {
  if (!(await acceptCode(kernel, accountId, code, true))) return false;
  await kernel.db.pool.query(
    'update kernel.accounts set totp_enabled = false, totp_secret_enc = null, totp_last_step = null, updated_at = $2 where id = $1',
    [accountId, kernel.clock.now()],
  );
  await auditAccount(kernel, 'auth.totp_disabled', accountId);
  return true;
}

/**
 * The second login step. Wrong codes count as failed logins, so guessing codes locks the
 * account like guessing passwords.
 */
export async function verifySecondFactor(
  kernel: Kernel,
  accountId: string,
  code: string,
): Promise<{ ok: true } | { ok: false; reason: 'invalid' | 'locked' }> {
  const now = kernel.clock.now();
  if (await isLocked(kernel, now, { accountId })) return { ok: false, reason: 'locked' };
  if (await acceptCode(kernel, accountId, code, true)) {
    await clearFailures(kernel, now, accountId);
    await auditAccount(kernel, 'auth.mfa_passed', accountId);
    return { ok: true };
  }
  const locked = await recordFailure(kernel, now, { accountId });
  await auditAccount(kernel, 'auth.mfa_failed', accountId);
  if (locked) await auditAccount(kernel, 'auth.lockout', accountId, { actorId: null });
  return { ok: false, reason: locked ? 'locked' : 'invalid' };
}

/**
 * For an admin when a staff member lost the authenticator: switches the factor off and ends the
 * account's sessions. With STAFF_TOTP_REQUIRED the next login leads to the setup page.
 */
export async function resetSecondFactor(
  kernel: Kernel,
  input: { actorId: string | null; accountId: string },
): Promise<boolean> {
  const { rowCount } = await kernel.db.pool.query(
    `update kernel.accounts set totp_enabled = false, totp_secret_enc = null, totp_last_step = null, updated_at = $2
      where id = $1 and (totp_enabled or totp_secret_enc is not null)`,
    [input.accountId, kernel.clock.now()],
  );
  if (!rowCount) return false;
  await kernel.db.pool.query('delete from kernel.sessions where account_id = $1', [input.accountId]);
  await auditAccount(kernel, 'auth.totp_reset', input.accountId, { actorId: input.actorId });
  return true;
}
