-- Roles the modules need: council office staff and council members (who may read non-public
-- council content), open-data editors are 'editor'.
alter table kernel.role_grants drop constraint role_grants_role_check;
alter table kernel.role_grants add constraint role_grants_role_check
  check (role in ('platform_admin', 'tenant_admin', 'clerk', 'editor', 'council_office', 'council_member'));
