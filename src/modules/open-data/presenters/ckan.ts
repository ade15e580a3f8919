/** CKAN 2.x dictionaries (package, resource, organisation, group, licence) from our records. */
import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import type { DatasetRecord, ResourceRecord } from '../model.ts';
import { datasetPath, resourceUrl, base } from '../lib/urls.ts';
import { FREQUENCIES, license, LICENSES, licenseUri, THEMES } from '../lib/vocab.ts';

/** CKAN's timestamp format: ISO without zone, microseconds, UTC. */
export function ckanTime(d: Date): string {
  return `${d.toISOString().slice(0, 23)}000`;
}

export function organizationDict(baseUrl: string, t: Tenant, packageCount?: number) {
  return {
    id: t.id,
    name: t.id,
    title: t.name,
    display_name: t.name,
    description: t.kind === 'kreis' ? `Kreis ${t.name}` : `${t.name} (AGS ${t.ags})`,
    type: 'organization',
    is_organization: true,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    created: '2026-01-01T00:00:00.000000',
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
    extras: [
      { key: 'ags', value: t.ags },
      { key: 'ars', value: t.ars },
      { key: 'url', value: `${base(baseUrl)}/daten/organisationen/${t.id}` },
    ],
  };
}

export function groupDict(code: string, packageCount?: number) {
  const th = THEMES[code]!;
  return {
    id: code.toLowerCase(),
    name: code.toLowerCase(),
    title: th.de,
    display_name: th.de,
    description: `${th.de} (EU data theme ${code})`,
    type: 'group',
    is_organization: false,
    state: 'active',
    approval_status: 'approved',
    image_url: '',
    created: '2026-01-01T00:00:00.000000',
    ...(packageCount !== undefined ? { package_count: packageCount } : {}),
  };
}

export function licenseDict(id: string) {
  const l = license(id);
  return {
    id,
    title: l?.title ?? id,
    url: l?.url ?? licenseUri(id),
    od_conformance: l?.open ? 'approved' : 'not reviewed',
    osd_conformance: 'not reviewed',
    status: 'active',
    maintainer: '',
    family: '',
    domain_content: true,
    domain_data: true,
    domain_software: false,
    is_generic: id.startsWith('other-'),
    is_okd_compliant: !!l?.open,
    is_osi_compliant: false,
  };
}

export const licenseList = () => LICENSES.map((l) => licenseDict(l.id));

export function resourceDict(baseUrl: string, d: DatasetRecord, r: ResourceRecord) {
  return {
    id: r.id,
    package_id: d.id,
    name: r.name,
    description: r.description,
    url: resourceUrl(baseUrl, d, r),
    url_type: r.fileId ? 'upload' : r.platformDistribution ? 'platform' : null,
    format: r.format,
    mimetype: r.mediaType,
    size: r.byteSize,
    hash: r.checksum ? `sha256:${r.checksum}` : '',
    position: r.position,
    created: ckanTime(r.createdAt),
    last_modified: ckanTime(r.modifiedAt),
    metadata_modified: ckanTime(r.modifiedAt),
    state: 'active',
    resource_type: null,
  };
}

export function packageDict(
  baseUrl: string,
  d: DatasetRecord,
  tenant: Tenant | undefined,
  unit: OrgUnit | undefined,
) {
  const l = license(d.licenseId);
  const extras: { key: string; value: string }[] = [];
  if (d.temporalStart) extras.push({ key: 'temporal_start', value: d.temporalStart });
  if (d.temporalEnd) extras.push({ key: 'temporal_end', value: d.temporalEnd });
  if (d.frequency) extras.push({ key: 'frequency', value: d.frequency });
  if (d.attribution) extras.push({ key: 'attribution', value: d.attribution });
  if (unit) extras.push({ key: 'publisher_office', value: unit.slug });
  if (d.platformKey) extras.push({ key: 'platform_key', value: d.platformKey });
  if (tenant) {
    extras.push({
      key: 'political_geocoding_level',
      value: tenant.kind === 'kreis' ? 'administrativeDistrict' : 'municipality',
    });
    extras.push({ key: 'ags', value: tenant.ags });
  }
  return {
    id: d.id,
    name: d.name,
    title: d.title,
    notes: d.notes,
    type: 'dataset',
    state: d.state,
    private: false,
    isopen: !!l?.open,
    license_id: d.licenseId,
    license_title: l?.title ?? d.licenseId,
    license_url: l?.url ?? licenseUri(d.licenseId),
    author: unit?.name ?? tenant?.name ?? null,
    author_email: null,
    maintainer: d.contactName,
    maintainer_email: d.contactEmail,
    url: d.landingPage ?? `${base(baseUrl)}${datasetPath(d.name)}`,
    version: null,
    owner_org: d.tenantId,
    organization: tenant ? organizationDict(baseUrl, tenant) : null,
    metadata_created: ckanTime(d.createdAt),
    metadata_modified: ckanTime(d.modifiedAt),
    num_resources: d.resources.length,
    num_tags: d.keywords.length,
    tags: d.keywords.map((k) => ({ name: k, display_name: k, id: k, state: 'active', vocabulary_id: null })),
    groups: d.themes.filter((t) => THEMES[t]).map((t) => groupDict(t)),
    resources: d.resources.map((r) => resourceDict(baseUrl, d, r)),
    extras,
    frequency_label: d.frequency ? (FREQUENCIES[d.frequency]?.de ?? d.frequency) : null,
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}
