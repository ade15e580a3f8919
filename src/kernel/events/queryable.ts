import { CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';
import type { NamedStatement } from '../db/prepared.ts';

/**
 * Where a kernel service runs its SQL when it must join the caller's transaction: a Kysely
 * transaction (or Kysely instance) or a pg client (PoolClient or Client) inside BEGIN … COMMIT.
 */
export type Executor = Kysely<any> | pg.PoolClient | pg.Client; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The least a kernel service needs: one parameterised statement at a time. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  query<R>(text: string | NamedStatement, values?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function isKysely(x: Executor): x is Kysely<any> {
  return typeof (x as { executeQuery?: unknown }).executeQuery === 'function';
}

export function toQueryable(x: Executor | pg.Pool): Queryable {
  if (isKysely(x as Executor)) {
    const k = x as Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    return {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
      async query<R>(statement: string | NamedStatement, values: unknown[] = []) {
        // Kysely has no named statements: the text runs as it is.
        const text = typeof statement === 'string' ? statement : statement.text;
        const res = await k.executeQuery<R>(CompiledQuery.raw(text, values));
        return { rows: [...res.rows], rowCount: Number(res.numAffectedRows ?? res.rows.length) };
      },
    };
  }
  const c = x as pg.Pool;
  return {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
    async query<R>(statement: string | NamedStatement, values?: unknown[]) {
      const res =
        typeof statement === 'string'
          ? await c.query(statement, values)
          : await c.query({ name: statement.name, text: statement.text, values });
      return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
    },
  };
}
