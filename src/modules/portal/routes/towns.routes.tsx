import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import { OrgUnitPage, TownPage, TownsPage } from '../views/town-page.tsx';
import { portalView } from './context.ts';

// Any string: an unknown town is a 404 page, not a validation error.
const slug = Type.String({ minLength: 1, maxLength: 200 });

/** Town pages (the Kreis is a tenant too) and their org units. */
export async function townRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get('/kommunen', { config: { policy: 'public', pageCache: true } }, async (req, reply) => {
    const { ctx } = await portalView(kernel, req, reply);
    return reply.html(<TownsPage ctx={ctx} tenants={await kernel.tenants.list()} />);
  });

  app.get<{ Params: { id: string } }>(
    '/kommunen/:id',
    { config: { policy: 'public', pageCache: true }, schema: { params: Type.Object({ id: slug }) } },
    async (req, reply) => {
      const town = await kernel.tenants.get(req.params.id);
      if (!town) return reply.callNotFound();
      const { ctx, myTown } = await portalView(kernel, req, reply);
      const tenants = await kernel.tenants.list();
      const parent = town.parentId ? tenants.find((x) => x.id === town.parentId) : undefined;
      const towns = town.kind === 'kreis' ? tenants.filter((x) => x.parentId === town.id) : [];
      const units = await kernel.tenants.orgUnits(town.id);
      return reply.html(
        <TownPage ctx={ctx} town={town} parent={parent} units={units} towns={towns} myTown={myTown} />,
      );
    },
  );

  app.get<{ Params: { id: string; slug: string } }>(
    '/kommunen/:id/aemter/:slug',
    { config: { policy: 'public', pageCache: true }, schema: { params: Type.Object({ id: slug, slug }) } },
    async (req, reply) => {
      const town = await kernel.tenants.get(req.params.id);
      const unit = town
        ? (await kernel.tenants.orgUnits(town.id)).find((u) => u.slug === req.params.slug)
        : undefined;
      if (!town || !unit) return reply.callNotFound();
      const { ctx } = await portalView(kernel, req, reply);
      return reply.html(<OrgUnitPage ctx={ctx} town={town} unit={unit} />);
    },
  );
}
