import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  deskSlots,
  DESK,
  groupResource,
  groupSessions,
  usageKey,
  type Block,
  type Rule,
} from '../availability.ts';
import { selectAppointmentById, type AppointmentRecord } from '../db/appointments.queries.ts';
import {
  deleteClosure,
  deleteRule,
  insertBlock,
  insertClosure,
  insertRule,
  selectRule,
  updateRule,
  selectBlocks,
  selectClosures,
  selectLocationById,
  selectRules,
  type LocationRecord,
} from '../db/queries.ts';
import { berlinDate, berlinInstant, addDays } from '../time.ts';
import { manageToken } from '../tokens.ts';
import { invalidateLocationDisplay } from './booking.ts';
import { sendAppointmentMail } from './mails.ts';

/**
 * Staff changes that take capacity away (blocks, closures, fewer workstations). Each runs in one
 * transaction: the change, the ledger capacities recomputed (never below what is already
 * booked, so the CHECK holds), and the list of booked appointments that no longer fit; those
 * people get a mail asking them to reschedule (after the commit).
 */

interface LedgerRow {
  resource: string;
  starts_at: Date;
  used: number;
}

/** A group session whose booked seats no longer fit (fewer seats, or the session is gone). */
interface OverbookedSession {
  resource: string;
  startsAt: Date;
  seats: number;
}

/**
 * Recomputes the ledger capacities from now on after a change (desks and group sessions); never
 * below what is already used, so the CHECK holds. Returns the overbooked desk slots and group
 * sessions.
 */
async function recomputeLedger(
  c: pg.PoolClient,
  location: LocationRecord,
  now: Date,
): Promise<{ desk: Date[]; groups: OverbookedSession[] }> {
  // One client runs one query at a time.
  const rules = await selectRules(c, location.id);
  const closures = await selectClosures(c, location.id);
  const blocks = await selectBlocks(c, location.id);
  const { rows } = await c.query<LedgerRow>(
    `select resource, starts_at, used from appointments.slot_usage
      where location_id = $1 and starts_at >= $2 order by resource, starts_at for update`,
    [location.id, now],
  );
  const desks = new Map<string, Map<number, { pub: number; total: number }>>();
  const sessions = new Map<string, Map<string, number>>();
  const desk: Date[] = [];
  const groups: OverbookedSession[] = [];
  const updates = {
    resource: [] as string[],
    startsAt: [] as Date[],
    total: [] as number[],
    pub: [] as number[],
    over: [] as number[],
  };
  for (const r of rows) {
    const day = berlinDate(r.starts_at);
    let cap: { pub: number; total: number };
    if (r.resource === DESK) {
      let caps = desks.get(day);
      if (!caps) {
        caps = new Map(
          deskSlots(location, rules, closures, blocks, day).map((s) => [
            s.startsAt.getTime(),
            { pub: s.capacityPublic, total: s.capacityTotal },
          ]),
        );
        desks.set(day, caps);
      }
      cap = caps.get(r.starts_at.getTime()) ?? { pub: 0, total: 0 };
      if (r.used > cap.total) desk.push(r.starts_at);
    } else {
      let seats = sessions.get(day);
      if (!seats) {
        seats = new Map(
          groupSessions(rules, closures, blocks, day).map((s) => [
            usageKey(groupResource(s.serviceId), s.startsAt),
            s.seats,
          ]),
        );
        sessions.set(day, seats);
      }
      const n = seats.get(usageKey(r.resource, r.starts_at)) ?? 0;
      cap = { pub: n, total: n };
      if (r.used > n) groups.push({ resource: r.resource, startsAt: r.starts_at, seats: n });
    }
    // Never below what is used; the excess is remembered and shrinks as units are given back.
    const over = Math.max(0, r.used - cap.total);
    updates.resource.push(r.resource);
    updates.startsAt.push(r.starts_at);
    updates.total.push(cap.total + over);
    updates.pub.push(cap.pub);
    updates.over.push(over);
  }
  if (rows.length)
    await c.query(
      `update appointments.slot_usage u
          set capacity_total = v.total, capacity_public = v.pub, overbooked = v.over
         from unnest($2::text[], $3::timestamptz[], $4::int[], $5::int[], $6::int[])
              as v(resource, starts_at, total, pub, over)
        where u.location_id = $1 and u.resource = v.resource and u.starts_at = v.starts_at`,
      [location.id, updates.resource, updates.startsAt, updates.total, updates.pub, updates.over],
    );
  return { desk, groups };
}

/**
 * Booked appointments that no longer fit: those covering an overbooked desk slot; in an
 * overbooked group session those booked last, beyond the seats (the first bookings keep their
 * seat); with a range, every appointment inside [from, to) of any resource.
 */
