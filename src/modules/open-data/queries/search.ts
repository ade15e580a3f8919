/** Turns CKAN package_search parameters into a search and loads the matching records. */
import type { Kernel } from '../../../kernel/kernel.ts';
import { loadDatasets } from '../db/datasets.queries.ts';
import {
  FACET_FIELDS,
  searchDatasets,
  SORT_FIELDS,
  type FacetField,
  type SearchSpec,
} from '../db/search.queries.ts';
import { looksFielded, parseFq, SearchQueryError, type FqNode } from '../lib/fq.ts';
import type { DatasetRecord } from '../model.ts';

export const ROWS_MAX = 1000;

export interface SearchParams {
  q?: string;
  fq?: string;
  rows?: number;
  start?: number;
  sort?: string;
  facetFields?: string[];
  facetLimit?: number;
  facetMinCount?: number;
}

export class SearchValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function parseSort(sort: string | undefined, hasText: boolean): SearchSpec['sort'] {
  const s =
    (sort ?? '').trim() ||
    (hasText ? 'score desc, metadata_modified desc' : 'score desc, metadata_modified desc');
  return s.split(',').map((part) => {
    const m = /^\s*([a-z_]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m || !SORT_FIELDS[m[1]!]) throw new SearchQueryError(`Can not sort on field "${part.trim()}"`);
    return { field: m[1]!, dir: (m[2]?.toLowerCase() ?? 'asc') as 'asc' | 'desc' };
  });
}

export function buildSpec(p: SearchParams, now: Date): SearchSpec {
  let text: string | null = null;
  const filters: FqNode[] = [];
  // PostgreSQL text cannot hold NUL: refuse it here instead of failing in the database.
  if ((p.q ?? '').includes('\u0000') || (p.fq ?? '').includes('\u0000'))
    throw new SearchQueryError('the query contains a NUL character');
  const q = (p.q ?? '').trim();
  if (q && q !== '*:*' && q !== '*') {
    if (looksFielded(q)) filters.push(parseFq(q));
    else text = q.slice(0, 500);
  }
  if (p.fq?.trim()) filters.push(parseFq(p.fq));
  const rows = p.rows ?? 10;
  if (!Number.isInteger(rows) || rows < 0)
    throw new SearchValidationError('rows', 'Must be a natural number');
  const start = p.start ?? 0;
  if (!Number.isInteger(start) || start < 0 || start > 1_000_000)
    throw new SearchValidationError('start', 'Must be a natural number');
  const facetFields = (p.facetFields ?? []).map((f) => {
    const name = f === 'owner_org' ? 'organization' : f;
    if (!(FACET_FIELDS as readonly string[]).includes(name))
      throw new SearchQueryError(`Can not facet on field "${f}"`);
    return name as FacetField;
  });
  const facetLimit = p.facetLimit === undefined || p.facetLimit < 0 ? 50 : Math.min(p.facetLimit, 1000);
  return {
    text,
    filters,
    sort: parseSort(p.sort, !!text),
    rows: Math.min(rows, ROWS_MAX),
    start,
    facetFields,
    facetLimit,
    facetMinCount: Math.max(1, p.facetMinCount ?? 1),
    now,
  };
}

export async function runSearch(
  kernel: Kernel,
  spec: SearchSpec,
): Promise<{
  count: number;
  results: DatasetRecord[];
  facets: Awaited<ReturnType<typeof searchDatasets>>['facets'];
}> {
  const out = await searchDatasets(kernel.db.pool, spec);
  const results = await loadDatasets(kernel.db.pool, out.ids);
  return { count: out.count, results, facets: out.facets };
}
