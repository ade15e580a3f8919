import type { PolicyFn } from '../../kernel/auth/policy.ts';
import { hasRole, isStaff, type Principal } from '../../kernel/auth/principal.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { locationBySlug, type LocationRow } from './db/queries.ts';

/** Clerks of the location's tenant (and org unit, when their grant names one), its tenant admins, platform admins. */
export function canWorkAt(p: Principal | null, loc: Pick<LocationRow, 'tenant_id' | 'org_unit_id'>): boolean {
  return (
    hasRole(p, 'clerk', loc.tenant_id, loc.org_unit_id ?? undefined) ||
    hasRole(p, 'tenant_admin', loc.tenant_id)
  );
}

/** Staff who may work at some queue (the list page and the dashboard link). */
export function isQueueStaff(p: Principal | null): boolean {
  return (
    isStaff(p) &&
    p!.roles.some((g) => g.role === 'platform_admin' || g.role === 'clerk' || g.role === 'tenant_admin')
  );
}
export const queueStaff: PolicyFn = (p) => isQueueStaff(p);

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * For routes with a :slug parameter: staff allowed at that location. An unknown location is let
 * through to the handler (for queue staff only), which answers 404.
 */
export function workAtLocation(kernel: Kernel): PolicyFn {
  return async (p, req) => {
    if (!isQueueStaff(p)) return false;
    const slug = (req.params as { slug?: string }).slug ?? '';
    if (!SLUG.test(slug)) return true;
    const loc = await locationBySlug(kernel.db.pool, slug);
    return !loc || canWorkAt(p, loc);
  };
}
