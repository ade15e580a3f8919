import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/module.ts';
import { openDataConfig } from './config.ts';
import { anyEditor } from './policies.ts';
import { ckanRoutes } from './routes/ckan.routes.ts';
import { dcatRoutes } from './routes/dcat.routes.ts';
import { editorRoutes } from './routes/editor.routes.tsx';
import { portalRoutes } from './routes/portal.routes.tsx';
import { seedDemoCatalogue } from './seed.ts';
import { allActiveIds, loadDatasets } from './db/datasets.queries.ts';
import { datasetPath } from './lib/urls.ts';
import { reindexAll, SEARCH_SOURCE } from './commands/site-search.ts';
import { personalDataHandler } from './commands/personal-data.ts';

/**
 * Open data of the Kreis and its municipalities: portal (/daten), CKAN Action API (/api/3/action),
 * DCAT-AP.de catalogue (/catalog.ttl|rdf|jsonld), editor area (/verwaltung/opendata) and the
 * consumer of the platform-dataset registry (kernel.extensions.registerDataset).
 */
export const openDataModule = defineModule({
  name: 'open-data',
  config: openDataConfig,
  migrationsDir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
  i18nDir: new URL('./i18n/', import.meta.url),
  assetsDir: fileURLToPath(new URL('./assets/', import.meta.url)),
  nav: [{ href: '/daten', label: 'open-data.nav', order: 40 }],
  setup(kernel) {
    kernel.extensions.addStaffTool({
      href: '/verwaltung/opendata',
      title: 'open-data.staff.title',
      text: 'open-data.staff.text',
      order: 60,
      visible: anyEditor,
    });
    kernel.search.registerSource({
      name: SEARCH_SOURCE,
      label: 'open-data.search.source',
      reindex: reindexAll,
    });
    kernel.extensions.addPersonalDataHandler(personalDataHandler(kernel));
    kernel.extensions.addSitemapSource(async () => {
      const ds = await loadDatasets(kernel.db.pool, await allActiveIds(kernel.db.pool));
      return [{ path: '/daten' }, ...ds.map((d) => ({ path: datasetPath(d.name), lastmod: d.modifiedAt }))];
    });
  },
  routes: async (app, kernel) => {
    await app.register(async (scope) => ckanRoutes(scope, kernel));
    await dcatRoutes(app, kernel);
    await portalRoutes(app, kernel);
    await editorRoutes(app, kernel);
  },
  seed: {
    demo: async (kernel) => {
      await seedDemoCatalogue(kernel);
    },
  },
});

// Public API for other modules: none needed — platform datasets are registered through
// kernel.extensions.registerDataset (see README.md).
export type { OpenDataConfig } from './config.ts';
