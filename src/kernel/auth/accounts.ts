import type pg from 'pg';
import type { KernelDeps } from '../deps.ts';
import type { RoleGrant, StaffRole } from './principal.ts';

export type AccountKind = 'citizen' | 'staff';

export interface Account {
  id: string;
  kind: AccountKind;
  email: string;
  displayName: string;
  passwordHash: string | null;
  emailVerifiedAt: Date | null;
  totpSecretEnc: string | null;
  totpEnabled: boolean;
  totpLastStep: number | null;
  failedLogins: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
}

export interface AccountRow {
  id: string;
  kind: AccountKind;
  email: string;
  display_name: string;
  password_hash: string | null;
  email_verified_at: Date | null;
  totp_secret_enc: string | null;
  totp_enabled: boolean;
  totp_last_step: number | null;
  failed_logins: number;
  locked_until: Date | null;
  disabled_at: Date | null;
  created_at: Date;
}

export function toAccount(r: AccountRow): Account {
  return {
    id: r.id,
    kind: r.kind,
    email: r.email,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    emailVerifiedAt: r.email_verified_at,
    totpSecretEnc: r.totp_secret_enc,
    totpEnabled: r.totp_enabled,
    totpLastStep: r.totp_last_step,
    failedLogins: r.failed_logins,
    lockedUntil: r.locked_until,
    disabledAt: r.disabled_at,
    createdAt: r.created_at,
  };
}

type Db = Pick<KernelDeps, 'db'>;
type Queryable = Pick<pg.Pool, 'query'>;

/** Trimmed; compared case-insensitively everywhere. */
export function normaliseEmail(email: string): string {
  return email.trim();
}

/** Deliberately simple: one @, no spaces, a dot in the domain. The mail proves the rest. */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/.test(email);
}

export async function findAccountByEmail(deps: Db, email: string): Promise<Account | null> {
  const { rows } = await deps.db.pool.query<AccountRow>(
    'select * from kernel.accounts where lower(email) = lower($1)',
    [normaliseEmail(email)],
  );
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function findAccountById(deps: Db, id: string): Promise<Account | null> {
  const { rows } = await deps.db.pool.query<AccountRow>('select * from kernel.accounts where id = $1', [id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export interface NewAccount {
  kind: AccountKind;
  email: string;
  displayName: string;
  passwordHash: string | null;
  emailVerified: boolean;
}

/**
 * Inserts an account unless the address is taken (case-insensitively). Returns the new id, or
 * null when another account already has the address — also under concurrent inserts.
 */
export async function insertAccount(q: Queryable, now: Date, a: NewAccount): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    `insert into kernel.accounts (kind, email, display_name, password_hash, email_verified_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $6)
     on conflict ((lower(email))) do nothing
     returning id`,
    [a.kind, normaliseEmail(a.email), a.displayName, a.passwordHash, a.emailVerified ? now : null, now],
  );
  return rows[0]?.id ?? null;
}

export async function listRoleGrants(deps: Db, accountId: string): Promise<RoleGrant[]> {
  const { rows } = await deps.db.pool.query<{
    role: StaffRole;
    tenant_id: string | null;
    org_unit_id: string | null;
  }>(
    'select role, tenant_id, org_unit_id from kernel.role_grants where account_id = $1 order by created_at, role',
    [accountId],
  );
  return rows.map((r) => ({ role: r.role, tenantId: r.tenant_id, orgUnitId: r.org_unit_id }));
}

/** Adds a grant (idempotent). Returns true if it was new. */
export async function insertRoleGrant(
  q: Queryable,
  now: Date,
  accountId: string,
  g: RoleGrant,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `insert into kernel.role_grants (account_id, role, tenant_id, org_unit_id, created_at)
     values ($1, $2, $3, $4, $5) on conflict do nothing`,
    [accountId, g.role, g.role === 'platform_admin' ? null : g.tenantId, g.orgUnitId, now],
  );
  return (rowCount ?? 0) > 0;
}
