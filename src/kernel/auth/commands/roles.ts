import type { Kernel } from '../../kernel.ts';
import { findAccountById, insertRoleGrant } from '../accounts.ts';
import { STAFF_ROLES, type RoleGrant } from '../principal.ts';
import { auditAccount } from './shared.ts';

export type RoleChangeResult =
  { ok: true; changed: boolean } | { ok: false; reason: 'unknown_account' | 'not_staff' | 'invalid_scope' };

/** platform_admin has no tenant; every other role needs an existing tenant, and an org unit of that tenant if any. */
async function validScope(kernel: Kernel, g: RoleGrant): Promise<boolean> {
  if (!(STAFF_ROLES as readonly string[]).includes(g.role)) return false;
  if (g.role === 'platform_admin') return g.tenantId === null && g.orgUnitId === null;
  if (!g.tenantId || !(await kernel.tenants.get(g.tenantId))) return false;
  if (g.orgUnitId === null) return true;
  return (await kernel.tenants.orgUnit(g.orgUnitId))?.tenantId === g.tenantId;
}

/**
 * Grants a role to a staff account (idempotent) and records it in the audit log. Takes effect
 * with the account's next request: sessions read their roles on every request.
 */
export async function grantRole(
  kernel: Kernel,
  input: { actorId: string | null; accountId: string; grant: RoleGrant },
): Promise<RoleChangeResult> {
  const account = await findAccountById(kernel, input.accountId);
  if (!account) return { ok: false, reason: 'unknown_account' };
  if (account.kind !== 'staff') return { ok: false, reason: 'not_staff' };
  if (!(await validScope(kernel, input.grant))) return { ok: false, reason: 'invalid_scope' };
  const changed = await insertRoleGrant(kernel.db.pool, kernel.clock.now(), account.id, input.grant);
  if (changed) {
    await kernel.audit.record({
      actorId: input.actorId,
      action: 'auth.role_granted',
      objectType: 'account',
      objectId: account.id,
      tenantId: input.grant.tenantId,
      after: input.grant,
    });
  }
  return { ok: true, changed };
}

export async function revokeRole(
  kernel: Kernel,
  input: { actorId: string | null; accountId: string; grant: RoleGrant },
): Promise<RoleChangeResult> {
  const account = await findAccountById(kernel, input.accountId);
  if (!account) return { ok: false, reason: 'unknown_account' };
  const { rowCount } = await kernel.db.pool.query(
    `delete from kernel.role_grants
      where account_id = $1 and role = $2 and tenant_id is not distinct from $3 and org_unit_id is not distinct from $4`,
    [account.id, input.grant.role, input.grant.tenantId, input.grant.orgUnitId],
  );
  const changed = (rowCount ?? 0) > 0;
  if (changed) {
    await kernel.audit.record({
      actorId: input.actorId,
      action: 'auth.role_revoked',
      objectType: 'account',
      objectId: account.id,
      tenantId: input.grant.tenantId,
      before: input.grant,
    });
  }
  return { ok: true, changed };
}

/** Disables (or re-enables) an account; disabling ends all its sessions at once. */
export async function setAccountDisabled(
  kernel: Kernel,
  input: { actorId: string | null; accountId: string; disabled: boolean },
): Promise<boolean> {
  const now = kernel.clock.now();
  const { rowCount } = await kernel.db.pool.query(
    `update kernel.accounts set disabled_at = $2, updated_at = $3 where id = $1 and (disabled_at is null) = $4`,
    [input.accountId, input.disabled ? now : null, now, input.disabled],
  );
  if (!rowCount) return false;
  if (input.disabled)
    await kernel.db.pool.query('delete from kernel.sessions where account_id = $1', [input.accountId]);
  await auditAccount(
    kernel,
    input.disabled ? 'auth.account_disabled' : 'auth.account_enabled',
    input.accountId,
    { actorId: input.actorId },
  );
  return true;
}
