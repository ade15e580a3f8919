import { hasRole, type Principal } from '../../kernel/auth/principal.ts';
import type { PolicyFn } from '../../kernel/auth/policy.ts';

/** Editors and tenant admins maintain the services of their own tenant. */
export function canEditTenant(p: Principal | null, tenantId: string): boolean {
  return hasRole(p, 'editor', tenantId) || hasRole(p, 'tenant_admin', tenantId);
}

export const anyServiceEditor: PolicyFn = (p) => hasRole(p, 'editor') || hasRole(p, 'tenant_admin');
