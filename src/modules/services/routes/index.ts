import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import { apiRoutes } from './api.routes.ts';
import { publicRoutes } from './public.routes.tsx';
import { staffRoutes } from './staff.routes.tsx';

export async function servicesRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  await publicRoutes(app, kernel);
  await apiRoutes(app, kernel);
  await staffRoutes(app, kernel);
}
