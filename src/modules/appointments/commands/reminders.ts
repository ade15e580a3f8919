import type { Kernel } from '../../../kernel/kernel.ts';
import { readAppointmentsConfig } from '../config.ts';
import { selectDueReminders } from '../db/appointments.queries.ts';
import { selectLocations } from '../db/queries.ts';
import { manageToken } from '../tokens.ts';
import { releaseDueCapacity } from './booking.ts';
import { sendAppointmentMail } from './mails.ts';

/**
 * Sends the reminder mail for booked appointments starting within the reminder lead time.
 * Idempotent: each appointment is claimed (reminder_sent_at) before its mail is queued.
 */
export async function sendDueReminders(kernel: Kernel): Promise<number> {
  const cfg = readAppointmentsConfig(kernel.fullConfig);
  const now = kernel.clock.now();
  const due = await selectDueReminders(
    kernel.db.pool,
    now,
    new Date(now.getTime() + cfg.reminderHours * 3_600_000),
  );
  if (!due.length) return 0;
  const locations = new Map((await selectLocations(kernel.db.pool)).map((l) => [l.id, l]));
  let sent = 0;
  for (const a of due) {
    const claimed = await kernel.db.pool.query(
      `update appointments.appointments set reminder_sent_at = $2
        where id = $1 and reminder_sent_at is null and status = 'booked'`,
      [a.id, now],
    );
    if (claimed.rowCount !== 1) continue;
    await sendAppointmentMail(
      kernel,
      'reminder',
      locations.get(a.locationId)!,
      a,
      manageToken(kernel.config.secretKey, a.manageNonce),
      null,
    );
    sent++;
  }
  return sent;
}

/** Frees the capacity of expired holds and of cancellations past the release delay, everywhere. */
export async function releaseAllDue(kernel: Kernel): Promise<number> {
  let n = 0;
  for (const l of await selectLocations(kernel.db.pool)) n += await releaseDueCapacity(kernel, l);
  return n;
}
