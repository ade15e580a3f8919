/** Public portal: search with facets, dataset pages, previews, downloads, platform renders, feed. */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { sendStoredFile } from '../../../kernel/files/index.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { isoDateIn } from '../../../kernel/views/date.ts';
import {
  countEvent,
  datasetCounts,
  findDataset,
  loadDatasets,
  allActiveIds,
} from '../db/datasets.queries.ts';
import { readOpenDataConfig } from '../config.ts';
import { CsvPreviewError, previewCsv, readHead, sortRows, decode } from '../lib/csv-preview.ts';
import { geoPreview } from '../lib/geojson-svg.ts';
import { assessQuality } from '../lib/quality.ts';
import { base, datasetPath, datasetUri } from '../lib/urls.ts';
import { license, THEMES } from '../lib/vocab.ts';
import type { DatasetRecord, ResourceRecord } from '../model.ts';
import { canEditTenant } from '../policies.ts';
import { currentSources, findSource, renderDistribution, syncPlatformDatasets } from '../platform.ts';
import { buildSpec, runSearch } from '../queries/search.ts';
import { datasetDocument, MEDIA, type RdfFormat } from '../queries/catalog.ts';
import {
  ApiPage,
  CsvPreviewPage,
  DatasetPage,
  GeoPreviewPage,
  JsonPreviewPage,
  OrgsPage,
  SearchPage,
  StatsPage,
  themeLabel,
  type FacetView,
} from '../views/portal.tsx';
import { Readable } from 'node:stream';
import { SearchQueryError } from '../lib/fq.ts';

const FACETS = ['organization', 'groups', 'res_format', 'license_id', 'tags'] as const;
const SORTS: Record<string, string> = {
  relevance: 'score desc, metadata_modified desc',
  modified: 'metadata_modified desc',
  title: 'title_string asc',
  name: 'name asc',
};
const PER_PAGE = 20;
const s200 = Type.Optional(
  Type.Union([
    Type.String({ maxLength: 200 }),
    Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 }),
  ]),
);

