import type pg from 'pg';
import { inTransaction } from '../db/database.ts';
import type { KernelDeps } from '../deps.ts';
import { hashToken, randomToken } from './crypto.ts';

export type TokenPurpose = 'verify_email' | 'reset_password';

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  verify_email: 48 * 3_600_000,
  reset_password: 60 * 60_000,
};

type Deps = Pick<KernelDeps, 'db' | 'clock'>;

/**
 * Issues a single-use token for the account (stored hashed) and returns the raw token for the
 * mailed link. Earlier unused tokens of the same purpose stop working. Runs in its own
 * transaction; `issueTokenIn` joins the caller's.
 */
export async function issueToken(
  deps: Deps,
  accountId: string,
  purpose: TokenPurpose,
  payload: Record<string, unknown> = {},
): Promise<string> {
  const now = deps.clock.now();
  return inTransaction(deps.db.pool, (client) => issueTokenIn(client, now, accountId, purpose, payload));
}

/**
 * `issueToken` inside the caller's transaction (a client between BEGIN and COMMIT), so that the
 * token commits or rolls back together with the caller's other writes (e.g. the new account).
 */
export async function issueTokenIn(
  client: pg.PoolClient,
  now: Date,
  accountId: string,
  purpose: TokenPurpose,
  payload: Record<string, unknown> = {},
): Promise<string> {
  const token = randomToken();
  await client.query(
    `update kernel.auth_tokens set used_at = $3, payload = '{}' where account_id = $1 and purpose = $2 and used_at is null`,
    [accountId, purpose, now],
  );
  await client.query(
    `insert into kernel.auth_tokens (id, account_id, purpose, payload, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)`,
    [
      hashToken(token),
      accountId,
      purpose,
      JSON.stringify(payload),
      now,
      new Date(now.getTime() + TOKEN_TTL_MS[purpose]),
    ],
  );
  return token;
}

export interface ValidToken {
  accountId: string;
  payload: Record<string, unknown>;
}

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

/** Checks a token without using it (to show the form that will use it). */
export async function peekToken(
  deps: Deps,
  token: unknown,
  purpose: TokenPurpose,
): Promise<ValidToken | null> {
  if (typeof token !== 'string' || !TOKEN_RE.test(token)) return null;
  const { rows } = await deps.db.pool.query<{ account_id: string; payload: Record<string, unknown> }>(
    `select account_id, payload from kernel.auth_tokens where id = $1 and purpose = $2 and used_at is null and expires_at > $3`,
    [hashToken(token), purpose, deps.clock.now()],
  );
  return rows[0] ? { accountId: rows[0].account_id, payload: rows[0].payload } : null;
}

/**
 * Uses a token inside the caller's transaction: exactly one caller wins, also under concurrent
 * requests; an expired, used or unknown token gives null.
 */
export async function consumeToken(
  client: pg.PoolClient,
  now: Date,
  token: unknown,
  purpose: TokenPurpose,
): Promise<ValidToken | null> {
  if (typeof token !== 'string' || !TOKEN_RE.test(token)) return null;
  const { rows } = await client.query<{ account_id: string; payload: Record<string, unknown> }>(
    // The payload (e.g. a password hash) is wiped once used; the old value is returned.
    `update kernel.auth_tokens t set used_at = $3, payload = '{}'
       from (select id, payload from kernel.auth_tokens where id = $1 for update) o
      where t.id = o.id and t.purpose = $2 and t.used_at is null and t.expires_at > $3
     returning t.account_id, o.payload`,
    [hashToken(token), purpose, now],
  );
  return rows[0] ? { accountId: rows[0].account_id, payload: rows[0].payload } : null;
}
