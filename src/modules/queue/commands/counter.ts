import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { isoDateIn } from '../../../kernel/views/components.tsx';
import { readQueueConfig } from '../config.ts';
import type { CounterRow, LocationRow, TicketRow } from '../db/queries.ts';
import { QueueChanged, TicketCalled } from '../events.ts';

const TICKET_RETURNING = `returning id, location_id, service_date::text as service_date, group_id, number, code,
  source, appointment_id, appointment_starts_at, priority, status, lang, created_at, first_called_at, called_at,
  call_count, counter_id, called_by, finished_at`;

export type CounterFailure =
  | 'noCounter'
  | 'unknownCounter'
  | 'occupied'
  | 'busy'
  | 'nobodyWaiting'
  | 'noCurrentTicket'
  | 'tooManyCalls'
  | 'notMissedYet'
  | 'notParked';

export type CounterResult<T> = { ok: true; value: T } | { ok: false; reason: CounterFailure };

/** The counter held by the clerk at the location, locked for the rest of the transaction. */
async function lockOwnCounter(
  client: pg.PoolClient,
  locationId: string,
  accountId: string,
): Promise<CounterRow | null> {
  const { rows } = await client.query<CounterRow>(
    'select * from queue.counters where location_id = $1 and occupied_by = $2 for update',
    [locationId, accountId],
  );
  return rows[0] ?? null;
}

async function currentAt(client: pg.PoolClient, counterId: string): Promise<TicketRow | null> {
  const { rows } = await client.query<TicketRow>(
    `select id, location_id, service_date::text as service_date, group_id, number, code, source,
       appointment_id, appointment_starts_at, priority, status, lang, created_at, first_called_at, called_at,
       call_count, counter_id, called_by, finished_at
     from queue.tickets where counter_id = $1 and status = 'called' order by called_at desc limit 1 for update`,
    [counterId],
  );
  return rows[0] ?? null;
}

async function publishCall(
  kernel: Kernel,
  client: pg.PoolClient,
  loc: LocationRow,
  counter: CounterRow,
  t: TicketRow,
): Promise<void> {
  await kernel.events.publish(
    client,
    TicketCalled.of(
      {
        locationId: loc.id,
        ticketId: t.id,
        code: t.code,
        counterLabel: counter.label,
        calledAt: t.called_at!.toISOString(),
        callCount: t.call_count,
      },
      loc.tenant_id,
    ),
  );
}

async function changed(kernel: Kernel, client: pg.PoolClient, loc: LocationRow, cleared?: string) {
  await kernel.events.publish(
    client,
    QueueChanged.of({ locationId: loc.id, ...(cleared ? { clearedTicketId: cleared } : {}) }, loc.tenant_id),
  );
}

/**
 * Audits a clerk's action on a ticket in the caller's transaction (calls, recalls, park, missed,
 * finish): who called whom to which counter stays traceable. No personal data: tickets have none.
 */
async function auditTicket(
  kernel: Kernel,
  client: pg.PoolClient,
  loc: LocationRow,
  accountId: string,
  action: 'called' | 'recalled' | 'finished' | 'parked' | 'missed',
  t: TicketRow,
  counter: CounterRow,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await kernel.audit.record(
    {
      actorId: accountId,
      action: `queue.ticket_${action}`,
      objectType: 'queue.ticket',
      objectId: t.id,
      tenantId: loc.tenant_id,
      after: { location: loc.slug, counter: counter.label, code: t.code, calls: t.call_count, ...extra },
    },
    client,
  );
}

/**
 * Finishes the customer called to the clerk's counter before (if any, and not `keep`), audited;
 * returns the ticket's id.
 */
async function finishPrevious(
  kernel: Kernel,
  client: pg.PoolClient,
  loc: LocationRow,
  accountId: string,
  counter: CounterRow,
  now: Date,
  keep: string | null = null,
): Promise<string | null> {
  const { rows } = await client.query<TicketRow>(
    `update queue.tickets set status = 'done', finished_at = $2
     where counter_id = $1 and status = 'called' and id is distinct from $3 ${TICKET_RETURNING}`,
    [counter.id, now, keep],
  );
  for (const t of rows) await auditTicket(kernel, client, loc, accountId, 'finished', t, counter);
  return rows[0]?.id ?? null;
}

