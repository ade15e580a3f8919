import { findAccountByEmail } from '../../kernel/auth/accounts.ts';
import { inTransaction } from '../../kernel/db/database.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { openCase } from './commands/open-case.ts';

/**
 * Demo cases for the demo citizen in the Kreis road traffic office (where the demo clerk works).
 * Idempotent: openCase returns the existing case for a known reference.
 */
export async function seedCaseworkDemo(kernel: Kernel): Promise<void> {
  const kreis = await kernel.tenants.kreis();
  if (!kreis) return;
  const unit = (await kernel.tenants.orgUnits(kreis.id)).find((o) => o.slug === 'strassenverkehrsamt');
  if (!unit) return;
  const citizen = await findAccountByEmail(kernel, 'buerger@demo.openkreis.de');
  const now = kernel.clock.now();
  const demo = [
    {
      ref: 'DEMO-BPA-0001',
      slug: 'bewohnerparkausweis',
      days: 3,
      zone: 'Zone A – Innenstadt',
      pay: 'paid' as const,
    },
    {
      ref: 'DEMO-BPA-0002',
      slug: 'bewohnerparkausweis',
      days: 40,
      zone: 'Zone C – Furth',
      pay: 'due' as const,
    },
    { ref: 'DEMO-ANF-0003', slug: 'allgemeine-anfrage', days: 1, zone: '', pay: 'none' as const },
  ];
  for (const d of demo) {
    await inTransaction(kernel.db.pool, (client) =>
      openCase(kernel, client, {
        reference: d.ref,
        serviceSlug: d.slug,
        tenantId: kreis.id,
        orgUnitId: unit.id,
        applicantAccountId: citizen?.id ?? null,
        applicantEmail: citizen?.email ?? 'buerger@demo.openkreis.de',
        applicantName: citizen?.displayName ?? 'Demo Bürgerin',
        formSlug: d.slug,
        formVersion: 1,
        data: d.zone
          ? { zone: d.zone, kennzeichen: 'NE-OK 2026' }
          : { anliegen: 'Frage zur Sperrmüllabholung' },
        summary: d.zone
          ? [
              { label: 'Parkzone', value: d.zone },
              { label: 'Kennzeichen', value: 'NE-OK 2026' },
            ]
          : [{ label: 'Anliegen', value: 'Frage zur Sperrmüllabholung' }],
        attachments: [],
        payment: {
          status: d.pay,
          amountCents: d.pay === 'none' ? 0 : 3000,
          kassenzeichen: d.pay === 'paid' ? `KZ-${d.ref}` : null,
          provider: d.pay === 'paid' ? 'demo' : null,
        },
        submittedAt: new Date(now.getTime() - d.days * 86_400_000),
      }),
    );
  }
}
