import type { ModuleDefinition } from './kernel/module.ts';
import { portalModule } from './modules/portal/index.ts';

/**
 * THE list of modules, in registration order. Adding a module means adding it here — nothing
 * is discovered by scanning folders.
 */
export const modules: readonly ModuleDefinition[] = [portalModule];
