import type pg from 'pg';

type Q = Pick<pg.Pool, 'query'> | pg.PoolClient;
const TABLES = new Set([
  'location',
  'legislative_term',
  'organization',
  'person',
  'membership',
  'file',
  'meeting',
  'paper',
  'agenda_item',
  'consultation',
]);
const COL = /^[a-z_][a-z0-9_]*$/;

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Inserts or updates the row of an imported object (by body and source URL). An update happens
 * only when a value differs, so a rerun of the same data changes nothing (not even `modified`).
 */
export async function upsertImported(
  q: Q,
  table: string,
  bodyId: string,
  externalId: string,
  values: Record<string, unknown>,
  now: Date,
): Promise<{ id: number; outcome: UpsertOutcome }> {
  const cols = Object.keys(values);
  if (!TABLES.has(table) || !cols.every((c) => COL.test(c))) throw new Error(`bad import table ${table}`);
  const params = cols.map((c) => values[c]);
  const existing = (
    await q.query<{ id: number }>(`select id from council.${table} where body_id = $1 and external_id = $2`, [
      bodyId,
      externalId,
    ])
  ).rows[0] as { id: string | number } | undefined;
  if (!existing) {
    const all = ['body_id', 'external_id', 'created', 'modified', ...cols];
    const { rows } = await q.query<{ id: string | number }>(
      `insert into council.${table} (${all.join(', ')}) values (${all.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
      [bodyId, externalId, now, now, ...params],
    );
    return { id: Number(rows[0]!.id), outcome: 'created' };
  }
  const set = cols.map((c, i) => `${c} = $${i + 3}`).join(', ');
  const distinct = cols.map((c, i) => `${c} is distinct from $${i + 3}`).join(' or ');
  const { rowCount } = await q.query(
    `update council.${table} set ${set}, modified = $2 where id = $1 and (${distinct})`,
    [existing.id, now, ...params],
  );
  return { id: Number(existing.id), outcome: rowCount ? 'updated' : 'unchanged' };
}

export async function localIdOf(
  q: Q,
  table: string,
  bodyId: string,
  externalId: string,
): Promise<number | null> {
  if (!TABLES.has(table)) throw new Error(`bad table ${table}`);
  const r = (
    await q.query<{ id: number }>(`select id from council.${table} where body_id = $1 and external_id = $2`, [
      bodyId,
      externalId,
    ])
  ).rows[0];
  return r ? r.id : null;
}

export async function lastImport(q: Q, bodyId: string, sourceUrl: string): Promise<Date | null> {
  const r = (
    await q.query<{ started_at: Date }>(
      `select started_at from council.import_run where body_id = $1 and source_url = $2 and finished_at is not null and error is null order by id desc limit 1`,
      [bodyId, sourceUrl],
    )
  ).rows[0];
  return r ? r.started_at : null;
}

/** A run queued from the staff page: unfinished until the job records its outcome. */
export async function queueImportRun(
  q: Q,
  r: { bodyId: string; sourceUrl: string; at: Date },
): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    'insert into council.import_run (body_id, source_url, started_at) values ($1, $2, $3) returning id',
    [r.bodyId, r.sourceUrl, r.at],
  );
  return rows[0]!.id;
}

export interface ImportRunRow {
  id: number;
  body_id: string;
  source_url: string;
  started_at: Date;
  finished_at: Date | null;
  modified_since: Date | null;
  created_count: number;
  updated_count: number;
  unchanged_count: number;
  repairs: { rule: string; url: string; detail?: string }[];
  skips: { rule: string; url: string; detail?: string }[];
  error: string | null;
}

export async function importRun(q: Q, id: number): Promise<ImportRunRow | undefined> {
  return (await q.query<ImportRunRow>('select * from council.import_run where id = $1', [id])).rows[0];
}

export async function recordImport(
  q: Q,
  r: {
    runId?: number;
    bodyId: string;
    sourceUrl: string;
    startedAt: Date;
    finishedAt: Date;
    modifiedSince: Date | null;
    created: number;
    updated: number;
    unchanged: number;
    repairs: unknown[];
    skips: unknown[];
    error: string | null;
  },
): Promise<number> {
  if (r.runId !== undefined) {
    await q.query(
      `update council.import_run set started_at = $2, finished_at = $3, modified_since = $4, created_count = $5,
         updated_count = $6, unchanged_count = $7, repairs = $8, skips = $9, error = $10 where id = $1`,
      [
        r.runId,
        r.startedAt,
        r.finishedAt,
        r.modifiedSince,
        r.created,
        r.updated,
        r.unchanged,
        JSON.stringify(r.repairs),
        JSON.stringify(r.skips),
        r.error,
      ],
    );
    return r.runId;
  }
  const { rows } = await q.query<{ id: string | number }>(
    `insert into council.import_run (body_id, source_url, started_at, finished_at, modified_since, created_count, updated_count, unchanged_count, repairs, skips, error)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) returning id`,
    [
      r.bodyId,
      r.sourceUrl,
      r.startedAt,
      r.finishedAt,
      r.modifiedSince,
      r.created,
      r.updated,
      r.unchanged,
      JSON.stringify(r.repairs),
      JSON.stringify(r.skips),
      r.error,
    ],
  );
  return Number(rows[0]!.id);
}

export async function markDeleted(
  q: Q,
  table: string,
  bodyId: string,
  externalId: string,
  now: Date,
): Promise<boolean> {
  if (!TABLES.has(table)) throw new Error(`bad table ${table}`);
  const { rowCount } = await q.query(
    `update council.${table} set deleted_at = $4, modified = $4 where body_id = $1 and external_id = $2 and deleted_at is null and $3::boolean`,
    [bodyId, externalId, true, now],
  );
  return !!rowCount;
}

export async function importRuns(q: Q, limit = 20): Promise<ImportRunRow[]> {
  return (await q.query<ImportRunRow>(`select * from council.import_run order by id desc limit $1`, [limit]))
    .rows;
}
