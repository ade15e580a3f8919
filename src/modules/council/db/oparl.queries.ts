import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import * as v from './visibility.ts';

export type OParlKind =
  | 'body'
  | 'legislativeTerm'
  | 'organization'
  | 'person'
  | 'membership'
  | 'meeting'
  | 'agendaItem'
  | 'paper'
  | 'consultation'
  | 'file'
  | 'location';

export type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Spec {
  table: string;
  cols: string;
  visible: (a: string) => string;
  tombstone: (a: string) => string;
}

const base = 't.id, t.created, t.modified, t.deleted_at';

export const SPECS: Record<OParlKind, Spec> = {
  body: {
    table: 'body',
    cols: `${base}, t.tenant_id, t.name, t.short_name, t.website, t.ags, t.rgs, t.classification, t.contact_email, t.contact_name`,
    visible: v.notDeleted,
    tombstone: v.tombstonePlain,
  },
  legislativeTerm: {
    table: 'legislative_term',
    cols: `${base}, t.body_id, t.name, t.start_date::text as start_date, t.end_date::text as end_date`,
    visible: v.notDeleted,
    tombstone: v.tombstonePlain,
  },
  organization: {
    table: 'organization',
    cols: `${base}, t.body_id, t.name, t.short_name, t.organization_type, t.classification, t.start_date::text as start_date, t.end_date::text as end_date, t.website, t.location_id`,
    visible: v.notDeleted,
    tombstone: v.tombstonePlain,
  },
  person: {
    table: 'person',
    cols: `${base}, t.body_id, t.name, t.family_name, t.given_name, t.form_of_address, t.affix, t.title, t.gender, t.contact_consent, t.email, t.phone, t.status, t.life`,
    visible: v.notDeleted,
    tombstone: v.tombstonePlain,
  },
  membership: {
    table: 'membership',
    cols: `${base}, t.body_id, t.person_id, t.organization_id, t.role, t.voting_right, t.start_date::text as start_date, t.end_date::text as end_date, t.on_behalf_of`,
    visible: v.notDeleted,
    tombstone: v.tombstonePlain,
  },
  meeting: {
    table: 'meeting',
    cols: `${base}, t.body_id, t.name, t.meeting_state, t.cancelled, t.start_at, t.end_at, t.location_id, t.organization_ids, t.invitation_file_id, t.results_file_id, t.verbatim_file_id, t.auxiliary_file_ids`,
    visible: v.visibleMeeting,
    tombstone: v.tombstoneMeeting,
  },
  agendaItem: {
    table: 'agenda_item',
    cols: `${base}, t.body_id, t.meeting_id, t.position, t.number, t.name, t.public, t.result, t.resolution_text, t.resolution_file_id, t.auxiliary_file_ids, t.start_at, t.end_at,
      (select count(*)::int from council.agenda_item x where x.meeting_id = t.meeting_id and x.public and x.deleted_at is null and (x.position, x.id) < (t.position, t.id)) as order_no,
      (select min(c.id) from council.consultation c where c.agenda_item_id = t.id and ${v.visibleConsultation('c')}) as consultation_id`,
    visible: v.visibleAgendaItem,
    tombstone: v.tombstoneAgendaItem,
  },
  paper: {
    table: 'paper',
    cols: `${base}, t.body_id, t.name, t.reference, t.date::text as date, t.paper_type, t.main_file_id, t.auxiliary_file_ids, t.related_paper_ids, t.superordinated_paper_ids, t.originator_person_ids, t.originator_organization_ids, t.under_direction_of_ids, t.location_ids`,
    visible: v.visiblePaper,
    tombstone: v.tombstonePaper,
  },
  consultation: {
    table: 'consultation',
    cols: `${base}, t.body_id, t.paper_id, t.agenda_item_id, t.meeting_id, t.organization_ids, t.role, t.authoritative`,
    visible: v.visibleConsultation,
    tombstone: v.tombstoneConsultation,
  },
  file: {
    table: 'file',
    cols: `${base}, t.body_id, t.name, t.file_name, t.mime_type, t.size, t.sha256, t.sha512, t.text, t.storage_id, t.source_url, t.date::text as date`,
    visible: v.visibleFile,
    tombstone: v.tombstoneFile,
  },
  location: {
    table: 'location',
    cols: `${base}, t.body_id, t.description, t.street_address, t.room, t.postal_code, t.locality, t.geojson`,
    visible: v.notDeleted,
    tombstone: v.tombstonePlain,
  },
};

