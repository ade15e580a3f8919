-- The open-data module's own schema: datasets and their resources (distributions), change
-- history, per-user CKAN API tokens and anonymous per-day view/download counters.
create schema open_data;

-- One dataset (CKAN "package", DCAT dcat:Dataset). Organisation = kernel tenant (by id, no FK);
-- publisher office = kernel org unit (by id). Platform datasets (registered by other modules
-- through kernel.extensions.registerDataset) are mirrored here with platform_key set; they are
-- read-only for editors and the CKAN write API.
create table open_data.datasets (
  id uuid primary key,
  name text not null unique check (name ~ '^[a-z0-9][a-z0-9_-]{1,99}$'),
  tenant_id text not null,
  org_unit_id uuid,
  title text not null check (char_length(title) between 1 and 300),
  notes text not null default '' check (char_length(notes) <= 20000),
  keywords text[] not null default '{}',
  themes text[] not null default '{}',
  formats text[] not null default '{}',
  temporal_start date,
  temporal_end date,
  frequency text,
  license_id text not null,
  attribution text,
  contact_name text,
  contact_email text,
  landing_page text,
  platform_key text unique,
  -- Fingerprint of the platform source state that was mirrored (modified date).
  platform_version text,
  state text not null default 'active' check (state in ('active', 'deleted')),
  issued timestamptz not null,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  search tsvector not null default ''::tsvector
);
create index datasets_search on open_data.datasets using gin (search);
create index datasets_tenant on open_data.datasets (tenant_id);
create index datasets_modified on open_data.datasets (modified_at, id);
create index datasets_keywords on open_data.datasets using gin (keywords);
create index datasets_themes on open_data.datasets using gin (themes);
create index datasets_formats on open_data.datasets using gin (formats);

-- One resource (CKAN) / distribution (DCAT): an uploaded file (file_id → kernel.files), an
-- external URL, or a rendered platform distribution (platform_distribution).
create table open_data.resources (
  id uuid primary key,
  dataset_id uuid not null references open_data.datasets (id) on delete cascade,
  position int not null,
  name text not null check (char_length(name) between 1 and 300),
  description text not null default '' check (char_length(description) <= 5000),
  url text,
  file_id uuid,
  platform_distribution text,
  format text not null default '',
  media_type text,
  byte_size bigint check (byte_size >= 0),
  checksum text,
  created_at timestamptz not null,
  modified_at timestamptz not null,
  check ((url is not null)::int + (file_id is not null)::int + (platform_distribution is not null)::int = 1)
);
create index resources_dataset on open_data.resources (dataset_id, position);

-- Change history: every create/update/delete of a dataset or its resources.
create table open_data.revisions (
  id bigserial primary key,
  dataset_id uuid not null references open_data.datasets (id) on delete cascade,
  at timestamptz not null,
  actor_id uuid,
  actor_name text,
  action text not null,
  changes jsonb not null default '{}'
);
create index revisions_dataset on open_data.revisions (dataset_id, at desc);

-- Per-user API tokens for the CKAN write API. Only the SHA-256 of the token is stored.
create table open_data.api_tokens (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  name text not null check (char_length(name) between 1 and 100),
  token_hash text not null unique,
  created_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_account on open_data.api_tokens (account_id);

-- Anonymous counters per dataset and day (no cookies, no IPs, nothing personal).
create table open_data.daily_stats (
  dataset_id uuid not null references open_data.datasets (id) on delete cascade,
  day date not null,
  views int not null default 0,
  downloads int not null default 0,
  primary key (dataset_id, day)
);

-- The full-text document of a dataset (German stemming): title, keywords, description, name.
create function open_data.datasets_search_doc() returns trigger language plpgsql as $$
begin
  new.search :=
    setweight(to_tsvector('german', coalesce(new.title, '')), 'A') ||
    setweight(to_tsvector('german', array_to_string(new.keywords, ' ')), 'B') ||
    setweight(to_tsvector('simple', replace(new.name, '-', ' ')), 'B') ||
    setweight(to_tsvector('german', coalesce(new.notes, '')), 'C');
  return new;
end $$;
create trigger datasets_search_doc before insert or update of title, keywords, notes, name
  on open_data.datasets for each row execute function open_data.datasets_search_doc();
