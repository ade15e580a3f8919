import type { Kernel } from '../../kernel/kernel.ts';
import { hasRole, isPlatformAdmin, type Principal } from '../../kernel/auth/principal.ts';
import type { PolicyFn } from '../../kernel/auth/policy.ts';

/**
 * Who manages form definitions: platform admins and tenant admins of the Kreis (the forms are
 * shared by the Kreis and all its towns, so a town's admin does not change them for everyone).
 */
export function canManageForms(kernel: Kernel): PolicyFn {
  return async (p: Principal | null) => {
    if (isPlatformAdmin(p)) return true;
    const kreis = await kernel.tenants.kreis();
    return !!kreis && hasRole(p, 'tenant_admin', kreis.id);
  };
}