async function affectedAppointments(
  c: pg.PoolClient,
  location: LocationRecord,
  over: { desk: Date[]; groups: OverbookedSession[] },
  range?: { from: Date; to: Date },
): Promise<string[]> {
  const ids = new Set<string>();
  if (over.desk.length) {
    const { rows } = await c.query<{ id: string }>(
      `select a.id from appointments.appointments a
        where a.location_id = $1 and a.status = 'booked' and a.resource = 'desk'
          and exists (select 1 from unnest($2::timestamptz[]) s
                       where s >= a.starts_at and s < a.starts_at + make_interval(mins => a.slot_count * $3))`,
      [location.id, over.desk, location.slotMinutes],
    );
    for (const r of rows) ids.add(r.id);
  }
  if (over.groups.length) {
    const { rows } = await c.query<{ id: string }>(
      `select x.id from (
         select a.id, o.seats,
                sum(a.units) over (partition by a.resource, a.starts_at order by a.created_at, a.id) as seated
           from appointments.appointments a
           join unnest($2::text[], $3::timestamptz[], $4::int[]) as o(resource, starts_at, seats)
             on o.resource = a.resource and o.starts_at = a.starts_at
          where a.location_id = $1 and a.status = 'booked') x
        where x.seated > x.seats`,
      [
        location.id,
        over.groups.map((g) => g.resource),
        over.groups.map((g) => g.startsAt),
        over.groups.map((g) => g.seats),
      ],
    );
    for (const r of rows) ids.add(r.id);
  }
  if (range) {
    const { rows } = await c.query<{ id: string }>(
      `select id from appointments.appointments
        where location_id = $1 and status = 'booked' and starts_at < $3 and ends_at > $2`,
      [location.id, range.from, range.to],
    );
    for (const r of rows) ids.add(r.id);
  }
  return [...ids];
}

