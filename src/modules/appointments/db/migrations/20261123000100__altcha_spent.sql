-- Spent ALTCHA challenges (single use across all app nodes); rows past expiry are deleted lazily.
create table appointments.altcha_spent (
  id text primary key,
  expires_at timestamptz not null
);
create index altcha_spent_expires on appointments.altcha_spent (expires_at);
