import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/kernel/db/embedded.ts';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface AppProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Milliseconds from spawn until /health/ready answered 200. */
  readyMs: number;
  output: string[];
  stop(): Promise<void>;
}

/** Starts `node --import tsx src/main.ts demo` as its own process on its own DATA_DIR. */
export async function startApp(dataDir: string, extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must enter DATA_DIR
  const port = await freePort();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && k !== 'TEST_DATABASE_URL'),
  );
  const started = performance.now();
  // The app runs with the production Node.js flags of package.json (config.node_flags, what
  // `npm start`/`npm run serve` use); BENCH_NODE_ARGS replaces them for experiments.
  const nodeArgs = appNodeArgs();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts', 'demo'], {
    cwd: ROOT,
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '100000000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (b: Buffer) => output.push(...b.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const state = { exited: false };
  void exited.then(() => (state.exited = true));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (;;) {
    if (state.exited) throw new Error(`app exited during start:\n${output.slice(-30).join('\n')}`);
    if (performance.now() - started > 180_000) {
      child.kill('SIGKILL');
      throw new Error(`app not ready after 180 s:\n${output.slice(-30).join('\n')}`);
    }
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  const readyMs = performance.now() - started;
  return {
    child,
    baseUrl,
    readyMs,
    output,
    stop: async () => {
      if (state.exited) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(30_000, false, { ref: false })]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Resident set size of a process in bytes (VmRSS from /proc). */
export function rssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Summed RSS of the embedded PostgreSQL (postmaster and its children), for information. */
export function postgresRssBytes(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const master = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let total = rssBytes(master) ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === master) total += rssBytes(Number(entry)) ?? 0;
    } catch {
      // process ended
    }
  }
  return total;
}

export interface NginxProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** Debian's nginx serving `root` as static files on a free loopback port, one worker. */
export async function startNginx(dir: string, root: string): Promise<NginxProcess> {
  const port = await freePort();
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(join(dir, d), { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'client_body')};
  proxy_temp_path ${join(dir, 'proxy')};
  fastcgi_temp_path ${join(dir, 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'uwsgi')};
  scgi_temp_path ${join(dir, 'scgi')};
  default_type text/html;
  charset utf-8;
  sendfile on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { try_files $uri $uri/index.html =404; }
  }
}
`,
  );
  if (!existsSync(NGINX))
    throw new Error(`nginx not found at ${NGINX}: apt-get install -y nginx-light, or set NGINX_PATH`);
  const child = spawn(NGINX, ['-e', join(dir, 'error.log'), '-c', conf, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${err}`);
    try {
      if ((await fetch(`${baseUrl}/`)).status === 200) break;
    } catch {
      // not yet
    }
    if (i > 200) throw new Error(`nginx did not start: ${err}`);
    await sleep(25);
  }
  return {
    baseUrl,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGQUIT');
      const done = await Promise.race([exited.then(() => true), sleep(10_000, false, { ref: false })]);
      if (!done) child.kill('SIGKILL');
    },
  };
}

export function appNodeArgs(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? process.env.npm_package_config_node_flags ?? '')
    .split(' ')
    .filter(Boolean);
}
