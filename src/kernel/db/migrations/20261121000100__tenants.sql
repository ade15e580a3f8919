-- Tenants: the Kreis and its municipalities. Everything tenant-scoped refers to tenants.id.
create table kernel.tenants (
  id text primary key check (id ~ '^[a-z0-9-]+$'),
  kind text not null check (kind in ('kreis', 'gemeinde')),
  name text not null,
  status text,
  ags text not null unique check (ags ~ '^\d{5}(\d{3})?$'),
  ars text not null unique check (ars ~ '^\d{12}$'),
  parent_id text references kernel.tenants (id),
  population integer,
  district_codes text[] not null default '{}',
  postal_codes text[] not null default '{}',
  website text,
  email text,
  phone text,
  street text,
  postal_code text,
  city text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index tenants_postal_codes on kernel.tenants using gin (postal_codes);

-- Organisational units (Ämter) of a tenant with their public location and contact.
create table kernel.org_units (
  id uuid primary key default gen_random_uuid(),
  tenant_id text not null references kernel.tenants (id),
  slug text not null check (slug ~ '^[a-z0-9-]+$'),
  name text not null,
  name_en text,
  email text,
  phone text,
  street text,
  postal_code text,
  city text,
  opening_hours jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, slug)
);
