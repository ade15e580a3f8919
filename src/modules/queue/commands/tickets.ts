import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { isoDateIn } from '../../../kernel/views/components.tsx';
import { groupsOf, type GroupRow, type LocationRow, type TicketRow } from '../db/queries.ts';
import { QueueChanged } from '../events.ts';

export interface IssueInput {
  groupKey: string;
  source: 'kiosk' | 'staff';
  priority?: boolean;
  lang: 'de' | 'en';
}

export type IssueResult =
  | { ok: true; ticket: TicketRow; group: GroupRow }
  | { ok: false; reason: 'unknownGroup' | 'contingentReached' | 'rangeExhausted' };

/** Ticket code: prefix and the number with at least three digits ("A007", "Z1204"). */
export function ticketCode(prefix: string, number: number, rangeEnd: number): string {
  const width = Math.max(3, String(rangeEnd).length);
  return `${prefix}${String(number).padStart(width, '0')}`;
}

/**
 * Allocates the next number of the group for the day and inserts the ticket, in the caller's
 * transaction. Numbers come from an upserted counter row, so concurrent kiosks never draw the
 * same number; a number beyond the group's range rolls the transaction back ("rangeExhausted").
 */
export async function insertTicket(
  client: pg.PoolClient,
  kernel: Kernel,
  loc: LocationRow,
  group: GroupRow,
  t: {
    source: 'kiosk' | 'staff' | 'checkin';
    priority: boolean;
    lang: 'de' | 'en';
    appointmentId?: string;
    appointmentStartsAt?: Date;
  },
): Promise<TicketRow | null> {
  const now = kernel.clock.now();
  const day = isoDateIn(now);
  const { rows: n } = await client.query<{ issued: number }>(
    `insert into queue.number_counters (location_id, service_date, group_id, issued) values ($1, $2, $3, 1)
     on conflict (location_id, service_date, group_id) do update set issued = number_counters.issued + 1
     returning issued`,
    [loc.id, day, group.id],
  );
  const number = group.range_start + n[0]!.issued - 1;
  if (number > group.range_end) return null;
  const { rows } = await client.query<TicketRow>(
    `insert into queue.tickets (location_id, service_date, group_id, number, code, source, appointment_id,
       appointment_starts_at, priority, status, lang, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'waiting', $10, $11)
     returning id, location_id, service_date::text as service_date, group_id, number, code, source,
       appointment_id, appointment_starts_at, priority, status, lang, created_at, first_called_at,
       called_at, call_count, counter_id, called_by, finished_at`,
    [
      loc.id,
      day,
      group.id,
      number,
      ticketCode(group.prefix, number, group.range_end),
      t.source,
      t.appointmentId ?? null,
      t.appointmentStartsAt ?? null,
      t.priority ? 1 : 0,
      t.lang,
      now,
    ],
  );
  await kernel.events.publish(client, QueueChanged.of({ locationId: loc.id }, loc.tenant_id));
  return rows[0]!;
}

/**
 * A walk-in ticket from the kiosk (or issued by staff, possibly with priority). Counts against
 * the location's daily contingent; the count is an upsert guarded by the limit, so concurrent
 * kiosks cannot exceed it.
 */
export async function issueTicket(kernel: Kernel, loc: LocationRow, input: IssueInput): Promise<IssueResult> {
  const groups = await groupsOf(kernel.db.pool, loc.id);
  const group = groups.find((g) => g.key === input.groupKey && g.active && !g.for_appointments);
  if (!group) return { ok: false, reason: 'unknownGroup' };
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const day = isoDateIn(kernel.clock.now());
    const { rows } = await client.query<{ issued: number }>(
      `insert into queue.day_counts as d (location_id, service_date, issued)
       select $1, $2, 1 where $3::int > 0
       on conflict (location_id, service_date) do update set issued = d.issued + 1 where d.issued < $3
       returning issued`,
      [loc.id, day, loc.day_contingent],
    );
    if (!rows.length) return rollback({ ok: false as const, reason: 'contingentReached' as const });
    const ticket = await insertTicket(client, kernel, loc, group, {
      source: input.source,
      priority: !!input.priority,
      lang: input.lang,
    });
    if (!ticket) return rollback({ ok: false as const, reason: 'rangeExhausted' as const });
    return { ok: true as const, ticket, group };
  });
}
