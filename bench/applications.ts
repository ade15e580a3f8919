/**
 * Submissions with a 100 KB attachment, sustained, on the embedded PostgreSQL.
 * Run: npx tsx bench/applications.ts   (BENCH_DURATION=10 BENCH_CONNECTIONS=4)
 *
 * The app (all modules) runs in this process on a real port; the load comes from a worker thread
 * of the same process over HTTP (node:http, keep-alive), so that client and server do not share
 * one event loop (they still share the machine's cores with PostgreSQL). One "submission" is the
 * last two requests of the journey:
 *   1. POST the attachment step as multipart/form-data (100 KB PDF: streamed to the file store,
 *      type sniffed, SHA-256, kept on the draft),
 *   2. POST the declaration (every answer validated again, submission + casework case + audit
 *      entry, event and confirmation mail in one transaction).
 * The earlier steps are prepared as drafts in the database before the clock starts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import os from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadAppConfig } from '../src/config.ts';
import { createKernel, seedReference } from '../src/kernel/kernel.ts';
import { inTransaction } from '../src/kernel/db/database.ts';
import { modules } from '../src/modules.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 4);
const DRAFTS = Number(process.env.BENCH_DRAFTS ?? 8000);
const TARGET = 200;
/** App nodes on the one database: 1 = a single process; 2 = a second node in a worker thread. */
const APP_NODES = Number(process.env.BENCH_APP_NODES ?? 1);

function benchConfig(dataDir: string) {
  return loadAppConfig({
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    RATE_LIMIT_MAX: '100000000',
    PAGE_CACHE_SECONDS: '0',
    DB_POOL_SIZE: '20',
  });
}

/** A further app node (worker thread): same DATA_DIR, so it reuses the running embedded PostgreSQL. */
async function runAppNode(dataDir: string): Promise<void> {
  const kernel = await createKernel({
    fullConfig: benchConfig(dataDir),
    modules,
    log: pino({ level: 'warn' }),
    role: 'bench-node',
  });
  const app = await buildApp(kernel);
  await app.listen({ port: 0, host: '127.0.0.1' });
  parentPort!.postMessage({ type: 'listening', port: (app.server.address() as { port: number }).port });
  parentPort!.once('message', () => {
    void app
      .close()
      .then(() => kernel.close())
      .then(() => parentPort!.postMessage({ type: 'closed' }));
  });
}

/** CPU time (user + system, ms) of this benchmark's PostgreSQL: the postmaster and its children. */
function postgresCpuMs(dataDir: string): number {
  const tick = 10; // USER_HZ = 100 on Linux
  const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after "(comm)": state, ppid, …; utime, stime, cutime, cstime are the 12th–15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pid) !== postmaster && Number(fields[1]) !== postmaster) continue;
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * tick;
    } catch {
      // the process ended while we read
    }
  }
  return total;
}

interface LoadInput {
  /** The app nodes; connection i goes to ports[i % ports.length] (a round-robin balancer). */
  ports: number[];
  token: string;
  cookie: string;
  ids: string[];
  declaration: string;
  multipart: Uint8Array;
  boundary: string;
  connections: number;
  duration: number;
}

interface LoadResult {
  latencies: number[];
  failures: number;
  phases: { upload: number; submit: number };
  seconds: number;
  warm: number;
  clientCpuMs: number;
}

