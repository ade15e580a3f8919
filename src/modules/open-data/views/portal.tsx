import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';
import { Alert, Pagination, SummaryList, Table } from '../../../kernel/views/components.tsx';
import { formatDateTime, formatNumber } from '../../../kernel/i18n/format.ts';
import { formatBytes } from '../../../kernel/files/index.ts';
import type { CsvPreview } from '../lib/csv-preview.ts';
import type { GeoPreview } from '../lib/geojson-svg.ts';
import { FREQUENCIES, license, THEMES } from '../lib/vocab.ts';
import { datasetPath } from '../lib/urls.ts';
import type { DatasetRecord, ResourceRecord } from '../model.ts';

export interface FacetView {
  field: string;
  items: { value: string; label: string; count: number; selected: boolean; href: string }[];
}

export interface SearchView {
  q: string;
  sort: string;
  count: number;
  page: number;
  pageCount: number;
  results: { d: DatasetRecord; orgName: string }[];
  facets: FacetView[];
  selected: { label: string; href: string }[];
  href: (page: number) => string;
  hidden: [string, string][];
}

const crumbs = (ctx: ViewContext, extra: { href?: string; label: string }[] = []) => [
  { href: '/', label: ctx.t('open-data.crumb.home') },
  { href: '/daten', label: ctx.t('open-data.title') },
  ...extra,
];

export function themeLabel(ctx: ViewContext, code: string): string {
  return THEMES[code]?.[ctx.lang] ?? code;
}

