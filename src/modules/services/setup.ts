import type { Kernel } from '../../kernel/kernel.ts';
import { hasRole } from '../../kernel/auth/principal.ts';
import { selectLastModified, selectServiceBySlug, selectServices } from './db/services.queries.ts';
import { ServiceChanged } from './events.ts';
import { renderDatasetCsv, renderDatasetJson } from './presenters/dataset.ts';
import { forgetServiceRefs } from './queries/services.ts';

export const SEARCH_SOURCE = 'services';

/** Search documents of all published local services. */
export async function indexAllServices(kernel: Kernel): Promise<void> {
  for (const s of await selectServices(kernel.db.pool, { publishedOnly: true }))
    await indexService(kernel, s.slug);
}

export async function indexService(kernel: Kernel, slug: string): Promise<void> {
  const s = await selectServiceBySlug(kernel.db.pool, slug);
  if (!s) return;
  if (!s.published) {
    await kernel.search.remove(SEARCH_SOURCE, s.id);
    return;
  }
  await kernel.search.upsert({
    source: SEARCH_SOURCE,
    id: s.id,
    tenantId: null,
    title: s.title_de,
    summary: s.summary_de,
    body: [s.keywords, s.body_de, s.legal_basis, s.themenfeld ?? '', ...s.lebenslagen].join(' '),
    url: `/leistungen/${s.slug}`,
    visibility: 'public',
    lang: 'de',
    updatedAt: s.updated_at,
  });
}

/** Registries: staff tool, sitemap, site search, open-data dataset. */
export function setupServices(kernel: Kernel): void {
  kernel.events.subscribe(ServiceChanged, () => forgetServiceRefs(kernel));
  kernel.extensions.addStaffTool({
    href: '/verwaltung/leistungen',
    title: 'services.staff.tool.title',
    text: 'services.staff.tool.text',
    order: 30,
    visible: (p) => hasRole(p, 'editor') || hasRole(p, 'tenant_admin'),
  });
  kernel.extensions.addSitemapSource(async () => {
    const rows = await selectServices(kernel.db.pool, { publishedOnly: true });
    return [
      { path: '/leistungen' },
      { path: '/lebenslagen' },
      ...rows.map((r) => ({ path: `/leistungen/${r.slug}`, lastmod: r.updated_at })),
    ];
  });
  kernel.search.registerSource({
    name: SEARCH_SOURCE,
    label: 'services.search.label',
    reindex: async (k) => indexAllServices(k),
  });
  kernel.extensions.registerDataset({
    key: 'leistungskatalog',
    module: 'services',
    tenantId: 'rhein-kreis-neuss',
    title: {
      de: 'Leistungskatalog des Rhein-Kreises Neuss und seiner Kommunen',
      en: 'Service catalogue of the Rhein-Kreis Neuss and its municipalities',
    },
    description: {
      de: 'Verwaltungsleistungen des Kreises und der acht Städte und Gemeinden mit LeiKa-Schlüssel, OZG-Id, Themenfeld, Zugangswegen und der zuständigen Stelle je Kommune.',
      en: 'Administrative services of the district and its eight municipalities with LeiKa key, OZG id, topic, channels and the responsible office per municipality.',
    },
    keywords: ['Verwaltungsleistungen', 'LeiKa', 'OZG', 'Zuständigkeit', 'Leistungskatalog'],
    themes: ['GOVE'],
    licenseId: 'dl-zero-de/2.0',
    updateFrequency: 'WEEKLY',
    modified: async (ctx) => (await selectLastModified(ctx.db.pool)) ?? new Date(0),
    distributions: [
      {
        key: 'csv',
        title: { de: 'Leistungen und Zuständigkeiten (CSV)', en: 'Services and responsibilities (CSV)' },
        format: 'CSV',
        mediaType: 'text/csv',
        render: renderDatasetCsv,
      },
      {
        key: 'json',
        title: { de: 'Leistungen und Zuständigkeiten (JSON)', en: 'Services and responsibilities (JSON)' },
        format: 'JSON',
        mediaType: 'application/json',
        render: renderDatasetJson,
      },
    ],
  });
}
