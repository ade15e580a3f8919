import type pg from 'pg';
import type { Block, Closure, LocationSetup, Rule, SlotCapacity, Usage } from '../availability.ts';
import { usageKey } from '../availability.ts';
import { formatTime } from '../time.ts';

/** All SQL of the module lives in db/. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface LocationRecord extends LocationSetup {
  id: string;
  slug: string;
  tenantId: string;
  orgUnitId: string | null;
  name: string;
  street: string | null;
  postalCode: string | null;
  city: string | null;
  maxSlotsPerAppointment: number;
  requiresConfirmation: boolean;
  email: string | null;
  phone: string | null;
  feedToken: string;
  active: boolean;
}

interface LocationRow {
  id: string;
  slug: string;
  tenant_id: string;
  org_unit_id: string | null;
  name: string;
  street: string | null;
  postal_code: string | null;
  city: string | null;
  slot_minutes: number;
  workstations_public: number;
  workstations_internal: number;
  buffer_slots: number;
  min_notice_minutes: number;
  max_days_ahead: number;
  max_slots_per_appointment: number;
  requires_confirmation: boolean;
  email: string | null;
  phone: string | null;
  feed_token: string;
  active: boolean;
}

function toLocation(r: LocationRow): LocationRecord {
  return {
    id: r.id,
    slug: r.slug,
    tenantId: r.tenant_id,
    orgUnitId: r.org_unit_id,
    name: r.name,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
    slotMinutes: r.slot_minutes,
    workstationsPublic: r.workstations_public,
    workstationsInternal: r.workstations_internal,
    bufferSlots: r.buffer_slots,
    minNoticeMinutes: r.min_notice_minutes,
    maxDaysAhead: r.max_days_ahead,
    maxSlotsPerAppointment: r.max_slots_per_appointment,
    requiresConfirmation: r.requires_confirmation,
    email: r.email,
    phone: r.phone,
    feedToken: r.feed_token,
    active: r.active,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

export async function selectLocations(
  db: Queryable,
  opts: { activeOnly?: boolean } = {},
): Promise<LocationRecord[]> {
  const { rows } = await db.query<LocationRow>(
    `select * from appointments.locations ${opts.activeOnly ? 'where active' : ''} order by name, slug`,
  );
  return rows.map(toLocation);
}

export async function selectLocationBySlug(db: Queryable, slug: string): Promise<LocationRecord | null> {
  const { rows } = await db.query<LocationRow>('select * from appointments.locations where slug = $1', [
    slug,
  ]);
  return rows[0] ? toLocation(rows[0]) : null;
}

export async function selectLocationById(db: Queryable, id: string): Promise<LocationRecord | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<LocationRow>('select * from appointments.locations where id = $1', [id]);
  return rows[0] ? toLocation(rows[0]) : null;
}

export interface ServiceRecord {
  id: string;
  key: string;
  tenantId: string;
  orgUnitId: string | null;
  name: string;
  nameEn: string | null;
  description: string | null;
  combineGroup: string | null;
  anonymous: boolean;
  askPhone: boolean;
  groupSession: boolean;
  sort: number;
}

interface ServiceRow {
  id: string;
  key: string;
  tenant_id: string;
  org_unit_id: string | null;
  name: string;
  name_en: string | null;
  description: string | null;
  combine_group: string | null;
  anonymous: boolean;
  ask_phone: boolean;
  group_session: boolean;
  sort: number;
}

function toService(r: ServiceRow): ServiceRecord {
  return {
    id: r.id,
    key: r.key,
    tenantId: r.tenant_id,
    orgUnitId: r.org_unit_id,
    name: r.name,
    nameEn: r.name_en,
    description: r.description,
    combineGroup: r.combine_group,
    anonymous: r.anonymous,
    askPhone: r.ask_phone,
    groupSession: r.group_session,
    sort: r.sort,
  };
}

export async function selectServices(db: Queryable): Promise<ServiceRecord[]> {
  const { rows } = await db.query<ServiceRow>('select * from appointments.services order by sort, name');
  return rows.map(toService);
}

export interface OfferRecord {
  locationId: string;
  serviceId: string;
  slots: number;
  maxQuantity: number;
}

export async function selectOffers(db: Queryable, locationId?: string): Promise<OfferRecord[]> {
  const { rows } = await db.query<{
    location_id: string;
    service_id: string;
    slots: number;
    max_quantity: number;
  }>(
    `select * from appointments.location_services ${locationId ? 'where location_id = $1' : ''}`,
    locationId ? [locationId] : [],
  );
  return rows.map((r) => ({
    locationId: r.location_id,
    serviceId: r.service_id,
    slots: r.slots,
    maxQuantity: r.max_quantity,
  }));
}

interface RuleRow {
  id: string;
  kind: Rule['kind'];
  weekdays: number[];
  interval_weeks: number;
  nth_week: number | null;
  start_time: string;
  end_time: string;
  valid_from: string;
  valid_until: string | null;
  service_id: string | null;
  seats: number | null;
}

const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export interface RuleRecord extends Rule {
  id: string;
}

function toRule(r: RuleRow): RuleRecord {
  return {
    id: r.id,
    kind: r.kind,
    weekdays: r.weekdays,
    intervalWeeks: r.interval_weeks,
    nthWeek: r.nth_week,
    start: toMinutes(r.start_time),
    end: toMinutes(r.end_time),
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    serviceId: r.service_id,
    seats: r.seats,
  };
}

export async function selectRules(db: Queryable, locationId: string): Promise<RuleRecord[]> {
  const { rows } = await db.query<RuleRow>(
    `select id, kind, weekdays, interval_weeks, nth_week, start_time::text, end_time::text,
            valid_from::text, valid_until::text, service_id, seats
       from appointments.rules where location_id = $1 order by valid_from, start_time`,
    [locationId],
  );
  return rows.map(toRule);
}

export async function insertRule(db: Queryable, locationId: string, r: Rule): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into appointments.rules
       (location_id, kind, weekdays, interval_weeks, nth_week, start_time, end_time, valid_from, valid_until, service_id, seats)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
    [
      locationId,
      r.kind,
      r.weekdays,
      r.intervalWeeks,
      r.nthWeek,
      formatTime(r.start),
      formatTime(r.end),
      r.validFrom,
      r.validUntil,
      r.serviceId,
      r.seats,
    ],
  );
  return rows[0]!.id;
}

export async function selectRule(db: Queryable, locationId: string, id: string): Promise<RuleRecord | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<RuleRow>(
    `select id, kind, weekdays, interval_weeks, nth_week, start_time::text, end_time::text,
            valid_from::text, valid_until::text, service_id, seats
       from appointments.rules where location_id = $1 and id = $2 for update`,
    [locationId, id],
  );
  return rows[0] ? toRule(rows[0]) : null;
}

export async function updateRule(db: Queryable, locationId: string, id: string, r: Rule): Promise<void> {
  await db.query(
    `update appointments.rules
        set kind = $3, weekdays = $4, interval_weeks = $5, nth_week = $6, start_time = $7, end_time = $8,
            valid_from = $9, valid_until = $10, service_id = $11, seats = $12
      where location_id = $1 and id = $2`,
    [
      locationId,
      id,
      r.kind,
      r.weekdays,
      r.intervalWeeks,
      r.nthWeek,
      formatTime(r.start),
      formatTime(r.end),
      r.validFrom,
      r.validUntil,
      r.serviceId,
      r.seats,
    ],
  );
}

export async function deleteRule(db: Queryable, locationId: string, id: string): Promise<void> {
  await db.query('delete from appointments.rules where location_id = $1 and id = $2', [locationId, id]);
}

/** Deletes a closure of the office; returns it, or null when there is none with that id. */
export async function deleteClosure(
  db: Queryable,
  locationId: string,
  id: string,
): Promise<ClosureRecord | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<{ id: string; date_from: string; date_to: string; reason: string | null }>(
    `delete from appointments.closures where location_id = $1 and id = $2
     returning id, date_from::text, date_to::text, reason`,
    [locationId, id],
  );
  const r = rows[0];
  return r ? { id: r.id, from: r.date_from, to: r.date_to, reason: r.reason } : null;
}

