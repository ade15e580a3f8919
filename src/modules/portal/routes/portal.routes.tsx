import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import { HomePage } from '../views/home-page.tsx';

export async function portalRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get('/', { config: { policy: 'public' } }, async (_req, reply) => {
    const tenants = await kernel.tenants.list();
    return reply.html(<HomePage ctx={reply.viewContext()} tenants={tenants} />);
  });
}
