import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { FileRow } from '../views/parts.tsx';
import {
  visibleAgendaItem,
  visibleConsultation,
  visibleFile,
  visibleMeeting,
  visiblePaper,
} from './visibility.ts';

/**
 * Public reads for the portal, search, sitemap, feeds and open data. Staff see drafts and
 * non-public content through `access` = 'internal' (council office and members of the body's tenant).
 */
export type Access = 'public' | 'internal';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const meetingCond = (a: string, access: Access) =>
  access === 'public' ? visibleMeeting(a) : `${a}.deleted_at is null`;
const paperCond = (a: string, access: Access) =>
  access === 'public' ? visiblePaper(a) : `${a}.deleted_at is null`;
const itemCond = (a: string, access: Access) =>
  access === 'public' ? visibleAgendaItem(a) : `${a}.deleted_at is null`;
const fileCond = (a: string, access: Access) =>
  access === 'public' ? visibleFile(a) : `${a}.deleted_at is null`;

export async function listBodies(db: pg.Pool): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select b.id, b.name, b.short_name, b.classification,
        (select count(*)::int from council.meeting m where m.body_id = b.id and ${visibleMeeting('m')}) as meetings
       from council.body b where b.deleted_at is null order by b.classification desc, b.name`,
    )
  ).rows;
}

/** Bodies by name, without counts (for filters). */
export async function bodyNames(db: pg.Pool): Promise<Row[]> {
  return (
    await db.query<Row>(
      'select id, name from council.body where deleted_at is null order by classification desc, name',
    )
  ).rows;
}

export async function getBody(db: pg.Pool, id: string): Promise<Row | undefined> {
  return (await db.query<Row>('select * from council.body where id = $1 and deleted_at is null', [id]))
    .rows[0];
}

export async function upcomingMeetings(
  db: pg.Pool,
  bodyId: string | null,
  from: Date,
  limit: number,
): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select m.id, m.body_id, m.name, m.start_at, m.end_at, m.cancelled, m.meeting_state, m.published,
         (select string_agg(o.name, ', ') from council.organization o where o.id = any(m.organization_ids)) as organizations
       from council.meeting m where ${visibleMeeting('m')} and m.start_at >= $1 and ($2::text is null or m.body_id = $2)
       order by m.start_at, m.id limit $3`,
      [from, bodyId, limit],
    )
  ).rows;
}

export async function meetingsBetween(
  db: pg.Pool,
  bodyId: string,
  from: Date,
  to: Date,
  access: Access,
  organizationId?: number,
): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select m.id, m.body_id, m.name, m.start_at, m.end_at, m.cancelled, m.meeting_state, m.published, m.location_id,
         (select string_agg(o.name, ', ') from council.organization o where o.id = any(m.organization_ids)) as organizations,
         (select concat_ws(', ', l.description, l.street_address, l.postal_code || ' ' || l.locality) from council.location l where l.id = m.location_id) as location
       from council.meeting m where m.body_id = $1 and ${meetingCond('m', access)} and m.start_at >= $2 and m.start_at < $3
         and ($4::bigint is null or $4 = any(m.organization_ids))
       order by m.start_at, m.id limit 2000`,
      [bodyId, from, to, organizationId ?? null],
    )
  ).rows;
}

export async function getMeeting(
  db: pg.Pool,
  bodyId: string,
  id: number,
  access: Access,
): Promise<Row | undefined> {
  return (
    await db.query<Row>(
      `select m.*, (select row_to_json(l) from council.location l where l.id = m.location_id) as location
       from council.meeting m where m.id = $1 and m.body_id = $2 and ${meetingCond('m', access)}`,
      [id, bodyId],
    )
  ).rows[0];
}

export async function agendaOf(db: pg.Pool, meetingId: number, access: Access): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select a.id, a.position, a.number, a.name, a.public, a.result, a.resolution_text,
         (select json_agg(json_build_object('id', p.id, 'name', p.name, 'reference', p.reference, 'public', p.public))
            from council.consultation c join council.paper p on p.id = c.paper_id
            where c.agenda_item_id = a.id and c.deleted_at is null and ${paperCond('p', access)}) as papers
       from council.agenda_item a where a.meeting_id = $1 and ${itemCond('a', access)} order by a.position, a.id`,
      [meetingId],
    )
  ).rows;
}

