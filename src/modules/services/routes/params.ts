import type { Kernel } from '../../../kernel/kernel.ts';
import type { Tenant } from '../../../kernel/tenants/index.ts';
import { CHANNELS } from '../presenters/service.ts';
import type { FinderQuery } from '../queries/services.ts';
import { selectFacetValues } from '../db/services.queries.ts';

export const MAX_Q = 200;
export const MAX_PAGE = 500;

/** Field → i18n key of the problem. */
export type ParamErrors = Partial<
  Record<'q' | 'themenfeld' | 'lebenslage' | 'kommune' | 'zugang' | 'plz' | 'seite' | 'per_page', string>
>;

export interface RawFinderParams {
  q?: unknown;
  themenfeld?: unknown;
  lebenslage?: unknown;
  kommune?: unknown;
  zugang?: unknown;
  plz?: unknown;
  seite?: unknown;
  perPage?: unknown;
}

/** A single string, or undefined (arrays: the first entry; anything else is invalid). */
export function one(v: unknown): string | undefined | null {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.length ? one(v[0]) : undefined;
  return typeof v === 'string' ? v : null;
}

let facetCache: { at: number; themenfelder: Set<string>; lebenslagen: Set<string> } | null = null;

async function facetValues(kernel: Kernel) {
  const now = Date.now();
  if (!facetCache || now - facetCache.at > 60_000) {
    const v = await selectFacetValues(kernel.db.pool);
    facetCache = { at: now, themenfelder: new Set(v.themenfelder), lebenslagen: new Set(v.lebenslagen) };
  }
  return facetCache;
}

export async function knownFacets(kernel: Kernel): Promise<{ themenfelder: string[] }> {
  return { themenfelder: [...(await facetValues(kernel)).themenfelder].sort() };
}

function hasBadChars(s: string): boolean {
  // NUL and lone surrogates cannot be searched (and must not reach PostgreSQL).
  return /\u0000/.test(s) || !s.isWellFormed();
}

/**
 * Parses finder/API parameters. Never throws; unknown values are errors (i18n keys), so a
 * typo in a link is visible instead of silently ignored.
 */
export async function parseFinderParams(
  kernel: Kernel,
  raw: RawFinderParams,
  defaults: { perPage: number; town: Tenant | undefined },
): Promise<{
  query: FinderQuery;
  errors: ParamErrors;
  town: Tenant | undefined;
  plzTowns: Tenant[];
  shown: Record<string, string>;
}> {
  const errors: ParamErrors = {};
  const shown: Record<string, string> = {};
  const text = (name: keyof RawFinderParams, max: number): string | null => {
    const v = one(raw[name]);
    if (v === undefined || v === '') return null;
    if (v === null || hasBadChars(v)) {
      errors[name as keyof ParamErrors] = `services.error.${name}.invalid`;
      return null;
    }
    shown[name] = v.slice(0, max * 2);
    if (v.length > max) {
      errors[name as keyof ParamErrors] = `services.error.${name}.tooLong`;
      return null;
    }
    return v.trim() || null;
  };
  const q = text('q', MAX_Q) ?? '';
  const facets = await facetValues(kernel);
  let themenfeld = text('themenfeld', 200);
  if (themenfeld && !facets.themenfelder.has(themenfeld)) {
    errors.themenfeld = 'services.error.themenfeld.unknown';
    themenfeld = null;
  }
  let lebenslage = text('lebenslage', 200);
  if (lebenslage && !facets.lebenslagen.has(lebenslage)) {
    errors.lebenslage = 'services.error.lebenslage.unknown';
    lebenslage = null;
  }
  let channel = text('zugang', 20);
  if (channel && !(CHANNELS as readonly string[]).includes(channel)) {
    errors.zugang = 'services.error.zugang.unknown';
    channel = null;
  }
  // The visitor's saved town ("Meine Kommune" cookie) only preselects the form; results are
  // filtered by a town chosen in this request (kommune or plz). An empty kommune means "all".
  const explicit = one(raw.kommune) !== undefined || one(raw.plz) !== undefined;
  let town = explicit ? undefined : defaults.town;
  let filterTown: Tenant | undefined;
  const kommune = text('kommune', 64);
  if (kommune) {
    const t = await kernel.tenants.get(kommune);
    if (t?.kind === 'gemeinde') town = filterTown = t;
    else errors.kommune = 'services.error.kommune.unknown';
  }
  let plzTowns: Tenant[] = [];
  const plzRaw = text('plz', 10);
  if (plzRaw) {
    const plz = plzRaw.replace(/\s/g, '');
    if (!/^\d{5}$/.test(plz)) errors.plz = 'services.error.plz.invalid';
    else {
      plzTowns = (await kernel.tenants.byPostalCode(plz)).filter((t) => t.kind === 'gemeinde');
      if (plzTowns.length === 0) errors.plz = 'services.error.plz.unknown';
      else if (!kommune) town = filterTown = plzTowns[0];
    }
  }
  const int = (name: 'seite' | 'perPage', max: number, fallback: number): number => {
    const v = one(raw[name]);
    if (v === undefined || v === '') return fallback;
    if (v === null || !/^[1-9][0-9]{0,5}$/.test(v) || Number(v) > max) {
      errors[name === 'perPage' ? 'per_page' : 'seite'] = `services.error.${name}.invalid`;
      return fallback;
    }
    return Number(v);
  };
  const page = int('seite', MAX_PAGE, 1);
  const perPage = int('perPage', 100, defaults.perPage);
  return {
    query: { q, themenfeld, lebenslage, municipality: filterTown?.id ?? null, channel, page, perPage },
    errors,
    town,
    plzTowns,
    shown,
  };
}
