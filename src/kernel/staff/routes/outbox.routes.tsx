import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../kernel.ts';
import { pageCount, PAGE_SIZE } from '../format.ts';
import { platformAdmin } from '../policies.ts';
import { OutboxListPage, OutboxMailPage } from '../views/outbox-pages.tsx';

const listQuery = Type.Object({ seite: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) });
const idParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const detailQuery = Type.Object({ erneut: Type.Optional(Type.String({ maxLength: 10 })) });

export async function outboxRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  app.get<{ Querystring: { seite?: number } }>(
    '/verwaltung/postausgang',
    { config: { policy: platformAdmin }, schema: { querystring: listQuery } },
    async (req, reply) => {
      const total = await kernel.mail.count();
      const pages = pageCount(total);
      const page = Math.min(req.query.seite ?? 1, pages);
      const mails = await kernel.mail.recent({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      return reply.html(
        <OutboxListPage
          ctx={reply.viewContext()}
          mode={kernel.mail.mode}
          mails={mails}
          total={total}
          page={page}
          pageCount={pages}
        />,
      );
    },
  );

  app.get<{ Params: { id: string }; Querystring: { erneut?: string } }>(
    '/verwaltung/postausgang/:id',
    { config: { policy: platformAdmin }, schema: { params: idParams, querystring: detailQuery } },
    async (req, reply) => {
      const mail = await kernel.mail.get(req.params.id);
      if (!mail) return reply.callNotFound();
      return reply.html(
        <OutboxMailPage ctx={reply.viewContext()} mail={mail} resent={req.query.erneut === '1'} />,
      );
    },
  );

  app.post<{ Params: { id: string } }>(
    '/verwaltung/postausgang/:id/erneut-senden',
    { config: { policy: platformAdmin }, schema: { params: idParams } },
    async (req, reply) => {
      const mail = await kernel.mail.get(req.params.id);
      if (!mail) return reply.callNotFound();
      if (await kernel.mail.resend(mail.id)) {
        await kernel.audit.record({
          actorId: req.principal?.accountId ?? null,
          action: 'mail.resent',
          objectType: 'mail',
          objectId: mail.id,
          requestId: req.id,
        });
      }
      return reply.redirect(`/verwaltung/postausgang/${mail.id}?erneut=1`, 303);
    },
  );
}