/** Takes a counter (releasing another one the clerk held at this location) and the groups served there. */
export async function takeCounter(
  kernel: Kernel,
  loc: LocationRow,
  accountId: string,
  counterId: string,
  groupIds: string[] | null,
): Promise<CounterResult<CounterRow>> {
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const now = kernel.clock.now();
    const own = await lockOwnCounter(client, loc.id, accountId);
    if (own && own.id !== counterId) {
      if (await currentAt(client, own.id)) return rollback({ ok: false as const, reason: 'busy' as const });
      await client.query(
        'update queue.counters set occupied_by = null, occupied_since = null, group_ids = null where id = $1',
        [own.id],
      );
    }
    const { rows } = await client.query<CounterRow>(
      `update queue.counters set occupied_by = $3, occupied_since = coalesce(
         case when occupied_by = $3 then occupied_since end, $4), group_ids = $5
       where id = $1 and location_id = $2 and (occupied_by is null or occupied_by = $3) returning *`,
      [counterId, loc.id, accountId, now, groupIds && groupIds.length ? groupIds : null],
    );
    if (!rows.length) {
      const { rowCount } = await client.query(
        'select 1 from queue.counters where id = $1 and location_id = $2',
        [counterId, loc.id],
      );
      return rollback({
        ok: false as const,
        reason: rowCount ? ('occupied' as const) : ('unknownCounter' as const),
      });
    }
    await kernel.audit.record(
      {
        actorId: accountId,
        action: 'queue.counter_taken',
        objectType: 'queue.counter',
        objectId: counterId,
        tenantId: loc.tenant_id,
        after: { location: loc.slug, counter: rows[0]!.label },
      },
      client,
    );
    await changed(kernel, client, loc);
    return { ok: true as const, value: rows[0]! };
  });
}

/** Leaves the counter; refused while a customer is still called to it. */
export async function leaveCounter(
  kernel: Kernel,
  loc: LocationRow,
  accountId: string,
): Promise<CounterResult<null>> {
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const own = await lockOwnCounter(client, loc.id, accountId);
    if (!own) return rollback({ ok: false as const, reason: 'noCounter' as const });
    if (await currentAt(client, own.id)) return rollback({ ok: false as const, reason: 'busy' as const });
    await client.query(
      'update queue.counters set occupied_by = null, occupied_since = null, group_ids = null where id = $1',
      [own.id],
    );
    await kernel.audit.record(
      {
        actorId: accountId,
        action: 'queue.counter_left',
        objectType: 'queue.counter',
        objectId: own.id,
        tenantId: loc.tenant_id,
        after: { location: loc.slug, counter: own.label },
      },
      client,
    );
    await changed(kernel, client, loc);
    return { ok: true as const, value: null };
  });
}

/**
 * Calls the next customer to the clerk's counter, finishing the one called before. One UPDATE
 * picks and claims the ticket: the sub-select locks the first waiting row with FOR UPDATE SKIP
 * LOCKED, so two clerks calling at the same moment get two different customers and never the
 * same one. Order: appointment holders who are due (from QUEUE_APPOINTMENT_DUE_MINUTES before
 * their time) by appointment time, then everybody else by priority and arrival.
 */
export async function callNext(
  kernel: Kernel,
  loc: LocationRow,
  accountId: string,
): Promise<CounterResult<TicketRow>> {
  const cfg = readQueueConfig(kernel.fullConfig);
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const now = kernel.clock.now();
    const counter = await lockOwnCounter(client, loc.id, accountId);
    if (!counter) return rollback({ ok: false as const, reason: 'noCounter' as const });
    const finished = await finishPrevious(kernel, client, loc, accountId, counter, now);
    const dueBefore = new Date(now.getTime() + cfg.appointmentDueMinutes * 60_000);
    let ticket: TicketRow | undefined;
    // A row changed by a concurrent caller between our snapshot and our lock makes the sub-select
    // come back empty although others still wait; then simply try again.
    for (let attempt = 0; attempt < 5 && !ticket; attempt++) {
      const { rows } = await client.query<TicketRow>(
        `update queue.tickets set status = 'called', counter_id = $4, called_by = $5, called_at = $6,
           first_called_at = coalesce(first_called_at, $6), call_count = call_count + 1
         where id = (
           select id from queue.tickets
           where location_id = $1 and service_date = $2 and status = 'waiting'
             and ($3::uuid[] is null or group_id = any($3::uuid[]))
           order by case when appointment_starts_at <= $7 then 0 else 1 end,
                    case when appointment_starts_at <= $7 then appointment_starts_at end,
                    priority desc, created_at, code
           limit 1 for update skip locked
         ) and status = 'waiting'
         ${TICKET_RETURNING}`,
        [loc.id, isoDateIn(now), counter.group_ids, counter.id, accountId, now, dueBefore],
      );
      ticket = rows[0];
      if (!ticket) {
        const { rowCount } = await client.query(
          `select 1 from queue.tickets where location_id = $1 and service_date = $2 and status = 'waiting'
             and ($3::uuid[] is null or group_id = any($3::uuid[])) limit 1`,
          [loc.id, isoDateIn(now), counter.group_ids],
        );
        if (!rowCount) break;
      }
    }
    if (!ticket) {
      if (finished) await changed(kernel, client, loc, finished);
      return { ok: false as const, reason: 'nobodyWaiting' as const };
    }
    await auditTicket(kernel, client, loc, accountId, 'called', ticket, counter);
    await publishCall(kernel, client, loc, counter, ticket);
    await changed(kernel, client, loc, finished ?? undefined);
    return { ok: true as const, value: ticket };
  });
}

