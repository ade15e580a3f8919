/**
 * Dataset search in PostgreSQL: full text (tsvector, German), the fq filter tree compiled to
 * parameterised SQL, facets by unnest + GROUP BY over the matching set.
 */
import type pg from 'pg';
import { SearchQueryError, type FqNode } from '../lib/fq.ts';

type Queryable = Pick<pg.Pool, 'query'>;

export const FACET_FIELDS = ['organization', 'groups', 'tags', 'res_format', 'license_id'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

/** Facet field → SQL expression giving an array (or scalar) per dataset. */
const FACET_SQL: Record<FacetField, { expr: string; array: boolean }> = {
  organization: { expr: 'tenant_id', array: false },
  groups: { expr: 'themes', array: true },
  tags: { expr: 'keywords', array: true },
  res_format: { expr: 'formats', array: true },
  license_id: { expr: 'license_id', array: false },
};

export const SORT_FIELDS: Record<string, string> = {
  id: 'id',
  name: 'name',
  title_string: 'title collate "C"',
  title: 'title collate "C"',
  metadata_modified: 'modified_at',
  metadata_created: 'created_at',
  score: 'score',
};

class Sql {
  params: unknown[] = [];
  p(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
}

/** Solr dates: ISO 8601, NOW, NOW-7DAYS, NOW/DAY. */
function parseSolrDate(v: string, now: Date): Date {
  const m = /^NOW(?:\/(DAY|HOUR))?(?:([+-])(\d+)(DAYS?|HOURS?|MINUTES?|MONTHS?|YEARS?))?$/.exec(v);
  if (m) {
    const d = new Date(now);
    if (m[1] === 'DAY') d.setUTCHours(0, 0, 0, 0);
    if (m[2]) {
      const n = Number(m[3]) * (m[2] === '-' ? -1 : 1);
      const unit = m[4]!.replace(/S$/, '');
      if (unit === 'DAY') d.setUTCDate(d.getUTCDate() + n);
      else if (unit === 'HOUR') d.setUTCHours(d.getUTCHours() + n);
      else if (unit === 'MINUTE') d.setUTCMinutes(d.getUTCMinutes() + n);
      else if (unit === 'MONTH') d.setUTCMonth(d.getUTCMonth() + n);
      else d.setUTCFullYear(d.getUTCFullYear() + n);
    }
    if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999)
      throw new SearchQueryError(`Invalid date "${v}"`);
    return d;
  }
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v))
    throw new SearchQueryError(`Invalid date "${v}"`);
  const d = new Date(/T/.test(v) && !/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? `${v}Z` : v);
  if (d.getUTCFullYear() > 9999) throw new SearchQueryError(`Invalid date "${v}"`);
  if (Number.isNaN(d.getTime())) throw new SearchQueryError(`Invalid date "${v}"`);
  return d;
}

function wildcard(v: string): string | null {
  if (!v.includes('*') && !v.includes('?')) return null;
  return v
    .replace(/[%_\\]/g, (c) => `\\${c}`)
    .replace(/\*/g, '%')
    .replace(/\?/g, '_');
}

function term(sql: Sql, field: string, value: string, now: Date): string {
  const any = value === '*';
  switch (field) {
    case 'organization':
    case 'owner_org': {
      if (any) return 'true';
      const w = wildcard(value);
      return w ? `tenant_id like ${sql.p(w)}` : `tenant_id = ${sql.p(value)}`;
    }
    case 'tags': {
      if (any) return `cardinality(keywords) > 0`;
      const w = wildcard(value);
      return w
        ? `exists (select 1 from unnest(keywords) k where k ilike ${sql.p(w)})`
        : `keywords @> array[${sql.p(value)}::text]`;
    }
    case 'groups':
      return any ? 'cardinality(themes) > 0' : `themes @> array[${sql.p(value.toUpperCase())}::text]`;
    case 'res_format':
      return any ? 'cardinality(formats) > 0' : `formats @> array[${sql.p(value.toUpperCase())}::text]`;
    case 'license_id':
      return any ? 'true' : `license_id = ${sql.p(value)}`;
    case 'name': {
      if (any) return 'true';
      const w = wildcard(value);
      return w ? `name like ${sql.p(w)}` : `name = ${sql.p(value)}`;
    }
    case 'id':
      return any ? 'true' : `id::text = ${sql.p(value)}`;
    case 'title':
    case 'notes':
    case 'text':
      return any ? 'true' : `search @@ plainto_tsquery('german', ${sql.p(value)})`;
    case 'type':
    case 'dataset_type':
      return value === 'dataset' || any ? 'true' : 'false';
    case 'state':
      return value === 'active' || any ? 'true' : 'false';
    case 'private':
      return value === 'false' || any ? 'true' : 'false';
    case 'metadata_modified':
    case 'metadata_created': {
      if (any) return 'true';
      const col = field === 'metadata_modified' ? 'modified_at' : 'created_at';
      return `${col} = ${sql.p(parseSolrDate(value, now))}`;
    }
    case 'platform':
      return value === 'true'
        ? 'platform_key is not null'
        : value === 'false'
          ? 'platform_key is null'
          : 'true';
    default:
      throw new SearchQueryError(`undefined field ${field}`);
  }
}

