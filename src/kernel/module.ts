import type { FastifyInstance } from 'fastify';
import type { TObject } from 'typebox';
import type { Kernel } from './kernel.ts';
import type { CliCommand } from './cli.ts';
import type { NavItem } from './views/context.ts';

/**
 * What a module gives the platform. src/modules.ts lists the modules in registration order;
 * the kernel calls these hooks and never imports a module itself.
 */
export interface ModuleDefinition {
  /** Code name; its PostgreSQL schema is the same name with "-" → "_". */
  name: string;
  /** The module's slice of the typed configuration (see kernel/config/define.ts). */
  config?: TObject;
  /** Absolute path of db/migrations. */
  migrationsDir?: string;
  /** Folder URL holding de.json and en.json. */
  i18nDir?: URL;
  /** Absolute path of a folder of static files (scripts, styles, images), served at /assets/<name>/. */
  assetsDir?: string;
  /** Main-navigation entries (labels are i18n keys). */
  nav?: NavItem[];
  /** Registries, event subscribers and job definitions; runs before routes are registered. */
  setup?(kernel: Kernel): Promise<void> | void;
  /** The module's routes, registered as one encapsulated Fastify plugin. */
  routes?(app: FastifyInstance, kernel: Kernel): Promise<void>;
  /**
   * CLI commands of the module (`npm run cli -- <name> …`), named `<module>:<verb>`; listed by `help`.
   */
  commands?: Record<string, { description: string; run: CliCommand }>;
  /** Reference data (always) and demo data (seed command / DEMO_MODE). */
  seed?: {
    reference?(kernel: Kernel): Promise<void>;
    demo?(kernel: Kernel): Promise<void>;
  };
}

export function defineModule(def: ModuleDefinition): ModuleDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(def.name)) throw new Error(`invalid module name ${def.name}`);
  return def;
}
