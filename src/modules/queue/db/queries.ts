import type pg from 'pg';

/** A pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'>;

export interface LocationRow {
  id: string;
  slug: string;
  tenant_id: string;
  org_unit_id: string | null;
  name: string;
  day_contingent: number;
  missed_after_calls: number;
  green_minutes: number;
  yellow_minutes: number;
  updated_at: Date;
}

export interface GroupRow {
  id: string;
  location_id: string;
  key: string;
  name_de: string;
  name_en: string;
  prefix: string;
  range_start: number;
  range_end: number;
  for_appointments: boolean;
  default_minutes: number;
  position: number;
  active: boolean;
}

export interface CounterRow {
  id: string;
  location_id: string;
  key: string;
  label: string;
  position: number;
  occupied_by: string | null;
  occupied_since: Date | null;
  group_ids: string[] | null;
}

export type TicketStatus = 'waiting' | 'called' | 'parked' | 'missed' | 'done' | 'cancelled';

export interface TicketRow {
  id: string;
  location_id: string;
  service_date: string;
  group_id: string;
  number: number;
  code: string;
  source: 'kiosk' | 'checkin' | 'staff';
  appointment_id: string | null;
  appointment_starts_at: Date | null;
  priority: number;
  status: TicketStatus;
  lang: 'de' | 'en';
  created_at: Date;
  first_called_at: Date | null;
  called_at: Date | null;
  call_count: number;
  counter_id: string | null;
  called_by: string | null;
  finished_at: Date | null;
}

// service_date comes back as text so that no time zone shifts the day.
const TICKET_COLS = `t.id, t.location_id, t.service_date::text as service_date, t.group_id, t.number, t.code,
  t.source, t.appointment_id, t.appointment_starts_at, t.priority, t.status, t.lang, t.created_at,
  t.first_called_at, t.called_at, t.call_count, t.counter_id, t.called_by, t.finished_at`;

// ---- locations, groups, counters -------------------------------------------------------------

export async function listLocationRows(db: Queryable): Promise<LocationRow[]> {
  const { rows } = await db.query<LocationRow>('select * from queue.locations order by name, slug');
  return rows;
}

export async function locationBySlug(db: Queryable, slug: string): Promise<LocationRow | null> {
  const { rows } = await db.query<LocationRow>('select * from queue.locations where slug = $1', [slug]);
  return rows[0] ?? null;
}

export async function locationById(db: Queryable, id: string): Promise<LocationRow | null> {
  const { rows } = await db.query<LocationRow>('select * from queue.locations where id = $1', [id]);
  return rows[0] ?? null;
}

export async function groupsOf(db: Queryable, locationId: string): Promise<GroupRow[]> {
  const { rows } = await db.query<GroupRow>(
    'select * from queue.service_groups where location_id = $1 order by position, prefix',
    [locationId],
  );
  return rows;
}

export async function countersOf(db: Queryable, locationId: string): Promise<CounterRow[]> {
  const { rows } = await db.query<CounterRow>(
    'select * from queue.counters where location_id = $1 order by position, label',
    [locationId],
  );
  return rows;
}

export async function counterOfClerk(
  db: Queryable,
  locationId: string,
  accountId: string,
): Promise<CounterRow | null> {
  const { rows } = await db.query<CounterRow>(
    'select * from queue.counters where location_id = $1 and occupied_by = $2',
    [locationId, accountId],
  );
  return rows[0] ?? null;
}

// ---- tickets ---------------------------------------------------------------------------------

export async function ticketById(db: Queryable, id: string): Promise<TicketRow | null> {
  const { rows } = await db.query<TicketRow>(`select ${TICKET_COLS} from queue.tickets t where t.id = $1`, [
    id,
  ]);
  return rows[0] ?? null;
}

export async function ticketForAppointment(
  db: Queryable,
  locationId: string,
  appointmentId: string,
): Promise<TicketRow | null> {
  const { rows } = await db.query<TicketRow>(
    `select ${TICKET_COLS} from queue.tickets t where t.location_id = $1 and t.appointment_id = $2`,
    [locationId, appointmentId],
  );
  return rows[0] ?? null;
}

/** The ticket currently called to this counter, if any. */
export async function currentTicketAt(db: Queryable, counterId: string): Promise<TicketRow | null> {
  const { rows } = await db.query<TicketRow>(
    `select ${TICKET_COLS} from queue.tickets t where t.counter_id = $1 and t.status = 'called'
     order by t.called_at desc limit 1`,
    [counterId],
  );
  return rows[0] ?? null;
}

export async function ticketsOfDay(
  db: Queryable,
  locationId: string,
  serviceDate: string,
  statuses: TicketStatus[],
): Promise<TicketRow[]> {
  const { rows } = await db.query<TicketRow>(
    `select ${TICKET_COLS} from queue.tickets t
     where t.location_id = $1 and t.service_date = $2 and t.status = any($3)
     order by t.created_at, t.code`,
    [locationId, serviceDate, statuses],
  );
  return rows;
}

/** Current calls for the display: called tickets of the day, newest call first. */
export async function currentCalls(
  db: Queryable,
  locationId: string,
  serviceDate: string,
  limit: number,
): Promise<{ id: string; code: string; counter_label: string; called_at: Date; call_count: number }[]> {
  const { rows } = await db.query<{
    id: string;
    code: string;
    counter_label: string;
    called_at: Date;
    call_count: number;
  }>(
    `select t.id, t.code, c.label as counter_label, t.called_at, t.call_count
     from queue.tickets t join queue.counters c on c.id = t.counter_id
     where t.location_id = $1 and t.service_date = $2 and t.status = 'called'
     order by t.called_at desc, t.code limit $3`,
    [locationId, serviceDate, limit],
  );
  return rows;
}

/** Waiting tickets by group (for the estimate and the ticket page). */
export async function waitingByGroup(
  db: Queryable,
  locationId: string,
  serviceDate: string,
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ group_id: string; n: number }>(
    `select group_id, count(*)::int as n from queue.tickets
     where location_id = $1 and service_date = $2 and status = 'waiting' group by group_id`,
    [locationId, serviceDate],
  );
  return new Map(rows.map((r) => [r.group_id, r.n]));
}

/** Handling times (seconds) of tickets finished since `since`, per group. */
export async function recentHandlingSeconds(
  db: Queryable,
  locationId: string,
  since: Date,
  until: Date,
): Promise<Map<string, number[]>> {
  const { rows } = await db.query<{ group_id: string; s: number }>(
    `select group_id, extract(epoch from finished_at - called_at)::float8 as s from queue.tickets
     where location_id = $1 and status = 'done' and finished_at >= $2 and finished_at <= $3
       and called_at is not null`,
    [locationId, since, until],
  );
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const list = out.get(r.group_id) ?? [];
    list.push(Math.max(0, r.s));
    out.set(r.group_id, list);
  }
  return out;
}

/** Waiting tickets that will be called before this one, per group (for the ticket's estimate). */
export async function aheadOf(db: Queryable, t: TicketRow, dueBefore: Date): Promise<Map<string, number>> {
  const { rows } = await db.query<{ group_id: string; n: number }>(
    `select group_id, count(*)::int as n from queue.tickets
     where location_id = $1 and service_date = $2 and status = 'waiting' and id <> $3
       and (appointment_starts_at <= $5 or priority > $6 or (priority = $6 and created_at < $4))
     group by group_id`,
    [t.location_id, t.service_date, t.id, t.created_at, dueBefore, t.priority],
  );
  return new Map(rows.map((r) => [r.group_id, r.n]));
}
