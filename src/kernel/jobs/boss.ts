import PgBoss from 'pg-boss';
import type pg from 'pg';
import { toQueryable, type Executor } from '../events/queryable.ts';

/** pg-boss keeps its tables in its own schema, created and upgraded by pg-boss itself. */
export const JOBS_SCHEMA = 'pgboss';

/** pg-boss runs its SQL through the kernel's pool (or the caller's transaction) instead of a pool of its own. */
export function bossDb(x: Executor | pg.Pool): PgBoss.Db {
  const q = toQueryable(x);
  return { executeSql: (text, values) => q.query(text, values) };
}

/**
 * Creates or upgrades the pg-boss schema; runs with the migrations at boot so that jobs can be
 * sent from any process, also one that never starts workers (tests, CLI).
 */
export async function installJobSchema(pool: pg.Pool): Promise<void> {
  // start() with migrate only checks the installed version when it is current (two queries).
  const boss = new PgBoss({ db: bossDb(pool), schema: JOBS_SCHEMA, supervise: false, schedule: false, migrate: true });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, close: false });
}
