-- Append-only, hash-chained audit log (src/kernel/audit). Each entry stores the SHA-256 of
-- (previous hash, its sequence number, canonical JSON of the entry). The single row of
-- audit_chain is the head of the chain: an append updates it and inserts the entry in ONE
-- statement, so the row lock serialises concurrent writers and the chain never forks.
create table kernel.audit_chain (
  id smallint primary key default 1 check (id = 1),
  last_seq bigint not null default 0,
  last_hash text not null,
  prev_hash text not null
);
insert into kernel.audit_chain (last_seq, last_hash, prev_hash)
values (0, repeat('0', 64), repeat('0', 64));

create table kernel.audit_log (
  seq bigint primary key,
  created_at timestamptz not null,
  actor_id text,
  action text not null check (action ~ '^[a-z0-9_.:-]+$' and length(action) <= 100),
  object_type text not null check (length(object_type) between 1 and 100),
  object_id text,
  tenant_id text,
  before jsonb,
  after jsonb,
  request_id text,
  prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text not null check (hash ~ '^[0-9a-f]{64}$')
);
create index audit_log_created on kernel.audit_log (created_at desc);
create index audit_log_tenant on kernel.audit_log (tenant_id, seq desc);
create index audit_log_action on kernel.audit_log (action, seq desc);
create index audit_log_actor on kernel.audit_log (actor_id, seq desc);
create index audit_log_object on kernel.audit_log (object_type, object_id, seq desc);

-- Append-only also in the database: no UPDATE, DELETE or TRUNCATE, whoever asks.
create function kernel.audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'kernel.audit_log is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_no_update before update or delete on kernel.audit_log
  for each row execute function kernel.audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on kernel.audit_log
  for each statement execute function kernel.audit_log_refuse_change();
create trigger audit_chain_no_delete before delete on kernel.audit_chain
  for each row execute function kernel.audit_log_refuse_change();
create trigger audit_chain_no_truncate before truncate on kernel.audit_chain
  for each statement execute function kernel.audit_log_refuse_change();

-- Results of chain verifications (hourly job, CLI, staff button); the staff page shows the last.
create table kernel.audit_checks (
  id bigint generated always as identity primary key,
  checked_at timestamptz not null default now(),
  ok boolean not null,
  entries bigint not null,
  broken_seq bigint,
  reason text
);
