import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import { sendStoredFile } from '../../../kernel/files/index.ts';
import {
  bodyIds,
  getRow,
  listRows,
  organizationExists,
  systemTimes,
  type ListFilter,
  type OParlKind,
} from '../db/oparl.queries.ts';
import { oparlDateTime, parseFilterDate } from '../oparl/format.ts';
import { OParlPresenter, SEGMENT } from '../presenters/oparl.ts';
import { readCouncilConfig } from '../config.ts';

const LISTS: Record<string, OParlKind> = {
  organizations: 'organization',
  persons: 'person',
  meetings: 'meeting',
  papers: 'paper',
  agendaitems: 'agendaItem',
  consultations: 'consultation',
  files: 'file',
  locations: 'location',
  legislativeterms: 'legislativeTerm',
  memberships: 'membership',
};
const KIND_BY_SEGMENT = new Map(Object.entries(SEGMENT).map(([k, s]) => [s, k as OParlKind]));
const NUM_ID = /^[1-9]\d{0,17}$/;
const BODY_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FILTERS = ['created_since', 'created_until', 'modified_since', 'modified_until'] as const;

class OParlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly debug?: string,
  ) {
    super(message);
  }
}

function sendError(reply: FastifyReply, status: number, message: string, debug?: string) {
  return reply
    .code(status)
    .header('access-control-allow-origin', '*')
    .type('application/json; charset=utf-8')
    .send(
      JSON.stringify({ type: 'https://schema.oparl.org/1.1/Error', message, ...(debug ? { debug } : {}) }),
    );
}

function sendJson(reply: FastifyReply, body: unknown) {
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(body));
}

type Query = Record<string, string | string[] | undefined>;

function single(q: Query, name: string): string | undefined {
  const v = q[name];
  if (Array.isArray(v)) throw new OParlError(400, `Parameter "${name}" darf nur einmal vorkommen.`);
  if (v !== undefined && (v.length > 100 || v.includes('\0')))
    throw new OParlError(400, `Parameter "${name}" ist ungültig.`);
  return v;
}

interface ListParams {
  filter: ListFilter;
  raw: Record<string, string>;
  after: number | string;
  limit: number;
}

function readListParams(q: Query, maxLimit: number, defaultLimit: number, stringCursor = false): ListParams {
  const filter: ListFilter = {};
  const raw: Record<string, string> = {};
  const keys: Record<(typeof FILTERS)[number], keyof ListFilter> = {
    created_since: 'createdSince',
    created_until: 'createdUntil',
    modified_since: 'modifiedSince',
    modified_until: 'modifiedUntil',
  };
  for (const name of FILTERS) {
    const v = single(q, name);
    if (v === undefined) continue;
    const d = parseFilterDate(v);
    if (!d)
      throw new OParlError(
        400,
        `Parameter "${name}" muss ein Zeitpunkt nach ISO 8601 sein, z. B. 2026-01-31T12:00:00+01:00.`,
        `value: ${v}`,
      );
    filter[keys[name]] = d;
    raw[name] = oparlDateTime(d);
  }
  let limit = defaultLimit;
  const l = single(q, 'limit');
  if (l !== undefined) {
    if (!/^\d{1,6}$/.test(l) || +l < 1)
      throw new OParlError(400, `Parameter "limit" muss eine ganze Zahl von 1 bis ${maxLimit} sein.`);
    limit = Math.min(+l, maxLimit);
  }
  let after: number | string = stringCursor ? '' : 0;
  const a = single(q, 'after');
  if (a !== undefined) {
    if (stringCursor ? !BODY_ID.test(a) : !/^\d{1,18}$/.test(a))
      throw new OParlError(400, 'Parameter "after" ist ungültig (Blätter-Marke aus links.next verwenden).');
    after = stringCursor ? a : Number(a);
  }
  if (l !== undefined) raw.limit = String(limit);
  return { filter, raw, after, limit };
}