export async function filesByIds(
  db: pg.Pool,
  ids: number[],
  access: Access,
): Promise<(FileRow & { file_name: string })[]> {
  if (!ids.length) return [];
  return (
    await db.query<FileRow & { file_name: string }>(
      `select f.id, f.name, f.file_name, f.mime_type, f.size, f.public, f.storage_id, f.source_url from council.file f
       where f.id = any($1) and ${fileCond('f', access)} order by f.id`,
      [ids],
    )
  ).rows;
}

export async function getFile(
  db: pg.Pool,
  bodyId: string,
  id: number,
  access: Access,
): Promise<Row | undefined> {
  return (
    await db.query<Row>(
      `select * from council.file f where f.id = $1 and f.body_id = $2 and ${fileCond('f', access)}`,
      [id, bodyId],
    )
  ).rows[0];
}

export async function getPaper(
  db: pg.Pool,
  bodyId: string,
  id: number,
  access: Access,
): Promise<Row | undefined> {
  return (
    await db.query<Row>(
      `select p.*, p.date::text as date_text,
        (select json_agg(json_build_object('id', o.id, 'name', o.name)) from council.organization o where o.id = any(p.originator_organization_ids)) as originator_orgs,
        (select json_agg(json_build_object('id', x.id, 'name', x.name)) from council.person x where x.id = any(p.originator_person_ids) and x.deleted_at is null) as originator_persons
       from council.paper p where p.id = $1 and p.body_id = $2 and ${paperCond('p', access)}`,
      [id, bodyId],
    )
  ).rows[0];
}

/** The consultation history ("Beratungsfolge") of a paper in meeting order. */
export async function consultationsOf(db: pg.Pool, paperId: number, access: Access): Promise<Row[]> {
  const cond = access === 'public' ? visibleConsultation('c') : 'c.deleted_at is null';
  return (
    await db.query<Row>(
      `select c.id, c.role, c.authoritative, m.id as meeting_id, m.name as meeting_name, m.start_at, m.cancelled,
         a.number as item_number, a.result,
         (select string_agg(o.name, ', ') from council.organization o where o.id = any(c.organization_ids)) as organizations
       from council.consultation c
       left join council.meeting m on m.id = c.meeting_id
       left join council.agenda_item a on a.id = c.agenda_item_id
       where c.paper_id = $1 and ${cond}
       order by m.start_at nulls last, c.id`,
      [paperId],
    )
  ).rows;
}

export async function getOrganization(db: pg.Pool, bodyId: string, id: number): Promise<Row | undefined> {
  return (
    await db.query<Row>(
      `select o.*, o.start_date::text as start_text from council.organization o where o.id = $1 and o.body_id = $2 and o.deleted_at is null`,
      [id, bodyId],
    )
  ).rows[0];
}

export async function listOrganizations(db: pg.Pool, bodyId: string): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select o.id, o.name, o.organization_type, o.classification,
         (select count(*)::int from council.membership ms where ms.organization_id = o.id and ms.deleted_at is null) as members
       from council.organization o where o.body_id = $1 and o.deleted_at is null order by o.organization_type, o.name`,
      [bodyId],
    )
  ).rows;
}

export async function membersOf(db: pg.Pool, organizationId: number): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select ms.id, ms.role, ms.voting_right, ms.start_date::text as start_date, ms.end_date::text as end_date,
         p.id as person_id, p.name as person_name, g.name as group_name
       from council.membership ms join council.person p on p.id = ms.person_id and p.deleted_at is null
       left join council.organization g on g.id = ms.on_behalf_of
       where ms.organization_id = $1 and ms.deleted_at is null order by p.family_name, p.name`,
      [organizationId],
    )
  ).rows;
}

export async function getPerson(db: pg.Pool, bodyId: string, id: number): Promise<Row | undefined> {
  return (
    await db.query<Row>(
      `select * from council.person p where p.id = $1 and p.body_id = $2 and p.deleted_at is null`,
      [id, bodyId],
    )
  ).rows[0];
}

export async function listPersons(db: pg.Pool, bodyId: string): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select p.id, p.name from council.person p where p.body_id = $1 and p.deleted_at is null order by p.family_name, p.name limit 1000`,
      [bodyId],
    )
  ).rows;
}

export async function membershipsOf(db: pg.Pool, personId: number): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select ms.id, ms.role, ms.voting_right, ms.start_date::text as start_date, ms.end_date::text as end_date,
         o.id as organization_id, o.name as organization_name
       from council.membership ms join council.organization o on o.id = ms.organization_id and o.deleted_at is null
       where ms.person_id = $1 and ms.deleted_at is null order by o.organization_type, o.name`,
      [personId],
    )
  ).rows;
}

