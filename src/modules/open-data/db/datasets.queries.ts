import type pg from 'pg';
import type { DatasetInput, DatasetRecord, ResourceInput, ResourceRecord } from '../model.ts';

type Queryable = Pick<pg.Pool, 'query'>;

interface DatasetRow {
  id: string;
  name: string;
  tenant_id: string;
  org_unit_id: string | null;
  title: string;
  notes: string;
  keywords: string[];
  themes: string[];
  formats: string[];
  temporal_start: string | null;
  temporal_end: string | null;
  frequency: string | null;
  license_id: string;
  attribution: string | null;
  contact_name: string | null;
  contact_email: string | null;
  landing_page: string | null;
  platform_key: string | null;
  platform_version: string | null;
  state: 'active' | 'deleted';
  issued: Date;
  created_at: Date;
  modified_at: Date;
}

interface ResourceRow {
  id: string;
  dataset_id: string;
  position: number;
  name: string;
  description: string;
  url: string | null;
  file_id: string | null;
  platform_distribution: string | null;
  format: string;
  media_type: string | null;
  byte_size: number | null;
  checksum: string | null;
  created_at: Date;
  modified_at: Date;
}

const DATASET_COLS = `id, name, tenant_id, org_unit_id, title, notes, keywords, themes, formats,
  to_char(temporal_start, 'YYYY-MM-DD') as temporal_start, to_char(temporal_end, 'YYYY-MM-DD') as temporal_end,
  frequency, license_id, attribution, contact_name, contact_email, landing_page, platform_key, platform_version,
  state, issued, created_at, modified_at`;

function toResource(r: ResourceRow): ResourceRecord {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    position: r.position,
    name: r.name,
    description: r.description,
    url: r.url,
    fileId: r.file_id,
    platformDistribution: r.platform_distribution,
    format: r.format,
    mediaType: r.media_type,
    byteSize: r.byte_size,
    checksum: r.checksum,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
  };
}

function toDataset(r: DatasetRow, resources: ResourceRecord[]): DatasetRecord {
  return {
    id: r.id,
    name: r.name,
    tenantId: r.tenant_id,
    orgUnitId: r.org_unit_id,
    title: r.title,
    notes: r.notes,
    keywords: r.keywords,
    themes: r.themes,
    formats: r.formats,
    temporalStart: r.temporal_start,
    temporalEnd: r.temporal_end,
    frequency: r.frequency,
    licenseId: r.license_id,
    attribution: r.attribution,
    contactName: r.contact_name,
    contactEmail: r.contact_email,
    landingPage: r.landing_page,
    platformKey: r.platform_key,
    platformVersion: r.platform_version,
    state: r.state,
    issued: r.issued,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
    resources,
  };
}