/** The appointments of `ids`, by start time. */
async function appointmentsOf(kernel: Kernel, ids: string[]): Promise<AppointmentRecord[]> {
  const found = await Promise.all(ids.map((id) => selectAppointmentById(kernel.db.pool, id)));
  return found
    .filter((a): a is AppointmentRecord => !!a)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/** Asks the people of `ids` by mail to reschedule (after the commit). */
async function notify(kernel: Kernel, location: LocationRecord, ids: string[]): Promise<AppointmentRecord[]> {
  const affected = await appointmentsOf(kernel, ids);
  for (const a of affected)
    if (a.email)
      await sendAppointmentMail(
        kernel,
        'capacityChanged',
        location,
        a,
        manageToken(kernel.config.secretKey, a.manageNonce),
        null,
      );
  return affected;
}

export async function blockTimes(
  kernel: Kernel,
  location: LocationRecord,
  block: Block,
  reason: string | null,
  actorId: string,
): Promise<{ affected: number }> {
  const now = kernel.clock.now();
  const ids = await inTransaction(kernel.db.pool, async (c) => {
    await insertBlock(c, location.id, block, reason, now);
    const over = await recomputeLedger(c, location, now);
    const ids = await affectedAppointments(
      c,
      location,
      over,
      block.workstations === null ? { from: block.startsAt, to: block.endsAt } : undefined,
    );
    await kernel.audit.record(
      {
        actorId,
        action: 'appointments.blocked',
        objectType: 'location',
        objectId: location.id,
        tenantId: location.tenantId,
        after: { ...block, reason, affected: ids.length },
      },
      c,
    );
    return ids;
  });
  invalidateLocationDisplay(kernel, location.id);
  await notify(kernel, location, ids);
  return { affected: ids.length };
}

export async function closeDays(
  kernel: Kernel,
  location: LocationRecord,
  from: string,
  to: string,
  reason: string | null,
  actorId: string,
): Promise<{ affected: number }> {
  const now = kernel.clock.now();
  const ids = await inTransaction(kernel.db.pool, async (c) => {
    await insertClosure(c, location.id, from, to, reason, now);
    const over = await recomputeLedger(c, location, now);
    const ids = await affectedAppointments(c, location, over, {
      from: berlinInstant(from, 0),
      to: berlinInstant(addDays(to, 1), 0),
    });
    await kernel.audit.record(
      {
        actorId,
        action: 'appointments.closed',
        objectType: 'location',
        objectId: location.id,
        tenantId: location.tenantId,
        after: { from, to, reason, affected: ids.length },
      },
      c,
    );
    return ids;
  });
  invalidateLocationDisplay(kernel, location.id);
  await notify(kernel, location, ids);
  return { affected: ids.length };
}

/**
 * Changes the number of workstations. With `apply: false` nothing changes: the result lists the
 * appointments that would no longer fit (the warning). With `apply: true` they get a mail.
 */
export async function changeCapacity(
  kernel: Kernel,
  location: LocationRecord,
  workstationsPublic: number,
  workstationsInternal: number,
  apply: boolean,
  actorId: string,
): Promise<{ affected: AppointmentRecord[] }> {
  const now = kernel.clock.now();
  const ids = await inTransaction(kernel.db.pool, async (c, rollback) => {
    await c.query(
      'update appointments.locations set workstations_public = $2, workstations_internal = $3 where id = $1',
      [location.id, workstationsPublic, workstationsInternal],
    );
    const updated = (await selectLocationById(c, location.id))!;
    const over = await recomputeLedger(c, updated, now);
    const ids = await affectedAppointments(c, updated, over);
    if (!apply) return rollback(ids);
    await kernel.audit.record(
      {
        actorId,
        action: 'appointments.capacity_changed',
        objectType: 'location',
        objectId: location.id,
        tenantId: location.tenantId,
        before: {
          workstationsPublic: location.workstationsPublic,
          workstationsInternal: location.workstationsInternal,
        },
        after: { workstationsPublic, workstationsInternal, affected: ids.length },
      },
      c,
    );
    return ids;
  });
  if (!apply) return { affected: await appointmentsOf(kernel, ids) };
  invalidateLocationDisplay(kernel, location.id);
  return { affected: await notify(kernel, { ...location, workstationsPublic, workstationsInternal }, ids) };
}

/**
 * Opening rules and closures edited by staff. Each change runs like the others above: the change,
 * the ledger recomputed (desks and group sessions), the booked appointments that no longer fit
 * (they get a mail), an audit entry with before and after. With `dryRun` nothing changes and the
 * result is the warning: who would be affected. `null` when the rule or closure is not the office's.
 */
async function ruleChange(
  kernel: Kernel,
  location: LocationRecord,
  actorId: string,
  action: string,
  change: (c: pg.PoolClient) => Promise<{ objectId: string; before?: unknown; after?: unknown } | null>,
  opts: { dryRun?: boolean } = {},
): Promise<{ affected: AppointmentRecord[] } | null> {
  const now = kernel.clock.now();
  const ids = await inTransaction(kernel.db.pool, async (c, rollback) => {
    const done = await change(c);
    if (!done) return rollback(null);
    const over = await recomputeLedger(c, location, now);
    const ids = await affectedAppointments(c, location, over);
    // A preview (the warning before a change or deletion) changes nothing.
    if (opts.dryRun) return rollback(ids);
    await kernel.audit.record(
      {
        actorId,
        action,
        objectType: action.startsWith('appointments.closure') ? 'appointments.closure' : 'appointments.rule',
        objectId: done.objectId,
        tenantId: location.tenantId,
        before: done.before,
        after: { ...(done.after ?? {}), location: location.slug, affected: ids.length },
      },
      c,
    );
    return ids;
  });
  if (!ids) return null;
  if (opts.dryRun) return { affected: await appointmentsOf(kernel, ids) };
  invalidateLocationDisplay(kernel, location.id);
  return { affected: await notify(kernel, location, ids) };
}

/** Creates or changes a rule; with `dryRun` only lists the booked appointments that would no longer fit. */
export function saveRule(
  kernel: Kernel,
  location: LocationRecord,
  ruleId: string | null,
  rule: Rule,
  actorId: string,
  opts: { dryRun?: boolean } = {},
): Promise<{ affected: AppointmentRecord[] } | null> {
  return ruleChange(
    kernel,
    location,
    actorId,
    ruleId ? 'appointments.rule_updated' : 'appointments.rule_created',
    async (c) => {
      if (!ruleId) return { objectId: await insertRule(c, location.id, rule), after: rule };
      const before = await selectRule(c, location.id, ruleId);
      if (!before) return null;
      await updateRule(c, location.id, ruleId, rule);
      return { objectId: ruleId, before, after: rule };
    },
    opts,
  );
}

/** Deletes a rule; with `dryRun` only lists the booked appointments that would no longer fit. */
export function removeRule(
  kernel: Kernel,
  location: LocationRecord,
  ruleId: string,
  actorId: string,
  opts: { dryRun?: boolean } = {},
): Promise<{ affected: AppointmentRecord[] } | null> {
  return ruleChange(
    kernel,
    location,
    actorId,
    'appointments.rule_deleted',
    async (c) => {
      const before = await selectRule(c, location.id, ruleId);
      if (!before) return null;
      await deleteRule(c, location.id, ruleId);
      return { objectId: ruleId, before };
    },
    opts,
  );
}

export function removeClosure(
  kernel: Kernel,
  location: LocationRecord,
  closureId: string,
  actorId: string,
): Promise<{ affected: AppointmentRecord[] } | null> {
  return ruleChange(kernel, location, actorId, 'appointments.closure_deleted', async (c) => {
    const before = await deleteClosure(c, location.id, closureId);
    return before ? { objectId: closureId, before } : null;
  });
}
