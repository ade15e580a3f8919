import type { KernelDeps } from '../deps.ts';
import { hashToken, randomToken } from './crypto.ts';

export const SESSION_COOKIE = 'ok_sid';

export interface SessionRow {
  id: string;
  accountId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  mfaPassed: boolean;
  userAgent: string | null;
}

/** Browser and platform only, e.g. "Firefox on Windows": enough to recognise a device. */
export function summariseUserAgent(ua: string | undefined): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad|iOS/.test(ua)
        ? 'iOS'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  if (!browser && !os) return ua.slice(0, 40);
  return [browser, os].filter(Boolean).join(' / ');
}

/** Creates a session and returns the raw cookie token (only the hash is stored). */
export async function createSession(
  deps: Pick<KernelDeps, 'db' | 'clock' | 'config'>,
  accountId: string,
  opts: { mfaPassed: boolean; userAgent?: string | undefined },
): Promise<{ token: string; id: string }> {
  const token = randomToken();
  const id = hashToken(token);
  const now = deps.clock.now();
  const expires = new Date(now.getTime() + deps.config.sessionAbsoluteHours * 3_600_000);
  await deps.db.pool.query(
    `insert into kernel.sessions (id, account_id, created_at, last_seen_at, expires_at, mfa_passed, user_agent)
     values ($1, $2, $3, $3, $4, $5, $6)`,
    [id, accountId, now, expires, opts.mfaPassed, summariseUserAgent(opts.userAgent)],
  );
  return { token, id };
}

/**
 * Replaces a session by a new one with a new id (after the second factor), keeping its
 * creation time and absolute expiry.
 */
export async function rotateSession(
  deps: Pick<KernelDeps, 'db' | 'clock'>,
  oldId: string,
  mfaPassed: boolean,
): Promise<string | null> {
  const token = randomToken();
  const id = hashToken(token);
  const { rowCount } = await deps.db.pool.query(
    `update kernel.sessions set id = $2, mfa_passed = $3, last_seen_at = $4 where id = $1`,
    [oldId, id, mfaPassed, deps.clock.now()],
  );
  return rowCount ? token : null;
}

export async function deleteSession(deps: Pick<KernelDeps, 'db'>, id: string): Promise<void> {
  await deps.db.pool.query('delete from kernel.sessions where id = $1', [id]);
}

/** Ends every session of an account, except one if given. Returns how many ended. */
export async function deleteAccountSessions(
  deps: Pick<KernelDeps, 'db'>,
  accountId: string,
  exceptId?: string | null,
): Promise<number> {
  const { rowCount } = await deps.db.pool.query(
    'delete from kernel.sessions where account_id = $1 and ($2::text is null or id <> $2)',
    [accountId, exceptId ?? null],
  );
  return rowCount ?? 0;
}

interface Row {
  id: string;
  account_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  mfa_passed: boolean;
  user_agent: string | null;
}

function toSession(r: Row): SessionRow {
  return {
    id: r.id,
    accountId: r.account_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    mfaPassed: r.mfa_passed,
    userAgent: r.user_agent,
  };
}

/** Live sessions of an account, newest activity first. */
export async function listSessions(
  deps: Pick<KernelDeps, 'db' | 'clock' | 'config'>,
  accountId: string,
): Promise<SessionRow[]> {
  const now = deps.clock.now();
  const idleCut = new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000);
  const { rows } = await deps.db.pool.query<Row>(
    `select * from kernel.sessions where account_id = $1 and expires_at > $2 and last_seen_at > $3
     order by last_seen_at desc, created_at desc`,
    [accountId, now, idleCut],
  );
  return rows.map(toSession);
}
