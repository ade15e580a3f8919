-- A contact for the service per tenant (e.g. the team that handles it, with a direct line),
-- shown instead of the org unit's general phone and e-mail when set.
alter table services.responsibilities
  add column contact_name text not null default '' check (length(contact_name) <= 200),
  add column contact_phone text not null default '' check (length(contact_phone) <= 40),
  add column contact_email text not null default '' check (length(contact_email) <= 254);
