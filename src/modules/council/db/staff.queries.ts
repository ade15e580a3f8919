import type pg from 'pg';

type Q = Pick<pg.Pool, 'query'> | pg.PoolClient;
export type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function staffMeetings(q: Q, bodyId: string): Promise<Row[]> {
  return (
    await q.query<Row>(
      `select m.id, m.body_id, m.name, m.start_at, m.cancelled, m.published, m.version,
         (select string_agg(o.name, ', ') from council.organization o where o.id = any(m.organization_ids)) as organizations
       from council.meeting m where m.body_id = $1 and m.deleted_at is null order by m.start_at desc nulls last, m.id desc limit 500`,
      [bodyId],
    )
  ).rows;
}

export async function staffMeeting(q: Q, bodyId: string, id: number, lock = false): Promise<Row | undefined> {
  return (
    await q.query<Row>(
      `select m.* from council.meeting m where m.id = $1 and m.body_id = $2 and m.deleted_at is null${lock ? ' for update' : ''}`,
      [id, bodyId],
    )
  ).rows[0];
}

export async function staffAgenda(q: Q, meetingId: number): Promise<Row[]> {
  return (
    await q.query<Row>(
      `select a.id, a.position, a.number, a.name, a.public, a.result, a.resolution_text,
         (select c.paper_id from council.consultation c where c.agenda_item_id = a.id and c.deleted_at is null order by c.id limit 1) as paper_id
       from council.agenda_item a where a.meeting_id = $1 and a.deleted_at is null order by a.position, a.id`,
      [meetingId],
    )
  ).rows;
}

export async function organizationsOf(q: Q, bodyId: string): Promise<Row[]> {
  return (
    await q.query<Row>(
      `select id, name, organization_type from council.organization where body_id = $1 and deleted_at is null order by organization_type, name`,
      [bodyId],
    )
  ).rows;
}

export async function locationsOf(q: Q, bodyId: string): Promise<Row[]> {
  return (
    await q.query<Row>(
      `select id, description from council.location where body_id = $1 and deleted_at is null order by id`,
      [bodyId],
    )
  ).rows;
}

export async function staffPapers(q: Q, bodyId: string): Promise<Row[]> {
  return (
    await q.query<Row>(
      `select p.id, p.name, p.reference, p.date::text as date, p.paper_type, p.public, p.version from council.paper p
       where p.body_id = $1 and p.deleted_at is null order by p.date desc nulls last, p.id desc limit 500`,
      [bodyId],
    )
  ).rows;
}

export async function staffPaper(q: Q, bodyId: string, id: number, lock = false): Promise<Row | undefined> {
  return (
    await q.query<Row>(
      `select p.*, p.date::text as date_text from council.paper p where p.id = $1 and p.body_id = $2 and p.deleted_at is null${lock ? ' for update' : ''}`,
      [id, bodyId],
    )
  ).rows[0];
}

/** Bumps the meeting's version if it is still `version`; false = somebody else changed it. */
export async function bumpMeeting(
  q: Q,
  id: number,
  version: number,
  now: Date,
  by: string,
): Promise<boolean> {
  const { rowCount } = await q.query<Row>(
    `update council.meeting set version = version + 1, modified = $3, modified_by = $4 where id = $1 and version = $2`,
    [id, version, now, by],
  );
  return !!rowCount;
}

export async function bumpPaper(q: Q, id: number, version: number, now: Date, by: string): Promise<boolean> {
  const { rowCount } = await q.query<Row>(
    `update council.paper set version = version + 1, modified = $3, modified_by = $4 where id = $1 and version = $2`,
    [id, version, now, by],
  );
  return !!rowCount;
}

/** Renumbers a meeting's agenda 0..n-1 in the given order (ids of live items). */
export async function setAgendaOrder(q: Q, meetingId: number, ids: number[], now: Date): Promise<void> {
  await q.query(
    `update council.agenda_item a set position = o.pos - 1, number = o.pos::text, modified = $3
     from unnest($2::bigint[]) with ordinality as o(id, pos)
     where a.id = o.id and a.meeting_id = $1 and (a.position <> o.pos - 1 or a.number is distinct from o.pos::text)`,
    [meetingId, ids, now],
  );
}

export async function memberEmailsOfMeeting(
  q: Q,
  meetingId: number,
): Promise<{ email: string; name: string }[]> {
  return (
    await q.query<{ email: string; name: string }>(
      `select distinct on (e.email) e.email, p.name from council.meeting m
       join council.membership ms on ms.organization_id = any(m.organization_ids) and ms.deleted_at is null
       join council.person p on p.id = ms.person_id and p.deleted_at is null and p.contact_consent
       cross join lateral unnest(p.email) as e(email)
       where m.id = $1 order by e.email`,
      [meetingId],
    )
  ).rows;
}

export async function paperOptions(q: Q, bodyId: string): Promise<Row[]> {
  return (
    await q.query<Row>(
      `select id, name, reference, public from council.paper where body_id = $1 and deleted_at is null order by id desc limit 300`,
      [bodyId],
    )
  ).rows;
}
