import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/module.ts';
import { portalConfig } from './config.ts';
import { accessibilityRoutes } from './routes/accessibility.routes.tsx';
import { myTownRoutes } from './routes/my-town.routes.tsx';
import { pageRoutes } from './routes/pages.routes.tsx';
import { townRoutes } from './routes/towns.routes.tsx';

/** Public portal shell: home page, "Meine Kommune", town pages, legal pages and the accessibility feedback. */
export const portalModule = defineModule({
  name: 'portal',
  config: portalConfig,
  migrationsDir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
  i18nDir: new URL('./i18n/', import.meta.url),
  routes: async (app, kernel) => {
    await pageRoutes(app, kernel);
    await myTownRoutes(app, kernel);
    await townRoutes(app, kernel);
    await accessibilityRoutes(app, kernel);
  },
});

// Public API for other modules.
export { MY_TOWN_COOKIE, readMyTown } from './routes/context.ts';
export type { PortalConfig } from './config.ts';
