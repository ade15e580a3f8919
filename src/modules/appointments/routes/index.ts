import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import { citizenRoutes } from './citizen.tsx';

export async function appointmentsRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  await citizenRoutes(app, kernel);
}
