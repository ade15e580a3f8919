import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
export async function staffRoutes(_app: FastifyInstance, _kernel: Kernel): Promise<void> {}