function range(sql: Sql, n: Extract<FqNode, { type: 'range' }>, now: Date): string {
  const col =
    n.field === 'metadata_modified'
      ? 'modified_at'
      : n.field === 'metadata_created'
        ? 'created_at'
        : n.field === 'num_resources'
          ? '(select count(*) from open_data.resources r where r.dataset_id = d.id)'
          : null;
  if (!col) throw new SearchQueryError(`range queries are not supported on field ${n.field}`);
  const numeric = n.field === 'num_resources';
  const val = (v: string) => {
    if (numeric) {
      if (!/^\d{1,9}$/.test(v)) throw new SearchQueryError(`Invalid number "${v}"`);
      return Number(v);
    }
    return parseSolrDate(v, now);
  };
  const parts: string[] = [];
  if (n.from !== '*') parts.push(`${col} ${n.inclusive[0] ? '>=' : '>'} ${sql.p(val(n.from))}`);
  if (n.to !== '*') parts.push(`${col} ${n.inclusive[1] ? '<=' : '<'} ${sql.p(val(n.to))}`);
  return parts.length ? parts.join(' and ') : 'true';
}

function compile(sql: Sql, n: FqNode, now: Date): string {
  switch (n.type) {
    case 'all':
      return 'true';
    case 'and':
      return `(${n.items.map((i) => compile(sql, i, now)).join(' and ')})`;
    case 'or':
      return `(${n.items.map((i) => compile(sql, i, now)).join(' or ')})`;
    case 'not':
      return `not (${compile(sql, n.item, now)})`;
    case 'term':
      return term(sql, n.field, n.value, now);
    case 'range':
      return range(sql, n, now);
  }
}

export interface SearchSpec {
  text: string | null;
  filters: FqNode[];
  sort: { field: string; dir: 'asc' | 'desc' }[];
  rows: number;
  start: number;
  facetFields: FacetField[];
  facetLimit: number;
  facetMinCount: number;
  now: Date;
}

export interface SearchOutcome {
  count: number;
  ids: string[];
  facets: Partial<Record<FacetField, { name: string; count: number }[]>>;
}

export async function searchDatasets(db: Queryable, spec: SearchSpec): Promise<SearchOutcome> {
  const sql = new Sql();
  const where = [`state = 'active'`];
  let scoreExpr = '1';
  if (spec.text) {
    const q = sql.p(spec.text);
    where.push(`search @@ websearch_to_tsquery('german', ${q})`);
    scoreExpr = `ts_rank(search, websearch_to_tsquery('german', ${q}))`;
  }
  for (const f of spec.filters) where.push(compile(sql, f, spec.now));
  const whereSql = where.join(' and ');
  const order = [
    ...spec.sort.map((s) => `${SORT_FIELDS[s.field]} ${s.dir}`),
    ...(spec.sort.some((s) => s.field === 'id') ? [] : ['id asc']),
  ].join(', ');
  const params = sql.params;
  // One statement: the matching set is computed once (materialised) and counted, paged and
  // faceted from there — one scan and one round trip instead of one per facet.
  const facetSql = spec.facetFields.map((f, i) => {
    const { expr, array } = FACET_SQL[f];
    const from = array ? `m, unnest(m.${expr}) as v(value)` : `(select m.${expr} as value from m) v`;
    return `(select coalesce(json_agg(json_build_array(value, n) order by n desc, value), '[]'::json) from (
        select value, count(*)::int as n from ${from} group by value having count(*) >= ${spec.facetMinCount}
        order by n desc, value limit ${spec.facetLimit}) f) as f${i}`;
  });
  const statement = `with m as materialized (
      select id, name, title, tenant_id, themes, keywords, formats, license_id, modified_at, created_at, ${scoreExpr} as score
      from open_data.datasets d where ${whereSql})
    select (select count(*)::int from m) as count,
      (select coalesce(array_agg(id::text order by rn), '{}') from (
         select id, row_number() over (order by ${order}) as rn from m order by ${order} limit ${spec.rows} offset ${spec.start}) p) as ids
      ${facetSql.length ? `, ${facetSql.join(', ')}` : ''}`;
  const { rows } = await db.query<Record<string, unknown> & { count: number; ids: string[] }>(
    statement,
    params,
  );
  const row = rows[0]!;
  const facets: SearchOutcome['facets'] = {};
  spec.facetFields.forEach((f, i) => {
    facets[f] = (row[`f${i}`] as [string, number][]).map(([name, count]) => ({ name, count }));
  });
  return { count: row.count, ids: row.ids, facets };
}
