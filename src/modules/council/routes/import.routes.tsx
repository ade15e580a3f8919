import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
export async function importRoutes(_app: FastifyInstance, _kernel: Kernel): Promise<void> {}
