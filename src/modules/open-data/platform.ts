/**
 * Platform datasets: sources other modules register with kernel.extensions.registerDataset. They
 * are mirrored into open_data.datasets (platform_key set) so that search, CKAN and DCAT treat them
 * like any dataset; the mirror is refreshed when a source's modified() changes (checked at most
 * every `syncSeconds`), sources that disappeared are marked deleted. Their resources point to
 * /daten/plattform/<key>/<distribution>, which renders the distribution (cached briefly).
 *
 * When no module registers `leistungskatalog`, the OZG service catalogue (a copy of the OZG
 * database's service list) is published as the fallback service catalogue.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DatasetContext, DatasetDistribution, DatasetSource } from '../../kernel/extensions.ts';
import { inTransaction } from '../../kernel/db/database.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import {
  deleteResourcesOf,
  insertDataset,
  insertResource,
  insertRevision,
  platformRows,
  setDatasetState,
  touchDataset,
  updateDataset,
} from './db/datasets.queries.ts';
import type { DatasetInput } from './model.ts';
import { normaliseFormat } from './lib/vocab.ts';
import { indexDataset } from './commands/site-search.ts';

export const SERVICE_CATALOGUE_KEY = 'leistungskatalog';
export const OZG_FALLBACK_KEY = 'ozg-leistungskatalog';

/** Deterministic UUID (name-based, SHA-1) so a platform dataset keeps its id and URI everywhere. */
export function platformId(key: string): string {
  const h = createHash('sha1').update(`openkreis:open-data:platform:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
export function platformResourceId(key: string, dist: string): string {
  return platformId(`${key}/${dist}`);
}

const OZG_CSV = new URL('./data/ozg_leistungen.csv', import.meta.url);
/** The OZG catalogue copy's date (snapshot of the OZG-Datenbank NRW, see data/SOURCE.md). */
const OZG_MODIFIED = new Date('2021-06-30T00:00:00Z');

function csvToJson(csv: string): string {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const cols = header!.split(',');
  const rows = lines.map((l) => {
    const cells: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < l.length; i++) {
      const c = l[i]!;
      if (q) {
        if (c === '"' && l[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ',') {
        cells.push(cur);
        cur = '';
      } else cur += c;
    }
    cells.push(cur);
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
  return JSON.stringify(rows, null, 1);
}

export function ozgFallbackSource(kreisId: string): DatasetSource {
  const dist = (
    key: string,
    format: string,
    mediaType: string,
    conv: (s: string) => string,
  ): DatasetDistribution => ({
    key,
    title: { de: `OZG-Leistungskatalog (${format})`, en: `OZG service catalogue (${format})` },
    format,
    mediaType,
    render: () => Promise.resolve({ body: conv(readFileSync(OZG_CSV, 'utf8')), modified: OZG_MODIFIED }),
  });
  return {
    key: OZG_FALLBACK_KEY,
    module: 'open-data',
    tenantId: kreisId,
    title: {
      de: 'Leistungskatalog nach Onlinezugangsgesetz (OZG)',
      en: 'Service catalogue of the Online Access Act (OZG)',
    },
    description: {
      de: 'Die Verwaltungsleistungen des OZG-Umsetzungskatalogs mit OZG-ID, Lebenslage und Themenfeld. Quelle: OZG-Datenbank NRW (kdn-nrw/OZG-Datenbank-NRW, MIT-Lizenz), Stand 2019–2021.',
      en: 'The administrative services of the OZG implementation catalogue with OZG id, life situation and subject area. Source: OZG database NRW (MIT licence), 2019–2021 snapshot.',
    },
    keywords: ['OZG', 'Verwaltungsleistungen', 'Leistungskatalog', 'Onlinezugangsgesetz'],
    themes: ['GOVE'],
    licenseId: 'dl-zero-de/2.0',
    updateFrequency: 'IRREG',
    modified: () => Promise.resolve(OZG_MODIFIED),
    distributions: [
      dist('csv', 'CSV', 'text/csv', (s) => s),
      dist('json', 'JSON', 'application/json', csvToJson),
    ],
  };
}

/** The sources to publish now: the registry, plus the OZG fallback while no service catalogue is registered. */
export async function currentSources(kernel: Kernel): Promise<DatasetSource[]> {
  const sources = kernel.extensions.datasets();
  if (!kernel.extensions.dataset(SERVICE_CATALOGUE_KEY)) {
    const kreis = await kernel.tenants.kreis();
    if (kreis) sources.push(ozgFallbackSource(kreis.id));
  }
  return sources;
}

export function datasetContext(kernel: Kernel): DatasetContext {
  return { db: kernel.db, clock: kernel.clock, tenants: kernel.tenants };
}

interface Rendered {
  body: Buffer;
  modified: Date;
  sha256: string;
  at: number;
}
const renderCaches = new WeakMap<Kernel, Map<string, Rendered>>();
const RENDER_TTL_MS = 60_000;

/** Renders a platform distribution (cached for a minute per process). */
export async function renderDistribution(
  kernel: Kernel,
  source: DatasetSource,
  dist: DatasetDistribution,
): Promise<Rendered> {
  const key = `${source.key}/${dist.key}`;
  let renderCache = renderCaches.get(kernel);
  if (!renderCache) renderCaches.set(kernel, (renderCache = new Map<string, Rendered>()));
  const now = kernel.clock.now().getTime();
  const hit = renderCache.get(key);
  if (hit && now - hit.at < RENDER_TTL_MS) return hit;
  const out = await dist.render(datasetContext(kernel));
  const body = typeof out.body === 'string' ? Buffer.from(out.body, 'utf8') : out.body;
  const r = {
    body,
    modified: out.modified,
    sha256: createHash('sha256').update(body).digest('hex'),
    at: now,
  };
  renderCache.set(key, r);
  return r;
}

export function findSource(sources: DatasetSource[], key: string): DatasetSource | undefined {
  return sources.find((s) => s.key === key);
}

function platformName(key: string): string {
  return key.length >= 2 ? key : `plattform-${key}`;
}

async function mirror(kernel: Kernel, s: DatasetSource, version: string, existing: boolean): Promise<void> {
  const ctx = datasetContext(kernel);
  const modified = await s.modified(ctx);
  const rendered = await Promise.all(s.distributions.map((d) => renderDistribution(kernel, s, d)));
  const tenant = await kernel.tenants.get(s.tenantId);
  const unit = s.orgUnitSlug
    ? (await kernel.tenants.orgUnits(s.tenantId)).find((u) => u.slug === s.orgUnitSlug)
    : undefined;
  const input: DatasetInput = {
    name: platformName(s.key),
    tenantId: s.tenantId,
    orgUnitId: unit?.id ?? null,
    title: s.title.de,
    notes: s.description.de,
    keywords: s.keywords,
    themes: s.themes,
    temporalStart: null,
    temporalEnd: null,
    frequency: s.updateFrequency,
    licenseId: s.licenseId,
    attribution: tenant?.name ?? null,
    contactName: tenant?.name ?? null,
    contactEmail: tenant?.email ?? null,
    landingPage: null,
  };
  const id = platformId(s.key);
  await inTransaction(kernel.db.pool, async (c) => {
    if (existing) await updateDataset(c, id, input, modified, version);
    else await insertDataset(c, id, input, modified, { key: s.key, version });
    await deleteResourcesOf(c, id);
    for (const [i, d] of s.distributions.entries()) {
      await insertResource(
        c,
        platformResourceId(s.key, d.key),
        id,
        {
          name: d.title.de,
          description: d.title.de,
          url: null,
          fileId: null,
          platformDistribution: d.key,
          format: normaliseFormat(d.format),
          mediaType: d.mediaType,
          byteSize: rendered[i]!.body.length,
          checksum: rendered[i]!.sha256,
        },
        modified,
      );
    }
    await touchDataset(c, id, modified);
    await insertRevision(
      c,
      id,
      kernel.clock.now(),
      { accountId: null, name: s.module },
      existing ? 'platform.update' : 'platform.create',
      {
        version,
      },
    );
  });
  await indexDataset(kernel, id);
}

const syncStates = new WeakMap<Kernel, { at: number; running: Promise<void> | null }>();

/** Brings the mirror up to date with the registry (throttled unless `force`). */
export async function syncPlatformDatasets(
  kernel: Kernel,
  opts: { force?: boolean; intervalMs?: number } = {},
): Promise<void> {
  const now = kernel.clock.now().getTime();
  let lastSync = syncStates.get(kernel);
  if (!lastSync) syncStates.set(kernel, (lastSync = { at: -Infinity, running: null }));
  if (!opts.force && now - lastSync.at < (opts.intervalMs ?? 30_000)) return lastSync.running ?? undefined;
  if (lastSync.running) return lastSync.running;
  lastSync.at = now;
  const run = (async () => {
    const sources = await currentSources(kernel);
    const rows = await platformRows(kernel.db.pool);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const ctx = datasetContext(kernel);
    for (const s of sources) {
      try {
        const version = `${(await s.modified(ctx)).toISOString()}|${s.distributions.map((d) => d.key).join(',')}|${s.title.de}`;
        const row = byKey.get(s.key);
        if (!row || row.version !== version || row.state !== 'active')
          await mirror(kernel, s, version, !!row);
      } catch (err) {
        kernel.log.error({ err, key: s.key }, 'open-data: platform dataset could not be mirrored');
      }
    }
    const live = new Set(sources.map((s) => s.key));
    for (const r of rows)
      if (!live.has(r.key) && r.state === 'active') {
        await setDatasetState(kernel.db.pool, r.id, 'deleted', kernel.clock.now());
        await indexDataset(kernel, r.id);
      }
  })();
  lastSync.running = run;
  try {
    await run;
  } finally {
    lastSync.running = null;
  }
}
