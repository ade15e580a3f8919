import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../kernel.ts';
import type { Account } from '../accounts.ts';
import { setSessionCookie } from '../cookie.ts';
import { createSession, deleteSession } from '../sessions.ts';
import { auditAccount } from './shared.ts';

/**
 * Opens a new session for the account and sets its cookie. A session the browser had before
 * ends (a new id on every login: no session fixation).
 */
export async function signIn(
  kernel: Kernel,
  req: FastifyRequest,
  reply: FastifyReply,
  account: Pick<Account, 'id'>,
  opts: { mfaPassed: boolean; method: 'password' | 'oidc' },
): Promise<void> {
  if (req.sessionId) await deleteSession(kernel, req.sessionId);
  const { token, id } = await createSession(kernel, account.id, {
    mfaPassed: opts.mfaPassed,
    userAgent: req.headers['user-agent'],
  });
  await kernel.db.pool.query('update kernel.accounts set last_login_at = $2 where id = $1', [
    account.id,
    kernel.clock.now(),
  ]);
  setSessionCookie(reply, kernel.config, token);
  req.sessionId = id;
  await auditAccount(kernel, 'auth.login', account.id, {
    after: { method: opts.method, mfa: opts.mfaPassed },
  });
}

/** Ends the request's session (if any). */
export async function signOut(kernel: Kernel, req: FastifyRequest): Promise<void> {
  if (!req.sessionId) return;
  await deleteSession(kernel, req.sessionId);
  await auditAccount(kernel, 'auth.logout', req.principal?.accountId ?? null);
}
