import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Kernel } from '../kernel.ts';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'openkreis_' });

const httpDuration = new Histogram({
  name: 'openkreis_http_request_duration_seconds',
  help: 'HTTP request duration by route and status class',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});
const httpErrors = new Counter({
  name: 'openkreis_http_server_errors_total',
  help: 'Responses with status >= 500',
  registers: [metricsRegistry],
});

function isLoopback(ip: string): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const a = Buffer.from(header.slice(7));
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Records one answered request in the metrics (also used for page-cache edge answers). */
export function observeHttp(method: string, route: string, status: number, seconds: number): void {
  httpDuration.observe({ method, route, status: `${Math.floor(status / 100)}xx` }, seconds);
  if (status >= 500) httpErrors.inc();
}

export function registerHealth(app: FastifyInstance, kernel: Kernel) {
  app.addHook('onResponse', async (req, reply) => {
    observeHttp(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get('/health/live', { config: { policy: 'public', rateLimit: false } }, async () => ({ status: 'ok' }));

  app.get('/health/ready', { config: { policy: 'public', rateLimit: false } }, async (_req, reply) => {
    try {
      await kernel.db.pool.query('select 1');
      return { status: 'ok', checks: { database: 'ok' } };
    } catch {
      return reply.code(503).send({ status: 'unavailable', checks: { database: 'failed' } });
    }
  });

  app.get(
    '/metrics',
    {
      config: {
        rateLimit: false,
        policy: (_p, req) => {
          const token = kernel.config.metricsToken;
          return token
            ? tokenMatches(req.headers.authorization, token)
            : isLoopback(req.socket.remoteAddress ?? '');
        },
      },
    },
    async (_req, reply) => {
      reply.type(metricsRegistry.contentType);
      return metricsRegistry.metrics();
    },
  );
}
