import { randomBytes } from 'node:crypto';
import type { Kernel } from '../kernel.ts';
import { insertAccount, insertRoleGrant, type AccountKind } from './accounts.ts';
import { hashPassword } from './passwords.ts';
import type { RoleGrant } from './principal.ts';
import { createSession, SESSION_COOKIE } from './sessions.ts';

/**
 * Helpers for integration tests of protected pages (any module). Kept stable:
 *   const id = await createAccount(kernel, { kind: 'staff', roles: [{ role: 'clerk', tenantId: 'neuss', orgUnitId: null }] });
 *   const cookie = await loginAs(kernel, id);   // 'ok_sid=…' for app.inject({ headers: { cookie } })
 */

export const TEST_PASSWORD = 'Test-Passwort-2026!';

export interface CreateAccountOptions {
  kind: AccountKind;
  email?: string;
  displayName?: string;
  roles?: RoleGrant[];
  /** Defaults to TEST_PASSWORD. */
  password?: string;
  /** Defaults to true. */
  emailVerified?: boolean;
}

export async function createAccount(kernel: Kernel, opts: CreateAccountOptions): Promise<string> {
  const email = opts.email ?? `${opts.kind}-${randomBytes(6).toString('hex')}@test.openkreis.de`;
  const now = kernel.clock.now();
  const id = await insertAccount(kernel.db.pool, now, {
    kind: opts.kind,
    email,
    displayName: opts.displayName ?? (opts.kind === 'staff' ? 'Test Sachbearbeitung' : 'Test Bürgerin'),
    passwordHash: await hashPassword(opts.password ?? TEST_PASSWORD),
    emailVerified: opts.emailVerified ?? true,
  });
  if (!id) throw new Error(`createAccount: ${email} already exists`);
  for (const g of opts.roles ?? []) await insertRoleGrant(kernel.db.pool, now, id, g);
  return id;
}

/**
 * Opens a session for the account and returns the cookie header value "ok_sid=…".
 * mfa defaults to true (a staff session that passed its second factor); pass false for a staff
 * session that still waits for it.
 */
export async function loginAs(
  kernel: Kernel,
  accountId: string,
  opts: { mfa?: boolean } = {},
): Promise<string> {
  const { token } = await createSession(kernel, accountId, {
    mfaPassed: opts.mfa ?? true,
    userAgent: 'test',
  });
  return `${SESSION_COOKIE}=${token}`;
}
