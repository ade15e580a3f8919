import type { Kernel } from '../../kernel/kernel.ts';
import { inTransaction } from '../../kernel/db/database.ts';
import { SERVICE_RETENTION, SERVICE_TEMPLATES } from './data/notice-texts.ts';
import { upsertTemplate } from './db/templates.ts';

/**
 * Reference data: retention settings of the demo services and their notice templates for every
 * tenant. Idempotent; templates edited by a tenant admin are never overwritten.
 */
export async function seedCaseworkReference(kernel: Kernel): Promise<void> {
  const now = kernel.clock.now();
  const tenants = await kernel.tenants.list();
  await inTransaction(kernel.db.pool, async (client) => {
    for (const [slug, r] of Object.entries(SERVICE_RETENTION)) {
      await client.query(
        `insert into casework.service_settings (service_slug, retention_years, retention_action, updated_at)
         values ($1,$2,$3,$4) on conflict (service_slug) do nothing`,
        [slug, r.years, r.action, now],
      );
    }
    for (const t of tenants) {
      for (const [slug, tpl] of Object.entries(SERVICE_TEMPLATES)) {
        await upsertTemplate(
          client,
          { tenantId: t.id, serviceSlug: slug, title: tpl.title, body: tpl.body, at: now, by: null },
          true,
        );
      }
    }
  });
}
