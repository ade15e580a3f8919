-- Named after the module's first migrations on purpose: a file sorting before
-- 20261123000000__appointments.sql would run before the schema exists on a fresh database.

-- RFC 5545 SEQUENCE of the citizen's calendar entry: raised on every reschedule and on
-- cancellation, so calendar programs replace the entry they already have (same UID).
alter table appointments.appointments add column ics_sequence int not null default 0;

-- Booking attempts per client (a keyed hash of the IP address, never the address itself) and
-- hour, shared by every app node. Rows of past hours are deleted by the release job.
create table appointments.rate_counters (
  key text not null,
  window_start timestamptz not null,
  hits int not null,
  primary key (key, window_start)
);
create index rate_counters_window on appointments.rate_counters (window_start);
