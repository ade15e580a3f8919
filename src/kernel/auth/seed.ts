import type { Kernel } from '../kernel.ts';
import { findAccountByEmail, insertAccount, insertRoleGrant } from './accounts.ts';
import { auditAccount } from './commands/shared.ts';
import { hashPassword } from './passwords.ts';
import type { RoleGrant } from './principal.ts';

/**
 * Demo accounts with published passwords. Seeded only by the demo seed (DEMO_MODE); the login
 * pages show them only in DEMO_MODE. The admin has no second factor so that the demo works
 * without an authenticator app.
 */
export const DEMO_ACCOUNTS = {
  citizen: {
    email: 'buerger@demo.openkreis.de',
    password: 'Demo-Buerger-2026!',
    name: 'Erika Mustermann',
    label: 'auth.demo.citizen',
  },
  admin: {
    email: 'admin@demo.openkreis.de',
    password: 'Demo-Admin-2026!',
    name: 'Demo-Administration',
    label: 'auth.demo.admin',
  },
  clerk: {
    email: 'sachbearbeitung@demo.openkreis.de',
    password: 'Demo-Clerk-2026!',
    name: 'Max Mustermann',
    label: 'auth.demo.clerk',
  },
} as const;

export function citizenDemoAccounts() {
  return [DEMO_ACCOUNTS.citizen];
}
export function staffDemoAccounts() {
  return [DEMO_ACCOUNTS.admin, DEMO_ACCOUNTS.clerk];
}

async function ensure(
  kernel: Kernel,
  kind: 'citizen' | 'staff',
  a: { email: string; password: string; name: string },
  roles: RoleGrant[],
): Promise<void> {
  const now = kernel.clock.now();
  const existing = await findAccountByEmail(kernel, a.email);
  const id =
    existing?.id ??
    (await insertAccount(kernel.db.pool, now, {
      kind,
      email: a.email,
      displayName: a.name,
      passwordHash: await hashPassword(a.password),
      emailVerified: true,
    }));
  if (!id) return;
  if (!existing)
    await auditAccount(kernel, 'auth.account_created', id, { actorId: null, after: { kind, demo: true } });
  for (const g of roles) {
    if (await insertRoleGrant(kernel.db.pool, now, id, g))
      await auditAccount(kernel, 'auth.role_granted', id, { actorId: null, after: g });
  }
}

/** Idempotent: a second run changes nothing. */
export async function seedDemoAccounts(kernel: Kernel): Promise<void> {
  const kreis = await kernel.tenants.kreis();
  await ensure(kernel, 'citizen', DEMO_ACCOUNTS.citizen, []);
  await ensure(kernel, 'staff', DEMO_ACCOUNTS.admin, [
    { role: 'platform_admin', tenantId: null, orgUnitId: null },
  ]);
  if (!kreis) {
    kernel.log.warn('no Kreis tenant: the demo clerk gets no role');
    return;
  }
  const unit = (await kernel.tenants.orgUnits(kreis.id)).find((o) => o.slug === 'strassenverkehrsamt');
  await ensure(kernel, 'staff', DEMO_ACCOUNTS.clerk, [
    { role: 'clerk', tenantId: kreis.id, orgUnitId: unit?.id ?? null },
  ]);
}