/** Calls the current customer again (up to the location's missed-after-n-calls limit). */
export async function recall(
  kernel: Kernel,
  loc: LocationRow,
  accountId: string,
): Promise<CounterResult<TicketRow>> {
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const now = kernel.clock.now();
    const counter = await lockOwnCounter(client, loc.id, accountId);
    if (!counter) return rollback({ ok: false as const, reason: 'noCounter' as const });
    const current = await currentAt(client, counter.id);
    if (!current) return rollback({ ok: false as const, reason: 'noCurrentTicket' as const });
    if (current.call_count >= loc.missed_after_calls)
      return rollback({ ok: false as const, reason: 'tooManyCalls' as const });
    const { rows } = await client.query<TicketRow>(
      `update queue.tickets set called_at = $2, call_count = call_count + 1 where id = $1 ${TICKET_RETURNING}`,
      [current.id, now],
    );
    await auditTicket(kernel, client, loc, accountId, 'recalled', rows[0]!, counter);
    await publishCall(kernel, client, loc, counter, rows[0]!);
    return { ok: true as const, value: rows[0]! };
  });
}

type EndAction = 'finish' | 'park' | 'missed';

/** Ends the current call: finished, parked (to be called again later) or missed (after n calls). */
export async function endCall(
  kernel: Kernel,
  loc: LocationRow,
  accountId: string,
  action: EndAction,
): Promise<CounterResult<TicketRow>> {
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const now = kernel.clock.now();
    const counter = await lockOwnCounter(client, loc.id, accountId);
    if (!counter) return rollback({ ok: false as const, reason: 'noCounter' as const });
    const current = await currentAt(client, counter.id);
    if (!current) return rollback({ ok: false as const, reason: 'noCurrentTicket' as const });
    if (action === 'missed' && current.call_count < loc.missed_after_calls)
      return rollback({ ok: false as const, reason: 'notMissedYet' as const });
    const sql = {
      finish: `update queue.tickets set status = 'done', finished_at = $2 where id = $1 ${TICKET_RETURNING}`,
      park: `update queue.tickets set status = 'parked' where id = $1 ${TICKET_RETURNING}`,
      missed: `update queue.tickets set status = 'missed', finished_at = $2 where id = $1 ${TICKET_RETURNING}`,
    }[action];
    const { rows } = await client.query<TicketRow>(sql, action === 'park' ? [current.id] : [current.id, now]);
    const audited = { finish: 'finished', park: 'parked', missed: 'missed' } as const;
    await auditTicket(kernel, client, loc, accountId, audited[action], rows[0]!, counter);
    await changed(kernel, client, loc, current.id);
    return { ok: true as const, value: rows[0]! };
  });
}

/** Calls a parked customer back to the clerk's counter (finishing the current one). */
export async function callParked(
  kernel: Kernel,
  loc: LocationRow,
  accountId: string,
  ticketId: string,
): Promise<CounterResult<TicketRow>> {
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const now = kernel.clock.now();
    const counter = await lockOwnCounter(client, loc.id, accountId);
    if (!counter) return rollback({ ok: false as const, reason: 'noCounter' as const });
    const { rows } = await client.query<TicketRow>(
      `update queue.tickets set status = 'called', counter_id = $3, called_by = $4, called_at = $5,
         call_count = call_count + 1
       where id = $1 and location_id = $2 and status = 'parked' ${TICKET_RETURNING}`,
      [ticketId, loc.id, counter.id, accountId, now],
    );
    if (!rows.length) return rollback({ ok: false as const, reason: 'notParked' as const });
    // Finish the previous customer only now: the parked one is ours.
    const prev = await finishPrevious(kernel, client, loc, accountId, counter, now, ticketId);
    await auditTicket(kernel, client, loc, accountId, 'called', rows[0]!, counter, { fromParked: true });
    await publishCall(kernel, client, loc, counter, rows[0]!);
    await changed(kernel, client, loc, prev ?? undefined);
    return { ok: true as const, value: rows[0]! };
  });
}
