import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

// Return int8 and numeric as JS values where they are safe; dates stay Date objects.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});

export interface Database {
  pool: pg.Pool;
  /** Untyped Kysely; each module narrows it with its own table types via `db.withTables<T>()`. */
  kysely: Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export function createDatabase(url: string, opts: { max?: number; applicationName?: string } = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'openkreis',
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const kysely = new Kysely<any>({ dialect: new PostgresDialect({ pool }) }); // eslint-disable-line @typescript-eslint/no-explicit-any
  let closed = false;
  return {
    pool,
    kysely,
    close: async () => {
      if (closed) return;
      closed = true;
      await kysely.destroy(); // ends the pool only if Kysely ever used it
      if (!pool.ended) await pool.end();
    },
  };
}

/** Typed view of the shared Kysely instance for one module's tables. */
export function tables<T>(db: Database): Kysely<T> {
  return db.kysely as Kysely<T>;
}

/**
 * Runs `fn` in one transaction on a dedicated client: commit on success, rollback on any error
 * (rethrown), and the client always goes back to the pool. An expected failure that must undo
 * the transaction's writes returns `rollback(value)`.
 */
/** Work that a kernel service saved up on a transaction, written just before it commits. */
export interface CommitBuffer {
  flush(client: pg.PoolClient): Promise<void>;
}

/** The open transactions of inTransaction, with their buffers (in the order they were opened). */
const openTransactions = new WeakMap<object, Map<symbol, CommitBuffer>>();

/**
 * The buffer under `key` of the transaction that `client` runs for inTransaction, created on first
 * use; null when `client` is not such a transaction (the caller then writes at once). The buffer
 * is flushed on that client right before COMMIT, so writes whose result nobody reads inside the
 * transaction (audit entries) go to the database in one statement instead of one each.
 */
export function commitBuffer<B extends CommitBuffer>(
  client: unknown,
  key: symbol,
  create: () => B,
): B | null {
  const buffers = typeof client === 'object' && client !== null ? openTransactions.get(client) : undefined;
  if (!buffers) return null;
  let b = buffers.get(key) as B | undefined;
  if (!b) {
    b = create();
    buffers.set(key, b);
  }
  return b;
}

export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient, rollback: <R>(value: R) => R) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const state = { undo: false };
  const rollback = <R>(value: R): R => {
    state.undo = true;
    return value;
  };
  const buffers = new Map<symbol, CommitBuffer>();
  try {
    await client.query('begin');
    openTransactions.set(client, buffers);
    const result = await fn(client, rollback);
    if (!state.undo) for (const b of buffers.values()) await b.flush(client);
    openTransactions.delete(client);
    await client.query(state.undo ? 'rollback' : 'commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    openTransactions.delete(client);
    client.release();
  }
}
