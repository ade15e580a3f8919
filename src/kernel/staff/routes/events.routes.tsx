import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { KernelPing, NODE_NAME } from '../../events/index.ts';
import type { Kernel } from '../../kernel.ts';
import { platformAdmin } from '../policies.ts';
import { EventsPage } from '../views/events-page.tsx';

const query = Type.Object({ gesendet: Type.Optional(Type.Integer({ minimum: 1 })) });

/** Diagnostics of the event fan-out: what THIS node received, and a test event for all nodes. */
export async function eventsRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get<{ Querystring: { gesendet?: number } }>(
    '/verwaltung/ereignisse',
    { config: { policy: platformAdmin }, schema: { querystring: query } },
    async (req, reply) => {
      return reply.html(
        <EventsPage
          ctx={reply.viewContext()}
          status={kernel.events.status()}
          events={kernel.events.recent()}
          sentId={req.query.gesendet}
        />,
      );
    },
  );

  app.post('/verwaltung/ereignisse/test', { config: { policy: platformAdmin } }, async (_req, reply) => {
    const id = await kernel.events.publish(null, KernelPing.of({ from: NODE_NAME }));
    return reply.redirect(`/verwaltung/ereignisse?gesendet=${id}`, 303);
  });
}
