-- Site-wide search (src/kernel/search). Modules feed documents through kernel.search; the
-- kernel owns the table. German full-text search with weights (title A, summary B, body C) plus
-- trigrams on the title for partial words ("genehmigung" → "Baugenehmigung") and typos.
create extension if not exists pg_trgm;

create table kernel.search_documents (
  source text not null check (source ~ '^[a-z][a-z0-9_-]{0,62}$'),
  id text not null check (length(id) between 1 and 200),
  tenant_id text references kernel.tenants (id) on delete cascade,
  title text not null check (length(title) between 1 and 500),
  summary text not null default '',
  body text not null default '',
  -- Same-site path ("/kommunen/neuss") or absolute http(s) URL; checked by the application too.
  url text not null check (url ~ '^(/[^/\\]|/$|https?://)'),
  visibility text not null check (visibility in ('public', 'staff')),
  lang text not null default 'de' check (lang in ('de', 'en')),
  updated_at timestamptz not null,
  -- When this row was last written; a rebuild removes the rows of a source it did not write.
  indexed_at timestamptz not null default clock_timestamp(),
  document tsvector generated always as (
    setweight(to_tsvector('german', title), 'A') ||
    setweight(to_tsvector('german', summary), 'B') ||
    setweight(to_tsvector('german', body), 'C')
  ) stored,
  primary key (source, id)
);
create index search_documents_document on kernel.search_documents using gin (document);
create index search_documents_title_trgm on kernel.search_documents using gin (title gin_trgm_ops);
create index search_documents_tenant on kernel.search_documents (tenant_id);
