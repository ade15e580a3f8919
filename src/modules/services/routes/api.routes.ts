import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { sendProblem } from '../../../kernel/http/problem.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { readServicesConfig } from '../config.ts';
import { getServicePage, searchCatalogue } from '../queries/services.ts';
import { parseFinderParams } from './params.ts';

const Str = (description: string) => Type.Optional(Type.String({ description }));
const ListQuery = Type.Object({
  q: Str('Full-text query (German stemming, partial words and one typo are found); at most 200 characters.'),
  themenfeld: Str('OZG Themenfeld, e.g. "Mobilität & Reisen".'),
  lebenslage: Str('OZG Lebenslage, e.g. "Führerschein".'),
  municipality: Str('Tenant id of a municipality (e.g. "kaarst"): services offered to its residents.'),
  postal_code: Str('Postal code of a municipality; used when municipality is not given.'),
  channel: Str('online | appointment | in_person | phone | email'),
  page: Str('Page number, from 1.'),
  per_page: Str('Results per page, 1–100 (default 20).'),
});
const Facet = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer() }));
const Hit = Type.Object({
  kind: Type.Union([Type.Literal('local'), Type.Literal('catalogue')]),
  url: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  themenfeld: Type.Union([Type.String(), Type.Null()]),
  level: Type.Union([Type.Literal('kreis'), Type.Literal('gemeinde'), Type.Null()]),
  leika_key: Type.Union([Type.String(), Type.Null()]),
  ozg_id: Type.Union([Type.String(), Type.Null()]),
  channels: Type.Array(Type.String()),
});
const ListResult = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  items: Type.Array(Hit),
  facets: Type.Object({ themenfeld: Facet, lebenslage: Facet, channel: Facet, municipality: Facet }),
});
const Office = Type.Object({
  municipality: Type.String(),
  tenant: Type.String(),
  tenant_name: Type.String(),
  org_unit: Type.String(),
  org_unit_name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  contact_name: Type.Union([Type.String(), Type.Null()]),
});
const ShowResult = Type.Object({
  slug: Type.String(),
  url: Type.String(),
  title: Type.Object({ de: Type.String(), en: Type.String() }),
  summary: Type.String(),
  level: Type.String(),
  leika_key: Type.Union([Type.String(), Type.Null()]),
  ozg_id: Type.Union([Type.String(), Type.Null()]),
  themenfeld: Type.Union([Type.String(), Type.Null()]),
  lebenslagen: Type.Array(Type.String()),
  processing_days: Type.Union([Type.Integer(), Type.Null()]),
  legal_basis: Type.String(),
  easy_language: Type.String({ description: 'Summary in Leichte Sprache (German), may be empty' }),
  processing: Type.String({ description: 'Processing time as text, may be empty' }),
  fees: Type.Array(
    Type.Object({
      label: Type.String(),
      amount: Type.String({ description: 'Display text: an amount, a range or e.g. "nach Aufwand"' }),
      amount_min_cents: Type.Union([Type.Integer(), Type.Null()]),
      amount_max_cents: Type.Union([Type.Integer(), Type.Null()]),
      legal_basis: Type.String(),
    }),
  ),
  documents: Type.Array(Type.String()),
  channels: Type.Array(Type.Object({ kind: Type.String(), url: Type.Union([Type.String(), Type.Null()]) })),
  responsible: Type.Union([Office, Type.Null()]),
  municipalities: Type.Array(Type.String()),
  updated_at: Type.String({ format: 'date-time' }),
});

const FIELD_OF: Record<string, string> = {
  kommune: 'municipality',
  plz: 'postal_code',
  zugang: 'channel',
  seite: 'page',
};

