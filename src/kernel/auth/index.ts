import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../kernel.ts';

export * from './principal.ts';
export * from './policy.ts';

/** Loads the session cookie into request.principal. Placeholder until sessions land. */
export function createPrincipalResolver(_kernel: Kernel) {
  return async (_req: FastifyRequest, _reply: FastifyReply): Promise<void> => undefined;
}

/** Login, registration, account and staff-auth routes. Placeholder until auth lands. */
export async function authRoutes(_app: FastifyInstance, _kernel: Kernel): Promise<void> {}
