import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import { readMyTown } from '../../portal/index.ts';
import type { Actor } from '../commands/applications.ts';
import { hashSecret, newSecret } from '../reference.ts';

/** Cookie that identifies an anonymous applicant's browser (its hash is stored on the draft). */
export const BROWSER_KEY_COOKIE = 'ok_antrag';
const KEY_RE = /^[A-Za-z0-9_-]{43}$/;

function cookieOptions(kernel: Kernel) {
  return {
    path: '/antraege',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: kernel.config.baseUrl.startsWith('https://'),
    maxAge: 30 * 24 * 3600,
  };
}

export function actorOf(req: FastifyRequest): Actor {
  const p = req.principal;
  const key = req.cookies[BROWSER_KEY_COOKIE];
  return {
    accountId: p?.kind === 'citizen' ? p.accountId : null,
    browserKeyHash: key && KEY_RE.test(key) ? hashSecret(key) : null,
    name: p?.kind === 'citizen' ? p.displayName : undefined,
    email: p?.kind === 'citizen' ? p.email : undefined,
  };
}

/** The actor, with a browser key cookie set first when an anonymous visitor has none. */
export function actorWithKey(kernel: Kernel, req: FastifyRequest, reply: FastifyReply): Actor {
  const actor = actorOf(req);
  if (actor.accountId || actor.browserKeyHash) return actor;
  const key = newSecret();
  reply.setCookie(BROWSER_KEY_COOKIE, key, cookieOptions(kernel));
  return { ...actor, browserKeyHash: hashSecret(key) };
}

/** A fresh browser key (after a resume link): the old holder loses access. */
export function renewBrowserKey(kernel: Kernel, reply: FastifyReply): string {
  const key = newSecret();
  reply.setCookie(BROWSER_KEY_COOKIE, key, cookieOptions(kernel));
  return hashSecret(key);
}

export async function myTownId(kernel: Kernel, req: FastifyRequest): Promise<string | undefined> {
  return (await readMyTown(kernel, req))?.id;
}
