import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  refreshSearchWords,
  selectResponsibilities,
  selectServiceBySlug,
  updateService,
  type ServiceEdit,
} from '../db/services.queries.ts';
import { indexService } from '../setup.ts';

export type EditResult = { ok: true } | { ok: false; reason: 'not_found' | 'forbidden' | 'bad_unit' };

/**
 * Saves an editor's change in one transaction with its audit entry. Content only by the owner
 * tenant; the responsibility row only by the tenant it belongs to (the org unit must be one of
 * the responsible tenant's units).
 */
export async function editService(
  kernel: Kernel,
  actorId: string,
  slug: string,
  tenantId: string,
  edit: ServiceEdit,
  requestId: string,
): Promise<EditResult> {
  const s = await selectServiceBySlug(kernel.db.pool, slug);
  if (!s) return { ok: false, reason: 'not_found' };
  const resp = (await selectResponsibilities(kernel.db.pool, [s.id])).find(
    (r) => r.for_tenant_id === tenantId,
  );
  if (edit.content && s.owner_tenant_id !== tenantId) return { ok: false, reason: 'forbidden' };
  if (edit.responsibility) {
    if (!resp) return { ok: false, reason: 'forbidden' };
    const units = await kernel.tenants.orgUnits(resp.responsible_tenant_id);
    if (!units.some((u) => u.id === edit.responsibility!.org_unit_id))
      return { ok: false, reason: 'bad_unit' };
  }
  await inTransaction(kernel.db.pool, async (client) => {
    await updateService(client, s.id, tenantId, edit, kernel.clock.now());
    if (edit.content) await refreshSearchWords(client);
    await kernel.audit.record(
      {
        actorId,
        action: 'services.service_updated',
        objectType: 'service',
        objectId: s.id,
        tenantId,
        before: {
          content: edit.content
            ? { title_de: s.title_de, summary_de: s.summary_de, processing_days: s.processing_days }
            : undefined,
          responsibility:
            edit.responsibility && resp
              ? { org_unit_id: resp.org_unit_id, note_de: resp.note_de }
              : undefined,
        },
        after: edit,
        requestId,
      },
      client,
    );
  });
  await indexService(kernel, slug);
  return { ok: true };
}
