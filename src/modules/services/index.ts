import { fileURLToPath } from 'node:url';
import type { Kernel } from '../../kernel/kernel.ts';
import { defineModule } from '../../kernel/module.ts';
import { importCommand } from './commands/import.ts';
import { readServicesConfig, servicesConfig } from './config.ts';
import { importCatalogue } from './db/catalogue-import.ts';
import { seedLocalServices } from './db/local-seed.ts';
import { servicesRoutes } from './routes/index.ts';
import { setupServices } from './setup.ts';

/**
 * Service catalogue: the OZG/LeiKa catalogue, the local services of the Kreis and its towns with
 * their Zuständigkeit, the service finder (/leistungen), service pages and /api/v1/services.
 */
export const servicesModule = defineModule({
  name: 'services',
  config: servicesConfig,
  migrationsDir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
  i18nDir: new URL('./i18n/', import.meta.url),
  nav: [{ href: '/leistungen', label: 'services.nav', order: 10 }],
  setup: (kernel) => setupServices(kernel),
  routes: (app, kernel) => servicesRoutes(app, kernel),
  commands: {
    'services:import': {
      description: 'Import the OZG/LeiKa catalogue from CSV files: services:import [dir] (idempotent)',
      run: importCommand,
    },
  },
  seed: {
    // The catalogue and the local services are reference data: the applications and other
    // modules refer to the local services by slug. Existing local services are never overwritten.
    reference: async (kernel: Kernel) => {
      const cfg = readServicesConfig(kernel.fullConfig);
      const r = await importCatalogue(kernel.db.pool, kernel.clock.now(), {
        dir: cfg.catalogueDir,
        skipIfUnchanged: true,
      });
      if (!r.ok) throw new Error(`services: catalogue import failed: ${r.reason}`);
      await seedLocalServices(kernel);
    },
  },
});

// Public API for other modules.
export type { ServiceRef } from './presenters/service.ts';
export { findServiceBySlug, listLocalServices, responsibleUnit } from './queries/services.ts';
