import type { Tenants } from '../../../kernel/tenants/index.ts';
import type { DatasetInput } from '../model.ts';
import { FREQUENCIES, license, needsAttribution, THEMES } from '../lib/vocab.ts';

/** Raw dataset metadata as forms, CSV rows and CKAN dicts deliver it (CKAN field names). */
export interface RawDataset {
  name?: string;
  title?: string;
  notes?: string;
  owner_org?: string;
  org_unit?: string;
  tags?: string[];
  groups?: string[];
  temporal_start?: string;
  temporal_end?: string;
  frequency?: string;
  license_id?: string;
  attribution?: string;
  maintainer?: string;
  maintainer_email?: string;
  url?: string;
}

/** Field → error code (i18n `open-data.error.<code>`; English text for CKAN in ckan presenter). */
export type DatasetErrors = Record<string, string>;

export const NAME_RE = /^[a-z0-9][a-z0-9_-]{1,99}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TAG_RE = /^[\p{L}\p{N} ._-]{1,100}$/u;

export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 90);
}

function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const trim = (s: string | undefined) => (s ?? '').trim();

export async function validateDataset(
  tenants: Tenants,
  raw: RawDataset,
): Promise<{ ok: true; value: DatasetInput } | { ok: false; errors: DatasetErrors }> {
  const errors: DatasetErrors = {};
  // Control characters (NUL above all) have no place in metadata; PostgreSQL refuses NUL.
  for (const [k, v] of Object.entries(raw))
    if ([v].flat().some((x) => typeof x === 'string' && /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(x)))
      errors[k] = 'controlChars';
  if (Object.keys(errors).length) return { ok: false, errors };
  const name = trim(raw.name);
  if (!name) errors.name = 'required';
  else if (!NAME_RE.test(name)) errors.name = 'nameFormat';
  const title = trim(raw.title);
  if (!title) errors.title = 'required';
  else if (title.length > 300) errors.title = 'tooLong';
  const notes = trim(raw.notes);
  if (notes.length > 20000) errors.notes = 'tooLong';
  const ownerOrg = trim(raw.owner_org);
  const tenant = ownerOrg ? await tenants.get(ownerOrg) : undefined;
  if (!ownerOrg) errors.owner_org = 'required';
  else if (!tenant) errors.owner_org = 'unknownOrg';
  let orgUnitId: string | null = null;
  const unit = trim(raw.org_unit);
  if (unit && tenant) {
    const units = await tenants.orgUnits(tenant.id);
    const found = units.find((u) => u.id === unit || u.slug === unit);
    if (!found) errors.org_unit = 'unknownUnit';
    else orgUnitId = found.id;
  }
  const keywords = [...new Set((raw.tags ?? []).map((t) => t.trim()).filter(Boolean))];
  if (keywords.some((k) => !TAG_RE.test(k))) errors.tags = 'tagFormat';
  else if (keywords.length > 50) errors.tags = 'tooMany';
  const themes = [...new Set((raw.groups ?? []).map((g) => g.trim().toUpperCase()).filter(Boolean))];
  if (themes.some((t) => !THEMES[t])) errors.groups = 'unknownTheme';
  const ts = trim(raw.temporal_start) || null;
  const te = trim(raw.temporal_end) || null;
  if (ts && !validDate(ts)) errors.temporal_start = 'date';
  if (te && !validDate(te)) errors.temporal_end = 'date';
  if (ts && te && validDate(ts) && validDate(te) && te < ts) errors.temporal_end = 'dateOrder';
  const frequency = trim(raw.frequency).toUpperCase() || null;
  if (frequency && !FREQUENCIES[frequency]) errors.frequency = 'unknownFrequency';
  const licenseId = trim(raw.license_id);
  if (!licenseId) errors.license_id = 'required';
  else if (!license(licenseId)) errors.license_id = 'unknownLicense';
  const attribution = trim(raw.attribution) || null;
  if (licenseId && needsAttribution(licenseId) && !attribution && !errors.license_id)
    errors.attribution = 'attributionRequired';
  if (attribution && attribution.length > 500) errors.attribution = 'tooLong';
  const contactName = trim(raw.maintainer) || null;
  const contactEmail = trim(raw.maintainer_email) || null;
  if (contactEmail && (!EMAIL_RE.test(contactEmail) || contactEmail.length > 254))
    errors.maintainer_email = 'email';
  const landingPage = trim(raw.url) || null;
  if (landingPage && !/^https?:\/\/[^\s]+$/.test(landingPage)) errors.url = 'url';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      tenantId: tenant!.id,
      orgUnitId,
      title,
      notes,
      keywords,
      themes,
      temporalStart: ts,
      temporalEnd: te,
      frequency,
      licenseId,
      attribution,
      contactName,
      contactEmail,
      landingPage,
    },
  };
}

/** English messages for the CKAN API's Validation Error. */
export const CKAN_MESSAGES: Record<string, string> = {
  required: 'Missing value',
  nameFormat: 'Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_',
  tooLong: 'Value too long',
  unknownOrg: 'Organization does not exist',
  unknownUnit: 'Office does not exist in this organization',
  tagFormat: 'Tag must be alphanumeric characters or symbols: -_.',
  tooMany: 'Too many values',
  unknownTheme: 'Group does not exist (use an EU data theme such as gove, soci, educ)',
  date: 'Date format incorrect (YYYY-MM-DD)',
  dateOrder: 'End date is before start date',
  unknownFrequency: 'Unknown update frequency (use an EU frequency code such as ANNUAL)',
  unknownLicense: 'License not in the dcat-ap.de licence list',
  attributionRequired: 'This licence needs an attribution text',
  email: 'Email address is not valid',
  url: 'Please provide a valid URL',
  taken: 'That URL is already in use.',
  resourceUrl: 'A resource needs an url or an upload',
  format: 'Unknown format',
  controlChars: 'Contains control characters',
};
