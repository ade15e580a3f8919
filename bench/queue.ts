/**
 * Queue benchmark (npx tsx bench/queue.ts; not part of npm test): call-to-display latency with
 * 2,000 concurrent call-display clients (Server-Sent Events) on one app node.
 *
 * One `demo` app process (production Node flags, embedded PostgreSQL). The bench opens 2,000
 * raw HTTP streams to /wartezeiten/<slug>/anzeige/events, logs in as the demo admin, takes a
 * counter and issues tickets through the staff forms, then calls customers one after another with
 * the staff POST route ("Nächste Person aufrufen"). For each call it measures, per client, the
 * time from sending the POST until that client has received the call event. The target is
 * p99 < 300 ms. Writes the section "## Queue" of bench/RESULTS.md.
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { ROOT, rssBytes, startApp } from './processes.ts';

const CLIENTS = Number(process.env.BENCH_QUEUE_CLIENTS ?? 2000);
const CALLS = Number(process.env.BENCH_QUEUE_CALLS ?? 30);
const SLUG = 'strassenverkehrsamt-neuss';
const TARGET_P99_MS = 300;
// The display clients live in worker threads, so that parsing 2,000 streams is not one serial queue.
const WORKERS = Number(process.env.BENCH_QUEUE_WORKERS ?? 2);

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across threads. */
const now = () => performance.timeOrigin + performance.now();

class Jar {
  readonly cookies = new Map<string, string>();
  store(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function get(
  base: string,
  jar: Jar,
  path: string,
): Promise<{ status: number; body: string; token?: string }> {
  const res = await fetch(`${base}${path}`, { headers: { cookie: jar.header() }, redirect: 'manual' });
  jar.store(res);
  const body = await res.text();
  return { status: res.status, body, token: /name="_csrf" value="([^"]+)"/.exec(body)?.[1] };
}

async function post(base: string, jar: Jar, path: string, form: Record<string, string>) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  jar.store(res);
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get('location') };
}

