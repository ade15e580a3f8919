/**
 * CKAN Action API (API version 3): /api/3/action/<name> and /api/action/<name>, GET and POST
 * (JSON or multipart for uploads), answers in CKAN's envelope {help, success, result|error}.
 * Writes need a per-user API token (Authorization or X-CKAN-API-Key header); session cookies are
 * ignored here, so no CSRF token is needed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FileRejectedError, NotMultipartError, saveUpload } from '../../../kernel/files/index.ts';
import type { Principal } from '../../../kernel/auth/principal.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  addResource,
  changeResource,
  createDataset,
  deleteDataset,
  toRaw,
  updateDatasetMeta,
  type WriteFailure,
} from '../commands/datasets.ts';
import { principalForToken } from '../commands/tokens.ts';
import { CKAN_MESSAGES, type RawDataset } from '../commands/validate.ts';
import { findDataset, findResource, listNames } from '../db/datasets.queries.ts';
import { SearchQueryError } from '../lib/fq.ts';
import { base } from '../lib/urls.ts';
import { FORMATS, formatFromName, normaliseFormat, THEMES } from '../lib/vocab.ts';
import type { DatasetRecord, ResourceInput } from '../model.ts';
import { syncPlatformDatasets } from '../platform.ts';
import { groupDict, licenseList, organizationDict, packageDict, resourceDict } from '../presenters/ckan.ts';
import { buildSpec, runSearch, SearchValidationError } from '../queries/search.ts';
import { readOpenDataConfig } from '../config.ts';

type Params = Record<string, unknown>;

class CkanError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.__type));
  }
}
const notFound = (what = 'Not found') => new CkanError(404, { __type: 'Not Found Error', message: what });
const denied = (msg: string) =>
  new CkanError(403, { __type: 'Authorization Error', message: `Access denied: ${msg}` });
const invalid = (errors: Record<string, string[] | string>) =>
  new CkanError(409, { __type: 'Validation Error', ...errors });
const badRequest = (message: string) => new CkanError(400, { message: `Bad request - ${message}` });

function failure(f: WriteFailure, action: string): CkanError {
  switch (f.reason) {
    case 'notFound':
      return notFound();
    case 'forbidden':
      return denied(`User not authorized to ${action}`);
    case 'platform':
      return denied('platform datasets are published by the platform and are read-only');
    case 'invalid':
      return invalid(
        Object.fromEntries(Object.entries(f.errors).map(([k, v]) => [k, [CKAN_MESSAGES[v] ?? v]])),
      );
  }
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

function intParam(p: Params, name: string, dflt?: number): number | undefined {
  const v = p[name];
  if (v === undefined || v === '') return dflt;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0) throw invalid({ [name]: ['Invalid integer'] });
  return n;
}

function listParam(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v))
    return v.map((x: unknown) =>
      x && typeof x === 'object' && 'name' in x ? (x as { name: string }).name : (x as string),
    );
  if (typeof v === 'string') {
    const s = v.trim();
    if (s.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(s);
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        /* fall through */
      }
      throw new CkanError(400, {
        __type: 'Search Query Error',
        message: `Search Query is invalid: "${s}" is not a JSON list`,
      });
    }
    return s ? s.split(',').map((x) => x.trim()) : [];
  }
  throw invalid({ list: ['Not a list'] });
}

/** CKAN package dict → our raw input (tags, groups, extras). */
function rawFromDict(p: Params): RawDataset {
  const extras = new Map<string, string>();
  if (Array.isArray(p.extras))
    for (const e of p.extras as unknown[])
      if (e && typeof e === 'object' && 'key' in e)
        extras.set(String(e.key), str((e as { value?: unknown }).value) ?? '');
  const pick = (k: string) => str(p[k]) ?? extras.get(k);
  return {
    name: str(p.name),
    title: str(p.title),
    notes: str(p.notes),
    owner_org: str(p.owner_org),
    org_unit: pick('publisher_office'),
    tags: listParam(p.tags),
    groups: listParam(p.groups),
    temporal_start: pick('temporal_start'),
    temporal_end: pick('temporal_end'),
    frequency: pick('frequency'),
    license_id: str(p.license_id),
    attribution: pick('attribution'),
    maintainer: str(p.maintainer),
    maintainer_email: str(p.maintainer_email),
    url: str(p.url),
  };
}

