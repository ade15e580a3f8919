import type { OrgUnit, Tenant } from '../../../kernel/tenants/index.ts';
import type { ResponsibilityRow, SearchHitRow, ServiceRow } from '../db/services.queries.ts';
import { renderMarkdown } from './markdown.ts';

export const CHANNELS = ['online', 'appointment', 'in_person', 'phone', 'email'] as const;
export type ChannelKind = (typeof CHANNELS)[number];

export interface ServiceRef {
  id: string;
  slug: string;
  title: { de: string; en: string };
  leikaKey: string | null;
  ozgId: string | null;
  level: 'kreis' | 'gemeinde';
  /** Typical processing time in calendar days, if known. */
  processingDays: number | null;
}

export function toServiceRef(r: ServiceRow): ServiceRef {
  return {
    id: r.id,
    slug: r.slug,
    title: { de: r.title_de, en: r.title_en },
    leikaKey: r.leika_key,
    ozgId: r.ozg_id === null ? null : String(r.ozg_id),
    level: r.level,
    processingDays: r.processing_days,
  };
}

type Lang = 'de' | 'en';
const pick = (lang: Lang, de: string, en: string) => (lang === 'en' && en.trim() ? en : de);

export interface ResponsibleOffice {
  forTenant: { id: string; name: string };
  tenant: { id: string; name: string };
  unit: {
    id: string;
    slug: string;
    name: string;
    email: string | null;
    phone: string | null;
    address: OrgUnit['address'];
    openingHours: OrgUnit['openingHours'];
  };
  /** The service's own contact in this tenant (its phone/e-mail replace the unit's above). */
  contactName: string | null;
  noteHtml: string;
}

export interface ServiceView {
  ref: ServiceRef;
  title: string;
  summary: string;
  bodyHtml: string;
  easyLanguage: string;
  themenfeld: string | null;
  lebenslagen: string[];
  fees: {
    label: string;
    amount: string;
    legalBasis: string;
    minCents: number | null;
    maxCents: number | null;
  }[];
  documents: string[];
  processing: string;
  legalBasis: string;
  channels: { kind: ChannelKind; href: string | null }[];
  updatedAt: Date;
  /** The office for the chosen town (or the Kreis office), null when a town must be chosen. */
  office: ResponsibleOffice | null;
  /** Towns where the service is offered (municipal services). */
  towns: { id: string; name: string }[];
}

export function presentOffice(
  r: ResponsibilityRow,
  tenants: Tenant[],
  units: OrgUnit[],
  lang: Lang,
): ResponsibleOffice | null {
  const unit = units.find((u) => u.id === r.org_unit_id);
  const tenant = tenants.find((t) => t.id === r.responsible_tenant_id);
  const forTenant = tenants.find((t) => t.id === r.for_tenant_id);
  if (!unit || !tenant || !forTenant) return null;
  return {
    forTenant: { id: forTenant.id, name: forTenant.name },
    tenant: { id: tenant.id, name: tenant.name },
    unit: {
      id: unit.id,
      slug: unit.slug,
      name: lang === 'en' && unit.nameEn ? unit.nameEn : unit.name,
      email: r.contact_email || unit.email || tenant.email,
      phone: r.contact_phone || unit.phone || tenant.phone,
      address: unit.address,
      openingHours: unit.openingHours,
    },
    contactName: r.contact_name || null,
    noteHtml: renderMarkdown(pick(lang, r.note_de, r.note_en)),
  };
}

export function presentService(
  r: ServiceRow,
  lang: Lang,
  office: ResponsibleOffice | null,
  towns: { id: string; name: string }[],
): ServiceView {
  return {
    ref: toServiceRef(r),
    title: pick(lang, r.title_de, r.title_en),
    summary: pick(lang, r.summary_de, r.summary_en),
    bodyHtml: renderMarkdown(pick(lang, r.body_de, r.body_en)),
    easyLanguage: r.easy_language_de,
    themenfeld: r.themenfeld,
    lebenslagen: r.lebenslagen,
    fees: r.fees.map((f) => ({
      label: f.label[lang] || f.label.de,
      amount: f.amount,
      legalBasis: f.legalBasis,
      minCents: f.minCents ?? null,
      maxCents: f.maxCents ?? null,
    })),
    documents: r.documents.map((d) => d[lang] || d.de),
    processing: pick(lang, r.processing_de, r.processing_en),
    legalBasis: r.legal_basis,
    channels: CHANNELS.filter((c) => r.channels.includes(c)).map((kind) => ({
      kind,
      href: kind === 'online' ? r.online_url : kind === 'appointment' ? r.appointment_url : null,
    })),
    updatedAt: r.updated_at,
    office,
    towns,
  };
}

export interface SearchHit {
  kind: 'local' | 'catalogue';
  href: string;
  title: string;
  summary: string;
  themenfeld: string | null;
  level: 'kreis' | 'gemeinde' | null;
  leikaKey: string | null;
  ozgId: string | null;
  channels: string[];
}

export function presentHit(h: SearchHitRow, lang: Lang): SearchHit {
  return {
    kind: h.kind,
    href: h.kind === 'local' ? `/leistungen/${h.key}` : `/leistungen/katalog/${h.key}`,
    title: h.kind === 'local' ? pick(lang, h.title_de, h.title_en ?? '') : h.title_de,
    summary: pick(lang, h.summary_de, h.summary_en),
    themenfeld: h.themenfeld,
    level: h.level,
    leikaKey: h.leika_key,
    ozgId: h.ozg_id === null ? null : String(h.ozg_id),
    channels: h.channels,
  };
}
