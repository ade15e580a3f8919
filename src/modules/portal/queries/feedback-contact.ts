import type { Kernel } from '../../../kernel/kernel.ts';
import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import { readPortalConfig } from '../config.ts';

/** The org unit of the Kreis that answers accessibility feedback (seeded with this slug). */
export const FEEDBACK_UNIT_SLUG = 'buergerservice';

export interface FeedbackContact {
  kreis: Tenant | undefined;
  unit: OrgUnit | undefined;
  /** Where feedback is mailed: config override → the unit's e-mail → the Kreis e-mail. */
  recipient: string | null;
}

export async function findFeedbackContact(kernel: Kernel): Promise<FeedbackContact> {
  const kreis = await kernel.tenants.kreis();
  const unit = kreis
    ? (await kernel.tenants.orgUnits(kreis.id)).find((u) => u.slug === FEEDBACK_UNIT_SLUG)
    : undefined;
  const override = readPortalConfig(kernel.fullConfig).accessibilityFeedbackTo;
  return { kreis, unit, recipient: override ?? unit?.email ?? kreis?.email ?? null };
}
