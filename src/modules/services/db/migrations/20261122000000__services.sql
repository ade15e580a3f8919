-- The services module's schema: the OZG/LeiKa catalogue (imported from catalogue/*.csv) and the
-- local services of the Kreis and its municipalities with their per-tenant responsibilities.
create schema services;
create extension if not exists pg_trgm;

-- OZG life and business situations (Lebenslagen) with their Themenfeld.
create table services.lebenslagen (
  themenfeld text not null,
  lebenslage text not null,
  primary key (themenfeld, lebenslage)
);

-- OZG services (Leistungsbündel) with Lebenslage and Themenfeld.
create table services.ozg_services (
  ozg_id integer primary key,
  title text not null,
  lebenslage text not null,
  themenfeld text not null
);

-- LeiKa services. id = the 14-digit key, or "x-" + a hash of title and OZG id for rows that
-- the source marks "nicht im LeiKa". Themenfeld/Lebenslage are copied from the OZG service so
-- the finder can facet without a join.
create table services.catalogue (
  id text primary key check (id ~ '^([0-9]{14}|x-[0-9a-f]{16})$'),
  leika_key text check (leika_key ~ '^[0-9]{14}$'),
  title text not null,
  typisierung text not null default '',
  ozg_id integer,
  legal_basis text not null default '',
  themenfeld text,
  lebenslage text,
  document tsvector generated always as (
    setweight(to_tsvector('german', title), 'A') ||
    setweight(to_tsvector('german', coalesce(lebenslage, '')), 'C')
  ) stored
);
create index catalogue_document on services.catalogue using gin (document);
create index catalogue_themenfeld on services.catalogue (themenfeld);

-- Content hash of the last catalogue import, so the reference seed skips an unchanged source.
create table services.import_state (
  source text primary key,
  sha256 text not null,
  imported_at timestamptz not null
);

-- Local services. Content is owned by one tenant (the Kreis for Kreis-level services and for the
-- shared text of municipal services); who is responsible where is in services.responsibilities.
create table services.services (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
  level text not null check (level in ('kreis', 'gemeinde')),
  owner_tenant_id text not null,
  leika_key text check (leika_key ~ '^[0-9]{14}$'),
  ozg_id integer,
  themenfeld text,
  lebenslagen text[] not null default '{}',
  title_de text not null check (length(title_de) between 1 and 200),
  title_en text not null check (length(title_en) between 1 and 200),
  summary_de text not null default '' check (length(summary_de) <= 1000),
  summary_en text not null default '' check (length(summary_en) <= 1000),
  -- Markdown; rendered with marked and sanitised with an allow-list on output.
  body_de text not null default '' check (length(body_de) <= 20000),
  body_en text not null default '' check (length(body_en) <= 20000),
  easy_language_de text not null default '' check (length(easy_language_de) <= 5000),
  keywords text not null default '' check (length(keywords) <= 1000),
  -- [{ "label": {"de","en"}, "amount": "10,20 €", "legalBasis": "…" }]
  fees jsonb not null default '[]',
  -- [{ "de": "…", "en": "…" }]
  documents jsonb not null default '[]',
  processing_days integer check (processing_days between 0 and 3650),
  processing_de text not null default '' check (length(processing_de) <= 500),
  processing_en text not null default '' check (length(processing_en) <= 500),
  legal_basis text not null default '' check (length(legal_basis) <= 2000),
  channels text[] not null default '{}'
    check (channels <@ array['online', 'appointment', 'in_person', 'phone', 'email']::text[]),
  online_url text check (online_url ~ '^(/[^/\\]|https://)'),
  appointment_url text check (appointment_url ~ '^(/[^/\\]|https://)'),
  published boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  document tsvector generated always as (
    setweight(to_tsvector('german', title_de), 'A') ||
    setweight(to_tsvector('german', keywords), 'B') ||
    setweight(to_tsvector('german', summary_de || ' ' || body_de), 'C')
  ) stored
);
create index services_document on services.services using gin (document);

-- Zuständigkeit: for each tenant where the service is offered (for_tenant_id: the Kreis for
-- Kreis-level services, each municipality for municipal ones), the responsible tenant and org unit
-- (a municipality may rely on a Kreis office, e.g. the Kreisjugendamt). Ids refer to
-- kernel.tenants / kernel.org_units (no foreign keys into other schemas).
create table services.responsibilities (
  service_id uuid not null references services.services (id) on delete cascade,
  for_tenant_id text not null,
  responsible_tenant_id text not null,
  org_unit_id uuid not null,
  -- Local addition (Markdown), e.g. the town's tax rates.
  note_de text not null default '' check (length(note_de) <= 5000),
  note_en text not null default '' check (length(note_en) <= 5000),
  updated_at timestamptz not null,
  primary key (service_id, for_tenant_id)
);
create index responsibilities_tenant on services.responsibilities (for_tenant_id);

-- Lexicon of the words in catalogue and local service titles and keywords. The finder matches
-- each query word against it by trigrams (one typo: similarity; partial word: "genehmigung" is
-- part of "baugenehmigung") and searches the full-text index with the words found (stemmed).
create table services.search_words (
  word text primary key check (length(word) between 2 and 60)
);
create index search_words_trgm on services.search_words using gist (word gist_trgm_ops);