export async function apiRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readServicesConfig(kernel.fullConfig);

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/api/v1/services',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['services'],
        summary: 'Search and list services (local services first, then the LeiKa catalogue)',
        querystring: ListQuery,
        response: { 200: ListResult },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const parsed = await parseFinderParams(
        kernel,
        {
          q: q.q,
          themenfeld: q.themenfeld,
          lebenslage: q.lebenslage,
          kommune: q.municipality,
          plz: q.postal_code,
          zugang: q.channel,
          seite: q.page,
          perPage: q.per_page,
        },
        { perPage: cfg.perPage, town: undefined },
      );
      const errs = Object.entries(parsed.errors);
      if (errs.length) {
        const t = kernel.i18n.translator('en');
        return sendProblem(reply, {
          status: 400,
          title: 'Bad Request',
          detail: errs.map(([, v]) => t(v)).join(' '),
          instance: '/api/v1/services',
          errors: errs.map(([k, v]) => ({ pointer: `/${FIELD_OF[k] ?? k}`, detail: t(v) })),
        });
      }
      const r = await searchCatalogue(kernel, parsed.query, 'de');
      return {
        total: r.total,
        page: r.page,
        per_page: r.perPage,
        items: r.items.map((h) => ({
          kind: h.kind,
          url: h.href,
          title: h.title,
          summary: h.summary,
          themenfeld: h.themenfeld,
          level: h.level,
          leika_key: h.leikaKey,
          ozg_id: h.ozgId,
          channels: h.channels,
        })),
        facets: {
          ...r.facets,
          municipality: r.facets.municipality.map((m) => ({ value: m.value, count: m.count })),
        },
      };
    },
  );

  app.get<{ Params: { slug: string }; Querystring: { municipality?: string } }>(
    '/api/v1/services/:slug',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['services'],
        summary: 'One local service with its responsible office (for a municipality, if given)',
        params: Type.Object({
          slug: Type.String({ description: 'Service slug, e.g. hundesteuer-anmeldung' }),
        }),
        querystring: Type.Object({ municipality: Str('Tenant id of a municipality') }),
        response: { 200: ShowResult },
      },
    },
    async (req, reply) => {
      const { slug } = req.params;
      const m = req.query.municipality;
      if (m !== undefined && (typeof m !== 'string' || (await kernel.tenants.get(m))?.kind !== 'gemeinde')) {
        return sendProblem(reply, {
          status: 400,
          title: 'Bad Request',
          detail: 'Unknown municipality.',
          instance: `/api/v1/services/${encodeURIComponent(slug)}`,
          errors: [{ pointer: '/municipality', detail: 'Unknown municipality.' }],
        });
      }
      const ok = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) && slug.length <= 100;
      const v = ok ? await getServicePage(kernel, slug, m ?? null, 'de') : null;
      if (!v)
        return sendProblem(reply, {
          status: 404,
          title: 'Not Found',
          detail: 'No service with this slug.',
          instance: `/api/v1/services/${encodeURIComponent(slug)}`,
        });
      const en = await getServicePage(kernel, slug, null, 'en');
      return {
        slug: v.ref.slug,
        url: `/leistungen/${v.ref.slug}`,
        title: { de: v.title, en: en?.title ?? v.ref.title.en },
        summary: v.summary,
        level: v.ref.level,
        leika_key: v.ref.leikaKey,
        ozg_id: v.ref.ozgId,
        themenfeld: v.themenfeld,
        lebenslagen: v.lebenslagen,
        processing_days: v.ref.processingDays,
        legal_basis: v.legalBasis,
        easy_language: v.easyLanguage,
        processing: v.processing,
        fees: v.fees.map((f) => ({
          label: f.label,
          amount: f.amount,
          amount_min_cents: f.minCents,
          amount_max_cents: f.maxCents,
          legal_basis: f.legalBasis,
        })),
        documents: v.documents,
        channels: v.channels.map((c) => ({ kind: c.kind, url: c.href })),
        responsible: v.office
          ? {
              municipality: v.office.forTenant.id,
              tenant: v.office.tenant.id,
              tenant_name: v.office.tenant.name,
              org_unit: v.office.unit.slug,
              org_unit_name: v.office.unit.name,
              email: v.office.unit.email,
              phone: v.office.unit.phone,
              contact_name: v.office.contactName,
            }
          : null,
        municipalities: v.towns.map((x) => x.id),
        updated_at: v.updatedAt.toISOString(),
      };
    },
  );
}
