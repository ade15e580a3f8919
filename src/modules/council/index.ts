import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/module.ts';
import { importCommand } from './commands/import-cli.ts';
import { defineImportJob } from './commands/import-job.ts';
import { councilConfig } from './config.ts';
import { councilSitemap, registerCouncilDatasets } from './datasets.ts';
import { councilOffice } from './policies.ts';
import { oparlRoutes } from './routes/oparl.routes.ts';
import { portalRoutes } from './routes/portal.routes.tsx';
import { staffRoutes } from './routes/staff.routes.tsx';
import { registerCouncilSearch } from './search-source.ts';
import { seedCouncilDemo, seedCouncilReference } from './seed.ts';

/**
 * Council information system: bodies, committees, persons, meetings, agendas, papers and files
 * for the Kreis and its municipalities; public portal (/ratsinfo), staff area
 * (/verwaltung/ratsinfo), OParl 1.1 API (/oparl/v1) and import from other OParl systems.
 */
export const councilModule = defineModule({
  name: 'council',
  config: councilConfig,
  migrationsDir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
  i18nDir: new URL('./i18n/', import.meta.url),
  assetsDir: fileURLToPath(new URL('./assets/', import.meta.url)),
  nav: [{ href: '/ratsinfo', label: 'council.nav', order: 60 }],
  setup(kernel) {
    registerCouncilSearch(kernel);
    registerCouncilDatasets(kernel);
    defineImportJob(kernel);
    kernel.extensions.addSitemapSource(() => councilSitemap(kernel));
    kernel.extensions.addStaffTool({
      href: '/verwaltung/ratsinfo',
      title: 'council.staff.tool.title',
      text: 'council.staff.tool.text',
      order: 60,
      visible: councilOffice,
    });
  },
  routes: async (app, kernel) => {
    await oparlRoutes(app, kernel);
    await portalRoutes(app, kernel);
    await staffRoutes(app, kernel);
  },
  commands: { 'council:import': importCommand },
  seed: { reference: seedCouncilReference, demo: seedCouncilDemo },
});

// Public API for other modules.
export type { CouncilConfig } from './config.ts';
