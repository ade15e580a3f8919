import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'>;

export interface TokenRecord {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function insertToken(
  db: Queryable,
  accountId: string,
  name: string,
  hash: string,
  at: Date,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into open_data.api_tokens (account_id, name, token_hash, created_at) values ($1, $2, $3, $4) returning id`,
    [accountId, name, hash, at],
  );
  return rows[0]!.id;
}

export async function listTokens(db: Queryable, accountId: string): Promise<TokenRecord[]> {
  const { rows } = await db.query<{ id: string; name: string; created_at: Date; last_used_at: Date | null }>(
    `select id, name, created_at, last_used_at from open_data.api_tokens where account_id = $1 and revoked_at is null order by created_at desc`,
    [accountId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function revokeToken(db: Queryable, accountId: string, id: string, at: Date): Promise<boolean> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
  const res = await db.query(
    `update open_data.api_tokens set revoked_at = $3 where id = $1 and account_id = $2 and revoked_at is null`,
    [id, accountId, at],
  );
  return (res.rowCount ?? 0) > 0;
}

/** The account of a live token (and marks it used). */
export async function useToken(db: Queryable, hash: string, at: Date): Promise<string | null> {
  const { rows } = await db.query<{ account_id: string }>(
    `update open_data.api_tokens set last_used_at = $2 where token_hash = $1 and revoked_at is null returning account_id`,
    [hash, at],
  );
  return rows[0]?.account_id ?? null;
}
