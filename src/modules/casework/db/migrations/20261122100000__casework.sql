-- The casework module's own schema: cases, their electronic file, requests for information,
-- notices, the citizen postbox, notice templates and retention settings per service.
create schema casework;

-- Per-service settings: retention after closing and the processing time fallback.
create table casework.service_settings (
  service_slug text primary key check (service_slug ~ '^[a-z0-9-]{1,100}$'),
  retention_years int not null check (retention_years between 1 and 100),
  retention_action text not null check (retention_action in ('anonymise', 'delete')),
  updated_at timestamptz not null
);

-- Notice (Bescheid) templates per tenant and service; placeholders in {braces}.
create table casework.notice_templates (
  tenant_id text not null,
  service_slug text not null check (service_slug ~ '^[a-z0-9-]{1,100}$'),
  title text not null check (char_length(title) between 1 and 200),
  body text not null check (char_length(body) between 1 and 20000),
  updated_at timestamptz not null,
  updated_by uuid,
  primary key (tenant_id, service_slug)
);

create table casework.cases (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique check (char_length(reference) between 1 and 64),
  service_slug text not null,
  service_title text not null,
  tenant_id text not null,
  org_unit_id uuid not null,
  -- Applicant; cleared by anonymisation (retention) and unlinked when the account is deleted.
  applicant_account_id uuid,
  applicant_email text,
  applicant_name text,
  form_slug text not null,
  form_version int not null,
  data jsonb not null,
  summary jsonb not null,
  status text not null check (status in ('received', 'in_progress', 'waiting', 'approved', 'rejected',
    'partly_approved', 'closed', 'withdrawn')),
  -- The decision, kept when the case is closed afterwards.
  decision text check (decision in ('approved', 'rejected', 'partly_approved')),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high')),
  assignee_id uuid,
  assignee_name text,
  due_at timestamptz not null,
  submitted_at timestamptz not null,
  updated_at timestamptz not null,
  closed_at timestamptz,
  payment_status text not null check (payment_status in ('paid', 'due', 'none', 'failed')),
  payment_amount_cents int not null check (payment_amount_cents >= 0),
  kassenzeichen text,
  payment_provider text,
  anonymised_at timestamptz,
  -- Reference, applicant name and summary values, for full-text search (German).
  search_text text not null,
  search tsvector generated always as (to_tsvector('german'::regconfig, search_text)) stored
);
create index cases_unit_submitted on casework.cases (org_unit_id, submitted_at desc, id);
create index cases_tenant_submitted on casework.cases (tenant_id, submitted_at desc, id);
create index cases_submitted on casework.cases (submitted_at desc, id);
create index cases_applicant on casework.cases (applicant_account_id) where applicant_account_id is not null;
create index cases_assignee on casework.cases (assignee_id) where assignee_id is not null;
create index cases_open_due on casework.cases (due_at) where status not in ('closed', 'withdrawn', 'approved', 'rejected', 'partly_approved');
create index cases_closed on casework.cases (closed_at) where closed_at is not null and anonymised_at is null;
create index cases_search on casework.cases using gin (search);
create index cases_reference_lower on casework.cases (lower(reference) text_pattern_ops);

-- Documents of a case: application attachments, files answering a request, notices.
-- file_id is a kernel.files id (no foreign key across schemas).
create table casework.documents (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references casework.cases (id) on delete cascade,
  kind text not null check (kind in ('attachment', 'rfi_answer', 'notice')),
  file_id text not null,
  filename text not null,
  media_type text not null,
  size bigint not null,
  sha256 text not null,
  rfi_id uuid,
  created_at timestamptz not null
);
create index documents_case on casework.documents (case_id, created_at);

-- The electronic file: every event of a case in order. Append-only (see the trigger below).
create table casework.file_entries (
  id bigint generated always as identity primary key,
  case_id uuid not null references casework.cases (id) on delete cascade,
  at timestamptz not null,
  kind text not null check (kind ~ '^[a-z_]{1,40}$'),
  actor_id uuid,
  actor_label text,
  -- 'internal' entries (notes, assignment) are never shown to the citizen.
  visibility text not null check (visibility in ('internal', 'citizen')),
  data jsonb not null default '{}'
);
create index file_entries_case on casework.file_entries (case_id, id);

-- UPDATE and DELETE are refused, except inside a transaction of the retention job, which sets
-- casework.retention = 'on' locally (set_config(..., true)) to anonymise or delete old files.
create function casework.file_entries_append_only() returns trigger language plpgsql as $$
begin
  if coalesce(current_setting('casework.retention', true), '') = 'on' then
    if tg_op = 'DELETE' then return old; end if;
    return new;
  end if;
  raise exception 'casework.file_entries is append-only' using errcode = '42501';
end $$;
create trigger file_entries_append_only before update or delete on casework.file_entries
  for each row execute function casework.file_entries_append_only();

-- Requests for information (the clerk asks, the citizen answers in the portal).
create table casework.rfis (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references casework.cases (id) on delete cascade,
  question text not null check (char_length(question) between 1 and 5000),
  asked_by uuid,
  asked_at timestamptz not null,
  answer text check (char_length(answer) <= 10000),
  answered_at timestamptz
);
create index rfis_case on casework.rfis (case_id, asked_at);
create unique index rfis_one_open on casework.rfis (case_id) where answered_at is null;

-- Payments reported for a case (idempotent per reference and provider transaction).
create table casework.payments (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references casework.cases (id) on delete cascade,
  reference text not null,
  provider text not null,
  provider_tx_id text not null,
  status text not null check (status in ('paid', 'failed')),
  amount_cents int not null check (amount_cents >= 0),
  kassenzeichen text not null,
  at timestamptz not null,
  unique (reference, provider_tx_id)
);

-- The citizen's postbox: notices and messages.
create table casework.postbox (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  case_id uuid references casework.cases (id) on delete set null,
  kind text not null check (kind in ('notice', 'message')),
  subject text not null,
  body text not null,
  document_id uuid references casework.documents (id) on delete set null,
  created_at timestamptz not null,
  read_at timestamptz
);
create index postbox_account on casework.postbox (account_id, created_at desc);

-- What each retention run did (also in the audit log).
create table casework.retention_runs (
  id uuid primary key default gen_random_uuid(),
  ran_at timestamptz not null,
  anonymised int not null,
  deleted int not null,
  files_deleted int not null,
  references_done jsonb not null default '[]'
);
