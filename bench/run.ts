/**
 * Benchmarks (npm run bench; not part of npm test). Writes bench/RESULTS.md.
 *
 *  (a) throughput and latency of the home page, an office page and a town page under 32 connections, beside
 *      Debian's nginx serving the same rendered HTML from disk;
 *  (b) cold start (empty DATA_DIR) and warm start of the app process;
 *  (c) resident memory of the app process under load.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import {
  NGINX,
  ROOT,
  appNodeArgs,
  postgresRssBytes,
  rssBytes,
  startApp,
  startNginx,
  type AppProcess,
  type NginxProcess,
} from './processes.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
// A real service page of the catalogue (responsible office, fees, channels, JSON-LD); the town
// page has a form, so a first-time visitor (every load-generator request: no cookies are kept)
// also gets a new CSRF secret and a signed cookie.
const PAGES = [
  { label: 'home page', path: '/' },
  { label: 'service page', path: '/leistungen/fahrzeug-zulassen' },
  { label: 'town page (with a form)', path: '/kommunen/neuss' },
];
const TARGETS = { ratio: 0.3, p99Ms: 20, coldMs: 20_000, warmMs: 3_000, rssBytes: 250 * 1024 * 1024 };

const mb = (b: number | null) => (b === null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MB`);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mark = (ok: boolean) => (ok ? '✓' : '✗');

interface Load {
  rps: number;
  p50: number;
  p99: number;
}

// wrk (C, two threads) when installed: it costs the server far less CPU than autocannon, which
// runs in Node on the same two cores and otherwise caps both servers at its own speed.
const execFileAsync = promisify(execFile);
const WRK = process.env.WRK_PATH ?? '/usr/bin/wrk';
const CLIENT = process.env.BENCH_CLIENT ?? (existsSync(WRK) ? 'wrk' : 'autocannon');

function wrkMs(v: string, unit: string): number {
  const n = Number(v);
  return unit === 'us' ? n / 1000 : unit === 's' ? n * 1000 : n;
}

// Asynchronous, so the RSS sampler keeps running while wrk loads the app.
async function wrk(url: string, seconds: number): Promise<Load> {
  const { stdout: text } = await execFileAsync(WRK, [
    '-t2',
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '--latency',
    url,
  ]);
  if (/Non-2xx or 3xx responses|Socket errors/.test(text))
    throw new Error(`${url}: errors under load\n${text}`);
  const pct = (p: string) => {
    const m = new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`).exec(text);
    if (!m) throw new Error(`no ${p}% latency in wrk output:\n${text}`);
    return wrkMs(m[1]!, m[2]!);
  };
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(text);
  if (!rps) throw new Error(`no Requests/sec in wrk output:\n${text}`);
  return { rps: Number(rps[1]), p50: pct('50'), p99: pct('99') };
}

async function load(url: string): Promise<Load> {
  if (CLIENT === 'wrk') {
    await wrk(url, WARMUP);
    return wrk(url, DURATION);
  }
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP });
  const r: Result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION });
  if (r.errors || r.timeouts || r.non2xx)
    throw new Error(`${url}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

interface Row {
  label: string;
  path: string;
  app: Load | null;
  nginx: Load | null;
  note?: string;
}

async function main() {
  // Other work on the machine skews every figure; the load before the run goes into the report.
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  const work = mkdtempSync(join(tmpdir(), 'openkreis-bench-'));
  chmodSync(work, 0o755);
  const dataDir = join(work, 'data');
  let app: AppProcess | null = null;
  let nginx: NginxProcess | null = null;
  try {
    // (b) cold start, then a clean stop, then a warm start on the same data.
    console.log('cold start (initdb, migrations, seed) …');
    app = await startApp(dataDir);
    const coldMs = app.readyMs;
    console.log(`  ready after ${s(coldMs)}`);
    await app.stop();
    console.log('warm start …');
    app = await startApp(dataDir);
    const warmMs = app.readyMs;
    console.log(`  ready after ${s(warmMs)}`);

    // The same HTML, rendered once by the app, served by nginx from disk.
    const root = join(work, 'www');
    const rows: Row[] = [];
    for (const p of PAGES) {
      const res = await fetch(app.baseUrl + p.path);
      const html = await res.text();
      const file = p.path === '/' ? join(root, 'index.html') : join(root, p.path, 'index.html');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, html);
      rows.push({
        label: p.label,
        path: p.path,
        app: null,
        nginx: null,
        ...(res.status === 200 ? {} : { note: `the app answers ${res.status}` }),
      });
    }
    spawnSync('chmod', ['-R', 'a+rX', root]);
    nginx = await startNginx(join(work, 'nginx'), root);

    // (a) + (c): load each page on the app and on nginx; sample the app's RSS meanwhile.
    let rssMax = 0;
    const pid = app.child.pid!;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, rssBytes(pid) ?? 0);
    }, 200);
    const rssIdle = rssBytes(pid);
    for (const row of rows) {
      if (row.note) continue;
      console.log(`load: ${row.label} (${row.path}) on the app …`);
      row.app = await load(app.baseUrl + row.path);
      console.log(
        `  ${Math.round(row.app.rps)} req/s, p50 ${row.app.p50.toFixed(1)} ms, p99 ${row.app.p99.toFixed(1)} ms`,
      );
      console.log(`load: ${row.label} on nginx …`);
      row.nginx = await load(nginx.baseUrl + row.path);
      console.log(
        `  ${Math.round(row.nginx.rps)} req/s, p50 ${row.nginx.p50.toFixed(1)} ms, p99 ${row.nginx.p99.toFixed(1)} ms`,
      );
    }
    clearInterval(sampler);
    const rssAfter = rssBytes(pid);
    const pgRss = postgresRssBytes(dataDir);

    const nginxVersion = spawnSync(NGINX, ['-v'], { encoding: 'utf8' })
      .stderr.trim()
      .replace('nginx version: ', '');
    const cpu = cpus()[0]?.model ?? 'unknown';
    const lines: string[] = [
      '# Benchmark results',
      '',
      `Measured by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
      '',
      '| machine | |',
      '|---|---|',
      `| CPU | ${cpu} |`,
      `| cores (nproc) | ${availableParallelism()} |`,
      `| memory | ${(totalmem() / 1024 ** 3).toFixed(1)} GiB |`,
      `| Node.js | ${process.version} |`,
      `| nginx | ${nginxVersion} (1 worker) |`,
      `| load average before the run (1/5/15 min) | ${loadBefore} |`,
      '',
      `The app runs as its own process (\`node ${appNodeArgs()
        .map((a) => `${a} `)
        .join('')}--import tsx src/main.ts demo\`, LOG_LEVEL=warn, embedded`,
      `PostgreSQL as a separate process); the load generator is ${CLIENT === 'wrk' ? 'wrk (2 threads)' : 'autocannon (in the benchmark process)'} on the same machine,`,
      'so load generator, app and database share the cores.',
      '',
      `## (a) Throughput and latency — ${CONNECTIONS} connections, ${DURATION} s after ${WARMUP} s warm-up`,
      '',
      '| page | server | req/s | p50 | p99 | app/nginx | p99 < 20 ms |',
      '|---|---|---:|---:|---:|---:|:---:|',
    ];
    const verdicts: boolean[] = [];
    for (const r of rows) {
      if (!r.app || !r.nginx) {
        lines.push(`| ${r.label} \`${r.path}\` | — | — | — | — | — | ${r.note ?? 'not measured'} |`);
        continue;
      }
      const ratio = r.app.rps / r.nginx.rps;
      const okRatio = ratio >= TARGETS.ratio;
      const okP99 = r.app.p99 < TARGETS.p99Ms;
      verdicts.push(okRatio, okP99);
      lines.push(
        `| ${r.label} \`${r.path}\` | OpenKreis | ${Math.round(r.app.rps)} | ${r.app.p50.toFixed(1)} ms | ${r.app.p99.toFixed(1)} ms | ${ratio.toFixed(2)} ${mark(okRatio)} | ${mark(okP99)} |`,
      );
      lines.push(
        `| | nginx (same HTML from disk) | ${Math.round(r.nginx.rps)} | ${r.nginx.p50.toFixed(1)} ms | ${r.nginx.p99.toFixed(1)} ms | | |`,
      );
    }
    const okCold = coldMs < TARGETS.coldMs;
    const okWarm = warmMs < TARGETS.warmMs;
    const okRss = rssMax > 0 && rssMax < TARGETS.rssBytes;
    verdicts.push(okCold, okWarm, okRss);
    lines.push(
      '',
      `Target: app/nginx ≥ ${TARGETS.ratio}, app p99 < ${TARGETS.p99Ms} ms.`,
      '',
      '## (b) Start-up (spawn → `/health/ready` answers 200)',
      '',
      '| start | time | target |',
      '|---|---:|---|',
      `| cold: empty DATA_DIR → initdb, migrations, reference + demo seed | ${s(coldMs)} | < 20 s ${mark(okCold)} |`,
      `| warm: existing DATA_DIR, PostgreSQL started again | ${s(warmMs)} | < 3 s ${mark(okWarm)} |`,
      '',
      '## (c) Memory (VmRSS of the app process)',
      '',
      '| when | RSS | target |',
      '|---|---:|---|',
      `| idle after warm start | ${mb(rssIdle)} | |`,
      `| peak under load | ${mb(rssMax)} | < 250 MB ${mark(okRss)} |`,
      `| after load | ${mb(rssAfter)} | |`,
      `| embedded PostgreSQL (all its processes, for information) | ${mb(pgRss)} | |`,
      '',
    );
    // The modules' benchmarks keep their own sections ("## Services", …) after the platform part.
    const resultsFile = join(ROOT, 'bench', 'RESULTS.md');
    const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
    const moduleSections = /^## [^(\s]/m.exec(previous);
    writeFileSync(
      resultsFile,
      `${lines.join('\n')}\n${moduleSections ? `\n${previous.slice(moduleSections.index)}` : ''}`,
    );
    console.log(lines.join('\n'));
    console.log(verdicts.every(Boolean) ? '\nall targets met' : '\nsome targets missed (see ✗)');
  } finally {
    await nginx?.stop().catch(() => undefined);
    await app?.stop().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
