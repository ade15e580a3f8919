import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { isoDateIn } from '../../../kernel/views/components.tsx';
import { findForCheckIn, markAppointmentArrived } from '../appointments-port.ts';
import { readQueueConfig } from '../config.ts';
import { groupsOf, ticketForAppointment, type LocationRow, type TicketRow } from '../db/queries.ts';
import { insertTicket } from './tickets.ts';

export type CheckInFailure = 'notFound' | 'cancelled' | 'otherDay' | 'tooEarly' | 'tooLate' | 'noGroup';

export type CheckInResult =
  { ok: true; ticket: TicketRow; existing: boolean } | { ok: false; reason: CheckInFailure; startsAt?: Date };

/** Booking codes are printed in groups; spaces, dashes and case do not matter. */
export function normaliseBookingCode(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

/**
 * Online check-in of an appointment holder (booking code typed or from the QR code): a ticket
 * flagged as appointment, then the appointment is marked as arrived. Checking in twice gives
 * the same ticket back.
 */
export async function checkIn(
  kernel: Kernel,
  loc: LocationRow,
  rawCode: string,
  lang: 'de' | 'en',
): Promise<CheckInResult> {
  const cfg = readQueueConfig(kernel.fullConfig);
  const code = normaliseBookingCode(rawCode);
  if (!/^[A-Z0-9]{4,32}$/.test(code)) return { ok: false, reason: 'notFound' };
  const appt = await findForCheckIn(kernel, loc.id, code);
  if (!appt || appt.locationId !== loc.id) return { ok: false, reason: 'notFound' };
  const existing = await ticketForAppointment(kernel.db.pool, loc.id, appt.id);
  if (existing) return { ok: true, ticket: existing, existing: true };
  if (appt.status === 'cancelled' || appt.status === 'no_show' || appt.status === 'done')
    return { ok: false, reason: 'cancelled', startsAt: appt.startsAt };
  const now = kernel.clock.now();
  if (isoDateIn(appt.startsAt) !== isoDateIn(now))
    return { ok: false, reason: 'otherDay', startsAt: appt.startsAt };
  if (now.getTime() < appt.startsAt.getTime() - cfg.checkInEarlyMinutes * 60_000)
    return { ok: false, reason: 'tooEarly', startsAt: appt.startsAt };
  if (now.getTime() > appt.startsAt.getTime() + cfg.checkInLateMinutes * 60_000)
    return { ok: false, reason: 'tooLate', startsAt: appt.startsAt };
  const groups = (await groupsOf(kernel.db.pool, loc.id)).filter((g) => g.active);
  const group = groups.find((g) => g.for_appointments) ?? groups[0];
  if (!group) return { ok: false, reason: 'noGroup' };
  const created = await inTransaction(kernel.db.pool, async (client, rollback) => {
    // Two check-ins of the same booking at once: the unique index lets one win.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`queue.checkin:${loc.id}:${appt.id}`]);
    const again = await ticketForAppointment(client, loc.id, appt.id);
    if (again) return { ticket: again, existing: true };
    const ticket = await insertTicket(client, kernel, loc, group, {
      source: 'checkin',
      priority: false,
      lang,
      appointmentId: appt.id,
      appointmentStartsAt: appt.startsAt,
    });
    if (!ticket) return rollback(null);
    return { ticket, existing: false };
  });
  if (!created) return { ok: false, reason: 'noGroup' };
  if (!created.existing) {
    try {
      await markAppointmentArrived(kernel, appt.id);
    } catch (err) {
      // The ticket stands (the customer is here); the appointment keeps "booked" until staff act.
      kernel.log.error({ err, appointmentId: appt.id }, 'queue: could not mark the appointment as arrived');
    }
  }
  return { ok: true, ...created };
}
