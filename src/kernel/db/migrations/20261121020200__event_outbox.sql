-- Domain events (src/kernel/events). Written in the transaction of the change; txid is the
-- writing transaction, so a reader can take events in commit-safe order: every event whose txid
-- is below the oldest running transaction (pg_snapshot_xmin) is final, and no new event can
-- appear below that line later.
create table kernel.event_outbox (
  id bigint generated always as identity primary key,
  txid xid8 not null default pg_current_xact_id(),
  type text not null check (type ~ '^[a-z][a-z0-9_.-]*$' and length(type) <= 100),
  payload jsonb not null,
  tenant_id text,
  created_at timestamptz not null default now()
);
create index event_outbox_order on kernel.event_outbox (txid, id);
create index event_outbox_created on kernel.event_outbox (created_at);