function resourceFromDict(r: Params, existing?: DatasetRecord['resources'][number]): ResourceInput {
  const url = str(r.url)?.trim() || null;
  const keepStored =
    existing && (existing.fileId || existing.platformDistribution) && (!url || url.includes('/ressource/'));
  const format = normaliseFormat(
    str(r.format) ?? (url ? (formatFromName(url) ?? '') : (existing?.format ?? '')),
  );
  if (!keepStored && !url) throw invalid({ url: [CKAN_MESSAGES.resourceUrl!] });
  if (url && !keepStored && !/^https?:\/\/[^\s\u0000-\u001f]+$/.test(url))
    throw invalid({ url: [CKAN_MESSAGES.url!] });
  const size = r.size === undefined || r.size === null || r.size === '' ? null : Number(r.size);
  return {
    name: (str(r.name) ?? existing?.name ?? url ?? 'Ressource').slice(0, 300) || 'Ressource',
    description: (str(r.description) ?? existing?.description ?? '').slice(0, 5000),
    url: keepStored ? null : url,
    fileId: keepStored ? existing.fileId : null,
    platformDistribution: keepStored ? existing.platformDistribution : null,
    format,
    mediaType: str(r.mimetype) ?? FORMATS[format]?.mediaType ?? existing?.mediaType ?? null,
    byteSize: keepStored ? existing.byteSize : Number.isSafeInteger(size) && size! >= 0 ? size : null,
    checksum: keepStored ? existing.checksum : null,
  };
}

