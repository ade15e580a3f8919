import type { Kernel } from '../../../kernel/kernel.ts';
import { isoDateIn } from '../../../kernel/views/components.tsx';

/**
 * Housekeeping after a day ends (run by the hourly job): tickets of earlier days still waiting,
 * called or parked are cancelled, and counters taken on an earlier day are released, so that a
 * forgotten session neither inflates tomorrow's open counters nor blocks a counter.
 */
export async function closeEarlierDays(kernel: Kernel): Promise<{ tickets: number; counters: number }> {
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
  return { tickets: t.rowCount ?? 0, counters: c.rowCount ?? 0 };
}