/** Public meetings of the organizations a person belongs to (the person's calendar). */
export async function meetingsOfPerson(db: pg.Pool, personId: number, from: Date, to: Date): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select m.id, m.body_id, m.name, m.start_at, m.end_at, m.cancelled, m.modified, m.created,
         (select concat_ws(', ', l.description, l.street_address, l.postal_code || ' ' || l.locality) from council.location l where l.id = m.location_id) as location
       from council.meeting m
       where ${visibleMeeting('m')} and m.start_at >= $2 and m.start_at < $3 and m.organization_ids && (
         select coalesce(array_agg(ms.organization_id), '{}') from council.membership ms where ms.person_id = $1 and ms.deleted_at is null)
       order by m.start_at, m.id limit 2000`,
      [personId, from, to],
    )
  ).rows;
}

export async function meetingsOfOrganization(
  db: pg.Pool,
  organizationId: number,
  from: Date,
  to: Date,
): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select m.id, m.body_id, m.name, m.start_at, m.end_at, m.cancelled, m.modified, m.created,
         (select concat_ws(', ', l.description, l.street_address, l.postal_code || ' ' || l.locality) from council.location l where l.id = m.location_id) as location
       from council.meeting m
       where ${visibleMeeting('m')} and m.start_at >= $2 and m.start_at < $3 and $1 = any(m.organization_ids)
       order by m.start_at, m.id limit 2000`,
      [organizationId, from, to],
    )
  ).rows;
}

