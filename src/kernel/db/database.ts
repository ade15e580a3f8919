import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { prepared } from './prepared.ts';

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

/** One SQL statement with its parameters ($1, $2, … numbered from 1). */
export interface PendingStatement {
  text: string;
  values: unknown[];
}

/**
 * Work that a kernel service saved up on a transaction, written just before it commits. Its
 * statement must be a data-modifying one that can stand in a WITH clause (INSERT … SELECT or
 * VALUES, UPDATE, DELETE) and whose result nobody reads: the statements of all buffers go to the
 * database as one.
 */
export interface CommitBuffer {
  /** What to write, or null when nothing was buffered. */
  statement(): PendingStatement | null;
}

/**
 * Several statements as one: each becomes a data-modifying CTE (PostgreSQL runs every one of
 * them, on one snapshot), with its parameters renumbered after the previous ones'. One statement
 * stays as it is.
 */
export function combineStatements(statements: PendingStatement[]): PendingStatement {
  if (statements.length === 1) return statements[0]!;
  const parts: string[] = [];
  const values: unknown[] = [];
  statements.forEach((st, i) => {
    const offset = values.length;
    parts.push(`w${i} as (${st.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`);
    values.push(...st.values);
  });
  return { text: `with ${parts.join(',\n')}\nselect 1`, values };
}

/** What an open transaction of inTransaction carries: buffers and after-commit work. */
interface OpenTransaction {
  buffers: Map<symbol, CommitBuffer>;
  after: (() => Promise<void>)[];
}

/** The open transactions of inTransaction, by their client. */
const openTransactions = new WeakMap<object, OpenTransaction>();

const openOf = (client: unknown) =>
  typeof client === 'object' && client !== null ? openTransactions.get(client) : undefined;

/**
 * The buffer under `key` of the transaction that `client` runs for inTransaction, created on first
 * use; null when `client` is not such a transaction (the caller then writes at once). The buffers
 * are written on that client right before COMMIT, so writes whose result nobody reads inside the
 * transaction (audit entries, events, mails) go to the database in one statement instead of one
 * each.
 */
export function commitBuffer<B extends CommitBuffer>(
  client: unknown,
  key: symbol,
  create: () => B,
): B | null {
  const open = openOf(client);
  if (!open) return null;
  let b = open.buffers.get(key) as B | undefined;
  if (!b) {
    b = create();
    open.buffers.set(key, b);
  }
  return b;
}

/**
 * Runs `fn` once the transaction that `client` runs for inTransaction has committed (never after
 * a rollback), before inTransaction returns; false when `client` is not such a transaction. The
 * transaction has committed by then, so an error of `fn` is not the caller's: it is swallowed
 * (`fn` handles its own failures, e.g. a mail left for the retry sweep).
 */
export function afterCommit(client: unknown, fn: () => Promise<void>): boolean {
  const open = openOf(client);
  if (!open) return false;
  open.after.push(fn);
  return true;
}

/** COMMIT found the transaction aborted by an earlier statement whose error was caught. */
export class TransactionAborted extends Error {
  override name = 'TransactionAborted';
  constructor() {
    super('the transaction was aborted by an earlier error that was caught; nothing was committed');
  }
}

/**
 * Runs `fn` in one transaction on a dedicated client: commit on success, rollback on any error
 * (rethrown), and the client always goes back to the pool. An expected failure that must undo
 * the transaction's writes returns `rollback(value)`.
 */
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
  const open: OpenTransaction = { buffers: new Map(), after: [] };
  let committed = false;
  try {
    await client.query('begin');
    openTransactions.set(client, open);
    const result = await fn(client, rollback);
    if (!state.undo) {
      // Everything the kernel services saved up, in one statement right before COMMIT.
      const pending = [...open.buffers.values()]
        .map((b) => b.statement())
        .filter((st): st is PendingStatement => st !== null);
      if (pending.length) {
        const { text, values } = combineStatements(pending);
        // Named by its text: the same mix of buffers is parsed and planned once per connection.
        await client.query({ name: prepared(text).name, text, values });
      }
    }
    openTransactions.delete(client);
    const end = await client.query(state.undo ? 'rollback' : 'commit');
    // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, without an error: a
    // statement failed and its error was caught. Nothing was stored, so that is not a success.
    if (!state.undo && end.command !== 'COMMIT') throw new TransactionAborted();
    committed = !state.undo;
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    openTransactions.delete(client);
    client.release();
    // With the client back in the pool: after-commit work may use the pool itself.
    if (committed) for (const after of open.after) await after().catch(() => undefined);
  }
}
