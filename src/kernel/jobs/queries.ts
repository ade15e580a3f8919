import type pg from 'pg';
import { JOBS_SCHEMA } from './boss.ts';

export interface FailedJob {
  id: string;
  name: string;
  data: unknown;
  /** The error message of the last attempt (never the stack). */
  error: string | null;
  attempts: number;
  createdAt: Date;
  failedAt: Date | null;
}

export type JobCounts = Record<'queued' | 'active' | 'failed' | 'completed', number>;

function errorMessage(output: unknown): string | null {
  if (!output || typeof output !== 'object') return null;
  const o = output as { message?: unknown; value?: unknown };
  if (typeof o.message === 'string') return o.message;
  if (o.value !== undefined) return typeof o.value === 'string' ? o.value : JSON.stringify(o.value);
  return null;
}

export async function listFailedJobs(
  pool: pg.Pool,
  opts: { limit: number; offset: number },
): Promise<{ items: FailedJob[]; total: number }> {
  const [list, count] = await Promise.all([
    pool.query<{
      id: string;
      name: string;
      data: unknown;
      output: unknown;
      retry_count: number;
      created_on: Date;
      completed_on: Date | null;
    }>(
      `select id, name, data, output, retry_count, created_on, completed_on from ${JOBS_SCHEMA}.job
       where state = 'failed' order by completed_on desc nulls last, id limit $1 offset $2`,
      [opts.limit, opts.offset],
    ),
    pool.query<{ n: number }>(`select count(*)::int as n from ${JOBS_SCHEMA}.job where state = 'failed'`),
  ]);
  return {
    total: count.rows[0]!.n,
    items: list.rows.map((r) => ({
      id: r.id,
      name: r.name,
      data: r.data,
      error: errorMessage(r.output),
      attempts: r.retry_count + 1,
      createdAt: r.created_on,
      failedAt: r.completed_on,
    })),
  };
}

export async function failedJobName(pool: pg.Pool, id: string): Promise<string | null> {
  const { rows } = await pool.query<{ name: string }>(
    `select name from ${JOBS_SCHEMA}.job where id = $1 and state = 'failed'`,
    [id],
  );
  return rows[0]?.name ?? null;
}

export async function countJobs(pool: pg.Pool): Promise<JobCounts> {
  const { rows } = await pool.query<{ state: string; n: number }>(
    `select state::text as state, count(*)::int as n from ${JOBS_SCHEMA}.job where not name like '\\_\\_pgboss%' group by state`,
  );
  const counts: JobCounts = { queued: 0, active: 0, failed: 0, completed: 0 };
  for (const r of rows) {
    if (r.state === 'created' || r.state === 'retry') counts.queued += r.n;
    else if (r.state === 'active' || r.state === 'failed' || r.state === 'completed') counts[r.state] += r.n;
  }
  return counts;
}
