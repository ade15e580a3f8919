import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Kernel } from '../../../kernel/kernel.ts';
import type { FieldErrors } from '../../../kernel/views/components.tsx';
import { readMyTown } from '../../portal/index.ts';
import { readServicesConfig } from '../config.ts';
import { selectCatalogueEntry, selectLebenslagen } from '../db/services.queries.ts';
import { getServicePage, searchCatalogue } from '../queries/services.ts';
import { CataloguePage } from '../views/catalogue-page.tsx';
import { FinderPage } from '../views/finder-page.tsx';
import { LebenslagenPage } from '../views/lebenslagen-page.tsx';
import { ServicePage, serviceJsonLd } from '../views/service-page.tsx';
import { knownFacets, one, parseFinderParams, type ParamErrors, type RawFinderParams } from './params.ts';

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
// Anything goes in: bad values are answered with a 422 page, never a 500.
const AnyQuery = Type.Record(Type.String(), Type.Unknown());
const pub = (extra: object = {}) => ({ config: { policy: 'public' as const, pageCache: true }, ...extra });

/** Field-bound errors stay at their field; facet/page errors go to the search field. */
function fieldErrors(t: (k: string) => string, e: ParamErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(e)) {
    const field = k === 'kommune' || k === 'plz' || k === 'q' ? k : 'q';
    out[field] = out[field] ? `${out[field]} ${t(v)}` : t(v);
  }
  return out;
}

export async function publicRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readServicesConfig(kernel.fullConfig);
  // The configured public origin, never the Host header: pages are cached for every visitor.
  const origin = kernel.config.baseUrl.replace(/\/+$/, '');

  const finder = async (req: FastifyRequest<{ Querystring: Record<string, unknown> }>, topic?: string) => {
    const raw: RawFinderParams = { ...req.query, perPage: undefined };
    if (topic !== undefined) raw.themenfeld = topic;
    const myTown = await readMyTown(kernel, req);
    const parsed = await parseFinderParams(kernel, raw, { perPage: cfg.perPage, town: myTown });
    return parsed;
  };

  app.get<{ Querystring: Record<string, unknown> }>(
    '/leistungen',
    pub({ schema: { querystring: AnyQuery, hide: true } }),
    async (req, reply) => {
      const ctx = reply.viewContext();
      const parsed = await finder(req);
      const towns = (await kernel.tenants.list()).filter((x) => x.kind === 'gemeinde');
      const errors = fieldErrors(ctx.t, parsed.errors);
      const ok = Object.keys(errors).length === 0;
      const result = await searchCatalogue(kernel, parsed.query, ctx.lang);
      return reply.html(
        <FinderPage
          ctx={ctx}
          query={parsed.query}
          shown={parsed.shown}
          errors={errors}
          towns={towns}
          town={parsed.town}
          result={result}
        />,
        ok ? 200 : 422,
      );
    },
  );

  app.get<{ Params: { themenfeld: string }; Querystring: Record<string, unknown> }>(
    '/leistungen/themen/:themenfeld',
    pub({
      schema: {
        params: Type.Object({ themenfeld: Type.String({ maxLength: 300 }) }),
        querystring: AnyQuery,
        hide: true,
      },
    }),
    async (req, reply) => {
      const { themenfelder } = await knownFacets(kernel);
      const topic = req.params.themenfeld;
      if (!themenfelder.includes(topic)) return reply.callNotFound();
      const ctx = reply.viewContext();
      const parsed = await finder(req, topic);
      const towns = (await kernel.tenants.list()).filter((x) => x.kind === 'gemeinde');
      const errors = fieldErrors(ctx.t, parsed.errors);
      const result = await searchCatalogue(kernel, parsed.query, ctx.lang);
      return reply.html(
        <FinderPage
          ctx={ctx}
          query={parsed.query}
          shown={parsed.shown}
          errors={errors}
          towns={towns}
          town={parsed.town}
          result={result}
          topic={topic}
        />,
        Object.keys(errors).length ? 422 : 200,
      );
    },
  );

  app.get('/lebenslagen', pub(), async (_req, reply) => {
    return reply.html(
      <LebenslagenPage ctx={reply.viewContext()} rows={await selectLebenslagen(kernel.db.pool)} />,
    );
  });

  app.get<{ Params: { id: string } }>(
    '/leistungen/katalog/:id',
    pub({ schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }), hide: true } }),
    async (req, reply) => {
      if (!/^([0-9]{14}|x-[0-9a-f]{16})$/.test(req.params.id)) return reply.callNotFound();
      const entry = await selectCatalogueEntry(kernel.db.pool, req.params.id);
      if (!entry) return reply.callNotFound();
      return reply.html(<CataloguePage ctx={reply.viewContext()} entry={entry} />);
    },
  );

  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>(
    '/leistungen/:slug',
    pub({
      schema: {
        params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
        querystring: AnyQuery,
        hide: true,
      },
    }),
    async (req, reply) => {
      const slug = req.params.slug;
      if (slug.length > 100 || !SLUG.test(slug)) return reply.callNotFound();
      const ctx = reply.viewContext();
      const tenants = await kernel.tenants.list();
      const towns = tenants.filter((x) => x.kind === 'gemeinde');
      let town = await readMyTown(kernel, req);
      const k = one(req.query.kommune);
      if (k) town = towns.find((x) => x.id === k) ?? town;
      const plz = one(req.query.plz);
      if (plz && /^\d{5}$/.test(plz.replace(/\s/g, ''))) {
        const byPlz = (await kernel.tenants.byPostalCode(plz.replace(/\s/g, ''))).find(
          (x) => x.kind === 'gemeinde',
        );
        if (byPlz && !k) town = byPlz;
      }
      const view = await getServicePage(kernel, slug, town?.id ?? null, ctx.lang);
      if (!view) return reply.callNotFound();
      const kreis = tenants.find((x) => x.kind === 'kreis');
      return reply.html(
        <ServicePage
          ctx={ctx}
          service={view}
          towns={towns}
          town={town}
          jsonLd={serviceJsonLd(view, origin, kreis, towns)}
        />,
      );
    },
  );
}