const quote = (v: string) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;
const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export async function portalRoutes(app: FastifyInstance, kernel: Kernel): Promise<void> {
  const cfg = readOpenDataConfig(kernel.fullConfig);
  const baseUrl = base(kernel.config.baseUrl);
  const sync = () => syncPlatformDatasets(kernel, { intervalMs: cfg.platformSyncSeconds * 1000 });

  app.get(
    '/daten',
    {
      config: { policy: 'public', pageCache: true },
      schema: {
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          sort: Type.Optional(Type.String({ maxLength: 20 })),
          seite: Type.Optional(Type.String({ maxLength: 6 })),
          organization: s200,
          groups: s200,
          res_format: s200,
          license_id: s200,
          tags: s200,
        }),
      },
    },
    async (req, reply) => {
      await sync();
      const ctx = reply.viewContext();
      const query = req.query as Record<string, string | string[] | undefined>;
      const q = (typeof query.q === 'string' ? query.q : '').trim();
      const sort =
        typeof query.sort === 'string' && SORTS[query.sort] ? query.sort : q ? 'relevance' : 'modified';
      const page = Math.max(1, Number.parseInt(String(query.seite ?? '1'), 10) || 1);
      const selected: [string, string][] = FACETS.flatMap((f) =>
        asList(query[f]).map((v) => [f, v] as [string, string]),
      );
      const fq = selected.map(([f, v]) => `${f}:${quote(v)}`).join(' AND ');
      let out;
      try {
        const spec = buildSpec(
          {
            q: q.replace(/:/g, ' '),
            fq,
            rows: PER_PAGE,
            start: (page - 1) * PER_PAGE,
            sort: SORTS[sort],
            facetFields: [...FACETS],
            facetLimit: 10,
          },
          kernel.clock.now(),
        );
        out = await runSearch(kernel, spec);
      } catch (err) {
        if (!(err instanceof SearchQueryError)) throw err;
        out = { count: 0, results: [], facets: {} };
      }
      const qs = (pairs: [string, string][], p = 1) => {
        const u = new URLSearchParams();
        if (q) u.set('q', q);
        if (sort !== (q ? 'relevance' : 'modified')) u.set('sort', sort);
        for (const [k, v] of pairs) u.append(k, v);
        if (p > 1) u.set('seite', String(p));
        const s = u.toString();
        return s ? `/daten?${s}` : '/daten';
      };
      const tenants = await kernel.tenants.list();
      const label = (f: string, v: string) =>
        f === 'organization'
          ? (tenants.find((t) => t.id === v)?.name ?? v)
          : f === 'groups'
            ? themeLabel(ctx, v.toUpperCase())
            : f === 'license_id'
              ? (license(v)?.title ?? v)
              : v;
      const facets: FacetView[] = FACETS.map((f) => ({
        field: f,
        items: (out.facets[f] ?? []).map((i) => {
          const value = f === 'groups' ? i.name.toLowerCase() : i.name;
          const isSel = selected.some(([k, v]) => k === f && v.toLowerCase() === value.toLowerCase());
          const pairs = isSel
            ? selected.filter(([k, v]) => !(k === f && v.toLowerCase() === value.toLowerCase()))
            : [...selected, [f, value] as [string, string]];
          return { value, label: label(f, value), count: i.count, selected: isSel, href: qs(pairs) };
        }),
      })).filter((f) => f.items.length);
      return reply.html(
        <SearchPage
          ctx={ctx}
          v={{
            q,
            sort,
            count: out.count,
            page,
            pageCount: Math.ceil(out.count / PER_PAGE),
            results: out.results.map((d) => ({
              d,
              orgName: tenants.find((t) => t.id === d.tenantId)?.name ?? d.tenantId,
            })),
            facets,
            selected: selected.map(([f, v]) => ({
              label: label(f, v),
              href: qs(selected.filter(([k, x]) => !(k === f && x === v))),
            })),
            href: (p) => qs(selected, p),
            hidden: selected,
          }}
        />,
      );
    },
  );

  async function datasetByName(name: string): Promise<DatasetRecord | null> {
    if (!/^[a-z0-9][a-z0-9_-]{0,99}$/.test(name)) return null;
    return findDataset(kernel.db.pool, name);
  }

  const nameParams = Type.Object({ name: Type.String({ maxLength: 120 }) });
  app.get<{ Params: { name: string } }>(
    '/daten/datensatz/:name',
    { config: { policy: 'public' }, schema: { params: nameParams } },
    async (req, reply) => {
      await sync();
      const m = /^(.+)\.(ttl|rdf|jsonld)$/.exec(req.params.name);
      const d = await datasetByName(m ? m[1]! : req.params.name);
      if (!d) return reply.callNotFound();
      if (m) {
        const f = m[2] as RdfFormat;
        return reply.type(`${MEDIA[f]}; charset=utf-8`).send(await datasetDocument(kernel, d, f));
      }
      const ctx = reply.viewContext();
      // Anonymous counter per dataset and day: no cookie, no IP, nothing about the visitor.
      if (!req.principal) await countEvent(kernel.db.pool, d.id, isoDateIn(kernel.clock.now()), 'views');
      const tenant = await kernel.tenants.get(d.tenantId);
      const unit = d.orgUnitId ? await kernel.tenants.orgUnit(d.orgUnitId) : undefined;
      void reply.header('link', `<${datasetUri(baseUrl, d.id)}>; rel="alternate"; type="text/turtle"`);
      return reply.html(
        <DatasetPage
          ctx={ctx}
          d={d}
          orgName={tenant?.name ?? d.tenantId}
          unitName={unit?.name ?? null}
          counts={await datasetCounts(kernel.db.pool, d.id)}
          editable={!d.platformKey && canEditTenant(req.principal, d.tenantId)}
        />,
      );
    },
  );

  const resParams = Type.Object({
    name: Type.String({ maxLength: 120 }),
    id: Type.String({ maxLength: 60 }),
  });
  async function resourceOf(
    name: string,
    id: string,
  ): Promise<{ d: DatasetRecord; r: ResourceRecord } | null> {
    const d = await datasetByName(name);
    const r = d?.resources.find((x) => x.id === id);
    return d && r ? { d, r } : null;
  }

  app.get<{ Params: { name: string; id: string } }>(
    '/daten/datensatz/:name/ressource/:id/download',
    { config: { policy: 'public' }, schema: { params: resParams } },
    async (req, reply) => {
      const found = await resourceOf(req.params.name, req.params.id);
      if (!found) return reply.callNotFound();
      const { d, r } = found;
      await countEvent(kernel.db.pool, d.id, isoDateIn(kernel.clock.now()), 'downloads');
      if (r.platformDistribution)
        return reply.redirect(`/daten/plattform/${d.platformKey}/${r.platformDistribution}`, 303);
      if (r.url) return reply.redirect(r.url, 303);
      if (!(await sendStoredFile(reply, kernel.files, r.fileId!, { download: true, name: r.name })))
        return reply.callNotFound();
      return reply;
    },
  );

  async function openBytes(d: DatasetRecord, r: ResourceRecord): Promise<Readable | null> {
    if (r.fileId) return (await kernel.files.open(r.fileId))?.stream ?? null;
    if (r.platformDistribution && d.platformKey) {
      const src = findSource(await currentSources(kernel), d.platformKey);
      const dist = src?.distributions.find((x) => x.key === r.platformDistribution);
      if (!src || !dist) return null;
      return Readable.from([(await renderDistribution(kernel, src, dist)).body]);
    }
    return null; // remote URLs are never fetched by the server
  }

  app.get<{ Params: { name: string; id: string }; Querystring: { sortiere?: string; richtung?: string } }>(
    '/daten/datensatz/:name/ressource/:id/vorschau',
    {
      config: { policy: 'public', pageCache: true },
      schema: {
        params: resParams,
        querystring: Type.Object({
          sortiere: Type.Optional(Type.String({ maxLength: 4 })),
          richtung: Type.Optional(Type.String({ maxLength: 4 })),
        }),
      },
    },
    async (req, reply) => {
      const found = await resourceOf(req.params.name, req.params.id);
      if (!found) return reply.callNotFound();
      const { d, r } = found;
      const ctx = reply.viewContext();
      const stream = await openBytes(d, r);
      if (!stream || !['CSV', 'GEOJSON', 'JSON'].includes(r.format)) return reply.callNotFound();
      if (r.format === 'CSV') {
        try {
          const preview = await previewCsv(stream, cfg.previewRows);
          const col =
            req.query.sortiere !== undefined && /^\d+$/.test(req.query.sortiere)
              ? Number(req.query.sortiere)
              : null;
          const dir = req.query.richtung === 'desc' ? 'desc' : 'asc';
          const valid = col !== null && col < preview.header.length;
          const rows = valid ? sortRows(preview, col, dir) : preview.rows;
          return await reply.html(
            <CsvPreviewPage
              ctx={ctx}
              d={d}
              r={r}
              preview={preview}
              rows={rows}
              sortCol={valid ? col : null}
              sortDir={dir}
            />,
          );
        } catch (err) {
          if (!(err instanceof CsvPreviewError)) throw err;
          return reply.html(
            <CsvPreviewPage
              ctx={ctx}
              d={d}
              r={r}
              preview={null}
              rows={[]}
              sortCol={null}
              sortDir="asc"
              error={ctx.t('open-data.preview.csvBroken')}
            />,
          );
        }
      }
      const { bytes, complete } = await readHead(stream, Number.MAX_SAFE_INTEGER, 2_000_000);
      const text = decode(bytes).text;
      let json: unknown;
      try {
        json = complete ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (r.format === 'GEOJSON') {
        try {
          if (json === undefined) throw new Error('invalid');
          return await reply.html(<GeoPreviewPage ctx={ctx} d={d} r={r} geo={geoPreview(json)} />);
        } catch {
          return reply.html(
            <GeoPreviewPage ctx={ctx} d={d} r={r} geo={null} error={ctx.t('open-data.preview.geoBroken')} />,
          );
        }
      }
      const pretty = json === undefined ? text : JSON.stringify(json, null, 2);
      const limit = 20_000;
      return reply.html(
        <JsonPreviewPage
          ctx={ctx}
          d={d}
          r={r}
          text={pretty.slice(0, limit)}
          truncated={!complete || pretty.length > limit}
        />,
      );
    },
  );

  app.get<{ Params: { key: string; dist: string } }>(
    '/daten/plattform/:key/:dist',
    {
      config: { policy: 'public' },
      schema: {
        params: Type.Object({ key: Type.String({ maxLength: 100 }), dist: Type.String({ maxLength: 100 }) }),
      },
    },
    async (req, reply) => {
      const src = findSource(await currentSources(kernel), req.params.key);
      const dist = src?.distributions.find((x) => x.key === req.params.dist);
      if (!src || !dist) return reply.callNotFound();
      const out = await renderDistribution(kernel, src, dist);
      const text = /^text\/|json|xml|calendar/.test(dist.mediaType);
      return reply
        .type(text ? `${dist.mediaType}; charset=utf-8` : dist.mediaType)
        .header(
          'content-disposition',
          `attachment; filename="${src.key}-${dist.key}.${dist.format.toLowerCase()}"`,
        )
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('last-modified', out.modified.toUTCString())
        .header('etag', `"${out.sha256}"`)
        .header('access-control-allow-origin', '*')
        .send(out.body);
    },
  );

  app.get('/daten/organisationen', { config: { policy: 'public', pageCache: true } }, async (_req, reply) => {
    await sync();
    const out = await runSearch(
      kernel,
      buildSpec({ rows: 0, facetFields: ['organization'], facetLimit: 1000 }, kernel.clock.now()),
    );
    const counts = new Map((out.facets.organization ?? []).map((f) => [f.name, f.count]));
    const orgs = (await kernel.tenants.list()).map((t) => ({
      id: t.id,
      name: t.name,
      count: counts.get(t.id) ?? 0,
    }));
    return reply.html(<OrgsPage ctx={reply.viewContext()} orgs={orgs} />);
  });
  app.get<{ Params: { id: string } }>(
    '/daten/organisationen/:id',
    {
      config: { policy: 'public' },
      schema: { params: Type.Object({ id: Type.String({ maxLength: 100 }) }) },
    },
    async (req, reply) => {
      const t = await kernel.tenants.get(req.params.id);
      if (!t) return reply.callNotFound();
      return reply.redirect(`/daten?organization=${t.id}`, 303);
    },
  );

  app.get('/daten/api', { config: { policy: 'public', pageCache: true } }, async (_req, reply) =>
    reply.html(<ApiPage ctx={reply.viewContext()} baseUrl={baseUrl} />),
  );

  app.get('/daten/statistik', { config: { policy: 'public', pageCache: true } }, async (_req, reply) => {
    await sync();
    const ds = await loadDatasets(kernel.db.pool, await allActiveIds(kernel.db.pool));
    const q = ds.map(assessQuality);
    const ratings: Record<string, number> = {};
    for (const x of q) ratings[x.rating] = (ratings[x.rating] ?? 0) + 1;
    const { rows } = await kernel.db.pool.query<{ v: number | null; d: number | null }>(
      `select sum(views)::int as v, sum(downloads)::int as d from open_data.daily_stats`,
    );
    return reply.html(
      <StatsPage
        ctx={reply.viewContext()}
        count={ds.length}
        average={q.length ? q.reduce((a, b) => a + b.score, 0) / q.length : 0}
        ratings={ratings}
        views={rows[0]?.v ?? 0}
        downloads={rows[0]?.d ?? 0}
      />,
    );
  });

  app.get('/daten/feed.atom', { config: { policy: 'public' } }, async (_req, reply) => {
    await sync();
    const out = await runSearch(
      kernel,
      buildSpec({ rows: 50, sort: 'metadata_modified desc' }, kernel.clock.now()),
    );
    const esc = (s: string) =>
      s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const updated = out.results[0]?.modifiedAt ?? kernel.clock.now();
    const entries = out.results
      .map(
        (d) => `  <entry>
    <id>${esc(datasetUri(baseUrl, d.id))}</id>
    <title>${esc(d.title)}</title>
    <link rel="alternate" type="text/html" href="${esc(baseUrl + datasetPath(d.name))}"/>
    <published>${d.createdAt.toISOString()}</published>
    <updated>${d.modifiedAt.toISOString()}</updated>
    <summary>${esc(d.notes.slice(0, 500))}</summary>
${d.themes.map((t) => `    <category term="${esc(t)}" label="${esc(THEMES[t]?.de ?? t)}"/>`).join('\n')}
  </entry>`,
      )
      .join('\n');
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <id>${esc(baseUrl)}/daten/feed.atom</id>
  <title>Offene Daten – neue und geänderte Datensätze</title>
  <link rel="self" href="${esc(baseUrl)}/daten/feed.atom"/>
  <link rel="alternate" type="text/html" href="${esc(baseUrl)}/daten"/>
  <updated>${updated.toISOString()}</updated>
  <author><name>OpenKreis Open Data</name></author>
${entries}
</feed>
`;
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });
}
