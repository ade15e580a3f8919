import type { KernelDeps } from '../deps.ts';
import { hashToken } from './crypto.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

type Deps = Pick<KernelDeps, 'db'>;

/** Throttle key of an address without an account. */
function unknownKey(email: string): string {
  return hashToken(`login:${email.trim().toLowerCase()}`);
}

/** True while the account (or, without an account, the address) is locked. */
export async function isLocked(
  deps: Deps,
  now: Date,
  target: { accountId: string } | { email: string },
): Promise<boolean> {
  const { rows } =
    'accountId' in target
      ? await deps.db.pool.query<{ locked_until: Date | null }>(
          'select locked_until from kernel.accounts where id = $1',
          [target.accountId],
        )
      : await deps.db.pool.query<{ locked_until: Date | null }>(
          'select locked_until from kernel.login_throttle where key = $1',
          [unknownKey(target.email)],
        );
  const until = rows[0]?.locked_until;
  return !!until && until.getTime() > now.getTime();
}

/**
 * Counts a failed attempt atomically. The fifth failure locks for LOCK_MINUTES and starts the
 * count again. Returns true when this failure caused the lock.
 */
export async function recordFailure(
  deps: Deps,
  now: Date,
  target: { accountId: string } | { email: string },
): Promise<boolean> {
  const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  if ('accountId' in target) {
    const { rows } = await deps.db.pool.query<{ locked: boolean }>(
      `update kernel.accounts
          set failed_logins = case when failed_logins + 1 >= $3 then 0 else failed_logins + 1 end,
              locked_until = case when failed_logins + 1 >= $3 then $4 else locked_until end,
              updated_at = $2
        where id = $1
       returning locked_until = $4 as locked`,
      [target.accountId, now, MAX_FAILED_LOGINS, lockUntil],
    );
    return rows[0]?.locked === true;
  }
  const { rows } = await deps.db.pool.query<{ locked: boolean }>(
    `insert into kernel.login_throttle as t (key, failures, locked_until, updated_at) values ($1, 1, null, $2)
     on conflict (key) do update
        set failures = case when t.failures + 1 >= $3 then 0 else t.failures + 1 end,
            locked_until = case when t.failures + 1 >= $3 then $4 else t.locked_until end,
            updated_at = $2
     returning locked_until is not distinct from $4 as locked`,
    [unknownKey(target.email), now, MAX_FAILED_LOGINS, lockUntil],
  );
  return rows[0]?.locked === true;
}

export async function clearFailures(deps: Deps, now: Date, accountId: string): Promise<void> {
  await deps.db.pool.query(
    `update kernel.accounts set failed_logins = 0, locked_until = null, updated_at = $2
      where id = $1 and (failed_logins <> 0 or locked_until is not null)`,
    [accountId, now],
  );
}
