import type pg from 'pg';

/**
 * A fee as stored. `amount` is the display text ("24,00 €", "10,00 € bis 30,00 €", "nach Aufwand");
 * fees entered in the editor also carry the amount (or range) in cents.
 */
export interface StoredFee {
  label: { de: string; en: string };
  amount: string;
  legalBasis: string;
  minCents?: number;
  maxCents?: number;
}

/** A local service as stored. */
export interface ServiceRow {
  id: string;
  slug: string;
  level: 'kreis' | 'gemeinde';
  owner_tenant_id: string;
  leika_key: string | null;
  ozg_id: number | null;
  themenfeld: string | null;
  lebenslagen: string[];
  title_de: string;
  title_en: string;
  summary_de: string;
  summary_en: string;
  body_de: string;
  body_en: string;
  easy_language_de: string;
  keywords: string;
  fees: StoredFee[];
  documents: { de: string; en: string }[];
  processing_days: number | null;
  processing_de: string;
  processing_en: string;
  legal_basis: string;
  channels: string[];
  online_url: string | null;
  appointment_url: string | null;
  published: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ResponsibilityRow {
  service_id: string;
  for_tenant_id: string;
  responsible_tenant_id: string;
  org_unit_id: string;
  note_de: string;
  note_en: string;
  contact_name: string;
  contact_phone: string;
  contact_email: string;
  updated_at: Date;
}

export interface CatalogueRow {
  id: string;
  leika_key: string | null;
  title: string;
  typisierung: string;
  ozg_id: number | null;
  legal_basis: string;
  themenfeld: string | null;
  lebenslage: string | null;
  ozg_title: string | null;
}

type Q = Pick<pg.Pool, 'query'>;

const COLUMNS = `id, slug, level, owner_tenant_id, leika_key, ozg_id, themenfeld, lebenslagen, title_de, title_en,
  summary_de, summary_en, body_de, body_en, easy_language_de, keywords, fees, documents, processing_days,
  processing_de, processing_en, legal_basis, channels, online_url, appointment_url, published, created_at, updated_at`;

export async function selectServiceBySlug(
  db: Q,
  slug: string,
  forUpdate = false,
): Promise<ServiceRow | null> {
  const r = await db.query<ServiceRow>(
    `select ${COLUMNS} from services.services where slug = $1${forUpdate ? ' for update' : ''}`,
    [slug],
  );
  return r.rows[0] ?? null;
}

export async function selectServices(db: Q, opts: { publishedOnly: boolean }): Promise<ServiceRow[]> {
  const r = await db.query<ServiceRow>(
    `select ${COLUMNS} from services.services where published or not $1 order by title_de collate "C", slug`,
    [opts.publishedOnly],
  );
  return r.rows;
}

export async function selectResponsibilities(db: Q, serviceIds: string[]): Promise<ResponsibilityRow[]> {
  if (serviceIds.length === 0) return [];
  const r = await db.query<ResponsibilityRow>(
    `select * from services.responsibilities where service_id = any($1::uuid[]) order by for_tenant_id`,
    [serviceIds],
  );
  return r.rows;
}

export async function selectResponsibility(
  db: Q,
  slug: string,
  forTenantId: string,
): Promise<{ level: 'kreis' | 'gemeinde'; row: ResponsibilityRow | null } | null> {
  const r = await db.query<ResponsibilityRow & { level: 'kreis' | 'gemeinde' }>(
    `select s.level, r.* from services.services s
     left join services.responsibilities r on r.service_id = s.id and r.for_tenant_id = $2
     where s.slug = $1`,
    [slug, forTenantId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { level: row.level, row: row.org_unit_id ? row : null };
}

export async function selectCatalogueEntry(db: Q, id: string): Promise<CatalogueRow | null> {
  const r = await db.query<CatalogueRow>(
    `select c.*, o.title as ozg_title from services.catalogue c
     left join services.ozg_services o on o.ozg_id = c.ozg_id where c.id = $1`,
    [id],
  );
  return r.rows[0] ?? null;
}

export async function selectLastModified(db: Q): Promise<Date | null> {
  const r = await db.query<{ m: Date | null }>(
    `select greatest((select max(updated_at) from services.services),
                     (select max(updated_at) from services.responsibilities)) as m`,
  );
  return r.rows[0]?.m ?? null;
}

/** Adds the words of catalogue titles and local service titles/keywords to the search lexicon. */
export async function refreshSearchWords(db: Q): Promise<void> {
  await db.query(
    `insert into services.search_words (word)
     select distinct w from (
       select unnest(tsvector_to_array(to_tsvector('simple', title))) as w from services.catalogue
       union all
       select unnest(tsvector_to_array(to_tsvector('simple', title_de || ' ' || keywords))) from services.services
     ) x where length(w) between 2 and 60
     on conflict do nothing`,
  );
}

export interface SearchParams {
  /** Query words (lower case, letters and digits only), at most 8. */
  words: string[];
  /** The raw query for the exact-match ranking bonus ('' when none). */
  text: string;
  themenfeld: string | null;
  lebenslage: string | null;
  /** Municipality tenant id: services offered to residents of that town (Kreis services included). */
  municipality: string | null;
  channel: string | null;
  includeCatalogue: boolean;
  limit: number;
  offset: number;
}

export interface SearchHitRow {
  kind: 'local' | 'catalogue';
  key: string;
  title_de: string;
  title_en: string | null;
  summary_de: string;
  summary_en: string;
  themenfeld: string | null;
  lebenslagen: string[];
  channels: string[];
  level: 'kreis' | 'gemeinde' | null;
  leika_key: string | null;
  ozg_id: number | null;
}

export interface SearchResultRow {
  total: number;
  kreisCount: number;
  items: SearchHitRow[];
  themenfeld: { value: string; count: number }[];
  lebenslage: { value: string; count: number }[];
  channel: { value: string; count: number }[];
  municipality: { value: string; count: number }[];
}

/**
 * One statement. Each query word is expanded through the lexicon (trigram similarity ≥ 0.5 for
 * one typo, substring for partial words); each alternative is stemmed (german) and alternatives
 * with the same stem collapse; the alternatives of a word are OR-ed and the words AND-ed into one
 * tsquery. Local services rank before catalogue entries: local ones by ts_rank_cd plus a bonus for
 * an exact websearch match, catalogue ones by title match, then shorter titles first. Facet counts
 * are over the whole filtered result. A query of stop words only finds nothing.
 */
export async function searchServices(db: Q, p: SearchParams): Promise<SearchResultRow> {
  const r = await db.query<{ result: SearchResultRow }>({
    // Named: prepared once per connection, so the plan is not rebuilt for every search.
    name: 'services-search',
    text: `with q as (
       select * from unnest($1::text[]) with ordinality as t(w, n)
       where numnode(plainto_tsquery('german', w)) > 0
     ),
     alts as (
       select q.n, string_agg(distinct x.lex, ' | ') as alt
       from q cross join lateral (
         select l.word from services.search_words l where l.word % q.w and similarity(l.word, q.w) >= 0.5
         union select l.word from services.search_words l where length(q.w) >= 4 and l.word like '%' || q.w || '%'
         union select q.w
       ) a
       -- Stemmed once per alternative; words with the same stem collapse into one term.
       cross join lateral (select to_tsquery('german', quote_literal(a.word))::text as lex) x
       where x.lex <> ''
       group by q.n
     ),
     tsq as (
       select (select case when count(*) = 0 then null
                           else string_agg('(' || alt || ')', ' & ')::tsquery end from alts) as tsq,
              websearch_to_tsquery('german', $2) as exact
     ),
     matched as materialized (
       select 'local'::text as kind, s.slug as key, s.title_de, s.title_en, s.summary_de, s.summary_en,
              s.themenfeld, s.lebenslagen, s.channels, s.level, s.leika_key, s.ozg_id, s.id as service_id,
              case when t.tsq is null then 0
                   else ts_rank_cd(s.document, t.tsq, 32) + case when s.document @@ t.exact then 1 else 0 end end as score
       from services.services s, tsq t
       where s.published
         and (cardinality($1::text[]) = 0 or s.document @@ t.tsq)
         and ($3::text is null or s.themenfeld = $3)
         and ($4::text is null or $4 = any(s.lebenslagen))
         and ($5::text is null or s.level = 'kreis' or exists (
               select 1 from services.responsibilities r where r.service_id = s.id and r.for_tenant_id = $5))
         and ($6::text is null or $6 = any(s.channels))
       union all
       select 'catalogue', c.id, c.title, null, '', '', c.themenfeld,
              case when c.lebenslage is null then '{}'::text[] else array[c.lebenslage] end,
              '{}'::text[], null, c.leika_key, c.ozg_id, null,
              -- Catalogue: title matches the words as typed (stemmed), then title matches an
              -- expansion, then Lebenslage-only matches; within each, shorter (more general) titles
              -- first ("Baugenehmigung" before "Baugenehmigung Erteilung für …"). Cheaper than
              -- ts_rank_cd over hundreds of rows with a many-term query.
              case when v.tv @@ t.exact then 2 when v.tv @@ t.tsq then 1 else 0 end + 1.0 / (10 + length(c.title))
       from services.catalogue c cross join lateral (select to_tsvector('german', c.title) as tv) v, tsq t
       where $7 and t.tsq is not null and c.document @@ t.tsq
         and ($3::text is null or c.themenfeld = $3)
         and ($4::text is null or c.lebenslage = $4)
         and $5::text is null and $6::text is null
     )
     select json_build_object(
       'total', (select count(*) from matched),
       'kreisCount', (select count(*) from matched where level = 'kreis'),
       'items', coalesce((select json_agg(x) from (
           select kind, key, title_de, title_en, summary_de, summary_en, themenfeld, lebenslagen, channels, level,
                  leika_key, ozg_id
           from matched order by kind = 'local' desc, score desc, title_de collate "C", key
           limit $8 offset $9) x), '[]'),
       'themenfeld', coalesce((select json_agg(x order by x.count desc, x.value) from (
           select themenfeld as value, count(*) as count from matched where themenfeld is not null
           group by themenfeld) x), '[]'),
       'lebenslage', coalesce((select json_agg(x order by x.count desc, x.value) from (
           select l as value, count(*) as count from matched, unnest(lebenslagen) l group by l) x), '[]'),
       'channel', coalesce((select json_agg(x order by x.value) from (
           select c as value, count(*) as count from matched, unnest(channels) c group by c) x), '[]'),
       'municipality', coalesce((select json_agg(x order by x.value) from (
           select r.for_tenant_id as value, count(distinct m.key) as count
           from matched m join services.responsibilities r on r.service_id = m.service_id
           where m.level = 'gemeinde' group by r.for_tenant_id) x), '[]')
     ) as result`,
    values: [
      p.words,
      p.text,
      p.themenfeld,
      p.lebenslage,
      p.municipality,
      p.channel,
      p.includeCatalogue,
      p.limit,
      p.offset,
    ],
  });
  return r.rows[0]!.result;
}

export async function selectFacetValues(db: Q): Promise<{ themenfelder: string[]; lebenslagen: string[] }> {
  const r = await db.query<{ kind: string; value: string }>(
    `select distinct 't' as kind, themenfeld as value from services.ozg_services
     union select distinct 't', themenfeld from services.services where themenfeld is not null
     union select distinct 'l', lebenslage from services.ozg_services
     union select distinct 'l', unnest(lebenslagen) from services.services`,
  );
  return {
    themenfelder: r.rows.filter((x) => x.kind === 't').map((x) => x.value),
    lebenslagen: r.rows.filter((x) => x.kind === 'l').map((x) => x.value),
  };
}

export interface ServiceContent {
  title_de: string;
  title_en: string;
  summary_de: string;
  summary_en: string;
  body_de: string;
  body_en: string;
  easy_language_de: string;
  lebenslagen: string[];
  channels: string[];
  online_url: string | null;
  appointment_url: string | null;
  documents: { de: string; en: string }[];
  fees: StoredFee[];
  processing_days: number | null;
  processing_de: string;
  processing_en: string;
  legal_basis: string;
}

export interface ResponsibilityEdit {
  org_unit_id: string;
  note_de: string;
  note_en: string;
  contact_name: string;
  contact_phone: string;
  contact_email: string;
}

export interface ServiceEdit {
  content: ServiceContent | null;
  responsibility: ResponsibilityEdit | null;
}

/** Updates content (owner tenant) and/or the tenant's responsibility row. */
export async function updateService(
  db: Q,
  serviceId: string,
  tenantId: string,
  edit: ServiceEdit,
  now: Date,
): Promise<void> {
  if (edit.content) {
    const c = edit.content;
    await db.query(
      `update services.services set title_de = $2, title_en = $3, summary_de = $4, summary_en = $5,
         body_de = $6, body_en = $7, easy_language_de = $8, lebenslagen = $9, channels = $10, online_url = $11,
         appointment_url = $12, documents = $13, fees = $14, processing_days = $15, processing_de = $16,
         processing_en = $17, legal_basis = $18, updated_at = $19
       where id = $1`,
      [
        serviceId,
        c.title_de,
        c.title_en,
        c.summary_de,
        c.summary_en,
        c.body_de,
        c.body_en,
        c.easy_language_de,
        c.lebenslagen,
        c.channels,
        c.online_url,
        c.appointment_url,
        JSON.stringify(c.documents),
        JSON.stringify(c.fees),
        c.processing_days,
        c.processing_de,
        c.processing_en,
        c.legal_basis,
        now,
      ],
    );
  }
  if (edit.responsibility) {
    const r = edit.responsibility;
    await db.query(
      `update services.responsibilities set org_unit_id = $3, note_de = $4, note_en = $5, contact_name = $6,
         contact_phone = $7, contact_email = $8, updated_at = $9
       where service_id = $1 and for_tenant_id = $2`,
      [
        serviceId,
        tenantId,
        r.org_unit_id,
        r.note_de,
        r.note_en,
        r.contact_name,
        r.contact_phone,
        r.contact_email,
        now,
      ],
    );
  }
}

/** The OZG Lebenslagen an editor may assign (value = the Lebenslage, with its Themenfeld). */
export async function selectLebenslagenList(db: Q): Promise<{ themenfeld: string; lebenslage: string }[]> {
  const r = await db.query<{ themenfeld: string; lebenslage: string }>(
    `select themenfeld, lebenslage from services.lebenslagen order by themenfeld, lebenslage`,
  );
  return r.rows;
}

export interface LebenslageRow {
  themenfeld: string;
  lebenslage: string;
  count: number;
}

/** All OZG Lebenslagen with the number of local and catalogue services in each. */
export async function selectLebenslagen(db: Q): Promise<LebenslageRow[]> {
  const r = await db.query<LebenslageRow>(
    `select l.themenfeld, l.lebenslage,
       ((select count(*) from services.services s where s.published and l.lebenslage = any(s.lebenslagen))
        + (select count(*) from services.catalogue c where c.lebenslage = l.lebenslage))::int as count
     from services.lebenslagen l order by l.themenfeld, l.lebenslage`,
  );
  return r.rows;
}
