-- Every mail the platform sends is recorded here first, then delivered (or kept here when no
-- SMTP server is configured). Delivery claims a row by moving next_attempt_at forward (a lease),
-- so several nodes never send the same mail at once and a crash between insert and send only
-- delays the mail.
create table kernel.mail_outbox (
  id uuid primary key default gen_random_uuid(),
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  template text,
  lang text,
  status text not null check (status in ('outbox', 'pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  next_attempt_at timestamptz,
  message_id text,
  created_at timestamptz not null default clock_timestamp(),
  sent_at timestamptz
);
create index mail_outbox_created on kernel.mail_outbox (created_at desc, id desc);
create index mail_outbox_to on kernel.mail_outbox (lower(to_address), created_at desc);
create index mail_outbox_due on kernel.mail_outbox (next_attempt_at) where status = 'pending';