/** The load generator, in its own worker thread: warm-up, then the measured window. */
async function runLoad(input: LoadInput): Promise<void> {
  const { ports, token, cookie, ids, boundary, connections } = input;
  const multipart = Buffer.from(input.multipart);
  const declarationBody = Buffer.from(input.declaration);
  let next = 0;
  const latencies: number[] = [];
  let failures = 0;
  const phases = { upload: 0, submit: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  function post(
    port: number,
    path: string,
    contentType: string,
    body: Buffer,
  ): Promise<{ status: number; location: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path,
          agent,
          headers: { cookie, 'content-type': contentType, 'content-length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? '' }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
  async function submitOne(port: number, id: string): Promise<boolean> {
    const path = `/antraege/allgemeine-anfrage/${id}`;
    const t0 = performance.now();
    const up = await post(
      port,
      `${path}/schritt/anliegen?_csrf=${encodeURIComponent(token)}`,
      `multipart/form-data; boundary=${boundary}`,
      multipart,
    );
    if (up.status !== 303) return false;
    const t1 = performance.now();
    phases.upload += t1 - t0;
    const sub = await post(port, `${path}/erklaerung`, 'application/x-www-form-urlencoded', declarationBody);
    phases.submit += performance.now() - t1;
    return sub.status === 303 && sub.location === `/antraege/allgemeine-anfrage/${id}/bestaetigung`;
  }
  async function client(port: number, until: number, record: boolean) {
    while (performance.now() < until && next < ids.length) {
      const id = ids[next++]!;
      const t0 = performance.now();
      const ok = await submitOne(port, id);
      if (!record) continue;
      if (ok) latencies.push(performance.now() - t0);
      else failures++;
    }
  }
  const portOf = (i: number) => ports[i % ports.length]!;
  const warmUntil = performance.now() + 2000;
  await Promise.all(Array.from({ length: connections }, (_, i) => client(portOf(i), warmUntil, false)));
  const warm = next;
  parentPort!.postMessage({ type: 'started' });
  const cpu0 = process.threadCpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, (_, i) => client(portOf(i), started + input.duration * 1000, true)),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.threadCpuUsage(cpu0);
  agent.destroy();
  const result: LoadResult = {
    latencies,
    failures,
    phases,
    seconds,
    warm,
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
  parentPort!.postMessage({ type: 'done', ...result });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'openkreis-bench-applications-'));
  chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must enter DATA_DIR
  const kernel = await createKernel({
    fullConfig: benchConfig(dataDir),
    modules,
    log: pino({ level: 'warn' }),
    role: 'bench',
  });
  let exitCode = 0;
  try {
    await seedReference(kernel);
    const app = await buildApp(kernel);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    const nodes = await Promise.all(
      Array.from({ length: APP_NODES - 1 }, async () => {
        const node = new Worker(new URL(import.meta.url), { workerData: { role: 'app', dataDir } });
        const port = await new Promise<number>((resolve, reject) => {
          node.once('message', (m: { port: number }) => resolve(m.port));
          node.once('error', reject);
        });
        return { node, port };
      }),
    );
    const ports = [address.port, ...nodes.map((n) => n.port)];
    const base = `http://127.0.0.1:${address.port}`;

    // One browser: its key cookie owns the drafts; one CSRF secret/token pair for all requests.
    const key = randomBytes(32).toString('base64url');
    const keyHash = createHash('sha256').update(key).digest('hex');
    const first = await fetch(`${base}/antraege/allgemeine-anfrage`);
    const html = await first.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const csrfCookie = first.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const cookie = `${csrfCookie}; ok_antrag=${key}`;

    const { rows: forms } = await kernel.db.pool.query<{ version: number }>(
      `select version from applications.form_definitions where slug = 'allgemeine-anfrage' and status = 'published'`,
    );
    const answers = {
      stelle: 'neuss',
      amtGemeinde: 'buergerbuero',
      vorname: 'Erika',
      nachname: 'Mustermann',
      antwortweg: 'email',
      email: 'bench@example.org',
      telefon: '',
    };
    const now = new Date();
    const { rows: drafts } = await kernel.db.pool.query<{ id: string }>(
      `insert into applications.drafts (form_slug, form_version, browser_key_hash, answers, completed, created_at, updated_at)
       select 'allgemeine-anfrage', $1, $2, $3, '{stelle,kontakt}', $4, $4 from generate_series(1, $5) returning id`,
      [forms[0]!.version, keyHash, JSON.stringify(answers), now, DRAFTS],
    );

    // 100 KB PDF (valid header and trailer, padded with a comment stream).
    const pdfHead =
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n%';
    const pdfTail = '\ntrailer<</Root 1 0 R>>\n%%EOF\n';
    const pdf = Buffer.concat([
      Buffer.from(pdfHead),
      Buffer.alloc(100 * 1024 - pdfHead.length - pdfTail.length, 'x'),
      Buffer.from(pdfTail),
    ]);
    const boundary = '----okbench7d2f';
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="betreff"\r\n\r\nAnfrage\r\n` +
          `--${boundary}\r\ncontent-disposition: form-data; name="nachricht"\r\n\r\nBitte um Rückruf.\r\n` +
          `--${boundary}\r\ncontent-disposition: form-data; name="anlagen"; filename="anlage.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const declaration = `_csrf=${encodeURIComponent(token)}&erklaerung-wahrheit=ja&erklaerung-datenschutz=ja`;

    const worker = new Worker(new URL(import.meta.url), {
      workerData: {
        ports,
        token,
        cookie,
        ids: drafts.map((d) => d.id),
        declaration,
        multipart,
        boundary,
        connections: CONNECTIONS,
        duration: DURATION,
      } satisfies LoadInput,
    });
    const measured = new Promise<LoadResult>((resolve, reject) => {
      worker.on('message', (m: { type: string } & LoadResult) => {
        if (m.type === 'started') {
          pgCpu0 = postgresCpuMs(dataDir);
          nodeCpu0 = process.cpuUsage();
        } else if (m.type === 'done') resolve(m);
      });
      worker.on('error', reject);
    });
    let pgCpu0 = 0;
    let nodeCpu0 = process.cpuUsage();
    const { latencies, failures, phases, seconds, warm, clientCpuMs } = await measured;
    const done = latencies.length;
    const nodeCpu = process.cpuUsage(nodeCpu0);
    const pgCpuMs = postgresCpuMs(dataDir) - pgCpu0;
    const nodeCpuMs = (nodeCpu.user + nodeCpu.system) / 1000;
    await worker.terminate();
    for (const { node } of nodes) {
      const closed = new Promise((r) => node.once('message', r));
      node.postMessage('close');
      await closed;
      await node.terminate();
    }
    await app.close();

    // The audit hash chain's serial part: entries are sealed at COMMIT, one transaction after the
    // other (the chain head's row lock is held from the seal until the commit's WAL flush ends).
    // A submission has two entries (casework's case.opened, applications.submitted).
    const chainRuns = 200;
    const c0 = performance.now();
    for (let i = 0; i < chainRuns; i++)
      await inTransaction(kernel.db.pool, async (client) => {
        for (const action of ['bench.case_opened', 'bench.submitted'])
          await kernel.audit.record(
            { actorId: null, action, objectType: 'bench', objectId: String(i) },
            client,
          );
      });
    const chainMs = (performance.now() - c0) / chainRuns;

    // What one database round trip costs on this machine, alone (no load): the unit that every
    // statement of a submission pays, to compare runs on different machines.
    const probe = await kernel.db.pool.connect();
    const probeRuns = 3000;
    let rtMs = 0;
    let rtCpuUs = 0;
    try {
      for (let i = 0; i < 300; i++)
        await probe.query({ name: 'bench-rt', text: 'select $1::int as x', values: [i] });
      const cpu0 = process.cpuUsage();
      const r0 = performance.now();
      for (let i = 0; i < probeRuns; i++)
        await probe.query({ name: 'bench-rt', text: 'select $1::int as x', values: [i] });
      rtMs = (performance.now() - r0) / probeRuns;
      const used = process.cpuUsage(cpu0);
      rtCpuUs = (used.user + used.system) / probeRuns;
    } finally {
      probe.release();
    }
    const appCpuMs = nodeCpuMs - clientCpuMs;
    const cpuLine = `CPU per submission: app ${(appCpuMs / done).toFixed(2)} ms (Node, all threads but the load generator's), load generator ${(clientCpuMs / done).toFixed(2)} ms, PostgreSQL ${(pgCpuMs / done).toFixed(2)} ms.`;
    console.log(cpuLine);
    console.log(
      `mean per phase: upload ${(phases.upload / (done + warm)).toFixed(1)} ms, submit ${(phases.submit / (done + warm)).toFixed(1)} ms`,
    );
    const rate = done / seconds;
    latencies.sort((a, b) => a - b);
    const p = (x: number) => latencies[Math.min(done - 1, Math.floor(x * done))]!.toFixed(0);
    const { rows: check } = await kernel.db.pool.query<{ subs: number; cases: number; files: number }>(
      `select (select count(*)::int from applications.submissions) as subs,
              (select count(*)::int from casework.cases) as cases,
              (select count(*)::int from kernel.files where size = $1) as files`,
      [pdf.length],
    );
    const machine = `${os.cpus()[0]?.model ?? 'cpu'} ×${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const lines = [
      `Measured by \`npx tsx bench/applications.ts\` on ${when} UTC — ${machine}; load average before ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}.`,
      '',
      'One submission = POST of the attachment step (multipart, 100 KB PDF: stored, type sniffed, SHA-256) + POST of the declaration (all answers validated again; submission, casework case, audit entry, event and confirmation mail in one transaction). App in the main thread (with BENCH_APP_NODES=2 a second app node in a worker thread, on the same database; the load generator alternates between them like a round-robin balancer), load generator (node:http, keep-alive) in a worker thread of the same process, embedded PostgreSQL (durable: fsync on).',
      '',
      '| app nodes | connections | duration | submissions | per second | p50 | p99 | failed | target ≥ 200/s |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|:---:|',
      `| ${APP_NODES} | ${CONNECTIONS} | ${seconds.toFixed(1)} s | ${done} | ${rate.toFixed(0)} | ${p(0.5)} ms | ${p(0.99)} ms | ${failures} | ${rate >= TARGET ? '✓' : '✗'} |`,
      '',
      `Check after the run: ${check[0]!.subs} submissions, ${check[0]!.cases} cases, ${check[0]!.files} stored 100 KB attachments (warm-up included: ${warm} submissions). Mean time per phase: attachment step ${(phases.upload / (done + warm)).toFixed(0)} ms, submit ${(phases.submit / (done + warm)).toFixed(0)} ms.`,
      '',
      cpuLine,
      '',
      `Machine check: one round trip to the embedded PostgreSQL (prepared \`select $1\`, run alone) takes ${(rtMs * 1000).toFixed(0)} µs and ${rtCpuUs.toFixed(0)} µs of Node CPU.`,
      '',
      `Audit chain: a transaction with two audit entries and COMMIT takes ${chainMs.toFixed(1)} ms when run alone. Entries are sealed into the chain at COMMIT (deferred trigger), so the chain head is locked only from the seal to the end of the commit, not while a transaction works.`,
    ];
    console.log(lines.join('\n'));
    // Only this module's section of bench/RESULTS.md is rewritten.
    const file = new URL('./RESULTS.md', import.meta.url);
    const current = readFileSync(file, 'utf8');
    const section = `## Applications\n\n${lines.join('\n')}\n`;
    const re = /## Applications\n[\s\S]*?(?=\n## |$)/;
    writeFileSync(
      file,
      re.test(current) ? current.replace(re, section.trimEnd() + '\n') : `${current.trimEnd()}\n\n${section}`,
    );
    if (rate < TARGET || failures > 0) exitCode = 1;
  } finally {
    await kernel.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

if (isMainThread) await main();
else if ((workerData as { role?: string }).role === 'app')
  await runAppNode((workerData as { dataDir: string }).dataDir);
else await runLoad(workerData as LoadInput);
