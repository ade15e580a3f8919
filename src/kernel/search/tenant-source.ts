import type { Kernel } from '../kernel.ts';
import type { OrgUnit, Tenant } from '../tenants/index.ts';
import type { SearchDocument, SearchSource } from './types.ts';

export const TENANT_SOURCE = 'tenants';

/** The portal's page of an org unit. */
export function orgUnitUrl(u: OrgUnit): string {
  return `/kommunen/${u.tenantId}/aemter/${u.slug}`;
}

function address(a: Tenant['address']): string {
  return [a.street, [a.postalCode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

function tenantDoc(t: Tenant, kreis: Tenant | undefined, units: OrgUnit[], now: Date): SearchDocument {
  const summary =
    t.kind === 'kreis'
      ? `${t.name}: Kreisverwaltung mit ${units.length} Ämtern. Kreishaus: ${address(t.address)}.`
      : `${t.name} im ${kreis?.name ?? 'Kreis'}. Rathaus: ${address(t.address)}.`;
  const body = [
    t.postalCodes.length ? `Postleitzahlen ${t.postalCodes.join(' ')}` : '',
    t.districtCodes.length ? `Kfz-Kennzeichen ${t.districtCodes.join(' ')}` : '',
    t.website ?? '',
    t.email ?? '',
    t.phone ?? '',
    `Ämter: ${units.map((u) => u.name).join(', ')}`,
  ]
    .filter(Boolean)
    .join('. ');
  return {
    source: TENANT_SOURCE,
    id: t.id,
    tenantId: t.id,
    title: t.name,
    summary,
    body,
    url: `/kommunen/${t.id}`,
    visibility: 'public',
    lang: 'de',
    updatedAt: now,
  };
}

function orgUnitDoc(u: OrgUnit, t: Tenant, now: Date): SearchDocument {
  const hours = u.openingHours.map((h) => `${h.days} ${h.from}–${h.to}`).join(', ');
  return {
    source: TENANT_SOURCE,
    id: `${u.tenantId}/${u.slug}`,
    tenantId: u.tenantId,
    title: `${u.name} – ${t.name}`,
    summary: [address(u.address), u.email, u.phone].filter(Boolean).join(' · '),
    body: [u.nameEn, hours ? `Öffnungszeiten: ${hours}` : ''].filter(Boolean).join('. '),
    url: orgUnitUrl(u),
    visibility: 'public',
    lang: 'de',
    updatedAt: now,
  };
}

/** The Kreis, its municipalities and their offices, so a fresh installation has something to find. */
export const tenantSearchSource: SearchSource<Kernel> = {
  name: TENANT_SOURCE,
  label: 'search.source.tenants',
  async reindex(kernel) {
    const now = kernel.clock.now();
    const tenants = await kernel.tenants.list();
    const kreis = await kernel.tenants.kreis();
    for (const t of tenants) {
      const units = await kernel.tenants.orgUnits(t.id);
      await kernel.search.upsert(tenantDoc(t, kreis, units, now));
      for (const u of units) await kernel.search.upsert(orgUnitDoc(u, t, now));
    }
  },
};