/** Full records (with resources) for the given ids, in the order of `ids`. */
export async function loadDatasets(db: Queryable, ids: string[]): Promise<DatasetRecord[]> {
  if (!ids.length) return [];
  const [d, r] = await Promise.all([
    db.query<DatasetRow>(`select ${DATASET_COLS} from open_data.datasets where id = any($1::uuid[])`, [ids]),
    db.query<ResourceRow>(
      `select * from open_data.resources where dataset_id = any($1::uuid[]) order by dataset_id, position, created_at`,
      [ids],
    ),
  ]);
  const byDataset = new Map<string, ResourceRecord[]>();
  for (const row of r.rows) {
    const list = byDataset.get(row.dataset_id) ?? [];
    list.push(toResource(row));
    byDataset.set(row.dataset_id, list);
  }
  const byId = new Map(d.rows.map((row) => [row.id, toDataset(row, byDataset.get(row.id) ?? [])]));
  return ids.map((id) => byId.get(id)).filter((x): x is DatasetRecord => !!x);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A dataset by name or id (CKAN accepts both); deleted ones only when asked. */
export async function findDataset(
  db: Queryable,
  nameOrId: string,
  opts: { includeDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<DatasetRecord | null> {
  if (nameOrId.includes('\u0000') || nameOrId.length > 200) return null;
  const byId = UUID.test(nameOrId);
  const { rows } = await db.query<{ id: string }>(
    `select id from open_data.datasets where ${byId ? 'id = $1::uuid' : 'name = $1'}
     ${opts.includeDeleted ? '' : `and state = 'active'`} ${opts.forUpdate ? 'for update' : ''}`,
    [nameOrId],
  );
  if (!rows[0]) return null;
  return (await loadDatasets(db, [rows[0].id]))[0] ?? null;
}

export async function nameTaken(db: Queryable, name: string, exceptId?: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from open_data.datasets where name = $1 and id is distinct from $2`,
    [name, exceptId ?? null],
  );
  return rows.length > 0;
}

export async function insertDataset(
  db: Queryable,
  id: string,
  d: DatasetInput,
  at: Date,
  platform?: { key: string; version: string },
): Promise<void> {
  await db.query(
    `insert into open_data.datasets (id, name, tenant_id, org_unit_id, title, notes, keywords, themes, temporal_start, temporal_end,
       frequency, license_id, attribution, contact_name, contact_email, landing_page, platform_key, platform_version, issued, created_at, modified_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$19,$19)`,
    [
      id,
      d.name,
      d.tenantId,
      d.orgUnitId,
      d.title,
      d.notes,
      d.keywords,
      d.themes,
      d.temporalStart,
      d.temporalEnd,
      d.frequency,
      d.licenseId,
      d.attribution,
      d.contactName,
      d.contactEmail,
      d.landingPage,
      platform?.key ?? null,
      platform?.version ?? null,
      at,
    ],
  );
}

export async function updateDataset(
  db: Queryable,
  id: string,
  d: DatasetInput,
  at: Date,
  platformVersion?: string,
): Promise<void> {
  await db.query(
    `update open_data.datasets set name = $2, tenant_id = $3, org_unit_id = $4, title = $5, notes = $6, keywords = $7,
       themes = $8, temporal_start = $9, temporal_end = $10, frequency = $11, license_id = $12, attribution = $13,
       contact_name = $14, contact_email = $15, landing_page = $16, modified_at = $17, state = 'active',
       platform_version = coalesce($18, platform_version)
     where id = $1`,
    [
      id,
      d.name,
      d.tenantId,
      d.orgUnitId,
      d.title,
      d.notes,
      d.keywords,
      d.themes,
      d.temporalStart,
      d.temporalEnd,
      d.frequency,
      d.licenseId,
      d.attribution,
      d.contactName,
      d.contactEmail,
      d.landingPage,
      at,
      platformVersion ?? null,
    ],
  );
}

export async function setDatasetState(db: Queryable, id: string, state: 'active' | 'deleted', at: Date) {
  await db.query(`update open_data.datasets set state = $2, modified_at = $3 where id = $1`, [id, state, at]);
}

export async function touchDataset(db: Queryable, id: string, at: Date): Promise<void> {
  await db.query(
    `update open_data.datasets d set modified_at = $2,
       formats = coalesce((select array_agg(distinct r.format order by r.format) from open_data.resources r
                           where r.dataset_id = d.id and r.format <> ''), '{}')
     where id = $1`,
    [id, at],
  );
}

export async function insertResource(
  db: Queryable,
  id: string,
  datasetId: string,
  r: ResourceInput,
  at: Date,
): Promise<void> {
  await db.query(
    `insert into open_data.resources (id, dataset_id, position, name, description, url, file_id, platform_distribution,
       format, media_type, byte_size, checksum, created_at, modified_at)
     values ($1, $2, coalesce((select max(position) + 1 from open_data.resources where dataset_id = $2), 0),
       $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
    [
      id,
      datasetId,
      r.name,
      r.description,
      r.url,
      r.fileId,
      r.platformDistribution ?? null,
      r.format,
      r.mediaType,
      r.byteSize,
      r.checksum,
      at,
    ],
  );
}

export async function updateResource(db: Queryable, id: string, r: ResourceInput, at: Date): Promise<void> {
  await db.query(
    `update open_data.resources set name = $2, description = $3, url = $4, file_id = $5, platform_distribution = $6,
       format = $7, media_type = $8, byte_size = $9, checksum = $10, modified_at = $11 where id = $1`,
    [
      id,
      r.name,
      r.description,
      r.url,
      r.fileId,
      r.platformDistribution ?? null,
      r.format,
      r.mediaType,
      r.byteSize,
      r.checksum,
      at,
    ],
  );
}

export async function deleteResource(db: Queryable, id: string): Promise<void> {
  await db.query(`delete from open_data.resources where id = $1`, [id]);
}

export async function findResource(
  db: Queryable,
  id: string,
): Promise<{
  resource: ResourceRecord;
  datasetName: string;
  datasetState: string;
  platformKey: string | null;
} | null> {
  if (!UUID.test(id)) return null;
  const { rows } = await db.query<
    ResourceRow & { ds_name: string; ds_state: string; ds_platform_key: string | null }
  >(
    `select r.*, d.name as ds_name, d.state as ds_state, d.platform_key as ds_platform_key
     from open_data.resources r join open_data.datasets d on d.id = r.dataset_id where r.id = $1`,
    [id],
  );
  const row = rows[0];
  return row
    ? {
        resource: toResource(row),
        datasetName: row.ds_name,
        datasetState: row.ds_state,
        platformKey: row.ds_platform_key,
      }
    : null;
}

export async function insertRevision(
  db: Queryable,
  datasetId: string,
  at: Date,
  actor: { accountId: string | null; name: string },
  action: string,
  changes: Record<string, unknown>,
): Promise<void> {
  await db.query(
    `insert into open_data.revisions (dataset_id, at, actor_id, actor_name, action, changes) values ($1, $2, $3, $4, $5, $6)`,
    [datasetId, at, actor.accountId, actor.name, action, JSON.stringify(changes)],
  );
}

export interface RevisionRecord {
  at: Date;
  actorName: string | null;
  action: string;
  changes: Record<string, unknown>;
}

export async function listRevisions(db: Queryable, datasetId: string, limit = 50): Promise<RevisionRecord[]> {
  const { rows } = await db.query<{
    at: Date;
    actor_name: string | null;
    action: string;
    changes: Record<string, unknown>;
  }>(
    `select at, actor_name, action, changes from open_data.revisions where dataset_id = $1 order by at desc, id desc limit $2`,
    [datasetId, limit],
  );
  return rows.map((r) => ({ at: r.at, actorName: r.actor_name, action: r.action, changes: r.changes }));
}

/** All active dataset names (package_list), sorted. */
export async function listNames(db: Queryable, limit: number, offset: number): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select name from open_data.datasets where state = 'active' order by name limit $1 offset $2`,
    [limit, offset],
  );
  return rows.map((r) => r.name);
}

/** Platform-mirrored datasets: key → id, version and state. */
export async function platformRows(
  db: Queryable,
): Promise<{ id: string; key: string; version: string | null; state: string }[]> {
  const { rows } = await db.query<{
    id: string;
    platform_key: string;
    platform_version: string | null;
    state: string;
  }>(
    `select id, platform_key, platform_version, state from open_data.datasets where platform_key is not null`,
  );
  return rows.map((r) => ({ id: r.id, key: r.platform_key, version: r.platform_version, state: r.state }));
}

export async function deleteResourcesOf(db: Queryable, datasetId: string): Promise<void> {
  await db.query(`delete from open_data.resources where dataset_id = $1`, [datasetId]);
}

/** Per-day anonymous counters. */
export async function countEvent(db: Queryable, datasetId: string, day: string, kind: 'views' | 'downloads') {
  await db.query(
    `insert into open_data.daily_stats (dataset_id, day, ${kind}) values ($1, $2, 1)
     on conflict (dataset_id, day) do update set ${kind} = open_data.daily_stats.${kind} + 1`,
    [datasetId, day],
  );
}

export async function datasetCounts(
  db: Queryable,
  datasetId: string,
): Promise<{ views: number; downloads: number }> {
  const { rows } = await db.query<{ views: number | null; downloads: number | null }>(
    `select sum(views)::int as views, sum(downloads)::int as downloads from open_data.daily_stats where dataset_id = $1`,
    [datasetId],
  );
  return { views: rows[0]?.views ?? 0, downloads: rows[0]?.downloads ?? 0 };
}

export async function allActiveIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `select id from open_data.datasets where state = 'active' order by name`,
  );
  return rows.map((r) => r.id);
}

/** One page of the DCAT catalogue (stable order by id); total for hydra:totalItems. */
export async function catalogPage(
  db: Queryable,
  opts: { limit: number; offset: number; modifiedSince: Date | null },
): Promise<{ total: number; ids: string[] }> {
  const where = `state = 'active'${opts.modifiedSince ? ' and modified_at >= $1' : ''}`;
  const params = opts.modifiedSince ? [opts.modifiedSince] : [];
  const [c, p] = await Promise.all([
    db.query<{ n: number }>(`select count(*)::int as n from open_data.datasets where ${where}`, params),
    db.query<{ id: string }>(
      `select id from open_data.datasets where ${where} order by id limit ${opts.limit} offset ${opts.offset}`,
      params,
    ),
  ]);
  return { total: c.rows[0]!.n, ids: p.rows.map((r) => r.id) };
}
