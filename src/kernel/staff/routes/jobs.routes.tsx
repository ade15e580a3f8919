import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../kernel.ts';
import { pageCount, PAGE_SIZE, UUID_RE } from '../format.ts';
import { platformAdmin } from '../policies.ts';
import { JobsPage } from '../views/jobs-page.tsx';

const listQuery = Type.Object({
  seite: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  wiederholt: Type.Optional(Type.String({ maxLength: 10 })),
});
const idParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export async function jobsRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get<{ Querystring: { seite?: number; wiederholt?: string } }>(
    '/verwaltung/aufgaben',
    { config: { policy: platformAdmin }, schema: { querystring: listQuery } },
    async (req, reply) => {
      const counts = await kernel.jobs.counts();
      const pages = pageCount(counts.failed);
      const page = Math.min(req.query.seite ?? 1, pages);
      const { items, total } = await kernel.jobs.failed({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      return reply.html(
        <JobsPage
          ctx={reply.viewContext()}
          jobs={items}
          total={total}
          page={page}
          pageCount={pageCount(total)}
          counts={counts}
          workersHere={kernel.jobs.started}
          notice={req.query.wiederholt === '1' ? 'retried' : null}
        />,
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/verwaltung/aufgaben/:id/wiederholen',
    { config: { policy: platformAdmin }, schema: { params: idParams } },
    async (req, reply) => {
      const id = req.params.id;
      if (!UUID_RE.test(id)) return reply.callNotFound();
      if (!(await kernel.jobs.retry(id))) return reply.callNotFound();
      await kernel.audit.record({
        actorId: req.principal?.accountId ?? null,
        action: 'job.retried',
        objectType: 'job',
        objectId: id,
        requestId: req.id,
      });
      return reply.redirect('/verwaltung/aufgaben?wiederholt=1', 303);
    },
  );
}
