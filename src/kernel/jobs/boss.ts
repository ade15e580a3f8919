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
  const boss = new PgBoss({
    db: bossDb(pool),
    schema: JOBS_SCHEMA,
    supervise: false,
    schedule: false,
    migrate: true,
  });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, close: false });
}

const QUEUE_LOCK = 7_421_002; // advisory lock id: one queue creation at a time per installation

/**
 * Creates a queue unless it exists. pg-boss's create_queue deadlocks when two processes create
 * the same queue at once (row lock on the queue table against the foreign key of the new
 * partition), which happens when several nodes start together; so creations take turns.
 */
export async function ensureQueueExists(pool: pg.Pool, name: string, options: PgBoss.Queue): Promise<void> {
  const existing = await pool.query(`select 1 from ${JOBS_SCHEMA}.queue where name = $1`, [name]);
  if (existing.rowCount) return;
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [QUEUE_LOCK]);
    const boss = new PgBoss({
      db: bossDb(client),
      schema: JOBS_SCHEMA,
      migrate: false,
      supervise: false,
      schedule: false,
    });
    await boss.createQueue(name, options);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** pg-boss's own cron queue, created before start so that its unserialised creation never runs concurrently. */
export const CRON_QUEUE = '__pgboss__send-it';