export function SearchPage({ ctx, v }: { ctx: ViewContext; v: SearchView }) {
  const { t } = ctx;
  return (
    <Layout
      styles={['/assets/open-data/open-data.css']}
      ctx={ctx}
      title={t('open-data.title')}
      breadcrumbs={crumbs(ctx)
        .slice(0, 1)
        .concat([{ label: t('open-data.title') }])}
    >
      <h1 class="kern-heading-x-large">{t('open-data.title')}</h1>
      <p class="kern-body">{t('open-data.intro')}</p>
      <p class="kern-body">
        <a class="kern-link" href="/daten/organisationen">
          {t('open-data.orgs.title')}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href="/daten/api">
          {t('open-data.api.title')}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href="/daten/statistik">
          {t('open-data.stats.title')}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href="/daten/feed.atom">
          {t('open-data.feed')}
        </a>
      </p>
      <form
        method="get"
        action="/daten"
        class="ok-form"
        role="search"
        aria-label={t('open-data.search.label')}
      >
        {v.hidden.map(([k, val], i) => (
          <input type="hidden" name={k} value={val} key={i} />
        ))}
        <div class="kern-form-input">
          <label class="kern-label" for="f-q">
            {t('open-data.search.q')}
          </label>
          <input class="kern-form-input__input" type="search" id="f-q" name="q" value={v.q} maxLength={200} />
        </div>
        <div class="kern-form-input">
          <label class="kern-label" for="f-sort">
            {t('open-data.search.sort')}
          </label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="f-sort" name="sort">
              {['relevance', 'modified', 'title', 'name'].map((s) => (
                <option value={s} selected={v.sort === s} key={s}>
                  {t(`open-data.sort.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button class="kern-btn kern-btn--primary" type="submit">
          <span class="kern-label">{t('open-data.search.submit')}</span>
        </button>
      </form>
      {v.selected.length > 0 && (
        <div>
          <h2 class="kern-heading-small">{t('open-data.search.active')}</h2>
          <ul class="kern-list">
            {v.selected.map((s) => (
              <li key={s.href}>
                <a class="kern-link" href={s.href}>
                  {t('open-data.search.remove', { label: s.label })}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="ok-od-layout">
        <aside class="ok-od-facets" aria-label={t('open-data.facets.label')}>
          <h2 class="kern-heading-medium">{t('open-data.facets.title')}</h2>
          {v.facets.map((f) => (
            <section key={f.field}>
              <h3 class="kern-heading-small">{t(`open-data.facet.${f.field}`)}</h3>
              <ul class="kern-list">
                {f.items.map((i) => (
                  <li key={i.value}>
                    <a class="kern-link" href={i.href} aria-current={i.selected ? 'true' : undefined}>
                      {i.selected ? `✓ ${i.label}` : i.label} ({formatNumber(ctx.lang, i.count)})
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </aside>
        <section class="ok-od-results" aria-labelledby="od-results">
          <h2 class="kern-heading-medium" id="od-results">
            {t('open-data.search.count', { count: formatNumber(ctx.lang, v.count) })}
          </h2>
          {v.results.length === 0 && <p class="kern-body">{t('open-data.search.none')}</p>}
          <ul class="kern-list ok-od-list">
            {v.results.map(({ d, orgName }) => (
              <li key={d.id}>
                <h3 class="kern-heading-small">
                  <a class="kern-link" href={datasetPath(d.name)}>
                    {d.title}
                  </a>
                </h3>
                <p class="kern-body kern-body--small">
                  {orgName} · {d.formats.join(', ') || '–'} · {t('open-data.modified')}:{' '}
                  {formatDateTime(ctx.lang, d.modifiedAt)}
                </p>
                <p class="kern-body">{d.notes.length > 240 ? `${d.notes.slice(0, 240)}…` : d.notes}</p>
              </li>
            ))}
          </ul>
          <Pagination ctx={ctx} page={v.page} pageCount={v.pageCount} href={v.href} />
        </section>
      </div>
    </Layout>
  );
}

export function resourceLinks(d: DatasetRecord, r: ResourceRecord) {
  const download = r.platformDistribution
    ? `/daten/plattform/${d.platformKey}/${r.platformDistribution}`
    : r.fileId
      ? `${datasetPath(d.name)}/ressource/${r.id}/download`
      : (r.url ?? '');
  const previewable = (r.fileId || r.platformDistribution) && ['CSV', 'GEOJSON', 'JSON'].includes(r.format);
  return { download, preview: previewable ? `${datasetPath(d.name)}/ressource/${r.id}/vorschau` : null };
}

export function DatasetPage({
  ctx,
  d,
  orgName,
  unitName,
  counts,
  editable,
}: {
  ctx: ViewContext;
  d: DatasetRecord;
  orgName: string;
  unitName: string | null;
  counts: { views: number; downloads: number };
  editable: boolean;
}) {
  const { t } = ctx;
  const l = license(d.licenseId);
  return (
    <Layout
      styles={['/assets/open-data/open-data.css']}
      ctx={ctx}
      title={d.title}
      breadcrumbs={crumbs(ctx, [{ label: d.title }])}
    >
      <h1 class="kern-heading-x-large">{d.title}</h1>
      {d.platformKey && (
        <Alert type="info" title={t('open-data.platform.title')}>
          {t('open-data.platform.text')}
        </Alert>
      )}
      <p class="kern-body">{d.notes}</p>
      {editable && (
        <p class="kern-body">
          <a class="kern-link" href={`/verwaltung/opendata/datensatz/${d.name}`}>
            {t('open-data.edit')}
          </a>
        </p>
      )}
      <h2 class="kern-heading-medium">{t('open-data.resources')}</h2>
      <ul class="kern-list">
        {d.resources.map((r) => {
          const links = resourceLinks(d, r);
          return (
            <li key={r.id}>
              <strong>{r.name}</strong> ({r.format || '–'}
              {r.byteSize !== null ? `, ${formatBytes(r.byteSize, ctx.lang)}` : ''}){' '}
              <a class="kern-link" href={links.download} rel={r.url ? 'external noopener' : undefined}>
                {t('open-data.download')}
                <span class="kern-sr-only">: {r.name}</span>
              </a>
              {links.preview && (
                <>
                  {' · '}
                  <a class="kern-link" href={links.preview}>
                    {t('open-data.preview')}
                    <span class="kern-sr-only">: {r.name}</span>
                  </a>
                </>
              )}
            </li>
          );
        })}
      </ul>
      <h2 class="kern-heading-medium">{t('open-data.metadata')}</h2>
      <SummaryList
        ctx={ctx}
        rows={[
          { key: t('open-data.field.publisher'), value: unitName ? `${unitName}, ${orgName}` : orgName },
          { key: t('open-data.field.groups'), value: d.themes.map((c) => themeLabel(ctx, c)).join(', ') },
          { key: t('open-data.field.tags'), value: d.keywords.join(', ') },
          {
            key: t('open-data.field.license'),
            value: l ? (
              l.url ? (
                <a class="kern-link" href={l.url}>
                  {l.title}
                </a>
              ) : (
                l.title
              )
            ) : (
              d.licenseId
            ),
          },
          { key: t('open-data.field.attribution'), value: d.attribution ?? '' },
          {
            key: t('open-data.field.temporal'),
            value: [d.temporalStart, d.temporalEnd].filter(Boolean).join(' – '),
          },
          {
            key: t('open-data.field.frequency'),
            value: d.frequency ? (FREQUENCIES[d.frequency]?.[ctx.lang] ?? d.frequency) : '',
          },
          {
            key: t('open-data.field.contact'),
            value: [d.contactName, d.contactEmail].filter(Boolean).join(', '),
          },
          { key: t('open-data.field.issued'), value: formatDateTime(ctx.lang, d.issued) },
          { key: t('open-data.modified'), value: formatDateTime(ctx.lang, d.modifiedAt) },
          {
            key: t('open-data.counts'),
            value: t('open-data.counts.value', { views: counts.views, downloads: counts.downloads }),
          },
        ]}
      />
      <h2 class="kern-heading-medium">{t('open-data.machine')}</h2>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={`/daten/id/${d.id}.ttl`}>
            DCAT-AP.de (Turtle)
          </a>
        </li>
        <li>
          <a class="kern-link" href={`/daten/id/${d.id}.rdf`}>
            DCAT-AP.de (RDF/XML)
          </a>
        </li>
        <li>
          <a class="kern-link" href={`/daten/id/${d.id}.jsonld`}>
            DCAT-AP.de (JSON-LD)
          </a>
        </li>
        <li>
          <a class="kern-link" href={`/api/3/action/package_show?id=${d.name}`}>
            CKAN package_show
          </a>
        </li>
      </ul>
    </Layout>
  );
}

export function CsvPreviewPage({
  ctx,
  d,
  r,
  preview,
  rows,
  sortCol,
  sortDir,
  error,
}: {
  ctx: ViewContext;
  d: DatasetRecord;
  r: ResourceRecord;
  preview: CsvPreview | null;
  rows: string[][];
  sortCol: number | null;
  sortDir: 'asc' | 'desc';
  error?: string;
}) {
  const { t } = ctx;
  const base = `${datasetPath(d.name)}/ressource/${r.id}/vorschau`;
  const title = t('open-data.preview.title', { name: r.name });
  return (
    <Layout
      styles={['/assets/open-data/open-data.css']}
      ctx={ctx}
      title={title}
      breadcrumbs={crumbs(ctx, [
        { href: datasetPath(d.name), label: d.title },
        { label: t('open-data.preview') },
      ])}
    >
      <h1 class="kern-heading-x-large">{title}</h1>
      <p class="kern-body">
        <a class="kern-link" href={resourceLinks(d, r).download}>
          {t('open-data.download')}
          <span class="kern-sr-only">: {r.name}</span>
        </a>
      </p>
      {error && (
        <Alert type="warning" title={t('open-data.preview.error')}>
          {error}
        </Alert>
      )}
      {preview && (
        <>
          <p class="kern-body">
            {t('open-data.preview.info', {
              rows: preview.rows.length,
              delimiter: preview.delimiter === '\t' ? 'Tab' : preview.delimiter,
              encoding: preview.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252 (Latin-1)',
            })}
            {preview.truncated ? ` ${t('open-data.preview.truncated')}` : ''}
          </p>
          <div class="kern-table-responsive" role="region" aria-labelledby="od-preview-caption" tabIndex={0}>
            <table class="kern-table kern-table--small kern-table--striped" id="od-preview">
              <caption class="kern-title" id="od-preview-caption">
                {t('open-data.preview.caption', { name: r.name })}
              </caption>
              <thead class="kern-table__head">
                <tr class="kern-table__row">
                  {preview.header.map((h, i) => {
                    const active = sortCol === i;
                    const next = active && sortDir === 'asc' ? 'desc' : 'asc';
                    return (
                      <th
                        key={i}
                        scope="col"
                        class={`kern-table__header${preview.numeric[i] ? ' kern-table__header--numeric' : ''}`}
                        aria-sort={active ? (sortDir === 'asc' ? 'ascending' : 'descending') : undefined}
                      >
                        <a class="kern-link" href={`${base}?sortiere=${i}&richtung=${next}`}>
                          {h}
                          <span class="kern-sr-only">
                            {' '}
                            {t(next === 'asc' ? 'open-data.preview.sortAsc' : 'open-data.preview.sortDesc')}
                          </span>
                        </a>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {rows.map((row, ri) => (
                  <tr class="kern-table__row" key={ri}>
                    {row.map((c, ci) => (
                      <td
                        key={ci}
                        class={`kern-table__cell${preview.numeric[ci] ? ' kern-table__cell--numeric' : ''}`}
                      >
                        {c}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Layout>
  );
}

export function GeoPreviewPage({
  ctx,
  d,
  r,
  geo,
  error,
}: {
  ctx: ViewContext;
  d: DatasetRecord;
  r: ResourceRecord;
  geo: GeoPreview | null;
  error?: string;
}) {
  const { t } = ctx;
  const title = t('open-data.preview.title', { name: r.name });
  return (
    <Layout
      styles={['/assets/open-data/open-data.css']}
      ctx={ctx}
      title={title}
      breadcrumbs={crumbs(ctx, [
        { href: datasetPath(d.name), label: d.title },
        { label: t('open-data.preview') },
      ])}
    >
      <h1 class="kern-heading-x-large">{title}</h1>
      {error && (
        <Alert type="warning" title={t('open-data.preview.error')}>
          {error}
        </Alert>
      )}
      {geo && (
        <>
          <figure>
            <svg
              xmlns="http://www.w3.org/2000/svg"
              viewBox={`0 0 ${geo.width} ${geo.height}`}
              width={geo.width}
              height={geo.height}
              role="img"
              aria-labelledby="od-map-title"
              class="ok-od-map"
            >
              <title id="od-map-title">{t('open-data.map.title', { count: geo.featureCount })}</title>
              <rect x="0" y="0" width={geo.width} height={geo.height} fill="#f3f5f7" stroke="#888" />
              {geo.paths.map((p, i) => (
                <path
                  key={i}
                  d={p.d}
                  fill={p.kind === 'polygon' ? '#7aa7d6' : 'none'}
                  fill-opacity="0.5"
                  stroke="#1f4e79"
                  stroke-width="2"
                />
              ))}
              {geo.points.map((p, i) => (
                <circle key={i} cx={p.x} cy={p.y} r="6" fill="#b3261e" stroke="#fff" stroke-width="2" />
              ))}
            </svg>
            <figcaption class="kern-body kern-body--small">{t('open-data.map.caption')}</figcaption>
          </figure>
          <Table
            id="od-features"
            caption={t('open-data.map.features')}
            columns={[
              { key: 'label', label: t('open-data.map.name') },
              { key: 'kind', label: t('open-data.map.kind') },
              { key: 'coords', label: t('open-data.map.coords') },
            ]}
            rows={geo.features.map((f) => ({
              label: f.label,
              kind: t(
                `open-data.map.kind.${f.kind === 'point' ? 'point' : f.kind === 'line' ? 'line' : 'polygon'}`,
              ),
              coords: f.lon !== undefined ? `${f.lat!.toFixed(5)}, ${f.lon.toFixed(5)}` : '–',
            }))}
            rowHeader="label"
          />
        </>
      )}
    </Layout>
  );
}

export function JsonPreviewPage({
  ctx,
  d,
  r,
  text,
  truncated,
}: {
  ctx: ViewContext;
  d: DatasetRecord;
  r: ResourceRecord;
  text: string;
  truncated: boolean;
}) {
  const { t } = ctx;
  const title = t('open-data.preview.title', { name: r.name });
  return (
    <Layout
      styles={['/assets/open-data/open-data.css']}
      ctx={ctx}
      title={title}
      breadcrumbs={crumbs(ctx, [
        { href: datasetPath(d.name), label: d.title },
        { label: t('open-data.preview') },
      ])}
    >
      <h1 class="kern-heading-x-large">{title}</h1>
      {truncated && <p class="kern-body">{t('open-data.preview.truncated')}</p>}
      <pre class="ok-od-json" tabIndex={0} aria-label={t('open-data.preview.json')}>
        {text}
      </pre>
    </Layout>
  );
}

export function OrgsPage({
  ctx,
  orgs,
}: {
  ctx: ViewContext;
  orgs: { id: string; name: string; count: number }[];
}) {
  const { t } = ctx;
  return (
    <Layout
      styles={['/assets/open-data/open-data.css']}
      ctx={ctx}
      title={t('open-data.orgs.title')}
      breadcrumbs={crumbs(ctx, [{ label: t('open-data.orgs.title') }])}
    >
      <h1 class="kern-heading-x-large">{t('open-data.orgs.title')}</h1>
      <ul class="kern-list">
        {orgs.map((o) => (
          <li key={o.id}>
            <a class="kern-link" href={`/daten?organization=${o.id}`}>
              {o.name}
            </a>{' '}
            ({t('open-data.orgs.count', { count: o.count })})
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function StatsPage({
  ctx,
  count,
  average,
  ratings,
  views,
  downloads,
}: {
  ctx: ViewContext;
  count: number;
  average: number;
  ratings: Record<string, number>;
  views: number;
  downloads: number;
}) {
  const { t } = ctx;
  return (
    <Layout
      styles={['/assets/open-data/open-data.css']}
      ctx={ctx}
      title={t('open-data.stats.title')}
      breadcrumbs={crumbs(ctx, [{ label: t('open-data.stats.title') }])}
    >
      <h1 class="kern-heading-x-large">{t('open-data.stats.title')}</h1>
      <SummaryList
        ctx={ctx}
        rows={[
          { key: t('open-data.stats.datasets'), value: formatNumber(ctx.lang, count) },
          {
            key: t('open-data.stats.average'),
            value: t('open-data.stats.points', {
              score: formatNumber(ctx.lang, average, { maximumFractionDigits: 1 }),
              max: 405,
            }),
          },
          ...(['excellent', 'good', 'sufficient', 'bad'] as const).map((r) => ({
            key: t(`open-data.quality.rating.${r}`),
            value: formatNumber(ctx.lang, ratings[r] ?? 0),
          })),
          { key: t('open-data.stats.views'), value: formatNumber(ctx.lang, views) },
          { key: t('open-data.stats.downloads'), value: formatNumber(ctx.lang, downloads) },
        ]}
      />
      <p class="kern-body">{t('open-data.stats.method')}</p>
    </Layout>
  );
}

export function ApiPage({ ctx, baseUrl }: { ctx: ViewContext; baseUrl: string }) {
  const { t } = ctx;
  const ex = (path: string) => (
    <li>
      <code>{`${baseUrl}${path}`}</code>
    </li>
  );
  return (
    <Layout
      styles={['/assets/open-data/open-data.css']}
      ctx={ctx}
      title={t('open-data.api.title')}
      breadcrumbs={crumbs(ctx, [{ label: t('open-data.api.title') }])}
    >
      <h1 class="kern-heading-x-large">{t('open-data.api.title')}</h1>
      <h2 class="kern-heading-medium">{t('open-data.api.ckan')}</h2>
      <p class="kern-body">{t('open-data.api.ckan.text')}</p>
      <ul class="kern-list">
        {ex('/api/3/action/package_list')}
        {ex(
          '/api/3/action/package_search?q=Schulen&fq=organization:neuss&rows=10&sort=metadata_modified desc',
        )}
        {ex(
          '/api/3/action/package_search?fq=metadata_modified:[2026-01-01T00:00:00Z TO *]&sort=id asc&rows=100&start=0',
        )}
        {ex('/api/3/action/package_search?facet.field=["organization","groups","res_format"]&rows=0')}
        {ex('/api/3/action/package_show?id=<name>')}
        {ex('/api/3/action/organization_list?all_fields=true')}
        {ex('/api/3/action/group_list')}
        {ex('/api/3/action/license_list')}
      </ul>
      <p class="kern-body">{t('open-data.api.write')}</p>
      <pre class="ok-od-json" tabIndex={0}>{`curl -X POST ${baseUrl}/api/3/action/package_create \\
  -H "Authorization: <API-Token>" -H "Content-Type: application/json" \\
  -d '{"name":"beispiel","title":"Beispiel","owner_org":"neuss","license_id":"dl-zero-de/2.0"}'`}</pre>
      <h2 class="kern-heading-medium">{t('open-data.api.dcat')}</h2>
      <p class="kern-body">{t('open-data.api.dcat.text')}</p>
      <ul class="kern-list">
        {ex('/catalog.ttl')}
        {ex('/catalog.rdf?page=2')}
        {ex('/catalog.jsonld?modified_since=2026-01-01T00:00:00Z')}
        {ex('/daten/id/<id>.ttl')}
      </ul>
      <h2 class="kern-heading-medium">{t('open-data.api.feed')}</h2>
      <ul class="kern-list">{ex('/daten/feed.atom')}</ul>
    </Layout>
  );
}
