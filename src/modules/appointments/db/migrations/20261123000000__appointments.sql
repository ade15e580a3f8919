-- The appointments module's own schema: offices (locations), services, availability rules,
-- closures and blocks, appointments and the per-slot capacity ledger that makes overbooking
-- impossible inside the database.
create schema appointments;

-- An office where citizens are seen, per tenant (and optionally an org unit of that tenant;
-- kernel.org_units.id, no foreign key across schemas).
create table appointments.locations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]*$'),
  tenant_id text not null,
  org_unit_id uuid,
  name text not null check (char_length(name) between 1 and 200),
  street text,
  postal_code text,
  city text,
  -- Minutes per slot; every time rule and appointment is a whole number of slots.
  slot_minutes int not null default 15 check (slot_minutes between 5 and 120),
  -- Workstations open to online booking, and ones only staff may book (phone, counter).
  workstations_public int not null default 1 check (workstations_public >= 0),
  workstations_internal int not null default 0 check (workstations_internal >= 0),
  -- Slots kept free after each appointment.
  buffer_slots int not null default 0 check (buffer_slots between 0 and 8),
  -- Booking window.
  min_notice_minutes int not null default 120 check (min_notice_minutes >= 0),
  max_days_ahead int not null default 60 check (max_days_ahead between 1 and 366),
  -- Most slots one appointment may take (several services and quantities).
  max_slots_per_appointment int not null default 8 check (max_slots_per_appointment between 1 and 64),
  -- Anonymous bookings must confirm by mail link before the appointment is final.
  requires_confirmation boolean not null default false,
  email text,
  phone text,
  -- Secret of the staff iCalendar feed (compared in constant time).
  feed_token text not null,
  active boolean not null default true,
  created_at timestamptz not null default now()
);

-- A bookable service (tenant-wide), e.g. "Fahrzeug zulassen".
create table appointments.services (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z0-9][a-z0-9-]*$'),
  tenant_id text not null,
  org_unit_id uuid,
  name text not null,
  name_en text,
  description text,
  -- Services can be combined in one appointment only within the same group.
  combine_group text,
  -- Anonymous: no name or e-mail is asked or stored, only a booking code is given.
  anonymous boolean not null default false,
  -- Which contact data the booking form asks for.
  ask_phone boolean not null default false,
  -- Group sessions: a session offers this many seats (one seat per person booked).
  group_session boolean not null default false,
  sort int not null default 0
);

-- Which services an office offers, how many slots one takes there and the most per booking.
create table appointments.location_services (
  location_id uuid not null references appointments.locations (id) on delete cascade,
  service_id uuid not null references appointments.services (id) on delete cascade,
  slots int not null default 1 check (slots between 1 and 32),
  max_quantity int not null default 1 check (max_quantity between 1 and 20),
  primary key (location_id, service_id)
);

-- Opening windows. kind: weekly (every interval_weeks weeks from anchor_date on the weekdays),
-- monthly (the nth_week-th weekday of the month, -1 = last), once (exactly on valid_from).
-- A rule with service_id opens a group session of that service with `seats` seats.
create table appointments.rules (
  id uuid primary key default gen_random_uuid(),
  location_id uuid not null references appointments.locations (id) on delete cascade,
  kind text not null check (kind in ('weekly', 'monthly', 'once')),
  weekdays int[] not null default '{}', -- ISO 1 = Monday … 7 = Sunday
  interval_weeks int not null default 1 check (interval_weeks between 1 and 12),
  nth_week int check (nth_week in (-1, 1, 2, 3, 4, 5)),
  start_time time not null,
  end_time time not null,
  valid_from date not null,
  valid_until date,
  service_id uuid references appointments.services (id) on delete cascade,
  seats int check (seats between 1 and 500),
  check (end_time > start_time),
  check (valid_until is null or valid_until >= valid_from),
  check ((service_id is null) = (seats is null))
);
create index rules_location on appointments.rules (location_id);

-- Closed days (whole days, inclusive), e.g. staff outings. Public holidays need no row.
create table appointments.closures (
  id uuid primary key default gen_random_uuid(),
  location_id uuid not null references appointments.locations (id) on delete cascade,
  date_from date not null,
  date_to date not null,
  reason text,
  created_at timestamptz not null default now(),
  check (date_to >= date_from)
);
create index closures_location on appointments.closures (location_id, date_from);

-- Blocked time ranges on one day (fewer workstations or none), set by staff.
create table appointments.blocks (
  id uuid primary key default gen_random_uuid(),
  location_id uuid not null references appointments.locations (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- Workstations taken away; null = all.
  workstations int check (workstations >= 1),
  reason text,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index blocks_location on appointments.blocks (location_id, starts_at);

-- The capacity ledger: one row per slot and resource ('desk' or 'group:<service key>') that was
-- ever booked. Bookings increment `used` with a conditional UPDATE; the CHECK is the last line.
create table appointments.slot_usage (
  location_id uuid not null references appointments.locations (id) on delete cascade,
  resource text not null,
  starts_at timestamptz not null,
  capacity_public int not null check (capacity_public >= 0),
  capacity_total int not null check (capacity_total >= capacity_public),
  used int not null default 0 check (used >= 0),
  primary key (location_id, resource, starts_at),
  constraint slot_never_overbooked check (used <= capacity_total)
);

create table appointments.appointments (
  id uuid primary key default gen_random_uuid(),
  location_id uuid not null references appointments.locations (id),
  booking_code text not null unique,
  status text not null check (
    status in ('held', 'unconfirmed', 'booked', 'arrived', 'no_show', 'cancelled', 'done', 'expired')
  ),
  resource text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- Slots of the ledger this appointment takes (including buffer) and how many units each.
  slot_count int not null check (slot_count >= 1),
  units int not null default 1 check (units >= 1),
  -- Still counted in slot_usage (false once released: expired hold, cancelled after the delay).
  holds_capacity boolean not null default true,
  hold_expires_at timestamptz,
  release_at timestamptz,
  -- Contact (null for anonymous services).
  name text check (char_length(name) <= 200),
  email text check (char_length(email) <= 254),
  phone text check (char_length(phone) <= 50),
  account_id uuid,
  lang text not null default 'de',
  anonymous boolean not null default false,
  booked_by_staff uuid,
  -- Manage link: token = HMAC(secret, manage_nonce); lookup by its SHA-256.
  manage_nonce text not null,
  manage_hash text not null unique,
  confirm_hash text unique,
  reminder_sent_at timestamptz,
  created_at timestamptz not null,
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  arrived_at timestamptz,
  check (ends_at > starts_at)
);
create index appointments_location_start on appointments.appointments (location_id, starts_at);
create index appointments_pending_release on appointments.appointments (location_id)
  where holds_capacity and status in ('held', 'unconfirmed', 'cancelled');
create index appointments_email on appointments.appointments (lower(email)) where email is not null;
create index appointments_account on appointments.appointments (account_id) where account_id is not null;
create index appointments_reminder on appointments.appointments (starts_at) where status = 'booked' and reminder_sent_at is null;

create table appointments.appointment_services (
  appointment_id uuid not null references appointments.appointments (id) on delete cascade,
  service_id uuid not null references appointments.services (id),
  quantity int not null check (quantity between 1 and 20),
  primary key (appointment_id, service_id)
);
