import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.ts';
import { loadAppConfig } from './config.ts';
import type { Clock } from './kernel/clock.ts';
import { createKernel, type Kernel } from './kernel/kernel.ts';
import { createTestDatabase, type TestDatabase } from './kernel/testing/index.ts';
import { modules } from './modules.ts';

export { CookieJar, csrfFrom, createTestDatabase, type TestDatabase } from './kernel/testing/index.ts';

export interface TestApp {
  app: FastifyInstance;
  kernel: Kernel;
  db: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  clock?: Clock;
  /** Reuse an existing test database (e.g. a second app node on the same data). */
  database?: TestDatabase;
}

/** Boots the real app on a fresh test database. Call close() in after(). */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const db = opts.database ?? (await createTestDatabase());
  const env = {
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    RATE_LIMIT_MAX: '100000',
    // Tests change data and read pages back at once; the page cache has its own test.
    PAGE_CACHE_SECONDS: '0',
    DATA_DIR: `/tmp/openkreis-test-files/${db.name}`,
    ...opts.env,
    DATABASE_URL: db.url,
  };
  const fullConfig = loadAppConfig(env);
  const kernel = await createKernel({
    fullConfig,
    modules,
    clock: opts.clock,
    log: pino({ level: env.LOG_LEVEL }),
    role: 'test',
  });
  const app = await buildApp(kernel);
  await app.ready();
  return {
    app,
    kernel,
    db,
    close: async () => {
      await app.close();
      await kernel.close();
      if (!opts.database) await db.drop();
    },
  };
}
