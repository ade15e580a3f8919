-- Audit entries are sealed into the hash chain when their transaction commits, not when they are
-- written. record() inserts into audit_pending; a deferred constraint trigger moves each pending
-- row into audit_log at COMMIT, taking the chain head then. The head's row lock is therefore held
-- only from the seal to the end of the commit, instead of from the first audit entry of a
-- transaction to its end: audited transactions no longer wait for each other's work.
-- A rolled-back transaction leaves nothing: its pending rows vanish with it.
create table kernel.audit_pending (
  id bigint generated always as identity primary key,
  created_at timestamptz not null,
  actor_id text,
  action text not null,
  object_type text not null,
  object_id text,
  tenant_id text,
  before jsonb,
  after jsonb,
  request_id text,
  -- The canonical JSON of the entry that the hash covers (src/kernel/audit/chain.ts).
  canonical text not null
);

create function kernel.audit_seal() returns trigger language plpgsql as $$
declare
  head record;
begin
  delete from kernel.audit_pending where id = new.id;
  update kernel.audit_chain
     set last_seq = last_seq + 1,
         prev_hash = last_hash,
         last_hash = encode(sha256(convert_to(last_hash || ':' || (last_seq + 1)::text || ':' || new.canonical, 'UTF8')), 'hex')
   where id = 1
  returning last_seq, prev_hash, last_hash into head;
  if head is null then
    raise exception 'audit chain head is missing';
  end if;
  insert into kernel.audit_log (seq, created_at, actor_id, action, object_type, object_id, tenant_id, before, after, request_id, prev_hash, hash)
  values (head.last_seq, new.created_at, new.actor_id, new.action, new.object_type, new.object_id, new.tenant_id,
          new.before, new.after, new.request_id, head.prev_hash, head.last_hash);
  return null;
end
$$;

create constraint trigger audit_pending_seal after insert on kernel.audit_pending
  deferrable initially deferred
  for each row execute function kernel.audit_seal();
