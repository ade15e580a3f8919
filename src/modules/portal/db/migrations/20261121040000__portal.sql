-- The portal module's own schema.
create schema portal;

-- Feedback from the accessibility statement (BITV 2.0 / BGG NRW feedback mechanism).
-- Personal data (name, e-mail) is optional and deleted with the row after the retention period.
create table portal.accessibility_feedback (
  id uuid primary key default gen_random_uuid(),
  name text check (char_length(name) <= 200),
  email text check (char_length(email) <= 254),
  page text check (char_length(page) <= 2000),
  message text not null check (char_length(message) between 1 and 5000),
  lang text not null check (lang in ('de', 'en')),
  -- Where the feedback was mailed to, and the outbox entry (kernel.mail_outbox.id; no foreign key).
  recipient text,
  mail_id uuid,
  created_at timestamptz not null
);
create index accessibility_feedback_created_at on portal.accessibility_feedback (created_at);
