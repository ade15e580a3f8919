-- Accounts, role grants, sessions, one-time tokens and login throttling (src/kernel/auth).
-- All times are written by the application from its clock, so tests can move time.

create table kernel.accounts (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('citizen', 'staff')),
  email text not null check (length(email) between 3 and 254 and position('@' in email) > 1),
  display_name text not null check (length(display_name) between 1 and 200),
  -- argon2id (PHC string); null for accounts that only log in through OpenID Connect.
  password_hash text,
  email_verified_at timestamptz,
  -- TOTP secret, AES-256-GCM encrypted with a key derived from SECRET_KEY. While totp_enabled
  -- is false it holds the secret being set up.
  totp_secret_enc text,
  totp_enabled boolean not null default false,
  -- Time step of the last accepted code: a code is accepted only for a later step (no replay).
  totp_last_step bigint,
  failed_logins integer not null default 0 check (failed_logins >= 0),
  locked_until timestamptz,
  password_changed_at timestamptz,
  last_login_at timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
-- E-mail addresses are unique regardless of case.
create unique index accounts_email_unique on kernel.accounts (lower(email));

create table kernel.role_grants (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references kernel.accounts (id) on delete cascade,
  role text not null check (role in ('platform_admin', 'tenant_admin', 'clerk', 'editor')),
  tenant_id text references kernel.tenants (id),
  org_unit_id uuid references kernel.org_units (id),
  created_at timestamptz not null,
  -- Only the platform admin is not scoped to a tenant; an org unit needs its tenant.
  check ((role = 'platform_admin') = (tenant_id is null)),
  check (org_unit_id is null or tenant_id is not null),
  unique nulls not distinct (account_id, role, tenant_id, org_unit_id)
);
create index role_grants_account on kernel.role_grants (account_id);

-- Server-side sessions. id is the SHA-256 (hex) of the random cookie token; the raw token is
-- never stored, so a leaked table does not yield usable cookies.
create table kernel.sessions (
  id text primary key check (id ~ '^[0-9a-f]{64}$'),
  account_id uuid not null references kernel.accounts (id) on delete cascade,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  mfa_passed boolean not null default false,
  user_agent text
);
create index sessions_account on kernel.sessions (account_id);
create index sessions_expires on kernel.sessions (expires_at);

-- Single-use tokens mailed to the account owner (hashed like session ids).
create table kernel.auth_tokens (
  id text primary key check (id ~ '^[0-9a-f]{64}$'),
  account_id uuid not null references kernel.accounts (id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'reset_password')),
  -- e.g. the password chosen at a registration that this token confirms.
  payload jsonb not null default '{}',
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index auth_tokens_account on kernel.auth_tokens (account_id, purpose);

-- Failed-login counters for e-mail addresses without an account, so that unknown addresses are
-- locked exactly like known ones and a lockout reveals nothing. Keyed by SHA-256 of the
-- lower-cased address.
create table kernel.login_throttle (
  key text primary key,
  failures integer not null default 0,
  locked_until timestamptz,
  updated_at timestamptz not null
);

-- External identities (OpenID Connect issuer + subject) linked to accounts.
create table kernel.account_identities (
  issuer text not null,
  subject text not null,
  account_id uuid not null references kernel.accounts (id) on delete cascade,
  created_at timestamptz not null,
  last_login_at timestamptz,
  primary key (issuer, subject)
);
create index account_identities_account on kernel.account_identities (account_id);
