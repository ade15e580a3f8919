import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.ts';
import { auditRoutes } from './routes/audit.routes.tsx';
import { dashboardRoutes } from './routes/dashboard.routes.tsx';
import { eventsRoutes } from './routes/events.routes.tsx';
import { jobsRoutes } from './routes/jobs.routes.tsx';
import { outboxRoutes } from './routes/outbox.routes.tsx';

export { platformAdmin, auditReader } from './policies.ts';

/**
 * The staff area: /verwaltung (dashboard for every staff member) and the platform tools
 * (mail outbox, audit log, failed jobs, event diagnostics). Login lives in kernel/auth at /verwaltung/anmelden.
 */
export async function staffAreaRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  await dashboardRoutes(app, kernel);
  await outboxRoutes(app, kernel);
  await auditRoutes(app, kernel);
  await jobsRoutes(app, kernel);
  await eventsRoutes(app, kernel);
}
