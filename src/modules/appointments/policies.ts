import type { FastifyRequest } from 'fastify';
import type { PolicyFn } from '../../kernel/auth/policy.ts';
import { hasRole, isStaff, type Principal } from '../../kernel/auth/principal.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { selectLocationBySlug, selectLocations, type LocationRecord } from './db/queries.ts';

/** Platform admins; tenant admins of the office's tenant; clerks of its tenant and org unit. */
export function canManage(p: Principal | null, l: Pick<LocationRecord, 'tenantId' | 'orgUnitId'>): boolean {
  if (!isStaff(p)) return false;
  return (
    hasRole(p, 'tenant_admin', l.tenantId) ||
    (l.orgUnitId ? hasRole(p, 'clerk', l.tenantId, l.orgUnitId) : hasRole(p, 'clerk', l.tenantId))
  );
}

/** Staff who may manage at least one office. */
export function appointmentStaff(p: Principal | null): boolean {
  return isStaff(p) && p!.roles.some((g) => ['platform_admin', 'tenant_admin', 'clerk'].includes(g.role));
}

/** Policy for routes with a :slug parameter: the principal manages that office. */
export function managesLocation(kernel: Kernel): PolicyFn {
  return async (p: Principal | null, req: FastifyRequest) => {
    if (!appointmentStaff(p)) return false;
    const slug = (req.params as { slug?: string }).slug;
    if (!slug || !/^[a-z0-9-]{1,100}$/.test(slug)) return false;
    const l = await selectLocationBySlug(kernel.db.pool, slug);
    return !!l && canManage(p, l);
  };
}

export async function manageableLocations(kernel: Kernel, p: Principal | null): Promise<LocationRecord[]> {
  return (await selectLocations(kernel.db.pool)).filter((l) => canManage(p, l));
}
