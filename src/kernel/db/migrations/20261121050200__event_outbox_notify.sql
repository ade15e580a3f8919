-- Listeners (src/kernel/events/dispatcher.ts) are woken by a notification that PostgreSQL
-- delivers when the writing transaction commits. It was sent by the publishing statement; a
-- trigger sends it now, so that events can also be written together with other buffered writes
-- right before COMMIT (one notification per statement, however many events it inserts).
create function kernel.notify_event_outbox() returns trigger language plpgsql as $$
begin
  perform pg_notify('openkreis_events', '');
  return null;
end $$;

create trigger event_outbox_notify after insert on kernel.event_outbox
  for each statement execute function kernel.notify_event_outbox();
