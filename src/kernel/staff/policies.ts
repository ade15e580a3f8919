import type { PolicyFn } from '../auth/policy.ts';
import { isPlatformAdmin, isStaff } from '../auth/principal.ts';

/** Platform administrators only (mail outbox, failed jobs, chain check). */
export const platformAdmin: PolicyFn = (p) => isPlatformAdmin(p);

/** Platform administrators, and tenant administrators for their own tenants' entries. */
export const auditReader: PolicyFn = (p) =>
  isPlatformAdmin(p) || (isStaff(p) && p!.roles.some((g) => g.role === 'tenant_admin'));
