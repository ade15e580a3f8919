import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  refreshSearchWords,
  selectResponsibilities,
  selectServiceBySlug,
  updateService,
  type ServiceContent,
  type ServiceEdit,
  type ServiceRow,
} from '../db/services.queries.ts';
import { ServiceChanged } from '../events.ts';
import { forgetServiceRefs } from '../queries/services.ts';
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
  const result = await inTransaction(kernel.db.pool, async (client): Promise<EditResult> => {
    // Locked: concurrent edits of one service queue up, and each audit entry's "before" is what
    // the previous edit stored.
    const s = await selectServiceBySlug(client, slug, true);
    if (!s) return { ok: false, reason: 'not_found' };
    const resp = (await selectResponsibilities(client, [s.id])).find((r) => r.for_tenant_id === tenantId);
    if (edit.content && s.owner_tenant_id !== tenantId) return { ok: false, reason: 'forbidden' };
    if (edit.responsibility) {
      if (!resp) return { ok: false, reason: 'forbidden' };
      const units = await kernel.tenants.orgUnits(resp.responsible_tenant_id);
      if (!units.some((u) => u.id === edit.responsibility!.org_unit_id))
        return { ok: false, reason: 'bad_unit' };
    }
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
          content: edit.content ? contentOf(s) : undefined,
          responsibility:
            edit.responsibility && resp
              ? {
                  org_unit_id: resp.org_unit_id,
                  note_de: resp.note_de,
                  note_en: resp.note_en,
                  contact_name: resp.contact_name,
                  contact_phone: resp.contact_phone,
                  contact_email: resp.contact_email,
                }
              : undefined,
        },
        after: edit,
        requestId,
      },
      client,
    );
    await kernel.events.publish(client, ServiceChanged.of({ slug }));
    return { ok: true };
  });
  if (!result.ok) return result;
  forgetServiceRefs(kernel);
  await indexService(kernel, slug);
  return { ok: true };
}

/** The editable content of a stored service (the audit entry's "before"). */
export function contentOf(s: ServiceRow): ServiceContent {
  return {
    title_de: s.title_de,
    title_en: s.title_en,
    summary_de: s.summary_de,
    summary_en: s.summary_en,
    body_de: s.body_de,
    body_en: s.body_en,
    easy_language_de: s.easy_language_de,
    lebenslagen: s.lebenslagen,
    channels: s.channels,
    online_url: s.online_url,
    appointment_url: s.appointment_url,
    documents: s.documents,
    fees: s.fees,
    processing_days: s.processing_days,
    processing_de: s.processing_de,
    processing_en: s.processing_en,
    legal_basis: s.legal_basis,
  };
}
