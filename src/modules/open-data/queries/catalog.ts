/** DCAT-AP.de documents: catalogue pages and single datasets, in three serialisations. */
import type { Kernel } from '../../../kernel/kernel.ts';
import { catalogPage, loadDatasets } from '../db/datasets.queries.ts';
import {
  catalogQuads,
  datasetQuads,
  unique,
  toJsonLd,
  toRdfXml,
  toTurtle,
  type DcatOptions,
} from '../lib/dcat.ts';
import type { DatasetRecord } from '../model.ts';
import { readOpenDataConfig } from '../config.ts';
import type { Quad } from 'n3';

export const PER_PAGE = 100;
export type RdfFormat = 'ttl' | 'rdf' | 'jsonld';
export const MEDIA: Record<RdfFormat, string> = {
  ttl: 'text/turtle',
  rdf: 'application/rdf+xml',
  jsonld: 'application/ld+json',
};

export async function dcatOptions(kernel: Kernel): Promise<DcatOptions> {
  const tenants = await kernel.tenants.list();
  const units = await kernel.tenants.orgUnits();
  const kreis = tenants.find((t) => t.kind === 'kreis') ?? tenants[0]!;
  return {
    baseUrl: kernel.config.baseUrl,
    contributorId: readOpenDataConfig(kernel.fullConfig).contributorId,
    catalogTitle: `Offene Daten ${kreis.name} und seiner Kommunen`,
    catalogDescription: `Das gemeinsame Open-Data-Portal des ${kreis.name} und seiner Städte und Gemeinden.`,
    tenants: new Map(tenants.map((t) => [t.id, t])),
    units: new Map(units.map((u) => [u.id, u])),
    kreisId: kreis.id,
  };
}

export async function serialise(quads: Quad[], format: RdfFormat): Promise<string> {
  if (format === 'ttl') return toTurtle(quads);
  if (format === 'rdf') return toRdfXml(quads);
  return toJsonLd(quads);
}

export async function catalogDocument(
  kernel: Kernel,
  opts: { page: number; modifiedSince: Date | null; format: RdfFormat; pageUrl: (page: number) => string },
): Promise<string> {
  const o = await dcatOptions(kernel);
  const { total, ids } = await catalogPage(kernel.db.pool, {
    limit: PER_PAGE,
    offset: (opts.page - 1) * PER_PAGE,
    modifiedSince: opts.modifiedSince,
  });
  const datasets = await loadDatasets(kernel.db.pool, ids);
  const quads = unique(
    catalogQuads(o, datasets, {
      page: opts.page,
      perPage: PER_PAGE,
      total,
      pageUrl: opts.pageUrl,
    }),
  );
  return serialise(quads, opts.format);
}

export async function datasetDocument(kernel: Kernel, d: DatasetRecord, format: RdfFormat): Promise<string> {
  const o = await dcatOptions(kernel);
  const quads: Quad[] = [];
  datasetQuads(o, d, quads, new Set());
  return serialise(unique(quads), format);
}

/** Picks a serialisation from an Accept header (null: the client wants HTML or nothing we have). */
export function negotiate(accept: string | undefined): RdfFormat | null {
  const a = (accept ?? '').toLowerCase();
  const offers: [string, RdfFormat][] = [
    ['text/turtle', 'ttl'],
    ['application/x-turtle', 'ttl'],
    ['application/rdf+xml', 'rdf'],
    ['application/ld+json', 'jsonld'],
    ['application/json', 'jsonld'],
  ];
  let best: { q: number; f: RdfFormat } | null = null;
  let htmlQ = 0;
  for (const part of a.split(',')) {
    const [type, ...ps] = part.trim().split(';');
    const qp = ps.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) || 0 : 1;
    if (type === 'text/html' || type === 'application/xhtml+xml') htmlQ = Math.max(htmlQ, q);
    const hit = offers.find(([m]) => m === type?.trim());
    if (hit && q > 0 && (!best || q > best.q)) best = { q, f: hit[1] };
  }
  if (!best || htmlQ > best.q) return null;
  return best.f;
}