export async function ckanRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readOpenDataConfig(kernel.fullConfig);
  const baseUrl = base(kernel.config.baseUrl);

  // Our own JSON parsing so that a broken body gets CKAN's error, not Fastify's.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  async function present(d: DatasetRecord) {
    const tenant = await kernel.tenants.get(d.tenantId);
    const unit = d.orgUnitId ? await kernel.tenants.orgUnit(d.orgUnitId) : undefined;
    return packageDict(baseUrl, d, tenant, unit);
  }

  async function principal(req: FastifyRequest): Promise<Principal | null> {
    const h = req.headers.authorization ?? req.headers['x-ckan-api-key'];
    const token = Array.isArray(h) ? h[0] : h;
    if (!token) return null;
    const p = await principalForToken(kernel, token);
    if (!p) throw denied('invalid or revoked API token');
    return p;
  }
  async function writer(req: FastifyRequest) {
    const p = await principal(req);
    if (!p) throw denied('an API token is required (Authorization header)');
    return { principal: p, requestId: req.id };
  }

  const sync = () => syncPlatformDatasets(kernel, { intervalMs: cfg.platformSyncSeconds * 1000 });

  const actions: Record<string, (p: Params, req: FastifyRequest) => Promise<unknown>> = {
    status_show: () =>
      Promise.resolve({
        site_title: 'OpenKreis Open Data',
        site_url: baseUrl,
        site_description: 'Offene Daten des Kreises und seiner Kommunen',
        ckan_version: '2.10.4',
        api_version: 3,
        locale_default: 'de',
        extensions: ['dcat', 'openkreis'],
      }),
    site_read: () => Promise.resolve(true),
    help_show: (p) => {
      const n = str(p.name) ?? '';
      if (!Object.hasOwn(actions, n)) throw notFound('Action not found');
      return Promise.resolve(
        `CKAN action ${n} (API version 3). The parameters and behaviour follow CKAN 2.10; see ${baseUrl}/daten/api.`,
      );
    },
    license_list: () => Promise.resolve(licenseList()),
    package_list: async (p) => {
      await sync();
      const limit = intParam(p, 'limit', 100_000)!;
      return listNames(kernel.db.pool, Math.min(limit, 100_000), intParam(p, 'offset', 0)!);
    },
    package_show: async (p) => {
      await sync();
      const id = str(p.id) ?? str(p.name_or_id);
      if (!id) throw invalid({ id: ['Missing value'] });
      const d = await findDataset(kernel.db.pool, id);
      if (!d) throw notFound();
      return present(d);
    },
    package_search: async (p) => {
      await sync();
      let spec;
      let out;
      try {
        spec = buildSpec(
          {
            q: str(p.q),
            fq: str(p.fq),
            rows: intParam(p, 'rows'),
            start: intParam(p, 'start'),
            sort: str(p.sort),
            facetFields: listParam(p['facet.field']),
            facetLimit: p['facet.limit'] === undefined ? undefined : Number(p['facet.limit']),
            facetMinCount: p['facet.mincount'] === undefined ? undefined : intParam(p, 'facet.mincount'),
          },
          kernel.clock.now(),
        );
        if (p['facet.limit'] !== undefined && !Number.isFinite(Number(p['facet.limit'])))
          throw invalid({ 'facet.limit': ['Invalid integer'] });
        out = await runSearch(kernel, spec);
      } catch (err) {
        if (err instanceof SearchQueryError)
          throw new CkanError(400, {
            __type: 'Search Query Error',
            message: `Search Query is invalid: ${err.message}`,
          });
        if (err instanceof SearchValidationError) throw invalid({ [err.field]: [err.message] });
        throw err;
      }
      const results = await Promise.all(out.results.map(present));
      const titles = async (field: string, name: string) => {
        if (field === 'organization') return (await kernel.tenants.get(name))?.name ?? name;
        if (field === 'groups') return THEMES[name]?.de ?? name;
        return name;
      };
      const facets: Record<string, Record<string, number>> = {};
      const searchFacets: Record<
        string,
        { title: string; items: { name: string; display_name: string; count: number }[] }
      > = {};
      for (const [field, items] of Object.entries(out.facets)) {
        const key = field;
        const norm = (n: string) => (field === 'groups' ? n.toLowerCase() : n);
        facets[key] = Object.fromEntries(items.map((i) => [norm(i.name), i.count]));
        searchFacets[key] = {
          title: key,
          items: await Promise.all(
            items.map(async (i) => ({
              name: norm(i.name),
              display_name: await titles(field, i.name),
              count: i.count,
            })),
          ),
        };
      }
      return {
        count: out.count,
        sort: spec.sort.map((s) => `${s.field} ${s.dir}`).join(', '),
        facets,
        search_facets: searchFacets,
        results,
      };
    },
    organization_list: async (p) => {
      const tenants = await kernel.tenants.list();
      if (p.all_fields === true || p.all_fields === 'true' || p.all_fields === 'True')
        return tenants.map((t) => organizationDict(baseUrl, t));
      return tenants.map((t) => t.id);
    },
    organization_show: async (p) => {
      const t = await kernel.tenants.get(str(p.id) ?? '');
      if (!t) throw notFound();
      const spec = buildSpec({ fq: `organization:"${t.id}"`, rows: 0 }, kernel.clock.now());
      const out = await runSearch(kernel, spec);
      const org = organizationDict(baseUrl, t, out.count);
      if (p.include_datasets === true || p.include_datasets === 'true') {
        const list = await runSearch(kernel, { ...spec, rows: 1000, sort: [{ field: 'name', dir: 'asc' }] });
        return { ...org, packages: await Promise.all(list.results.map(present)) };
      }
      return org;
    },
    group_list: async (p) => {
      const codes = Object.keys(THEMES);
      if (p.all_fields === true || p.all_fields === 'true') return codes.map((c) => groupDict(c));
      return codes.map((c) => c.toLowerCase());
    },
    group_show: async (p) => {
      const code = (str(p.id) ?? '').toUpperCase();
      if (!THEMES[code]) throw notFound();
      const out = await runSearch(kernel, buildSpec({ fq: `groups:${code}`, rows: 0 }, kernel.clock.now()));
      return groupDict(code, out.count);
    },
    tag_list: async (p) => {
      const q = str(p.query);
      const { rows } = await kernel.db.pool.query<{ k: string }>(
        `select distinct k from open_data.datasets, unnest(keywords) k where state = 'active' ${q ? `and k ilike $1` : ''} order by k limit 10000`,
        q ? [`%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`] : [],
      );
      return rows.map((r) => r.k);
    },
    resource_show: async (p) => {
      const found = await findResource(kernel.db.pool, str(p.id) ?? '');
      if (!found || found.datasetState !== 'active') throw notFound();
      const d = (await findDataset(kernel.db.pool, found.resource.datasetId))!;
      return resourceDict(baseUrl, d, found.resource);
    },
    package_create: async (p, req) => {
      const w = await writer(req);
      const resources = Array.isArray(p.resources)
        ? (p.resources as Params[]).map((r) => resourceFromDict(r))
        : [];
      const r = await createDataset(kernel, w, rawFromDict(p), resources);
      if (!r.ok) throw failure(r, 'create package');
      return present(r.value);
    },
    package_update: async (p, req) => {
      const w = await writer(req);
      const id = str(p.id) ?? str(p.name);
      if (!id) throw invalid({ id: ['Missing value'] });
      const current = await findDataset(kernel.db.pool, id);
      if (!current) throw notFound();
      const resources = Array.isArray(p.resources)
        ? (p.resources as Params[]).map((r) => ({
            ...resourceFromDict(
              r,
              current.resources.find((x) => x.id === str(r.id)),
            ),
            id: str(r.id),
          }))
        : undefined;
      const r = await updateDatasetMeta(kernel, w, current.id, rawFromDict(p), resources);
      if (!r.ok) throw failure(r, 'update package');
      return present(r.value);
    },
    package_patch: async (p, req) => {
      const w = await writer(req);
      const id = str(p.id) ?? str(p.name);
      if (!id) throw invalid({ id: ['Missing value'] });
      const current = await findDataset(kernel.db.pool, id);
      if (!current) throw notFound();
      const patch = rawFromDict(p);
      const merged: RawDataset = { ...toRaw(current) };
      for (const k of Object.keys(patch) as (keyof RawDataset)[])
        if (patch[k] !== undefined) (merged as Record<string, unknown>)[k] = patch[k];
      if (str(p.id) && !str(p.name)) merged.name = current.name;
      const resources = Array.isArray(p.resources)
        ? (p.resources as Params[]).map((r) => ({
            ...resourceFromDict(
              r,
              current.resources.find((x) => x.id === str(r.id)),
            ),
            id: str(r.id),
          }))
        : undefined;
      const r = await updateDatasetMeta(kernel, w, current.id, merged, resources);
      if (!r.ok) throw failure(r, 'update package');
      return present(r.value);
    },
    package_delete: async (p, req) => {
      const w = await writer(req);
      const r = await deleteDataset(kernel, w, str(p.id) ?? '');
      if (!r.ok) throw failure(r, 'delete package');
      return null;
    },
    resource_create: async (p, req) => {
      const w = await writer(req);
      const upload = (
        p as { __upload?: { fileId: string; size: number; sha256: string; mediaType: string; name: string } }
      ).__upload;
      const dsId = str(p.package_id) ?? '';
      let input: ResourceInput;
      if (upload) {
        const format = normaliseFormat(str(p.format) ?? formatFromName(upload.name) ?? '');
        input = {
          name: (str(p.name) ?? upload.name).slice(0, 300),
          description: str(p.description) ?? '',
          url: null,
          fileId: upload.fileId,
          format,
          mediaType: upload.mediaType,
          byteSize: upload.size,
          checksum: upload.sha256,
        };
      } else input = resourceFromDict(p);
      const r = await addResource(kernel, w, dsId, input);
      if (!r.ok) {
        if (upload) await kernel.files.delete(upload.fileId);
        throw failure(r, 'create resource');
      }
      const res = r.value.dataset.resources.find((x) => x.id === r.value.resourceId)!;
      return resourceDict(baseUrl, r.value.dataset, res);
    },
    resource_update: async (p, req) => {
      const w = await writer(req);
      const found = await findResource(kernel.db.pool, str(p.id) ?? '');
      if (!found || found.datasetState !== 'active') throw notFound();
      const r = await changeResource(
        kernel,
        w,
        found.resource.datasetId,
        found.resource.id,
        resourceFromDict(p, found.resource),
      );
      if (!r.ok) throw failure(r, 'update resource');
      return resourceDict(
        baseUrl,
        r.value,
        r.value.resources.find((x) => x.id === found.resource.id)!,
      );
    },
    resource_delete: async (p, req) => {
      const w = await writer(req);
      const found = await findResource(kernel.db.pool, str(p.id) ?? '');
      if (!found || found.datasetState !== 'active') throw notFound();
      const r = await changeResource(kernel, w, found.resource.datasetId, found.resource.id, null);
      if (!r.ok) throw failure(r, 'delete resource');
      return null;
    },
  };

  async function readParams(req: FastifyRequest, name: string): Promise<Params> {
    const query = req.query as Params;
    if (req.method !== 'POST') return query;
    if (req.isMultipart()) {
      if (name !== 'resource_create' && name !== 'resource_update')
        throw badRequest('multipart only for resource uploads');
      // Authorise before anything is stored.
      await writer(req);
      const { fields, files } = await saveUpload(req, kernel.files, { fileFields: ['upload'], maxFiles: 1 });
      const f = files.upload?.[0];
      const params: Params = { ...query, ...fields };
      if (f)
        params.__upload = {
          fileId: f.id,
          size: f.size,
          sha256: f.sha256,
          mediaType: f.mediaType,
          name: f.originalName ?? 'upload',
        };
      return params;
    }
    const body = req.body;
    if (typeof body === 'string') {
      if (!body.trim()) return query;
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch (err) {
        throw badRequest(`JSON Error: ${(err as Error).message}`);
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
        throw badRequest('JSON Error: Request data JSON decoded to a non-dictionary');
      return { ...query, ...(parsed as Params) };
    }
    if (body && typeof body === 'object') return { ...query, ...(body as Params) };
    return query;
  }

  const handler = async (req: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply) => {
    const name = req.params.name;
    const help = `${baseUrl}/api/3/action/help_show?name=${encodeURIComponent(name)}`;
    void reply.header('access-control-allow-origin', '*').header('cache-control', 'no-store');
    const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
    try {
      if (!action) throw badRequest(`Action name not known: ${name}`);
      if (req.method === 'GET' && /_(create|update|patch|delete)$/.test(name))
        throw badRequest('write actions need POST');
      const params = await readParams(req, name);
      // PostgreSQL text cannot hold NUL; such input is refused before it reaches a query.
      if (JSON.stringify(params).includes('\\u0000')) throw invalid({ input: ['Contains a NUL character'] });
      const result = await action(params, req);
      return await reply
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ help, success: true, result }));
    } catch (err) {
      let e: CkanError;
      if (err instanceof CkanError) e = err;
      else if (err instanceof FileRejectedError) e = invalid({ upload: [err.message] });
      else if (err instanceof NotMultipartError) e = badRequest('expected multipart/form-data');
      else if (
        (err as { statusCode?: number }).statusCode === 400 ||
        (err as { statusCode?: number }).statusCode === 413
      )
        e = badRequest((err as Error).message);
      else {
        req.log.error({ err }, 'ckan action failed');
        e = new CkanError(500, { __type: 'Internal Server Error', message: 'Internal error' });
      }
      return reply
        .code(e.status)
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ help, success: false, error: e.body }));
    }
  };

  // CKAN's API version discovery.
  app.get('/api/3', { config: { policy: 'public' } }, (_req, reply) =>
    reply.header('access-control-allow-origin', '*').send({ version: 3 }),
  );

  for (const prefix of ['/api/3/action/:name', '/api/action/:name']) {
    app.get(prefix, { config: { policy: 'public' } }, handler);
    app.post(prefix, { config: { policy: 'public', csrf: false } }, handler);
  }
}
