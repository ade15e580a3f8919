import type { ModuleDefinition } from './kernel/module.ts';
import { applicationsModule } from './modules/applications/index.ts';
import { appointmentsModule } from './modules/appointments/index.ts';
import { caseworkModule } from './modules/casework/index.ts';
import { councilModule } from './modules/council/index.ts';
import { openDataModule } from './modules/open-data/index.ts';
import { portalModule } from './modules/portal/index.ts';
import { queueModule } from './modules/queue/index.ts';
import { servicesModule } from './modules/services/index.ts';

/**
 * THE list of modules, in registration order. Adding a module means adding it here — nothing
 * is discovered by scanning folders.
 */
export const modules: readonly ModuleDefinition[] = [
  portalModule,
  servicesModule,
  caseworkModule,
  applicationsModule,
  appointmentsModule,
  queueModule,
  councilModule,
  openDataModule,
];