/** OParl 1.1 at /oparl/v1: System, bodies, every object at one URL, paged lists, files. */
export async function oparlRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readCouncilConfig(kernel.fullConfig);
  const baseUrl = kernel.config.baseUrl.replace(/\/$/, '');
  const presenter = new OParlPresenter(kernel.db.pool, baseUrl, kernel.files);
  const pool = kernel.db.pool;

  await app.register(
    async (scope) => {
      scope.addHook('onSend', async (_req, reply, payload) => {
        reply.header('access-control-allow-origin', '*');
        return payload;
      });
      scope.setNotFoundHandler({}, (req, reply) =>
        sendError(reply, 404, 'Diese OParl-URL gibt es nicht.', `${req.method} ${req.url.split('?')[0]}`),
      );
      scope.setErrorHandler((err: unknown, _req, reply) => {
        if (err instanceof OParlError) return sendError(reply, err.status, err.message, err.debug);
        const status = (err as { statusCode?: number }).statusCode;
        if (status && status >= 400 && status < 500) return sendError(reply, status, 'Ungültige Anfrage.');
        kernel.log.error(err, 'oparl');
        return sendError(reply, 500, 'Interner Fehler.');
      });

      async function page(
        req: FastifyRequest,
        reply: FastifyReply,
        kind: OParlKind,
        scopeSel: { bodyId?: string; organizationId?: number },
        path: string,
      ) {
        const q = req.query as Query;
        const p = readListParams(q, cfg.oparlMaxPageSize, cfg.oparlPageSize);
        const rows = await listRows(pool, kind, scopeSel, p.filter, p.after, p.limit);
        const more = rows.length > p.limit;
        const pageRows = more ? rows.slice(0, p.limit) : rows;
        const data = await presenter.present(kind, pageRows);
        const link = (after?: number | string) => {
          const sp = new URLSearchParams(p.raw);
          if (after !== undefined) sp.set('after', String(after));
          const s = sp.toString();
          return `${presenter.api(path)}${s ? `?${s}` : ''}`;
        };
        const links: Record<string, string> = { first: link(), self: link(p.after || undefined) };
        if (more) links.next = link(pageRows[pageRows.length - 1]!.id as number);
        return sendJson(reply, { data, pagination: { elementsPerPage: p.limit }, links });
      }

      scope.get('/', { config: { policy: 'public' } }, async (_req, reply) =>
        reply.redirect('/oparl/v1/system', 301),
      );

      scope.get('/system', { config: { policy: 'public' } }, async (_req, reply) => {
        const t = await systemTimes(pool);
        const now = kernel.clock.now();
        return sendJson(reply, {
          id: presenter.api('/system'),
          type: 'https://schema.oparl.org/1.1/System',
          oparlVersion: 'https://schema.oparl.org/1.1/',
          body: presenter.api('/bodies'),
          name: cfg.systemName,
          license: 'https://www.govdata.de/dl-de/zero-2-0',
          website: `${baseUrl}/ratsinfo`,
          vendor: 'https://openkreis.de',
          product: 'https://openkreis.de/ratsinfo',
          created: oparlDateTime(t.created ?? now),
          modified: oparlDateTime(t.modified ?? now),
          web: `${baseUrl}/ratsinfo`,
        });
      });

      scope.get('/bodies', { config: { policy: 'public' } }, async (req, reply) => {
        const q = req.query as Query;
        const p = readListParams(q, cfg.oparlMaxPageSize, cfg.oparlPageSize, true);
        const rows = await listRows(pool, 'body', {}, p.filter, p.after, p.limit);
        const more = rows.length > p.limit;
        const pageRows = more ? rows.slice(0, p.limit) : rows;
        const data = await presenter.present('body', pageRows);
        const link = (after?: string | number) => {
          const sp = new URLSearchParams(p.raw);
          if (after !== undefined && after !== '') sp.set('after', String(after));
          const s = sp.toString();
          return `${presenter.api('/bodies')}${s ? `?${s}` : ''}`;
        };
        const links: Record<string, string> = { first: link(), self: link(p.after) };
        if (more) links.next = link(pageRows[pageRows.length - 1]!.id as number);
        return sendJson(reply, { data, pagination: { elementsPerPage: p.limit }, links });
      });

      scope.get<{ Params: { id: string; list: string } }>(
        '/body/:id/:list',
        { config: { policy: 'public' } },
        async (req, reply) => {
          const kind = LISTS[req.params.list];
          if (!kind || !BODY_ID.test(req.params.id)) throw new OParlError(404, 'Diese Liste gibt es nicht.');
          if (!(await bodyIds(pool)).includes(req.params.id))
            throw new OParlError(404, 'Diese Körperschaft gibt es nicht.');
          return page(
            req,
            reply,
            kind,
            { bodyId: req.params.id },
            `/body/${req.params.id}/${req.params.list}`,
          );
        },
      );

      scope.get<{ Params: { id: string } }>(
        '/organization/:id/meetings',
        { config: { policy: 'public' } },
        async (req, reply) => {
          if (!NUM_ID.test(req.params.id) || !(await organizationExists(pool, Number(req.params.id))))
            throw new OParlError(404, 'Dieses Gremium gibt es nicht.');
          const id = Number(req.params.id);
          return page(req, reply, 'meeting', { organizationId: id }, `/organization/${id}/meetings`);
        },
      );

      async function fileRoute(
        req: FastifyRequest<{ Params: { id: string } }>,
        reply: FastifyReply,
        download: boolean,
      ) {
        if (!NUM_ID.test(req.params.id)) throw new OParlError(404, 'Diese Datei gibt es nicht.');
        const row = await getRow(pool, 'file', Number(req.params.id));
        if (!row || row.deleted_at || !row.storage_id)
          throw new OParlError(404, 'Diese Datei gibt es nicht.');
        const sent = await sendStoredFile(reply, kernel.files, row.storage_id as string, {
          download,
          name: row.file_name as string,
        });
        if (!sent) throw new OParlError(404, 'Diese Datei gibt es nicht.');
        return reply;
      }
      scope.get<{ Params: { id: string } }>(
        '/file/:id/access',
        { config: { policy: 'public' } },
        (req, reply) => fileRoute(req, reply, false),
      );
      scope.get<{ Params: { id: string } }>(
        '/file/:id/download',
        { config: { policy: 'public' } },
        (req, reply) => fileRoute(req, reply, true),
      );

      scope.get<{ Params: { segment: string; id: string } }>(
        '/:segment/:id',
        { config: { policy: 'public' } },
        async (req, reply) => {
          const kind = KIND_BY_SEGMENT.get(req.params.segment);
          if (!kind) throw new OParlError(404, 'Diesen Objekttyp gibt es nicht.');
          const ok = kind === 'body' ? BODY_ID.test(req.params.id) : NUM_ID.test(req.params.id);
          if (!ok) throw new OParlError(404, 'Dieses Objekt gibt es nicht.');
          const row = await getRow(pool, kind, kind === 'body' ? req.params.id : Number(req.params.id));
          if (!row) throw new OParlError(404, 'Dieses Objekt gibt es nicht.');
          const [obj] = await presenter.present(kind, [row]);
          return sendJson(reply, obj);
        },
      );
    },
    { prefix: '/oparl/v1' },
  );
}