export interface ClosureRecord extends Closure {
  id: string;
  reason: string | null;
}

export async function selectClosures(
  db: Queryable,
  locationId: string,
  fromDate?: string,
): Promise<ClosureRecord[]> {
  const { rows } = await db.query<{ id: string; date_from: string; date_to: string; reason: string | null }>(
    `select id, date_from::text, date_to::text, reason from appointments.closures
      where location_id = $1 and ($2::date is null or date_to >= $2::date) order by date_from`,
    [locationId, fromDate ?? null],
  );
  return rows.map((r) => ({ id: r.id, from: r.date_from, to: r.date_to, reason: r.reason }));
}

export async function insertClosure(
  db: Queryable,
  locationId: string,
  from: string,
  to: string,
  reason: string | null,
  now: Date,
) {
  await db.query(
    `insert into appointments.closures (location_id, date_from, date_to, reason, created_at) values ($1, $2, $3, $4, $5)`,
    [locationId, from, to, reason, now],
  );
}

export interface BlockRecord extends Block {
  id: string;
  reason: string | null;
}

export async function selectBlocks(db: Queryable, locationId: string, from?: Date): Promise<BlockRecord[]> {
  const { rows } = await db.query<{
    id: string;
    starts_at: Date;
    ends_at: Date;
    workstations: number | null;
    reason: string | null;
  }>(
    `select id, starts_at, ends_at, workstations, reason from appointments.blocks
      where location_id = $1 and ($2::timestamptz is null or ends_at > $2) order by starts_at`,
    [locationId, from ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    workstations: r.workstations,
    reason: r.reason,
  }));
}

