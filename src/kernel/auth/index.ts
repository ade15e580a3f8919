import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.ts';

export * from './principal.ts';
export * from './policy.ts';
export { createPrincipalResolver } from './resolver.ts';
export { SESSION_COOKIE } from './sessions.ts';

/** Login, registration, account and staff-auth routes. */
export async function authRoutes(_app: FastifyInstance, _kernel: Kernel): Promise<void> {}
