/**
 * DCAT-AP.de catalogue for GovData: /catalog.{ttl,rdf,jsonld} (hydra paging, 100 per page,
 * ?page=, ?modified_since=), /catalog and /daten/katalog with content negotiation, and the dataset
 * URIs /daten/id/<id> (negotiated; HTML goes to the dataset page). Documents are built completely
 * before sending: an error is an HTTP error, never a partial catalogue.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { sendProblem } from '../../../kernel/http/problem.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { findDataset } from '../db/datasets.queries.ts';
import { base, datasetPath } from '../lib/urls.ts';
import { syncPlatformDatasets } from '../platform.ts';
import { catalogDocument, datasetDocument, MEDIA, negotiate, type RdfFormat } from '../queries/catalog.ts';
import { readOpenDataConfig } from '../config.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function dcatRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readOpenDataConfig(kernel.fullConfig);
  const baseUrl = base(kernel.config.baseUrl);
  const querystring = Type.Object({
    page: Type.Optional(Type.String({ maxLength: 12 })),
    modified_since: Type.Optional(Type.String({ maxLength: 40 })),
  });

  async function sendCatalog(req: FastifyRequest, reply: FastifyReply, format: RdfFormat, path: string) {
    const q = req.query as { page?: string; modified_since?: string };
    const page = q.page === undefined ? 1 : /^\d{1,7}$/.test(q.page) ? Number(q.page) : NaN;
    if (!Number.isInteger(page) || page < 1)
      return sendProblem(reply, {
        status: 400,
        title: 'Bad Request',
        detail: 'page must be a positive integer',
      });
    let modifiedSince: Date | null = null;
    if (q.modified_since !== undefined) {
      const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(
        q.modified_since,
      );
      modifiedSince = ok ? new Date(q.modified_since) : null;
      if (!modifiedSince || Number.isNaN(modifiedSince.getTime()))
        return sendProblem(reply, {
          status: 400,
          title: 'Bad Request',
          detail: 'modified_since must be an ISO 8601 date or date-time',
        });
    }
    const pageUrl = (n: number) => {
      const u = new URLSearchParams();
      if (q.modified_since) u.set('modified_since', q.modified_since);
      u.set('page', String(n));
      return `${baseUrl}${path}?${u.toString()}`;
    };
    await syncPlatformDatasets(kernel, { intervalMs: cfg.platformSyncSeconds * 1000 });
    const body = await catalogDocument(kernel, { page, modifiedSince, format, pageUrl });
    return reply
      .type(`${MEDIA[format]}; charset=utf-8`)
      .header('access-control-allow-origin', '*')
      .header('vary', 'accept')
      .send(body);
  }

  for (const format of ['ttl', 'rdf', 'jsonld'] as const) {
    app.get(`/catalog.${format}`, { config: { policy: 'public' }, schema: { querystring } }, (req, reply) =>
      sendCatalog(req, reply, format, `/catalog.${format}`),
    );
  }
  for (const path of ['/catalog', '/daten/katalog']) {
    app.get(path, { config: { policy: 'public' }, schema: { querystring } }, (req, reply) => {
      const f = negotiate(req.headers.accept);
      if (!f) return reply.redirect('/daten', 303);
      return sendCatalog(req, reply, f, `/catalog.${f}`);
    });
  }

  app.get<{ Params: { id: string } }>(
    '/daten/id/:id',
    { config: { policy: 'public' }, schema: { params: Type.Object({ id: Type.String({ maxLength: 80 }) }) } },
    async (req, reply) => {
      const m = /^([0-9a-f-]{36})(?:\.(ttl|rdf|jsonld))?$/i.exec(req.params.id);
      if (!m || !UUID.test(m[1]!)) return reply.callNotFound();
      const d = await findDataset(kernel.db.pool, m[1]!);
      if (!d) return reply.callNotFound();
      const f = (m[2] as RdfFormat | undefined) ?? negotiate(req.headers.accept);
      if (!f) return reply.redirect(datasetPath(d.name), 303);
      return reply
        .type(`${MEDIA[f]}; charset=utf-8`)
        .header('vary', 'accept')
        .header('access-control-allow-origin', '*')
        .send(await datasetDocument(kernel, d, f));
    },
  );
}
