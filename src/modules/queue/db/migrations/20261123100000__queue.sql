-- The queue module's own schema: walk-in tickets, counters and waiting-time statistics.
create schema queue;

-- A location with a waiting area. The id is the appointments module's location id (no foreign
-- key across schemas); slug, tenant, org unit and name are a copy kept by the queue's seed so
-- that public pages need no other module.
create table queue.locations (
  id text primary key check (char_length(id) between 1 and 100),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,99}$'),
  tenant_id text not null,
  org_unit_id text,
  name text not null check (char_length(name) between 1 and 200),
  -- Walk-in tickets per day (check-ins of appointment holders do not count).
  day_contingent integer not null default 400 check (day_contingent >= 0),
  -- A called customer who did not come may be marked as missed after this many calls.
  missed_after_calls integer not null default 3 check (missed_after_calls between 1 and 10),
  -- Traffic light: green up to green_minutes (pessimistic estimate), yellow up to yellow_minutes.
  green_minutes integer not null default 15 check (green_minutes >= 0),
  yellow_minutes integer not null default 45 check (yellow_minutes >= green_minutes),
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- Service groups ("Zulassung", "Führerschein", …): each has a ticket prefix and a number range.
create table queue.service_groups (
  id uuid primary key default gen_random_uuid(),
  location_id text not null references queue.locations (id) on delete cascade on update cascade,
  key text not null check (key ~ '^[a-z0-9][a-z0-9-]{0,49}$'),
  name_de text not null check (char_length(name_de) between 1 and 100),
  name_en text not null check (char_length(name_en) between 1 and 100),
  prefix text not null check (prefix ~ '^[A-Z]{1,3}$'),
  range_start integer not null default 1 check (range_start between 0 and 9999),
  range_end integer not null default 999 check (range_end between range_start and 9999),
  -- Tickets of checked-in appointment holders go to the group marked for appointments.
  for_appointments boolean not null default false,
  -- Used by the estimate while there are too few recent handling times.
  default_minutes integer not null default 10 check (default_minutes between 1 and 240),
  position integer not null default 0,
  active boolean not null default true,
  unique (location_id, key),
  unique (location_id, prefix)
);

-- Counters and rooms. occupied_by: the clerk who took it (kernel account id; no foreign key).
create table queue.counters (
  id uuid primary key default gen_random_uuid(),
  location_id text not null references queue.locations (id) on delete cascade on update cascade,
  key text not null check (key ~ '^[a-z0-9][a-z0-9-]{0,49}$'),
  label text not null check (char_length(label) between 1 and 60),
  position integer not null default 0,
  occupied_by uuid,
  occupied_since timestamptz,
  -- Service groups served here; null = all.
  group_ids uuid[],
  unique (location_id, key)
);
create unique index counters_one_per_clerk on queue.counters (location_id, occupied_by)
  where occupied_by is not null;

-- Atomic number allocation per location, day and service group.
create table queue.number_counters (
  location_id text not null references queue.locations (id) on delete cascade on update cascade,
  service_date date not null,
  group_id uuid not null references queue.service_groups (id) on delete cascade,
  issued integer not null,
  primary key (location_id, service_date, group_id)
);

-- Walk-in tickets issued per location and day (the daily contingent).
create table queue.day_counts (
  location_id text not null references queue.locations (id) on delete cascade on update cascade,
  service_date date not null,
  issued integer not null,
  primary key (location_id, service_date)
);

-- A ticket. No personal data: the code, the service group, times and, for check-ins, the
-- appointment's id (the name stays in the appointments module).
create table queue.tickets (
  id uuid primary key default gen_random_uuid(),
  location_id text not null references queue.locations (id) on delete cascade on update cascade,
  service_date date not null,
  group_id uuid not null references queue.service_groups (id),
  number integer not null,
  code text not null,
  source text not null check (source in ('kiosk', 'checkin', 'staff')),
  appointment_id text,
  appointment_starts_at timestamptz,
  priority smallint not null default 0 check (priority in (0, 1)),
  status text not null check (status in ('waiting', 'called', 'parked', 'missed', 'done', 'cancelled')),
  lang text not null default 'de' check (lang in ('de', 'en')),
  created_at timestamptz not null,
  first_called_at timestamptz,
  called_at timestamptz,
  call_count integer not null default 0,
  counter_id uuid references queue.counters (id) on delete set null,
  called_by uuid,
  finished_at timestamptz,
  unique (location_id, service_date, code)
);
create unique index tickets_one_per_appointment on queue.tickets (location_id, appointment_id)
  where appointment_id is not null;
create index tickets_waiting on queue.tickets (location_id, service_date, status);
create index tickets_finished on queue.tickets (location_id, finished_at) where finished_at is not null;
create index tickets_created on queue.tickets (location_id, created_at);

-- Hourly aggregates for statistics and open data (no personal data).
create table queue.hourly_stats (
  location_id text not null references queue.locations (id) on delete cascade on update cascade,
  hour_start timestamptz not null,
  issued integer not null,
  served integer not null,
  missed integer not null,
  avg_wait_seconds integer,
  p75_wait_seconds integer,
  avg_handling_seconds integer,
  computed_at timestamptz not null,
  primary key (location_id, hour_start)
);