export interface PaperSearch {
  q?: string;
  bodyId?: string;
  paperType?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface SearchRow {
  id: number;
  body_id: string;
  name: string;
  reference: string | null;
  date: string | null;
  paper_type: string | null;
}

/** Counting stops here: "more than 1,000 results" is all a reader needs, and it stays fast. */
export const SEARCH_COUNT_CAP = 1000;

/** Deeper pages of a frequent term read the whole matching set (walking the dates would take longer). */
const DATE_WALK_MAX_ROWS = 200;

/**
 * Full-text search over public papers and the text of their files (German stemming), newest
 * first, in at most two steps:
 * 1. at most SEARCH_COUNT_CAP + 1 matches (through the GIN index on `search` when there is a term);
 *    if there are not more than the cap, that bounded set is complete: it is sorted and paged, and
 *    its size is the total. Rare terms end here.
 * 2. more matches than the cap ("mehr als 1.000 Treffer"): the term is frequent, so walking the
 *    partial index on (date desc, id desc) and testing each paper finds a page after a few hundred
 *    rows, instead of reading every match to sort them. The subquery with `offset 0` keeps the
 *    term test out of the index walk's planning.
 */
export async function searchPapers(
  db: pg.Pool,
  s: PaperSearch,
): Promise<{ rows: SearchRow[]; total: number; capped: boolean }> {
  const params: unknown[] = [];
  const p = (x: unknown) => {
    params.push(x);
    return `$${params.length}`;
  };
  const where = [visiblePaper('p')];
  if (s.bodyId) where.push(`p.body_id = ${p(s.bodyId)}`);
  if (s.paperType) where.push(`p.paper_type = ${p(s.paperType)}`);
  if (s.from) where.push(`p.date >= ${p(s.from)}::date`);
  if (s.to) where.push(`p.date <= ${p(s.to)}::date`);
  const filters = where.join(' and ');
  const match = s.q ? `p.search @@ websearch_to_tsquery('german', ${p(s.q)})` : 'true';
  const cols = 'p.id, p.body_id, p.name, p.reference, p.date, p.paper_type';
  const out = 'p.id, p.body_id, p.name, p.reference, p.date::text as date, p.paper_type';
  const bounded = `select ${cols} from council.paper p where ${match} and ${filters} limit ${SEARCH_COUNT_CAP + 1}`;
  // limit and offset come last, so the count above can run with the parameters before them
  const limit = `limit $${params.length + 1} offset $${params.length + 2}`;
  const page = `order by p.date desc nulls last, p.id desc ${limit}`;
  const pageParams = [...params, s.limit, s.offset];

  // Step 1 reads the matches through the GIN index: with `limit` the planner would otherwise scan
  // the table in physical order and test every paper until it has enough (slow for rare terms).
  const { first, n } = await inTransaction(db, async (c, rollback) => {
    if (s.q) await c.query('set local enable_seqscan = off; set local enable_indexscan = off');
    const res = await c.query<SearchRow & { n: number }>(
      `with m as materialized (${bounded}) select ${out}, (count(*) over ())::int as n from m p ${page}`,
      pageParams,
    );
    let total = res.rows[0]?.n;
    if (total === undefined && s.offset > 0) {
      // past the last page: the total still tells the pager how many pages there are
      total = (await c.query<{ n: number }>(`select count(*)::int as n from (${bounded}) m`, params)).rows[0]!
        .n;
    }
    return rollback({ first: res, n: total ?? 0 });
  });
  if (n <= SEARCH_COUNT_CAP) return { rows: first.rows.map(({ n: _, ...r }) => r), total: n, capped: false };

  const sql = !s.q
    ? `select ${out} from council.paper p where ${filters} ${page}`
    : s.offset + s.limit <= DATE_WALK_MAX_ROWS
      ? `select ${out} from (select ${cols}, p.search from council.paper p where ${filters}
           order by p.date desc nulls last, p.id desc offset 0) p where ${match} ${limit}`
      : `select ${out} from (with m as materialized (select ${cols} from council.paper p where ${match} and ${filters}) select * from m) p ${page}`;
  const rows = (await db.query<SearchRow>(sql, pageParams)).rows;
  return { rows, total: SEARCH_COUNT_CAP, capped: true };
}

export async function paperTypes(db: pg.Pool): Promise<string[]> {
  return (
    await db.query<{ t: string }>(
      `select distinct paper_type as t from council.paper p where ${visiblePaper('p')} and paper_type is not null order by 1`,
    )
  ).rows.map((r) => r.t);
}

/** Everything public for search indexing, sitemaps and open data. */
export async function allPublicPapers(db: pg.Pool): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select p.id, p.body_id, p.name, p.reference, p.date::text as date, p.paper_type, p.search_text, p.modified, p.created,
         b.tenant_id from council.paper p join council.body b on b.id = p.body_id where ${visiblePaper('p')} order by p.id`,
    )
  ).rows;
}

export async function allPublicMeetings(db: pg.Pool): Promise<Row[]> {
  return (
    await db.query<Row>(
      `select m.id, m.body_id, m.name, m.start_at, m.end_at, m.cancelled, m.meeting_state, m.modified, m.created, b.tenant_id,
         (select string_agg(o.name, ', ') from council.organization o where o.id = any(m.organization_ids)) as organizations,
         (select string_agg(a.name, ' ') from council.agenda_item a where a.meeting_id = m.id and ${visibleAgendaItem('a')}) as agenda
       from council.meeting m join council.body b on b.id = m.body_id where ${visibleMeeting('m')} order by m.id`,
    )
  ).rows;
}

export async function publicPaperForIndex(db: pg.Pool, id: number): Promise<Row | undefined> {
  return (
    await db.query<Row>(
      `select p.id, p.body_id, p.name, p.reference, p.paper_type, p.search_text, p.modified, b.tenant_id
       from council.paper p join council.body b on b.id = p.body_id where p.id = $1 and ${visiblePaper('p')}`,
      [id],
    )
  ).rows[0];
}

export async function publicMeetingForIndex(db: pg.Pool, id: number): Promise<Row | undefined> {
  return (
    await db.query<Row>(
      `select m.id, m.body_id, m.name, m.start_at, m.modified, b.tenant_id,
         (select string_agg(a.name, ' ') from council.agenda_item a where a.meeting_id = m.id and ${visibleAgendaItem('a')}) as agenda
       from council.meeting m join council.body b on b.id = m.body_id where m.id = $1 and ${visibleMeeting('m')}`,
      [id],
    )
  ).rows[0];
}

export async function lastPublicChange(db: pg.Pool, table: 'meeting' | 'paper'): Promise<Date | null> {
  const cond = table === 'meeting' ? visibleMeeting('t') : visiblePaper('t');
  return (
    (await db.query<{ m: Date | null }>(`select max(t.modified) as m from council.${table} t where ${cond}`))
      .rows[0]?.m ?? null
  );
}
