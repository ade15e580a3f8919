import type { Database } from '../db/database.ts';
import type { Lang } from '../i18n/index.ts';
import { buildSnippet, matchTerms } from './snippet.ts';
import { cleanIndexText, MAX_QUERY_LENGTH } from './text.ts';
import type { SearchDocument, SearchHit, SearchQuery, SearchResult, Visibility } from './types.ts';

const SOURCE_RE = /^[a-z][a-z0-9_-]{0,62}$/;
/** Word similarity a title needs to count as a trigram match (PostgreSQL's default is 0.6). */
const TRIGRAM_THRESHOLD = '0.5';
const MAX_BODY = 200_000;

export class InvalidSearchDocumentError extends Error {
  override name = 'InvalidSearchDocumentError';
}

function checkUrl(url: string): boolean {
  if (url.length > 2000 || /[\u0000-\u001f\s]/.test(url)) return false;
  if (url === '/') return true;
  if (url.startsWith('/')) return !url.startsWith('//') && !url.startsWith('/\\');
  return /^https?:\/\/[^/\s]+/.test(url);
}

function validate(doc: SearchDocument): void {
  const bad = (what: string) =>
    new InvalidSearchDocumentError(`search document ${doc.source}/${doc.id}: ${what}`);
  if (!SOURCE_RE.test(doc.source)) throw bad('source must match [a-z][a-z0-9_-]*');
  if (!doc.id || doc.id.length > 200) throw bad('id must have 1 to 200 characters');
  if (!doc.title.trim()) throw bad('title is empty');
  if (!checkUrl(doc.url)) throw bad('url must be a same-site path or an http(s) URL');
  if (!['public', 'staff'].includes(doc.visibility)) throw bad('visibility must be public or staff');
  if (!['de', 'en'].includes(doc.lang)) throw bad('lang must be de or en');
  if (!(doc.updatedAt instanceof Date) || Number.isNaN(doc.updatedAt.getTime()))
    throw bad('updatedAt is not a date');
}

const CONTENT_COLUMNS = ['tenant_id', 'title', 'summary', 'body', 'url', 'visibility', 'lang', 'updated_at'];
// An older version arriving late (events out of order) does not overwrite a newer one, but the
// row still counts as written (indexed_at) so that a rebuild does not sweep it away.
const KEEP_NEWER = CONTENT_COLUMNS.map(
  (c) => `${c} = case when excluded.updated_at >= d.updated_at then excluded.${c} else d.${c} end`,
).join(',\n       ');

export async function upsertDocument(db: Database, doc: SearchDocument): Promise<void> {
  validate(doc);
  await db.pool.query(
    `insert into kernel.search_documents as d (source, id, tenant_id, title, summary, body, url, visibility, lang, updated_at, indexed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, clock_timestamp())
     on conflict (source, id) do update set
       ${KEEP_NEWER},
       indexed_at = excluded.indexed_at`,
    [
      doc.source,
      doc.id,
      doc.tenantId,
      cleanIndexText(doc.title.trim(), 500),
      cleanIndexText(doc.summary, 5000),
      cleanIndexText(doc.body ?? '', MAX_BODY),
      doc.url,
      doc.visibility,
      doc.lang,
      doc.updatedAt,
    ],
  );
}

export async function removeDocument(db: Database, source: string, id: string): Promise<boolean> {
  const res = await db.pool.query(`delete from kernel.search_documents where source = $1 and id = $2`, [
    source,
    id,
  ]);
  return (res.rowCount ?? 0) > 0;
}

/** Removes the rows of a source written before `since` (the start of a rebuild). */
export async function removeStale(db: Database, source: string, since: Date): Promise<number> {
  const res = await db.pool.query(
    `delete from kernel.search_documents where source = $1 and indexed_at < $2`,
    [source, since],
  );
  return res.rowCount ?? 0;
}

export async function databaseNow(db: Database): Promise<Date> {
  const { rows } = await db.pool.query<{ now: Date }>(`select clock_timestamp() as now`);
  return rows[0]!.now;
}

interface HitRow {
  source: string;
  id: string;
  tenant_id: string | null;
  title: string;
  summary: string;
  body: string;
  url: string;
  visibility: Visibility;
  lang: Lang;
  updated_at: Date;
  lexemes: string[];
  total: number | string;
}

/**
 * Full-text matches (websearch syntax, so quotes and operators in user text are plain input and
 * never a syntax error) rank first by ts_rank_cd, boosted by title similarity; titles that only
 * match by trigrams (partial words, typos) follow.
 */
export async function queryDocuments(db: Database, query: SearchQuery): Promise<SearchResult> {
  const q = query.q.replace(/\u0000/g, '').slice(0, MAX_QUERY_LENGTH);
  const limit = Math.max(0, Math.min(100, Math.trunc(query.limit)));
  const offset = Math.max(0, Math.trunc(query.offset));
  if (!q.trim() || limit === 0) return { total: 0, hits: [] };
  const sources =
    query.source === undefined ? null : typeof query.source === 'string' ? [query.source] : [...query.source];
  const staff = query.visibility === 'staff';
  const staffTenants =
    !staff || query.staffTenantIds === undefined || query.staffTenantIds === 'all'
      ? null
      : [...query.staffTenantIds];
  // Trigrams on one or two letters match almost anything.
  const useTrigrams = q.replace(/[^\p{L}\p{N}]/gu, '').length >= 3;
  const params = [q, query.tenantId ?? null, sources, staff, staffTenants, useTrigrams];
  const filters = `($2::text is null or d.tenant_id = $2)
      and ($3::text[] is null or d.source = any($3))
      and (d.visibility = 'public' or ($4 and ($5::text[] is null or d.tenant_id = any($5))))
      and (d.document @@ q.tsq or ($6 and $1 <% d.title))`;

  const client = await db.pool.connect();
  try {
    await client.query('begin read only');
    await client.query(`select set_config('pg_trgm.word_similarity_threshold', $1, true)`, [
      TRIGRAM_THRESHOLD,
    ]);
    const { rows } = await client.query<HitRow>(
      `with q as (select websearch_to_tsquery('german', $1) as tsq, tsvector_to_array(to_tsvector('german', $1)) as lexemes)
       select d.source, d.id, d.tenant_id, d.title, d.summary, left(d.body, 20000) as body, d.url, d.visibility, d.lang, d.updated_at,
              q.lexemes, count(*) over () as total
       from kernel.search_documents d, q
       where ${filters}
       order by (d.document @@ q.tsq) desc,
                ts_rank_cd(d.document, q.tsq, 32) + 0.3 * word_similarity($1, d.title) desc,
                d.updated_at desc, d.source, d.id
       limit ${limit} offset ${offset}`,
      params,
    );
    let total = rows[0] ? Number(rows[0].total) : 0;
    if (!rows.length && offset > 0) {
      const c = await client.query<{ n: number | string }>(
        `with q as (select websearch_to_tsquery('german', $1) as tsq) select count(*) as n from kernel.search_documents d, q where ${filters}`,
        params,
      );
      total = Number(c.rows[0]!.n);
    }
    await client.query('commit');
    const words = q.split(' ');
    const hits: SearchHit[] = rows.map((r) => {
      const terms = matchTerms({ lexemes: r.lexemes, words });
      return {
        source: r.source,
        id: r.id,
        tenantId: r.tenant_id,
        title: r.title,
        summary: r.summary,
        url: r.url,
        visibility: r.visibility,
        lang: r.lang,
        updatedAt: r.updated_at,
        snippet: buildSnippet([r.summary, r.body], terms),
      };
    });
    return { total, hits };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
