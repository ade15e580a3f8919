import type { FastifyInstance } from 'fastify';
import { citizen } from '../../../kernel/auth/policy.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { selectAppointmentsOfAccount } from '../db/appointments.queries.ts';
import { selectLocations } from '../db/queries.ts';
import { presentAppointment } from '../presenters/appointment.ts';
import { manageToken } from '../tokens.ts';
import { MyAppointmentsPage } from '../views/booking.tsx';

/** "Meine Termine" in the citizen account. */
export async function accountRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get('/konto/termine', { config: { policy: citizen } }, async (req, reply) => {
    const ctx = reply.viewContext();
    const [items, locations] = await Promise.all([
      selectAppointmentsOfAccount(kernel.db.pool, req.principal!.accountId),
      selectLocations(kernel.db.pool),
    ]);
    reply.header('cache-control', 'no-store');
    return reply.html(
      <MyAppointmentsPage
        ctx={ctx}
        items={items.map((a) => ({
          ...presentAppointment(ctx.lang, a),
          location: locations.find((l) => l.id === a.locationId)?.name ?? '',
          href: `/termine/verwalten/${manageToken(kernel.config.secretKey, a.manageNonce)}`,
        }))}
      />,
    );
  });
}
