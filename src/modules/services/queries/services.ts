import type pg from 'pg';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  searchServices,
  selectResponsibilities,
  selectResponsibility,
  selectServiceBySlug,
  selectServices,
  type SearchResultRow,
} from '../db/services.queries.ts';
import {
  presentHit,
  presentOffice,
  presentService,
  toServiceRef,
  type SearchHit,
  type ServiceRef,
  type ServiceView,
} from '../presenters/service.ts';

type Lang = 'de' | 'en';
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * `db`: the caller's transaction client when it holds one. Taking a second pooled connection
 * while holding one deadlocks once as many requests as the pool has connections do the same.
 */
export async function findServiceBySlug(
  kernel: Kernel,
  slug: string,
  db: Pick<pg.Pool, 'query'> = kernel.db.pool,
): Promise<ServiceRef | null> {
  if (typeof slug !== 'string' || slug.length > 100 || !SLUG.test(slug)) return null;
  let cache = refCaches.get(kernel);
  if (!cache) refCaches.set(kernel, (cache = new Map<string, { at: number; ref: ServiceRef }>()));
  const hit = cache.get(slug);
  if (hit && performance.now() - hit.at < REF_CACHE_MS) return hit.ref;
  const row = await selectServiceBySlug(db, slug);
  if (!row) return null;
  const ref = toServiceRef(row);
  if (cache.size >= REF_CACHE_MAX) cache.clear();
  cache.set(slug, { at: performance.now(), ref });
  return ref;
}

/**
 * findServiceBySlug's answers per kernel: casework asks for every new case (title, processing
 * time). Dropped on every node when a service is edited (ServiceChanged), and after a minute in
 * any case. Only services that exist are kept (a service is never deleted).
 */
const refCaches = new WeakMap<Kernel, Map<string, { at: number; ref: ServiceRef }>>();
const REF_CACHE_MS = 60_000;
const REF_CACHE_MAX = 1_000;

export function forgetServiceRefs(kernel: Kernel): void {
  refCaches.delete(kernel);
}

export async function listLocalServices(kernel: Kernel): Promise<ServiceRef[]> {
  return (await selectServices(kernel.db.pool, { publishedOnly: true })).map(toServiceRef);
}

export async function responsibleUnit(
  kernel: Kernel,
  slug: string,
  municipalityTenantId: string | null,
): Promise<{ tenantId: string; orgUnitId: string } | null> {
  if (typeof slug !== 'string' || !SLUG.test(slug) || slug.length > 100) return null;
  const kreis = await kernel.tenants.kreis();
  if (!kreis) return null;
  const level = await selectResponsibility(kernel.db.pool, slug, kreis.id);
  if (!level) return null;
  if (level.level === 'kreis') {
    return level.row ? { tenantId: level.row.responsible_tenant_id, orgUnitId: level.row.org_unit_id } : null;
  }
  if (!municipalityTenantId) return null;
  const r = await selectResponsibility(kernel.db.pool, slug, municipalityTenantId);
  return r?.row ? { tenantId: r.row.responsible_tenant_id, orgUnitId: r.row.org_unit_id } : null;
}

/** The service page: content plus the office responsible for the chosen town. */
export async function getServicePage(
  kernel: Kernel,
  slug: string,
  townId: string | null,
  lang: Lang,
): Promise<ServiceView | null> {
  const row = await selectServiceBySlug(kernel.db.pool, slug);
  if (!row || !row.published) return null;
  const [tenants, units, resp] = await Promise.all([
    kernel.tenants.list(),
    kernel.tenants.orgUnits(),
    selectResponsibilities(kernel.db.pool, [row.id]),
  ]);
  const chosen =
    row.level === 'kreis' ? resp[0] : townId ? resp.find((r) => r.for_tenant_id === townId) : undefined;
  const office = chosen ? presentOffice(chosen, tenants, units, lang) : null;
  const towns = resp
    .map((r) => tenants.find((t) => t.id === r.for_tenant_id))
    .filter((t) => t?.kind === 'gemeinde')
    .map((t) => ({ id: t!.id, name: t!.name }));
  return presentService(row, lang, office, towns);
}

export interface FinderQuery {
  q: string;
  themenfeld: string | null;
  lebenslage: string | null;
  municipality: string | null;
  channel: string | null;
  page: number;
  perPage: number;
}

export interface FinderResult {
  total: number;
  page: number;
  perPage: number;
  items: SearchHit[];
  facets: {
    themenfeld: { value: string; count: number }[];
    lebenslage: { value: string; count: number }[];
    channel: { value: string; count: number }[];
    municipality: { value: string; label: string; count: number }[];
  };
}

/** Letters and digits of the query, lower case, at most 8 words of at most 60 characters. */
export function queryWords(q: string): string[] {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 2 && w.length <= 60))].slice(0, 8);
}

export async function searchCatalogue(kernel: Kernel, f: FinderQuery, lang: Lang): Promise<FinderResult> {
  const words = queryWords(f.q);
  const includeCatalogue = words.length > 0 || f.themenfeld !== null || f.lebenslage !== null;
  const row: SearchResultRow = await searchServices(kernel.db.pool, {
    words,
    text: words.join(' '),
    themenfeld: f.themenfeld,
    lebenslage: f.lebenslage,
    municipality: f.municipality,
    channel: f.channel,
    includeCatalogue,
    limit: f.perPage,
    offset: (f.page - 1) * f.perPage,
  });
  const towns = (await kernel.tenants.list()).filter((t) => t.kind === 'gemeinde');
  return {
    total: row.total,
    page: f.page,
    perPage: f.perPage,
    items: row.items.map((h) => presentHit(h, lang)),
    facets: {
      themenfeld: row.themenfeld,
      lebenslage: row.lebenslage,
      channel: row.channel,
      municipality: towns
        .map((t) => ({
          value: t.id,
          label: t.name,
          count: row.kreisCount + (row.municipality.find((m) => m.value === t.id)?.count ?? 0),
        }))
        .filter((m) => m.count > 0),
    },
  };
}
