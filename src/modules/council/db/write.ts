import type pg from 'pg';

type Q = Pick<pg.Pool, 'query'> | pg.PoolClient;

const TABLES = new Set([
  'body',
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

function check(table: string, cols: string[]) {
  if (!TABLES.has(table) || !cols.every((c) => COL.test(c))) throw new Error(`bad table/column ${table}`);
}

/** Inserts one row into a council table (column names are code, never user input); returns its id. */
export async function insertRow(q: Q, table: string, row: Record<string, unknown>): Promise<number> {
  const cols = Object.keys(row);
  check(table, cols);
  const { rows } = await q.query<{ id: string | number }>(
    `insert into council.${table} (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
    cols.map((c) => row[c]),
  );
  return Number(rows[0]!.id);
}

/** Updates columns of one row by id; returns whether it existed. */
export async function updateRow(
  q: Q,
  table: string,
  id: number | string,
  row: Record<string, unknown>,
): Promise<boolean> {
  const cols = Object.keys(row);
  check(table, cols);
  const { rowCount } = await q.query(
    `update council.${table} set ${cols.map((c, i) => `${c} = $${i + 2}`).join(', ')} where id = $1`,
    [id, ...cols.map((c) => row[c])],
  );
  return !!rowCount;
}

/** The paper's search text: name, reference and the text of its (non-deleted) files. */
export async function refreshPaperSearch(q: Q, paperId: number): Promise<void> {
  await q.query(
    `update council.paper p set search_text = concat_ws(' ', p.name, p.reference, p.paper_type, p.body_text,
        (select string_agg(f.text, ' ') from council.file f
          where f.deleted_at is null and (f.id = p.main_file_id or f.id = any(p.auxiliary_file_ids))))
     where p.id = $1`,
    [paperId],
  );
}

export async function bodyExists(q: Q, id: string): Promise<boolean> {
  const { rowCount } = await q.query('select 1 from council.body where id = $1', [id]);
  return !!rowCount;
}

export async function hasDemoData(q: Q, bodyId: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `select 1 from council.organization where body_id = $1 and external_id like 'demo:%' limit 1`,
    [bodyId],
  );
  return !!rowCount;
}

/** One council body per tenant (reference data; idempotent). */
export async function upsertBody(
  q: Q,
  b: {
    id: string;
    tenantId: string;
    name: string;
    shortName: string;
    website: string | null;
    ags: string;
    rgs: string;
    classification: string;
    contactEmail: string | null;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `insert into council.body (id, tenant_id, name, short_name, website, ags, rgs, classification, contact_email, created, modified)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) on conflict (id) do nothing`,
    [b.id, b.tenantId, b.name, b.shortName, b.website, b.ags, b.rgs, b.classification, b.contactEmail, now],
  );
}
