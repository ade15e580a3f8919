-- Online applications: form definitions (versioned), drafts, submissions, payments.
create schema if not exists applications;

create table applications.form_definitions (
  slug text not null,
  version integer not null check (version > 0),
  status text not null check (status in ('draft', 'published', 'retired')),
  definition jsonb not null,
  created_at timestamptz not null,
  created_by uuid,
  published_at timestamptz,
  primary key (slug, version)
);
-- At most one draft per form.
create unique index form_definitions_one_draft on applications.form_definitions (slug) where status = 'draft';

create table applications.drafts (
  id uuid primary key default gen_random_uuid(),
  form_slug text not null,
  form_version integer not null,
  -- Owner: a citizen account, or (anonymous) the hash of the browser key cookie.
  account_id uuid,
  browser_key_hash text,
  answers jsonb not null default '{}'::jsonb,
  -- Steps the applicant has completed (ids).
  completed text[] not null default '{}',
  declarations text[] not null default '{}',
  status text not null default 'open' check (status in ('open', 'submitted')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (account_id is not null or browser_key_hash is not null),
  foreign key (form_slug, form_version) references applications.form_definitions (slug, version)
);
create index drafts_account on applications.drafts (account_id) where account_id is not null;
create index drafts_updated on applications.drafts (updated_at) where status = 'open';

-- Single-use resume links for anonymous drafts (7 days).
create table applications.resume_tokens (
  token_hash text primary key,
  draft_id uuid not null references applications.drafts (id) on delete cascade,
  email text not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null
);
create index resume_tokens_draft on applications.resume_tokens (draft_id);

create table applications.submissions (
  id uuid primary key default gen_random_uuid(),
  -- One submission per application: the database refuses a second one (double click, two tabs).
  draft_id uuid not null unique references applications.drafts (id),
  reference text not null unique,
  form_slug text not null,
  form_version integer not null,
  service_slug text not null,
  tenant_id text not null,
  org_unit_id text not null,
  account_id uuid,
  browser_key_hash text,
  applicant_email text not null,
  applicant_name text not null,
  answers jsonb not null,
  summary jsonb not null,
  attachments jsonb not null,
  fee_cents integer not null default 0,
  fee_lines jsonb not null default '[]'::jsonb,
  payment_mode text not null check (payment_mode in ('none', 'before', 'later')),
  payment_status text not null check (payment_status in ('none', 'due', 'paid')),
  status text not null check (status in ('awaiting_payment', 'submitted')),
  case_id text,
  kassenzeichen text,
  submitted_at timestamptz not null,
  case_opened_at timestamptz,
  foreign key (form_slug, form_version) references applications.form_definitions (slug, version)
);
create index submissions_account on applications.submissions (account_id) where account_id is not null;

create table applications.payments (
  id uuid primary key default gen_random_uuid(),
  submission_id uuid not null references applications.submissions (id),
  provider text not null,
  provider_tx_id text not null,
  amount_cents integer not null check (amount_cents > 0),
  status text not null check (status in ('pending', 'paid', 'failed', 'cancelled')),
  kassenzeichen text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  -- Callbacks are idempotent per provider transaction.
  unique (provider, provider_tx_id)
);
create index payments_submission on applications.payments (submission_id);

-- The built-in test cashier's own state (stands in for an external payment provider).
create sequence applications.testkasse_seq;
create table applications.testkasse_tx (
  tx_id text primary key,
  reference text not null,
  amount_cents integer not null,
  description text not null,
  kassenzeichen text not null unique,
  return_url text not null,
  status text not null default 'open' check (status in ('open', 'paid', 'failed', 'cancelled')),
  callback_sent_at timestamptz,
  created_at timestamptz not null
);
