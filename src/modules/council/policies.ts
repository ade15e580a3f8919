import type { PolicyFn } from '../../kernel/auth/policy.ts';
import { hasRole, isPlatformAdmin, type Principal } from '../../kernel/auth/principal.ts';

/** Council office staff of some tenant, or a platform admin: may open the staff area. */
export const councilOffice: PolicyFn = (p) =>
  isPlatformAdmin(p) ||
  (!!p && p.kind === 'staff' && p.mfaSatisfied && p.roles.some((g) => g.role === 'council_office'));

/** May edit the council data of the body of this tenant. */
export function canEditBody(p: Principal | null, tenantId: string): boolean {
  return hasRole(p, 'council_office', tenantId);
}

/** May read the non-public content of this tenant's bodies (council members and the council office). */
export function canReadInternal(p: Principal | null, tenantId: string): boolean {
  return hasRole(p, 'council_office', tenantId) || hasRole(p, 'council_member', tenantId);
}
