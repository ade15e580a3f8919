import type { PolicyFn } from '../../kernel/auth/policy.ts';
import type { Principal, RoleGrant } from '../../kernel/auth/principal.ts';

/** Which cases a staff principal may see: everything, or some tenants / org units. */
export type CaseScope = { all: true } | { all: false; tenantIds: string[]; orgUnitIds: string[] };

/** Clerks see their org units (orgUnitId null = the whole tenant); platform admins see all. */
export function caseScope(p: Principal | null): CaseScope | null {
  if (!p || p.kind !== 'staff' || !p.mfaSatisfied) return null;
  return scopeFromGrants(p.roles);
}

export function scopeFromGrants(roles: RoleGrant[]): CaseScope | null {
  if (roles.some((g) => g.role === 'platform_admin')) return { all: true };
  const tenantIds: string[] = [];
  const orgUnitIds: string[] = [];
  for (const g of roles) {
    if (g.role !== 'clerk' || !g.tenantId) continue;
    if (g.orgUnitId) orgUnitIds.push(g.orgUnitId);
    else tenantIds.push(g.tenantId);
  }
  if (!tenantIds.length && !orgUnitIds.length) return null;
  return { all: false, tenantIds, orgUnitIds };
}

export function scopeAllows(scope: CaseScope | null, c: { tenantId: string; orgUnitId: string }): boolean {
  if (!scope) return false;
  if (scope.all) return true;
  return scope.tenantIds.includes(c.tenantId) || scope.orgUnitIds.includes(c.orgUnitId);
}

/** Route policy of the staff case pages: a clerk (of any unit) or a platform admin. */
export const caseworker: PolicyFn = (p) => caseScope(p) !== null;

/** Tenants whose notice templates a principal may edit (tenant admins; platform admins: all). */
export function templateTenants(p: Principal | null): string[] | 'all' | null {
  if (!p || p.kind !== 'staff' || !p.mfaSatisfied) return null;
  if (p.roles.some((g) => g.role === 'platform_admin')) return 'all';
  const ids = p.roles.filter((g) => g.role === 'tenant_admin' && g.tenantId).map((g) => g.tenantId!);
  return ids.length ? [...new Set(ids)] : null;
}

export const templateAdmin: PolicyFn = (p) => templateTenants(p) !== null;

/** Citizen pages: a logged-in citizen (cases are then filtered by their account). */
export const citizenOnly: PolicyFn = (p) => p?.kind === 'citizen';
