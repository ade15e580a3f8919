import type { FastifyReply } from 'fastify';
import type { KernelConfig } from '../deps.ts';
import { SESSION_COOKIE } from './sessions.ts';

/** HttpOnly, SameSite=Lax, Path=/, Secure behind https; a browser-session cookie. */
export function sessionCookieOptions(config: Pick<KernelConfig, 'baseUrl'>) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.baseUrl.startsWith('https://'),
  };
}

export function setSessionCookie(
  reply: FastifyReply,
  config: Pick<KernelConfig, 'baseUrl'>,
  token: string,
): void {
  reply.setCookie(SESSION_COOKIE, token, sessionCookieOptions(config));
}

export function clearSessionCookie(reply: FastifyReply, config: Pick<KernelConfig, 'baseUrl'>): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(config));
}
