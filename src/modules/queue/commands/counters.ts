import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { CounterRow, LocationRow } from '../db/queries.ts';
import { counterKey } from './configure.ts';

/** Staff editing of a location's counters and rooms (besides the configuration file). */

export type CounterEditFailure = 'labelInvalid' | 'duplicate' | 'notFound' | 'occupied';
export type CounterEditResult = { ok: true; counter: CounterRow } | { ok: false; reason: CounterEditFailure };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** "  Schalter 3 " → "Schalter 3"; null when it is empty, too long or has no letter or digit. */
export function cleanCounterLabel(raw: string): string | null {
  const label = raw.replace(/\s+/g, ' ').trim();
  if (!label || label.length > 60 || /[\u0000-\u001f\u007f<>]/.test(label)) return null;
  return counterKey(label) ? label : null;
}

async function audit(
  kernel: Kernel,
  client: Parameters<Kernel['audit']['record']>[1],
  loc: LocationRow,
  actorId: string,
  action: 'created' | 'renamed' | 'deleted',
  counterId: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await kernel.audit.record(
    {
      actorId,
      action: `queue.counter_${action}`,
      objectType: 'queue.counter',
      objectId: counterId,
      tenantId: loc.tenant_id,
      before,
      after: after === null ? null : { location: loc.slug, ...(after as object) },
    },
    client,
  );
}

export async function addCounter(
  kernel: Kernel,
  loc: LocationRow,
  rawLabel: string,
  actorId: string,
): Promise<CounterEditResult> {
  const label = cleanCounterLabel(rawLabel);
  if (!label) return { ok: false, reason: 'labelInvalid' };
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const { rows } = await client.query<CounterRow>(
      `insert into queue.counters (location_id, key, label, position)
       select $1, $2, $3, coalesce(max(position) + 1, 0) from queue.counters where location_id = $1
       on conflict (location_id, key) do nothing returning *`,
      [loc.id, counterKey(label), label],
    );
    const counter = rows[0];
    if (!counter) return rollback({ ok: false as const, reason: 'duplicate' as const });
    await audit(kernel, client, loc, actorId, 'created', counter.id, null, { label });
    return { ok: true as const, counter };
  });
}

/** Renames a counter; its key (what the configuration file matches) stays. */
export async function renameCounter(
  kernel: Kernel,
  loc: LocationRow,
  counterId: string,
  rawLabel: string,
  actorId: string,
): Promise<CounterEditResult> {
  if (!UUID.test(counterId)) return { ok: false, reason: 'notFound' };
  const label = cleanCounterLabel(rawLabel);
  if (!label) return { ok: false, reason: 'labelInvalid' };
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    // One rename at a time per location, so two cannot both take the same new name.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`queue.counters:${loc.id}`]);
    const { rows: before } = await client.query<CounterRow>(
      'select * from queue.counters where id = $1 and location_id = $2 for update',
      [counterId, loc.id],
    );
    if (!before[0]) return rollback({ ok: false as const, reason: 'notFound' as const });
    const { rowCount } = await client.query(
      `select 1 from queue.counters where location_id = $1 and id <> $2
          and (lower(label) = lower($3) or key = $4)`,
      [loc.id, counterId, label, counterKey(label)],
    );
    if (rowCount) return rollback({ ok: false as const, reason: 'duplicate' as const });
    const { rows } = await client.query<CounterRow>(
      'update queue.counters set label = $3 where id = $1 and location_id = $2 returning *',
      [counterId, loc.id, label],
    );
    await audit(kernel, client, loc, actorId, 'renamed', counterId, { label: before[0].label }, { label });
    return { ok: true as const, counter: rows[0]! };
  });
}

/** Deletes a free counter; past tickets keep their times (their counter becomes unknown). */
export async function deleteCounter(
  kernel: Kernel,
  loc: LocationRow,
  counterId: string,
  actorId: string,
): Promise<CounterEditResult> {
  if (!UUID.test(counterId)) return { ok: false, reason: 'notFound' };
  return inTransaction(kernel.db.pool, async (client, rollback) => {
    const { rows } = await client.query<CounterRow>(
      `delete from queue.counters where id = $1 and location_id = $2 and occupied_by is null returning *`,
      [counterId, loc.id],
    );
    const counter = rows[0];
    if (!counter) {
      const { rowCount } = await client.query(
        'select 1 from queue.counters where id = $1 and location_id = $2',
        [counterId, loc.id],
      );
      return rollback({
        ok: false as const,
        reason: rowCount ? ('occupied' as const) : ('notFound' as const),
      });
    }
    await audit(kernel, client, loc, actorId, 'deleted', counter.id, { label: counter.label }, null);
    return { ok: true as const, counter };
  });
}
