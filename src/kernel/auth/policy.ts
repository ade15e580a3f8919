import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from './principal.ts';

/**
 * Deny by default: every route declares exactly one policy in its config. A route without
 * one makes the app refuse to start. 'public' is an explicit choice, never an omission.
 */
export type PolicyFn = (principal: Principal | null, request: FastifyRequest) => boolean | Promise<boolean>;
export type Policy = 'public' | PolicyFn;

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy;
    /** State-changing route that is not protected by the CSRF token (token-authenticated APIs, callbacks). */
    csrf?: false;
  }
  interface FastifyRequest {
    principal: Principal | null;
    sessionId: string | null;
  }
}

export const authenticated: PolicyFn = (p) => p !== null && (p.kind === 'citizen' || p.mfaSatisfied);
export const citizen: PolicyFn = (p) => p?.kind === 'citizen';
export const anyStaff: PolicyFn = (p) => p?.kind === 'staff' && p.mfaSatisfied;

export function allOf(...fns: PolicyFn[]): PolicyFn {
  return async (p, r) => {
    for (const f of fns) if (!(await f(p, r))) return false;
    return true;
  };
}

export class PolicyMissingError extends Error {}

/** Installs the route check (at registration) and the request check (onRequest). */
export function installPolicyEnforcement(
  app: FastifyInstance,
  opts: {
    /** Loads the session and sets request.principal / request.sessionId. Runs for every request. */
    resolvePrincipal: (req: FastifyRequest, reply: FastifyReply) => Promise<void>;
    onDenied: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  },
) {
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionId', null);
  app.addHook('onRoute', (route) => {
    const policy = route.config?.policy;
    if (policy === undefined) {
      throw new PolicyMissingError(
        `Route ${String(route.method)} ${route.url} has no policy (config.policy). Deny by default.`,
      );
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    await opts.resolvePrincipal(request, reply);
    if (reply.sent) return;
    const policy = request.routeOptions.config.policy;
    if (policy === 'public') return;
    // Unmatched routes (404 handler) have no policy and fall through to the not-found page.
    if (policy === undefined) return;
    const ok = await policy(request.principal, request);
    if (!ok) return opts.onDenied(request, reply);
  });
}