/** One display client: a raw keep-alive HTTP stream; calls back with every call event's code. */
function openStream(
  agent: http.Agent,
  url: string,
  onCall: (code: string) => void,
): Promise<http.ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      let buf = '';
      let opened = false;
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (block.includes('event: state') && !opened) {
            opened = true;
            resolve(req);
          }
          if (block.includes('event: call')) {
            const m = /"code":"([^"]+)"/.exec(block);
            if (m) onCall(m[1]!);
          }
        }
      });
    });
    req.on('error', reject);
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main() {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  const dataDir = mkdtempSync(join(tmpdir(), 'openkreis-bench-queue-'));
  // The first start seeds the demo data of every module (heavier than serving); it gets a larger
  // heap, then the measured process starts warm on the seeded data with the production flags.
  const productionFlags =
    process.env.BENCH_NODE_ARGS ??
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { config: { node_flags: string } })
      .config.node_flags;
  process.env.BENCH_NODE_ARGS = '--max-old-space-size=1024';
  const seeding = await startApp(dataDir, { LOG_LEVEL: 'warn' });
  await seeding.stop();
  process.env.BENCH_NODE_ARGS = productionFlags;
  process.stdout.write(`measured app process: node ${productionFlags}\n`);
  // All display clients come from this one machine: lift the per-address stream cap for the run.
  const app = await startApp(dataDir, {
    LOG_LEVEL: 'warn',
    EVENTS_POLL_INTERVAL_MS: '1000',
    QUEUE_SSE_MAX_STREAMS_PER_IP: String(CLIENTS + 100),
  });
  const base = app.baseUrl;
  let stopWorkers = async () => undefined;
  try {
    process.stdout.write(`app ready in ${(app.readyMs / 1000).toFixed(1)} s on ${base}\n`);
    // Staff login (the demo admin has no second factor) and a counter.
    const jar = new Jar();
    const login = await get(base, jar, '/verwaltung/anmelden');
    const signedIn = await post(base, jar, '/verwaltung/anmelden', {
      _csrf: login.token!,
      email: 'admin@demo.openkreis.de',
      password: 'Demo-Admin-2026!',
    });
    if (signedIn.status !== 303 || /zwei|faktor/.test(signedIn.location ?? ''))
      throw new Error(`login failed: ${signedIn.status} ${signedIn.location}`);
    let page = await get(base, jar, `/verwaltung/warteschlange/${SLUG}`);
    const counter =
      /name="counter" type="radio" value="([0-9a-f-]{36})"|type="radio" value="([0-9a-f-]{36})"/.exec(
        page.body,
      );
    const counterId = counter?.[1] ?? counter?.[2];
    if (!counterId) throw new Error('no counter on the workplace page');
    await post(base, jar, `/verwaltung/warteschlange/${SLUG}/platz`, {
      _csrf: page.token!,
      counter: counterId,
    });
    page = await get(base, jar, `/verwaltung/warteschlange/${SLUG}`);
    for (let i = 0; i < CALLS + 1; i++)
      await post(base, jar, `/verwaltung/warteschlange/${SLUG}/ticket`, {
        _csrf: page.token!,
        group: 'abholung',
      });

    // The display clients, spread over worker threads.
    const url = `${base}/wartezeiten/${SLUG}/anzeige/events`;
    const workers = Array.from({ length: WORKERS }, (_, i) => {
      const n = Math.floor(CLIENTS / WORKERS) + (i < CLIENTS % WORKERS ? 1 : 0);
      return { n, worker: new Worker(new URL(import.meta.url), { workerData: { url, clients: n } }) };
    });
    const arrivals = new Map<string, number[]>(); // code → arrival times of all clients
    const reported = new Map<string, number>(); // code → workers that reported
    const t0 = now();
    await Promise.all(
      workers.map(
        ({ worker }) =>
          new Promise<void>((resolve, reject) => {
            worker.on('error', reject);
            worker.on('message', (m: { type: string; code?: string; times?: number[] }) => {
              if (m.type === 'ready') resolve();
              if (m.type === 'arrivals') {
                arrivals.set(m.code!, [...(arrivals.get(m.code!) ?? []), ...m.times!]);
                reported.set(m.code!, (reported.get(m.code!) ?? 0) + 1);
              }
            });
          }),
      ),
    );
    stopWorkers = () => Promise.all(workers.map(({ worker }) => worker.terminate())).then(() => undefined);
    const connectMs = now() - t0;
    process.stdout.write(
      `${CLIENTS} display streams open in ${(connectMs / 1000).toFixed(1)} s (${WORKERS} client threads)\n`,
    );
    await sleep(1000);
    const rssStreams = rssBytes(app.child.pid!);

    const latencies: number[] = [];
    const postMs: number[] = [];
    let missing = 0;
    for (let c = 0; c < CALLS; c++) {
      const start = now();
      const res = await post(base, jar, `/verwaltung/warteschlange/${SLUG}/aufrufen`, { _csrf: page.token! });
      postMs.push(now() - start);
      const code = /nr=([A-Z]+\d+)/.exec(res.location ?? '')?.[1];
      if (!code) throw new Error(`call failed: ${res.status} ${res.location}`);
      const deadline = now() + 6000;
      while ((reported.get(code) ?? 0) < WORKERS && now() < deadline) await sleep(5);
      const got = arrivals.get(code) ?? [];
      missing += CLIENTS - got.length;
      for (const at of got) latencies.push(at - start);
      await sleep(200);
    }
    latencies.sort((a, b) => a - b);
    postMs.sort((a, b) => a - b);
    const r = {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1]!,
      postP50: percentile(postMs, 50),
      postP99: percentile(postMs, 99),
    };
    const line = (ms: number) => `${ms.toFixed(0)} ms`;
    // Where the tail comes from: share of deliveries per 50 ms band.
    const bands = new Map<number, number>();
    for (const l of latencies) bands.set(Math.floor(l / 50), (bands.get(Math.floor(l / 50)) ?? 0) + 1);
    const histogram = [...bands]
      .sort((a, b) => a[0] - b[0])
      .map(([b, n]) => `${b * 50}–${b * 50 + 49} ms: ${((n / latencies.length) * 100).toFixed(1)} %`)
      .join(', ');
    const summary = [
      `clients: ${CLIENTS} (in ${WORKERS} threads), calls: ${CALLS}, deliveries measured: ${latencies.length}, missing: ${missing}`,
      `call → display latency: p50 ${line(r.p50)}, p95 ${line(r.p95)}, p99 ${line(r.p99)}, max ${line(r.max)} (target p99 < ${TARGET_P99_MS} ms: ${r.p99 < TARGET_P99_MS && missing === 0 ? 'met' : 'NOT met'})`,
      `staff POST (call next) response: p50 ${line(r.postP50)}, p99 ${line(r.postP99)}`,
      `distribution: ${histogram}`,
      `app RSS with ${CLIENTS} open streams: ${rssStreams === null ? 'n/a' : `${(rssStreams / 1024 / 1024).toFixed(0)} MB`}`,
    ];
    process.stdout.write(`${summary.join('\n')}\n`);
    writeResults(summary, { connectMs, load });
  } finally {
    await stopWorkers();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function writeResults(summary: string[], extra: { connectMs: number; load: string }) {
  const file = join(ROOT, 'bench/RESULTS.md');
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}`;
  const section = [
    '## Queue',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; \`npx tsx bench/queue.ts\`.`,
    'One `demo` app process (production Node flags) with the embedded PostgreSQL on the same machine;',
    `the bench client (the display streams in ${WORKERS} worker threads) shares the cores with app and`,
    `database (load average at the start: ${extra.load}). Latency = from`,
    'sending the staff POST "Nächste Person aufrufen" until a display client has parsed the call',
    'event (commit → outbox → LISTEN/NOTIFY → subscriber → one frame written to every stream).',
    '',
    ...summary.map((s) => `- ${s}`),
    `- opening the ${CLIENTS} streams took ${(extra.connectMs / 1000).toFixed(1)} s`,
    '',
  ].join('\n');
  let text = readFileSync(file, 'utf8');
  const start = text.indexOf('\n## Queue\n');
  if (start === -1) text = `${text.trimEnd()}\n\n${section}`;
  else {
    const next = text.indexOf('\n## ', start + 1);
    text = `${text.slice(0, start + 1)}${section}${next === -1 ? '' : text.slice(next)}`;
  }
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}

/** A client thread: opens its share of the streams, reports each call's arrival times once complete. */
async function clientThread() {
  const { url, clients } = workerData as { url: string; clients: number };
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const times = new Map<string, number[]>();
  const flush = (code: string) => {
    const list = times.get(code);
    if (!list) return;
    times.delete(code);
    parentPort!.postMessage({ type: 'arrivals', code, times: list });
  };
  const onCall = (code: string) => {
    const at = now();
    let list = times.get(code);
    if (!list) {
      times.set(code, (list = []));
      setTimeout(() => flush(code), 5000).unref();
    }
    list.push(at);
    if (list.length === clients) flush(code);
  };
  for (let i = 0; i < clients; i += 100)
    await Promise.all(
      Array.from({ length: Math.min(100, clients - i) }, () => openStream(agent, url, onCall)),
    );
  parentPort!.postMessage({ type: 'ready' });
}

if (isMainThread)
  main().catch((err: unknown) => {
    process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
    process.exitCode = 1;
  });
else void clientThread();
