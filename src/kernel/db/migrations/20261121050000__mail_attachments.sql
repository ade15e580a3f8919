-- Small attachments of an outgoing mail (e.g. an appointment's .ics file), kept with the mail so
-- that the retry sweep sends exactly what was recorded. Content is base64; the mailer caps the size.
alter table kernel.mail_outbox
  add column attachments jsonb not null default '[]'::jsonb;
