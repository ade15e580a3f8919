/**
 * Site-wide discovery documents: /sitemap.xml (from every module's registered sitemap source),
 * /robots.txt, and the OpenAPI document of the versioned JSON APIs at /api/v1/openapi.json.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { Kernel } from '../kernel.ts';

function xmlEscape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Registers @fastify/swagger so that every route registered afterwards under /api/v1/ lands in the
 * OpenAPI document. Must run before the modules' routes.
 */
export async function registerOpenApi(app: FastifyInstance, kernel: Kernel): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenKreis API',
        version: '1.0.0',
        description:
          'Versioned JSON APIs of OpenKreis. Errors are application/problem+json (RFC 9457). ' +
          'Standard APIs live at their standard paths and are documented there: CKAN (/api/3/action), OParl (/oparl/v1).',
      },
      servers: [{ url: kernel.config.baseUrl }],
    },
    // Only the versioned JSON APIs belong to this document; HTML journeys and standard APIs do not.
    transform: ({ schema, url }) => ({
      schema: { ...schema, hide: !url.startsWith('/api/v1/') || schema.hide === true },
      url,
    }),
  });
  app.get(
    '/api/v1/openapi.json',
    { config: { policy: 'public' }, schema: { hide: true } },
    async (_req, reply) => {
      return reply.type('application/json').send(app.swagger());
    },
  );
}

export function discoveryRoutes(app: FastifyInstance, kernel: Kernel): void {
  app.get('/robots.txt', { config: { policy: 'public' } }, async (_req, reply) => {
    const base = kernel.config.baseUrl.replace(/\/$/, '');
    return reply
      .type('text/plain; charset=utf-8')
      .send(`User-agent: *\nDisallow: /verwaltung\nDisallow: /konto\nSitemap: ${base}/sitemap.xml\n`);
  });

  app.get('/sitemap.xml', { config: { policy: 'public' } }, async (_req, reply) => {
    const base = kernel.config.baseUrl.replace(/\/$/, '');
    const entries = [{ path: '/' }, { path: '/kommunen' }];
    for (const source of kernel.extensions.sitemapSources) entries.push(...(await source()));
    const seen = new Set<string>();
    const urls: string[] = [];
    for (const e of entries as { path: string; lastmod?: Date }[]) {
      if (seen.has(e.path)) continue;
      seen.add(e.path);
      const lastmod = e.lastmod ? `<lastmod>${e.lastmod.toISOString().slice(0, 10)}</lastmod>` : '';
      urls.push(`<url><loc>${xmlEscape(base + e.path)}</loc>${lastmod}</url>`);
    }
    return reply
      .type('application/xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(
        `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`,
      );
  });
}
