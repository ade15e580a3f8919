import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { deskSlots, DESK, type Block, type Rule } from '../availability.ts';
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
  capacity_total: number;
}

/** Recomputes desk capacities of the ledger from now on; returns slots now overbooked. */
async function recomputeLedger(c: pg.PoolClient, location: LocationRecord, now: Date): Promise<Date[]> {
  // One client runs one query at a time.
  const rules = await selectRules(c, location.id);
  const closures = await selectClosures(c, location.id);
  const blocks = await selectBlocks(c, location.id);
  const { rows } = await c.query<LedgerRow>(
    `select resource, starts_at, used, capacity_total from appointments.slot_usage
      where location_id = $1 and resource = $2 and starts_at >= $3 order by starts_at for update`,
    [location.id, DESK, now],
  );
  const byDay = new Map<string, Map<number, { pub: number; total: number }>>();
  const over: Date[] = [];
  for (const r of rows) {
    const day = berlinDate(r.starts_at);
    let caps = byDay.get(day);
    if (!caps) {
      caps = new Map(
        deskSlots(location, rules, closures, blocks, day).map((s) => [
          s.startsAt.getTime(),
          { pub: s.capacityPublic, total: s.capacityTotal },
        ]),
      );
      byDay.set(day, caps);
    }
    const cap = caps.get(r.starts_at.getTime()) ?? { pub: 0, total: 0 };
    if (r.used > cap.total) over.push(r.starts_at);
    const total = Math.max(cap.total, r.used);
    await c.query(
      `update appointments.slot_usage set capacity_total = $4, capacity_public = $5
        where location_id = $1 and resource = $2 and starts_at = $3`,
      [location.id, r.resource, r.starts_at, total, Math.min(cap.pub, total)],
    );
  }
  return over;
}

/** Booked appointments covering any of the slots (desk), or inside [from, to) for any resource. */
async function affectedAppointments(
  c: pg.PoolClient,
  location: LocationRecord,
  slots: Date[],
  range?: { from: Date; to: Date },
): Promise<string[]> {
  const ids = new Set<string>();
  if (slots.length) {
    const { rows } = await c.query<{ id: string }>(
      `select a.id from appointments.appointments a
        where a.location_id = $1 and a.status = 'booked' and a.resource = 'desk'
          and exists (select 1 from unnest($2::timestamptz[]) s
                       where s >= a.starts_at and s < a.starts_at + make_interval(mins => a.slot_count * $3))`,
      [location.id, slots, location.slotMinutes],
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

async function notify(kernel: Kernel, location: LocationRecord, ids: string[]): Promise<void> {
  for (const id of ids) {
    const a = await selectAppointmentById(kernel.db.pool, id);
    if (a?.email)
      await sendAppointmentMail(
        kernel,
        'capacityChanged',
        location,
        a,
        manageToken(kernel.config.secretKey, a.manageNonce),
        null,
      );
  }
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
    await recomputeLedger(c, location, now);
    const ids = await affectedAppointments(c, location, [], {
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
  const affected = (await Promise.all(ids.map((id) => selectAppointmentById(kernel.db.pool, id)))).filter(
    (a): a is AppointmentRecord => !!a,
  );
  if (apply) {
    invalidateLocationDisplay(kernel, location.id);
    await notify(kernel, { ...location, workstationsPublic, workstationsInternal }, ids);
  }
  return { affected: affected.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()) };
}

/**
 * Opening rules and closures edited by staff. Each change runs like the others above: the change,
 * the desk ledger recomputed, the booked appointments that no longer fit (they get a mail), an
 * audit entry with before and after. `null` when the rule or closure is not the office's.
 */
async function ruleChange(
  kernel: Kernel,
  location: LocationRecord,
  actorId: string,
  action: string,
  change: (c: pg.PoolClient) => Promise<{ objectId: string; before?: unknown; after?: unknown } | null>,
  opts: { dryRun?: boolean } = {},
): Promise<{ affected: number } | null> {
  const now = kernel.clock.now();
  const ids = await inTransaction(kernel.db.pool, async (c, rollback) => {
    const done = await change(c);
    if (!done) return rollback(null);
    const over = await recomputeLedger(c, location, now);
    const ids = await affectedAppointments(c, location, over);
    // A preview (the warning before a deletion) changes nothing.
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
  if (opts.dryRun) return { affected: ids.length };
  invalidateLocationDisplay(kernel, location.id);
  await notify(kernel, location, ids);
  return { affected: ids.length };
}

export function saveRule(
  kernel: Kernel,
  location: LocationRecord,
  ruleId: string | null,
  rule: Rule,
  actorId: string,
): Promise<{ affected: number } | null> {
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
  );
}

/** Deletes a rule; with `dryRun` only counts the booked appointments that would no longer fit. */
export function removeRule(
  kernel: Kernel,
  location: LocationRecord,
  ruleId: string,
  actorId: string,
  opts: { dryRun?: boolean } = {},
): Promise<{ affected: number } | null> {
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
): Promise<{ affected: number } | null> {
  return ruleChange(kernel, location, actorId, 'appointments.closure_deleted', async (c) => {
    const before = await deleteClosure(c, location.id, closureId);
    return before ? { objectId: closureId, before } : null;
  });
}
