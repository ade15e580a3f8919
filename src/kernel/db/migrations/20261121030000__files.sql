-- Metadata of stored files (src/kernel/files). Modules refer to files by id; the content lives
-- in the object store (local directory or S3 bucket) under storage_key.
create table kernel.files (
  id uuid primary key default gen_random_uuid(),
  storage_key text not null unique check (storage_key ~ '^[0-9a-f]{2}/[0-9a-f]{32}$'),
  -- The driver that holds the content ('local' or 's3'), so a later move between drivers can tell.
  driver text not null check (driver in ('local', 's3')),
  size bigint not null check (size > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- Detected from the content, never taken from the uploader.
  media_type text not null check (media_type ~ '^[a-z0-9._+-]+/[a-z0-9._+-]+$'),
  -- The name the uploader gave, cleaned (no path, no control characters); for downloads only.
  original_name text check (length(original_name) between 1 and 255),
  tenant_id text references kernel.tenants (id),
  -- The account that uploaded it, when there is one (no foreign key: files may outlive accounts
  -- until retention removes them).
  owner_id uuid,
  created_at timestamptz not null
);
create index files_tenant on kernel.files (tenant_id);
create index files_owner on kernel.files (owner_id);
create index files_sha256 on kernel.files (sha256);
