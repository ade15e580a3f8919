import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { isStaff, staffTenantIds } from '../auth/principal.ts';
import { sendProblem } from '../http/problem.ts';
import type { Kernel } from '../kernel.ts';
import type { FieldErrors } from '../views/components.tsx';
import { MAX_QUERY_LENGTH, parseSearchText } from './text.ts';
import type { SearchQuery } from './types.ts';
import { SearchPage } from './views/search-page.tsx';

const PAGE_SIZE = 10;
const MAX_PAGE = 500;

/** Query parameters may repeat (?q=a&q=b); the first value counts. */
const StringOrList = Type.Union([Type.String(), Type.Array(Type.String())]);
function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

const PageQuery = Type.Object({
  q: Type.Optional(StringOrList),
  kommune: Type.Optional(StringOrList),
  seite: Type.Optional(StringOrList),
});

const ApiQuery = Type.Object({
  q: Type.Optional(
    Type.String({ description: `Search text (websearch syntax, at most ${MAX_QUERY_LENGTH} characters).` }),
  ),
  tenant: Type.Optional(
    Type.String({ pattern: '^[a-z0-9-]{1,63}$', description: 'Only documents of this tenant (id).' }),
  ),
  source: Type.Optional(
    Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$', description: 'Only documents of this source.' }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
});

const ApiHit = Type.Object({
  source: Type.String(),
  id: Type.String(),
  tenantId: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  summary: Type.String(),
  url: Type.String(),
  snippet: Type.String({ description: 'HTML: escaped text with <mark> around matched words.' }),
  lang: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});

const ApiResult = Type.Object({
  query: Type.String(),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  hits: Type.Array(ApiHit),
});

function visibilityOf(req: FastifyRequest): Pick<SearchQuery, 'visibility' | 'staffTenantIds'> {
  return isStaff(req.principal)
    ? { visibility: 'staff', staffTenantIds: staffTenantIds(req.principal) }
    : { visibility: 'public' };
}

/** The public search page (/suche) and the JSON search API (/api/v1/search). */
export async function searchRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const labels = () => {
    const out: Record<string, string> = {};
    for (const s of kernel.search.sources()) if (s.label) out[s.name] = s.label;
    return out;
  };

  app.get<{ Querystring: { q?: string | string[]; kommune?: string | string[]; seite?: string | string[] } }>(
    '/suche',
    { config: { policy: 'public' }, schema: { querystring: PageQuery } },
    async (req, reply) => {
      const ctx = reply.viewContext();
      const rawQ = first(req.query.q);
      const tenantId = first(req.query.kommune) ?? '';
      const pageParam = first(req.query.seite) ?? '1';
      const page = /^[1-9][0-9]{0,5}$/.test(pageParam) ? Math.min(Number(pageParam), MAX_PAGE) : 1;
      const tenants = await kernel.tenants.list();
      const sourceLabels = Object.fromEntries(Object.entries(labels()).map(([k, v]) => [k, ctx.t(v)]));
      const shownQ =
        typeof rawQ === 'string' ? rawQ.replace(/\u0000/g, '').slice(0, MAX_QUERY_LENGTH * 2) : '';
      const render = (
        errors: FieldErrors,
        result: Parameters<typeof SearchPage>[0]['result'],
        status = 200,
      ) =>
        reply.html(
          <SearchPage
            ctx={ctx}
            q={shownQ}
            tenantId={tenantId}
            tenants={tenants}
            errors={errors}
            result={result}
            sourceLabels={sourceLabels}
          />,
          status,
        );

      if (rawQ === undefined && !tenantId) return render({}, null);
      const errors: FieldErrors = {};
      const parsed = parseSearchText(rawQ ?? '');
      if (!parsed.ok) errors.q = ctx.t(`search.error.${parsed.reason}`, { max: MAX_QUERY_LENGTH });
      if (tenantId && !tenants.some((t) => t.id === tenantId)) errors.kommune = ctx.t('search.error.tenant');
      if (!parsed.ok || errors.kommune) return render(errors, null, 422);

      const result = await kernel.search.query({
        q: parsed.q,
        tenantId: tenantId || undefined,
        ...visibilityOf(req),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      return render({}, { ...result, page, pageSize: PAGE_SIZE });
    },
  );

  app.get<{ Querystring: { q?: string; tenant?: string; source?: string; limit: number; offset: number } }>(
    '/api/v1/search',
    {
      config: { policy: 'public' },
      schema: {
        querystring: ApiQuery,
        response: { 200: ApiResult },
      },
    },
    async (req, reply) => {
      const parsed = parseSearchText(req.query.q);
      if (!parsed.ok) {
        const detail =
          parsed.reason === 'missing'
            ? 'The query parameter q is required.'
            : parsed.reason === 'too_long'
              ? `The query parameter q can have at most ${MAX_QUERY_LENGTH} characters.`
              : 'The query parameter q contains characters that cannot be searched (NUL or invalid UTF-16).';
        return sendProblem(reply, {
          status: 400,
          title: 'Bad Request',
          detail,
          instance: '/api/v1/search',
          errors: [{ pointer: '/q', detail }],
        });
      }
      const { tenant, source, limit, offset } = req.query;
      if (tenant && !(await kernel.tenants.get(tenant))) {
        const detail = `Unknown tenant ${tenant}.`;
        return sendProblem(reply, {
          status: 400,
          title: 'Bad Request',
          detail,
          instance: '/api/v1/search',
          errors: [{ pointer: '/tenant', detail }],
        });
      }
      const result = await kernel.search.query({
        q: parsed.q,
        tenantId: tenant,
        source,
        ...visibilityOf(req),
        limit,
        offset,
      });
      return {
        query: parsed.q,
        total: result.total,
        limit,
        offset,
        hits: result.hits.map((h) => ({
          source: h.source,
          id: h.id,
          tenantId: h.tenantId,
          title: h.title,
          summary: h.summary,
          url: new URL(h.url, kernel.config.baseUrl).toString(),
          snippet: h.snippet,
          lang: h.lang,
          updatedAt: h.updatedAt.toISOString(),
        })),
      };
    },
  );
}
