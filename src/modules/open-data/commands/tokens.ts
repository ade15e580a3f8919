import { createHash, randomBytes } from 'node:crypto';
import { findAccountById, listRoleGrants } from '../../../kernel/auth/index.ts';
import type { Principal } from '../../../kernel/auth/principal.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { insertToken, useToken } from '../db/tokens.queries.ts';

const PREFIX = 'okod_';
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a token for the account; the plain token is returned once and never stored. */
export async function createApiToken(kernel: Kernel, accountId: string, name: string): Promise<string> {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  await insertToken(kernel.db.pool, accountId, name, hashToken(token), kernel.clock.now());
  await kernel.audit.record({
    actorId: accountId,
    action: 'open-data.token.create',
    objectType: 'open-data.api-token',
    objectId: null,
    after: { name },
  });
  return token;
}

/** The staff principal behind an API token, or null (unknown, revoked, disabled account). */
export async function principalForToken(kernel: Kernel, token: string): Promise<Principal | null> {
  const t = token.trim().replace(/^Bearer\s+/i, '');
  if (!t.startsWith(PREFIX) || t.length > 200) return null;
  const accountId = await useToken(kernel.db.pool, hashToken(t), kernel.clock.now());
  if (!accountId) return null;
  const account = await findAccountById(kernel, accountId);
  if (!account || account.disabledAt || account.kind !== 'staff') return null;
  return {
    accountId,
    kind: 'staff',
    email: account.email,
    displayName: account.displayName,
    roles: await listRoleGrants(kernel, accountId),
    mfaSatisfied: true,
  };
}
