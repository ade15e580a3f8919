import { hasRole, type Principal } from '../../kernel/auth/principal.ts';
import type { PolicyFn } from '../../kernel/auth/policy.ts';

/** Editors (or tenant admins) of a tenant may publish and edit its datasets; platform admins everywhere. */
export function canEditTenant(p: Principal | null, tenantId: string): boolean {
  return hasRole(p, 'editor', tenantId) || hasRole(p, 'tenant_admin', tenantId);
}

/** Tenants a principal may publish for ('all' for platform admins). */
export function editableTenants(p: Principal | null): string[] | 'all' {
  if (!p || p.kind !== 'staff' || !p.mfaSatisfied) return [];
  if (p.roles.some((g) => g.role === 'platform_admin')) return 'all';
  return [
    ...new Set(
      p.roles
        .filter((g) => (g.role === 'editor' || g.role === 'tenant_admin') && g.tenantId)
        .map((g) => g.tenantId!),
    ),
  ];
}

/** Route policy: staff with an editor role somewhere. */
export const anyEditor: PolicyFn = (p) => {
  const t = editableTenants(p);
  return t === 'all' || t.length > 0;
};