export interface ListFilter {
  createdSince?: Date;
  createdUntil?: Date;
  modifiedSince?: Date;
  modifiedUntil?: Date;
}

/**
 * One page of a list in id order (keyset: ids greater than `after`). Tombstones are included only
 * when modifiedSince is given. Fetches limit+1 rows so the caller knows whether a next page exists.
 */
export async function listRows(
  db: pg.Pool,
  kind: OParlKind,
  scope: { bodyId?: string; organizationId?: number },
  filter: ListFilter,
  after: number | string,
  limit: number,
): Promise<Row[]> {
  const s = SPECS[kind];
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (x: unknown) => {
    params.push(x);
    return `$${params.length}`;
  };
  if (scope.bodyId !== undefined) where.push(`t.body_id = ${p(scope.bodyId)}`);
  if (scope.organizationId !== undefined)
    where.push(`${p([scope.organizationId])}::bigint[] <@ t.organization_ids`);
  where.push(filter.modifiedSince ? `(${s.visible('t')} or ${s.tombstone('t')})` : s.visible('t'));
  where.push(`t.id > ${p(after)}`);
  if (filter.createdSince) where.push(`t.created >= ${p(filter.createdSince)}`);
  if (filter.createdUntil) where.push(`t.created <= ${p(filter.createdUntil)}`);
  if (filter.modifiedSince) where.push(`t.modified >= ${p(filter.modifiedSince)}`);
  if (filter.modifiedUntil) where.push(`t.modified <= ${p(filter.modifiedUntil)}`);
  const sql = `select ${s.cols} from council.${s.table} t where ${where.join(' and ')} order by t.id limit ${p(limit + 1)}`;
  return (await db.query<Row>(sql, params)).rows;
}

/** One object, visible or a tombstone of a formerly public one; undefined when neither. */
export async function getRow(db: pg.Pool, kind: OParlKind, id: number | string): Promise<Row | undefined> {
  const s = SPECS[kind];
  const sql = `select ${s.cols} from council.${s.table} t where t.id = $1 and (${s.visible('t')} or ${s.tombstone('t')})`;
  return (await db.query<Row>(sql, [id])).rows[0];
}

/** Visible rows of one kind by id (for embedding); deleted ones are never embedded. */
export async function visibleRowsByIds(
  db: pg.Pool,
  kind: OParlKind,
  ids: readonly (number | string)[],
): Promise<Row[]> {
  if (!ids.length) return [];
  const s = SPECS[kind];
  const sql = `select ${s.cols} from council.${s.table} t where t.id = any($1) and ${s.visible('t')}`;
  return (await db.query<Row>(sql, [ids])).rows;
}

/** Visible rows whose column `col` is one of `ids` (agenda items of meetings, memberships of persons…). */
export async function visibleRowsBy(
  db: pg.Pool,
  kind: OParlKind,
  col: string,
  ids: readonly (number | string)[],
): Promise<Row[]> {
  if (!ids.length) return [];
  const s = SPECS[kind];
  const order = kind === 'agendaItem' ? 't.position, t.id' : 't.id';
  const sql = `select ${s.cols} from council.${s.table} t where t.${col} = any($1) and ${s.visible('t')} order by ${order}`;
  return (await db.query<Row>(sql, [ids])).rows;
}