export async function insertBlock(
  db: Queryable,
  locationId: string,
  b: Block,
  reason: string | null,
  now: Date,
) {
  await db.query(
    `insert into appointments.blocks (location_id, starts_at, ends_at, workstations, reason, created_at) values ($1, $2, $3, $4, $5, $6)`,
    [locationId, b.startsAt, b.endsAt, b.workstations, reason, now],
  );
}

/** Ledger usage of a location in [from, to). */
export async function selectUsage(db: Queryable, locationId: string, from: Date, to: Date): Promise<Usage> {
  const { rows } = await db.query<{ resource: string; starts_at: Date; used: number }>(
    `select resource, starts_at, used from appointments.slot_usage
      where location_id = $1 and starts_at >= $2 and starts_at < $3 and used > 0`,
    [locationId, from, to],
  );
  const usage: Usage = new Map();
  for (const r of rows) usage.set(usageKey(r.resource, r.starts_at), r.used);
  return usage;
}

/**
 * Takes `units` of capacity in every ledger slot, in ascending order (one lock order for all
 * writers). Returns false when any slot has no room left; the caller must roll back.
 */
export async function takeCapacity(
  client: pg.PoolClient,
  locationId: string,
  resource: string,
  slots: SlotCapacity[],
  units: number,
  audience: 'public' | 'staff',
): Promise<boolean> {
  const ordered = [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  await client.query(
    `insert into appointments.slot_usage (location_id, resource, starts_at, capacity_public, capacity_total, used)
     select $1, $2, s, p, t, 0 from unnest($3::timestamptz[], $4::int[], $5::int[]) as u(s, p, t) order by s
     on conflict do nothing`,
    [
      locationId,
      resource,
      ordered.map((s) => s.startsAt),
      ordered.map((s) => s.capacityPublic),
      ordered.map((s) => s.capacityTotal),
    ],
  );
  const limit = audience === 'staff' ? 'capacity_total' : 'capacity_public';
  for (const s of ordered) {
    const res = await client.query(
      `update appointments.slot_usage set used = used + $4
        where location_id = $1 and resource = $2 and starts_at = $3 and used + $4 <= ${limit}`,
      [locationId, resource, s.startsAt, units],
    );
    if (res.rowCount !== 1) return false;
  }
  return true;
}

/** Gives capacity back to the ledger (ascending lock order). */
export async function giveBackCapacity(
  client: pg.PoolClient,
  locationId: string,
  entries: { resource: string; startsAt: Date; units: number }[],
): Promise<void> {
  const sums = new Map<string, { resource: string; startsAt: Date; units: number }>();
  for (const e of entries) {
    const k = `${e.resource}|${e.startsAt.getTime()}`;
    const hit = sums.get(k);
    if (hit) hit.units += e.units;
    else sums.set(k, { ...e });
  }
  const ordered = [...sums.values()].sort(
    (a, b) => a.resource.localeCompare(b.resource) || a.startsAt.getTime() - b.startsAt.getTime(),
  );
  for (const e of ordered)
    await client.query(
      // Capacity kept above plan for an overbooked slot (see `overbooked`) shrinks with it.
      `update appointments.slot_usage
          set used = greatest(0, used - $4),
              capacity_total = capacity_total - (overbooked - greatest(0, overbooked - $4)),
              capacity_public = least(capacity_public, capacity_total - (overbooked - greatest(0, overbooked - $4))),
              overbooked = greatest(0, overbooked - $4)
        where location_id = $1 and resource = $2 and starts_at = $3`,
      [locationId, e.resource, e.startsAt, e.units],
    );
}

/**
 * Releases capacity that is due: expired holds and unconfirmed bookings, cancelled appointments
 * after the release delay. Returns the released ledger entries (already given back).
 */
export async function releaseDue(
  client: pg.PoolClient,
  locationId: string,
  now: Date,
  slotMinutes: number,
): Promise<number> {
  const { rows } = await client.query<{
    resource: string;
    starts_at: Date;
    slot_count: number;
    units: number;
  }>(
    `update appointments.appointments
        set holds_capacity = false,
            status = case when status in ('held', 'unconfirmed') then 'expired' else status end
      where location_id = $1 and holds_capacity
        and ((status in ('held', 'unconfirmed') and hold_expires_at <= $2)
          or (status = 'cancelled' and release_at <= $2))
      returning resource, starts_at, slot_count, units`,
    [locationId, now],
  );
  if (!rows.length) return 0;
  await giveBackCapacity(client, locationId, ledgerEntries(rows, slotMinutes));
  return rows.length;
}

export function ledgerEntries(
  rows: { resource: string; starts_at: Date; slot_count: number; units: number }[],
  slotMinutes: number,
) {
  const out: { resource: string; startsAt: Date; units: number }[] = [];
  for (const r of rows)
    for (let k = 0; k < r.slot_count; k++)
      out.push({
        resource: r.resource,
        startsAt: new Date(r.starts_at.getTime() + k * slotMinutes * 60_000),
        units: r.units,
      });
  return out;
}

export interface LocationBundle {
  location: LocationRecord;
  offers: OfferRecord[];
  rules: RuleRecord[];
  closures: ClosureRecord[];
  blocks: BlockRecord[];
  /** Some hold or cancellation is due to give its capacity back. */
  releaseDue: boolean;
}

/**
 * Everything the availability engine needs about one office, in one round trip (the calendar
 * is the hottest read of the module).
 */
export async function selectLocationBundle(
  db: Queryable,
  locationId: string,
  fromDate: string,
  now: Date,
): Promise<LocationBundle | null> {
  if (!isUuid(locationId)) return null;
  const { rows } = await db.query<{
    location: LocationRow;
    offers: { location_id: string; service_id: string; slots: number; max_quantity: number }[];
    rules: RuleRow[];
    closures: { id: string; date_from: string; date_to: string; reason: string | null }[];
    blocks: {
      id: string;
      starts_at: string;
      ends_at: string;
      workstations: number | null;
      reason: string | null;
    }[];
    release_due: boolean;
  }>(
    `select row_to_json(l.*) as location,
       coalesce((select json_agg(json_build_object('location_id', o.location_id, 'service_id', o.service_id,
                   'slots', o.slots, 'max_quantity', o.max_quantity))
                   from appointments.location_services o where o.location_id = l.id), '[]') as offers,
       coalesce((select json_agg(json_build_object('id', r.id, 'kind', r.kind, 'weekdays', r.weekdays,
                   'interval_weeks', r.interval_weeks, 'nth_week', r.nth_week, 'start_time', r.start_time::text,
                   'end_time', r.end_time::text, 'valid_from', r.valid_from::text, 'valid_until', r.valid_until::text,
                   'service_id', r.service_id, 'seats', r.seats) order by r.valid_from, r.start_time)
                   from appointments.rules r where r.location_id = l.id), '[]') as rules,
       coalesce((select json_agg(json_build_object('id', c.id, 'date_from', c.date_from::text, 'date_to', c.date_to::text,
                   'reason', c.reason) order by c.date_from)
                   from appointments.closures c where c.location_id = l.id and c.date_to >= $2::date), '[]') as closures,
       coalesce((select json_agg(json_build_object('id', b.id, 'starts_at', b.starts_at, 'ends_at', b.ends_at,
                   'workstations', b.workstations, 'reason', b.reason) order by b.starts_at)
                   from appointments.blocks b where b.location_id = l.id and b.ends_at > $3), '[]') as blocks,
       exists (select 1 from appointments.appointments a
                where a.location_id = l.id and a.holds_capacity
                  and ((a.status in ('held', 'unconfirmed') and a.hold_expires_at <= $3)
                    or (a.status = 'cancelled' and a.release_at <= $3))) as release_due
     from appointments.locations l where l.id = $1`,
    [locationId, fromDate, now],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    location: toLocation(r.location),
    offers: r.offers.map((o) => ({
      locationId: o.location_id,
      serviceId: o.service_id,
      slots: o.slots,
      maxQuantity: o.max_quantity,
    })),
    rules: r.rules.map(toRule),
    closures: r.closures.map((c) => ({ id: c.id, from: c.date_from, to: c.date_to, reason: c.reason })),
    blocks: r.blocks.map((b) => ({
      id: b.id,
      startsAt: new Date(b.starts_at),
      endsAt: new Date(b.ends_at),
      workstations: b.workstations,
      reason: b.reason,
    })),
    releaseDue: r.release_due,
  };
}

/** Ledger usage in [from, to) and whether some capacity is due for release, in one round trip. */
export async function selectUsageAndDue(
  db: Queryable,
  locationId: string,
  from: Date,
  to: Date,
  now: Date,
): Promise<{ usage: Usage; releaseDue: boolean }> {
  const { rows } = await db.query<{ release_due: boolean; usage: { r: string; s: string; u: number }[] }>(
    `select exists (select 1 from appointments.appointments a
                     where a.location_id = $1 and a.holds_capacity
                       and ((a.status in ('held', 'unconfirmed') and a.hold_expires_at <= $4)
                         or (a.status = 'cancelled' and a.release_at <= $4))) as release_due,
            coalesce((select json_agg(json_build_object('r', resource, 's', starts_at, 'u', used))
                        from appointments.slot_usage
                       where location_id = $1 and starts_at >= $2 and starts_at < $3 and used > 0), '[]') as usage`,
    [locationId, from, to, now],
  );
  const usage: Usage = new Map();
  for (const x of rows[0]!.usage) usage.set(usageKey(x.r, new Date(x.s)), x.u);
  return { usage, releaseDue: rows[0]!.release_due };
}
