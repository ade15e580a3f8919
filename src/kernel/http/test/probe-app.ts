import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Kernel } from '../../kernel.ts';
import { buildHttp } from '../server.ts';

/**
 * The kernel's HTTP stack (parsers, CSRF, rate limits, error pages) with a few probe routes
 * on an existing test kernel: the robustness tests need a form POST and a JSON API route that
 * record what reached their handler, whatever modules exist.
 */
export interface ProbeApp {
  app: FastifyInstance;
  /** Bodies that reached a handler, in order. */
  received: unknown[];
  close(): Promise<void>;
}

export async function buildProbeApp(kernel: Kernel): Promise<ProbeApp> {
  const received: unknown[] = [];
  const app = await buildHttp(kernel, { resolvePrincipal: async () => undefined, nav: [] });
  app.get('/probe/token', { config: { policy: 'public' } }, async (_req, reply) =>
    reply.type('text/plain').send(reply.generateCsrf()),
  );
  app.post('/probe/form', { config: { policy: 'public' } }, async (req, reply) => {
    received.push(req.body);
    return reply.type('text/plain').send('stored');
  });
  app.get(
    '/probe/query',
    {
      config: { policy: 'public' },
      schema: { querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }) },
    },
    async (req) => ({ q: (req.query as { q?: string }).q ?? null }),
  );
  app.post(
    '/api/v1/probe',
    {
      config: { policy: 'public', csrf: false },
      schema: {
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 100 }),
          count: Type.Integer({ minimum: 0 }),
        }),
      },
    },
    async (req) => {
      received.push(req.body);
      return { ok: true };
    },
  );
  app.post('/api/v1/probe-csrf', { config: { policy: 'public' } }, async (req) => {
    received.push(req.body);
    return { ok: true };
  });
  // A bug: what does a user see when a handler throws?
  const boom = async () => {
    throw new Error('connection string postgres://secret@db/internal failed');
  };
  app.get('/probe/boom', { config: { policy: 'public' } }, boom);
  app.get('/api/v1/boom', { config: { policy: 'public' } }, boom);
  await app.ready();
  return { app, received, close: () => app.close() };
}
