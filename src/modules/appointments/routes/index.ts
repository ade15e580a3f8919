import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import { accountRoutes } from './account.tsx';
import { apiRoutes } from './api.ts';
import { citizenRoutes } from './citizen.tsx';
import { ruleRoutes } from './rules.tsx';
import { staffRoutes } from './staff.tsx';

export async function appointmentsRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  await citizenRoutes(app, kernel);
  await accountRoutes(app, kernel);
  await staffRoutes(app, kernel);
  await ruleRoutes(app, kernel);
  await apiRoutes(app, kernel);
}