/** Ids of visible papers among `ids`. */
export async function visiblePaperIds(db: pg.Pool, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const { rows } = await db.query<{ id: string | number }>(
    `select t.id from council.paper t where t.id = any($1) and ${v.visiblePaper('t')}`,
    [ids],
  );
  return new Set(rows.map((r) => Number(r.id)));
}

/** Visible papers that name one of `ids` as their superordinated paper. */
export async function subordinatedPapers(db: pg.Pool, ids: readonly number[]): Promise<Row[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<Row>(
    `select t.id, t.superordinated_paper_ids from council.paper t
     where t.superordinated_paper_ids <> '{}' and t.superordinated_paper_ids && $1::bigint[] and ${v.visiblePaper('t')}`,
    [ids],
  );
  return rows;
}

/** The expressions of the GIN indexes over every file a row refers to (migration 20261125000500). */
export const FILE_REFS = {
  meeting: `(array_remove(array[t.invitation_file_id, t.results_file_id, t.verbatim_file_id], null) || t.auxiliary_file_ids)`,
  agendaItem: `(array_remove(array[t.resolution_file_id], null) || t.auxiliary_file_ids)`,
  paper: `(array_remove(array[t.main_file_id], null) || t.auxiliary_file_ids)`,
} as const;

export interface FileReference {
  kind: keyof typeof FILE_REFS;
  id: number;
  file_id: number;
}

/**
 * The visible meetings, agenda items and papers that refer to one of the files (File
 * back-references). One index probe per file and table: with the whole list in one `&&` the
 * planner misjudged the share of matching rows and scanned the tables (~100 ms per page of 100).
 */
export async function fileReferences(db: pg.Pool, fileIds: readonly number[]): Promise<FileReference[]> {
  if (!fileIds.length) return [];
  const part = (kind: keyof typeof FILE_REFS) =>
    `select '${kind}' as kind, t.id, x.file_id from unnest($1::bigint[]) x(file_id) cross join lateral (
       select t.id from council.${SPECS[kind].table} t where ${FILE_REFS[kind]} @> array[x.file_id] and ${SPECS[kind].visible('t')}) t`;
  // The estimate per probe is far too high: above jit_above_cost compiling the plan takes longer
  // (~20 ms) than running it (< 1 ms), and on small tables the planner scans the table per probe.
  return inTransaction(db, async (c, rollback) => {
    await c.query('set local jit = off; set local enable_seqscan = off');
    const { rows } = await c.query<FileReference>(
      `select distinct kind, id, file_id from (${part('meeting')} union all ${part('agendaItem')} union all ${part('paper')}) x
       order by kind, id`,
      [fileIds],
    );
    return rollback(rows);
  });
}

/** Files stored before sha512 was kept get it on first read. */
export async function setFileSha512(db: pg.Pool, id: number, sha512: string): Promise<void> {
  await db.query('update council.file set sha512 = $2 where id = $1 and sha512 is null', [id, sha512]);
}

/** Ids of visible memberships per organization. */
export async function membershipIdsByOrganization(db: pg.Pool, ids: readonly number[]): Promise<Row[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<Row>(
    `select t.organization_id, t.id from council.membership t where t.organization_id = any($1) and t.deleted_at is null order by t.id`,
    [ids],
  );
  return rows;
}

export async function bodyIds(db: pg.Pool): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'select id from council.body where deleted_at is null order by id',
  );
  return rows.map((r) => r.id);
}

export async function systemTimes(db: pg.Pool): Promise<{ created: Date | null; modified: Date | null }> {
  const { rows } = await db.query(
    'select min(created) as created, max(modified) as modified from council.body where deleted_at is null',
  );
  return rows[0] as { created: Date | null; modified: Date | null };
}

export async function organizationExists(db: pg.Pool, id: number): Promise<boolean> {
  const { rowCount } = await db.query(
    'select 1 from council.organization where id = $1 and deleted_at is null',
    [id],
  );
  return !!rowCount;
}
