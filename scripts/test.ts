/**
 * The test command (npm test). Prepares PostgreSQL, builds a migrated template database, then
 * runs node's test runner over every *.test.ts(x) under src/ and e2e/ (or the files given).
 *
 *   TEST_DATABASE_URL / DATABASE_URL set → that server (databases are created and dropped there)
 *   otherwise                           → an embedded PostgreSQL in a temporary directory
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import pg from 'pg';
import pino from 'pino';
import { loadAppConfig } from '../src/config.ts';
import { startEmbeddedPostgres, type EmbeddedHandle } from '../src/kernel/db/embedded.ts';
import { createKernel, seedReference } from '../src/kernel/kernel.ts';
import { TEST_ENV, withDatabase } from '../src/kernel/testing/index.ts';
import { modules } from '../src/modules.ts';

const runId = randomBytes(3).toString('hex');
const template = `ok_tpl_${runId}`;
let embedded: EmbeddedHandle | null = null;
let embeddedDir: string | null = null;
let adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function cleanup() {
  if (adminUrl) {
    await admin(async (c) => {
      const { rows } = await c.query<{ datname: string }>(
        `select datname from pg_database where datname like $1 or datname = $2`,
        [`ok_t_${runId}_%`, template],
      );
      for (const r of rows) await c.query(`drop database if exists "${r.datname}" with (force)`);
    }).catch((e: unknown) => console.error('cleanup failed:', e));
  }
  await embedded?.stop().catch(() => undefined);
  if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
}

async function main(): Promise<number> {
  const started = Date.now();
  if (!adminUrl) {
    embeddedDir = mkdtempSync(`${tmpdir()}/openkreis-test-pg-`);
    embedded = await startEmbeddedPostgres(embeddedDir, { durable: false });
    adminUrl = embedded.url;
    console.log(
      `test database: embedded PostgreSQL (${((Date.now() - started) / 1000).toFixed(1)} s to start)`,
    );
  } else {
    console.log(`test database: server ${new URL(adminUrl).host}`);
  }
  await admin((c) => c.query(`create database "${template}"`));
  const fullConfig = loadAppConfig({ DATABASE_URL: withDatabase(adminUrl, template), LOG_LEVEL: 'silent' });
  const kernel = await createKernel({
    fullConfig,
    modules,
    log: pino({ level: 'silent' }),
    role: 'test-setup',
  });
  await seedReference(kernel);
  await kernel.close();

  const files = process.argv.slice(2);
  const patterns = files.length ? files : ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/**/*.test.ts'];
  const concurrency = process.env.TEST_CONCURRENCY ?? '3';
  // Per test. The browser journeys take one to five minutes on a small, busy 2-core machine
  // (three test files at once, each with its own Chromium); a hung test still ends the run.
  const timeoutMs = process.env.TEST_TIMEOUT_MS ?? '600000';
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${concurrency}`,
      `--test-timeout=${timeoutMs}`,
      ...patterns,
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        [TEST_ENV.adminUrl]: adminUrl,
        [TEST_ENV.template]: template,
        [TEST_ENV.runId]: runId,
      },
    },
  );
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(err);
} finally {
  await cleanup();
}
process.exit(code);
