import { fileURLToPath } from 'node:url';
import { defineModule } from '../../kernel/module.ts';
import { portalRoutes } from './routes/portal.routes.tsx';

/** Public portal shell: home page, "Meine Kommune", legal pages and the accessibility feedback. */
export const portalModule = defineModule({
  name: 'portal',
  migrationsDir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
  i18nDir: new URL('./i18n/', import.meta.url),
  routes: portalRoutes,
});
