export const STAFF_ROLES = [
  'platform_admin',
  'tenant_admin',
  'clerk',
  'editor',
  'council_office',
  'council_member',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A role granted to a staff account, scoped to a tenant and optionally an org unit. */
export interface RoleGrant {
  role: StaffRole;
  /** null only for platform_admin. */
  tenantId: string | null;
  /** For clerks: the org unit they work in; null = the whole tenant. */
  orgUnitId: string | null;
}

/** The authenticated actor of a request. */
export interface Principal {
  accountId: string;
  kind: 'citizen' | 'staff';
  email: string;
  displayName: string;
  roles: RoleGrant[];
  /** Staff: second factor passed in this session (or not required). */
  mfaSatisfied: boolean;
}

export function hasRole(
  p: Principal | null,
  role: StaffRole,
  tenantId?: string,
  orgUnitId?: string,
): boolean {
  if (!p || p.kind !== 'staff' || !p.mfaSatisfied) return false;
  return p.roles.some(
    (g) =>
      g.role === 'platform_admin' ||
      (g.role === role &&
        (tenantId === undefined || g.tenantId === tenantId) &&
        (orgUnitId === undefined || g.orgUnitId === null || g.orgUnitId === orgUnitId)),
  );
}

export function isPlatformAdmin(p: Principal | null): boolean {
  return !!p && p.kind === 'staff' && p.mfaSatisfied && p.roles.some((g) => g.role === 'platform_admin');
}

export function isStaff(p: Principal | null): boolean {
  return !!p && p.kind === 'staff' && p.mfaSatisfied;
}

/** Tenants whose data a staff principal may see (all for platform admins). */
export function staffTenantIds(p: Principal | null): string[] | 'all' {
  if (!p || p.kind !== 'staff') return [];
  if (p.roles.some((g) => g.role === 'platform_admin')) return 'all';
  return [...new Set(p.roles.map((g) => g.tenantId).filter((t): t is string => t !== null))];
}
