import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { createAuditLog, type AuditLog } from './audit/index.ts';
import { seedDemoAccounts } from './auth/seed.ts';
import { systemClock, type Clock } from './clock.ts';
import { createDatabase, type Database } from './db/database.ts';
import { startEmbeddedPostgres, type EmbeddedHandle } from './db/embedded.ts';
import { migrate, type MigrationSource } from './db/migrate.ts';
import type { KernelConfig, KernelDeps } from './deps.ts';
import { createEventBus, type EventBus } from './events/index.ts';
import { Extensions } from './extensions.ts';
import { createFileStorage, type FileStorage } from './files/index.ts';
import { I18n } from './i18n/index.ts';
import { createJobs, installJobSchema, type Jobs } from './jobs/index.ts';
import { createMailer, type Mailer } from './mail/index.ts';
import type { ModuleDefinition } from './module.ts';
import { defineAuthCleanup } from './auth/cleanup.ts';
import { createSearch, defineSearchRebuildJob, type Search } from './search/index.ts';
import { Tenants, seedTenants } from './tenants/index.ts';

export type { KernelConfig } from './deps.ts';

/** The services every module receives. Built once per process by createKernel. */
export interface Kernel extends KernelDeps {
  /** The whole composed configuration; modules read their own slice from it. */
  fullConfig: Record<string, unknown>;
  modules: readonly ModuleDefinition[];
  tenants: Tenants;
  audit: AuditLog;
  mail: Mailer;
  events: EventBus;
  jobs: Jobs;
  files: FileStorage;
  search: Search;
  /** Registries modules fill in setup(): staff tools, sitemap and open-data dataset sources. */
  extensions: Extensions;
  /** Stops background work, the pool and an embedded PostgreSQL started by this process. */
  close(): Promise<void>;
}

/** Each kernel part keeps its UI text beside its code. */
const KERNEL_I18N_DIRS = [
  './i18n/',
  './auth/i18n/',
  './audit/i18n/',
  './mail/i18n/',
  './jobs/i18n/',
  './events/i18n/',
  './files/i18n/',
  './search/i18n/',
  './staff/i18n/',
];

export const KERNEL_MIGRATIONS: MigrationSource = {
  name: 'kernel',
  dir: fileURLToPath(new URL('./db/migrations/', import.meta.url)),
};

export function migrationSources(modules: readonly ModuleDefinition[]): MigrationSource[] {
  return [
    KERNEL_MIGRATIONS,
    ...modules.filter((m) => m.migrationsDir).map((m) => ({ name: m.name, dir: m.migrationsDir! })),
  ];
}

export interface CreateKernelOptions {
  fullConfig: Record<string, unknown> & { kernel: KernelConfig };
  modules: readonly ModuleDefinition[];
  log?: Logger;
  clock?: Clock;
  /** Apply pending migrations during start (default true). */
  migrate?: boolean;
  /** Process name for pg's application_name. */
  role?: string;
}

export async function createKernel(opts: CreateKernelOptions): Promise<Kernel> {
  const config = opts.fullConfig.kernel;
  const log = opts.log ?? pino({ level: config.logLevel });
  let embedded: EmbeddedHandle | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(`${config.dataDir}/postgres`, {
      log: (l) => log.debug({ pg: l }, 'embedded postgres'),
    });
    url = embedded.url;
    log.info('embedded PostgreSQL running');
  }
  const db: Database = createDatabase(url, {
    max: config.dbPoolSize,
    applicationName: `openkreis-${opts.role ?? 'app'}`,
  });
  try {
    if (opts.migrate !== false) {
      const { applied } = await migrate(db.pool, migrationSources(opts.modules), (m) => log.info(m));
      if (applied.length) log.info({ count: applied.length }, 'migrations applied');
      await installJobSchema(db.pool);
    }
  } catch (err) {
    await db.close();
    await embedded?.stop();
    throw err;
  }

  const i18n = new I18n();
  for (const dir of KERNEL_I18N_DIRS) {
    const url = new URL(dir, import.meta.url);
    if (existsSync(new URL('de.json', url))) i18n.addFiles(url);
  }
  for (const m of opts.modules) if (m.i18nDir) i18n.addFiles(m.i18nDir);

  const deps: KernelDeps = { config, db, log, clock: opts.clock ?? systemClock, i18n };
  const jobs = createJobs(deps);
  const events = createEventBus(deps, jobs);
  const mail = createMailer(deps, jobs);
  const kernel: Kernel = {
    ...deps,
    fullConfig: opts.fullConfig,
    modules: opts.modules,
    tenants: new Tenants(db),
    audit: createAuditLog(deps, jobs),
    mail,
    events,
    jobs,
    files: createFileStorage(deps),
    search: createSearch(deps),
    extensions: new Extensions(),
    close: async () => {
      await jobs.stop().catch((e: unknown) => log.error(e, 'jobs stop'));
      await events.stop().catch((e: unknown) => log.error(e, 'events stop'));
      await mail.close().catch(() => undefined);
      await kernel.files.close().catch(() => undefined);
      await db.close();
      await embedded?.stop();
    },
  };
  // Kernel housekeeping jobs are defined here so app nodes and workers both run them.
  defineSearchRebuildJob(kernel);
  defineAuthCleanup(kernel);
  for (const m of opts.modules) await m.setup?.(kernel);
  return kernel;
}

/** Reference data that every installation needs (tenants, then each module's). */
export async function seedReference(kernel: Kernel): Promise<void> {
  await seedTenants(kernel.db, kernel.config.tenantSeedDir);
  kernel.tenants.invalidate();
  for (const m of kernel.modules) await m.seed?.reference?.(kernel);
  // Every search source writes its documents again, so a fresh install finds tenants and offices.
  await kernel.search.rebuild(kernel);
}

export async function seedDemo(kernel: Kernel): Promise<void> {
  // Demo accounts first: module demo data may refer to them.
  await seedDemoAccounts(kernel);
  for (const m of kernel.modules) await m.seed?.demo?.(kernel);
}
