import type { Kernel } from '../../../kernel/kernel.ts';
import { isoDateIn } from '../../../kernel/views/components.tsx';
import { readQueueConfig } from '../config.ts';

/**
 * Housekeeping after a day ends (run by the hourly job): tickets of earlier days still waiting,
 * called or parked are cancelled, and counters taken on an earlier day are released, so that a
 * forgotten session neither inflates tomorrow's open counters nor blocks a counter. Tickets older
 * than QUEUE_LINK_RETENTION_DAYS lose their appointment and clerk ids (data minimisation).
 */
export async function closeEarlierDays(
  kernel: Kernel,
): Promise<{ tickets: number; counters: number; unlinked: number }> {
  const today = isoDateIn(kernel.clock.now());
  const t = await kernel.db.pool.query(
    `update queue.tickets set status = 'cancelled'
     where service_date < $1 and status in ('waiting', 'called', 'parked')`,
    [today],
  );
  const c = await kernel.db.pool.query(
    `update queue.counters set occupied_by = null, occupied_since = null, group_ids = null
     where occupied_by is not null and (occupied_since at time zone 'Europe/Berlin')::date < $1::date`,
    [today],
  );
  const days = readQueueConfig(kernel.fullConfig).linkRetentionDays;
  const u = await kernel.db.pool.query(
    `update queue.tickets set appointment_id = null, called_by = null
     where service_date < $1::date - $2::int and (appointment_id is not null or called_by is not null)`,
    [today, days],
  );
  return { tickets: t.rowCount ?? 0, counters: c.rowCount ?? 0, unlinked: u.rowCount ?? 0 };
}
