import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';

export interface MigrationSource {
  /** Module or kernel name; applied in the order given. */
  name: string;
  dir: string;
}

export interface Migration {
  source: string;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const LOCK_KEY = 7_421_001; // advisory lock id shared by every node of one installation
const NAME_RE = /^\d{12,14}__[a-z0-9_]+\.sql$/;

export function readMigrations(sources: MigrationSource[]): Migration[] {
  const all: Migration[] = [];
  for (const src of sources) {
    if (!existsSync(src.dir)) continue;
    const files = readdirSync(src.dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    for (const f of files) {
      if (!NAME_RE.test(f)) {
        throw new MigrationError(
          `${src.name}: migration file name "${f}" must look like 20260101120000__create_things.sql`,
        );
      }
      const sql = readFileSync(join(src.dir, f), 'utf8');
      all.push({ source: src.name, name: f, sql, checksum: createHash('sha256').update(sql).digest('hex') });
    }
  }
  return all;
}

/**
 * Applies pending migrations, each in its own transaction, under a session advisory lock so
 * that several nodes starting at once migrate exactly once. An applied migration whose file
 * changed stops everything with a message naming it.
 */
export async function migrate(
  pool: pg.Pool,
  sources: MigrationSource[],
  log: (msg: string) => void = () => undefined,
): Promise<{ applied: string[] }> {
  const migrations = readMigrations(sources);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`create schema if not exists kernel`);
    await client.query(`create table if not exists kernel.schema_migrations (
      source text not null,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now(),
      primary key (source, name))`);
    const { rows } = await client.query<{ source: string; name: string; checksum: string }>(
      'select source, name, checksum from kernel.schema_migrations',
    );
    const done = new Map(rows.map((r) => [`${r.source}/${r.name}`, r.checksum]));
    for (const m of migrations) {
      const key = `${m.source}/${m.name}`;
      const prev = done.get(key);
      if (prev !== undefined) {
        if (prev !== m.checksum) {
          throw new MigrationError(
            `Migration ${key} was changed after it was applied (checksum ${prev.slice(0, 12)}… → ${m.checksum.slice(0, 12)}…). ` +
              'Applied migrations are forward-only: restore the file and add a new migration instead.',
          );
        }
        continue;
      }
      try {
        await client.query('begin');
        await client.query(m.sql);
        await client.query(
          'insert into kernel.schema_migrations (source, name, checksum) values ($1, $2, $3)',
          [m.source, m.name, m.checksum],
        );
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw new MigrationError(`Migration ${key} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(key);
      log(`applied migration ${key}`);
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return { applied };
}
