-- Services that occur in cases (for the inbox filter), kept by openCase; cheaper than a
-- GROUP BY over all cases on every inbox page.
create table casework.services_seen (
  service_slug text primary key,
  title text not null
);
insert into casework.services_seen (service_slug, title)
select service_slug, min(service_title) from casework.cases group by service_slug
on conflict do nothing;

-- Partial index for the count of a tenant-wide clerk's inbox (index-only scans).
create index cases_tenant on casework.cases (tenant_id);
