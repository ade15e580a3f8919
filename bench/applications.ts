/**
 * Submissions with a 100 KB attachment, sustained, on the embedded PostgreSQL.
 * Run: npx tsx bench/applications.ts   (BENCH_DURATION=10 BENCH_CONNECTIONS=4)
 *
 * The app (all modules) runs in this process on a real port; the load comes from the same
 * process over HTTP (keep-alive). One "submission" is the last two requests of the journey:
 *   1. POST the attachment step as multipart/form-data (100 KB PDF: streamed to the file store,
 *      type sniffed, SHA-256, kept on the draft),
 *   2. POST the declaration (every answer validated again, submission + casework case + audit
 *      entry in one transaction, confirmation mail queued).
 * The earlier steps are prepared as drafts in the database before the clock starts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const dataDir = mkdtempSync(join(os.tmpdir(), 'openkreis-bench-applications-'));
chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as its own user and must enter DATA_DIR
const kernel = await createKernel({
  fullConfig: loadAppConfig({
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    RATE_LIMIT_MAX: '100000000',
    PAGE_CACHE_SECONDS: '0',
    DB_POOL_SIZE: '20',
  }),
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

  let next = 0;
  const latencies: number[] = [];
  let failures = 0;
  const phases = { upload: 0, submit: 0 };
  async function submitOne(id: string): Promise<boolean> {
    const path = `${base}/antraege/allgemeine-anfrage/${id}`;
    const t0 = performance.now();
    const up = await fetch(`${path}/schritt/anliegen?_csrf=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipart,
      redirect: 'manual',
    });
    await up.arrayBuffer();
    if (up.status !== 303) return false;
    const t1 = performance.now();
    phases.upload += t1 - t0;
    const sub = await fetch(`${path}/erklaerung`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: declaration,
      redirect: 'manual',
    });
    await sub.arrayBuffer();
    phases.submit += performance.now() - t1;
    return (
      sub.status === 303 && sub.headers.get('location') === `/antraege/allgemeine-anfrage/${id}/bestaetigung`
    );
  }
  async function worker(until: number, record: boolean) {
    while (performance.now() < until && next < drafts.length) {
      const id = drafts[next++]!.id;
      const t0 = performance.now();
      const ok = await submitOne(id);
      if (!record) continue;
      if (ok) latencies.push(performance.now() - t0);
      else failures++;
    }
  }
  // Warm-up, then the measured window.
  await Promise.all(Array.from({ length: CONNECTIONS }, () => worker(performance.now() + 2000, false)));
  const warm = next;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, () => worker(started + DURATION * 1000, true)));
  const seconds = (performance.now() - started) / 1000;
  await app.close();

  // The ceiling set by the audit hash chain: every audited transaction holds the chain head from
  // its first append until COMMIT (a WAL flush), so audited transactions run one after another.
  // A submission has two appends (casework's case.opened, applications.submitted).
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
  const done = latencies.length;
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
    'One submission = POST of the attachment step (multipart, 100 KB PDF: stored, type sniffed, SHA-256) + POST of the declaration (all answers validated again; submission, casework case, audit entry in one transaction; confirmation mail queued). App and load generator in one process over HTTP, embedded PostgreSQL.',
    '',
    '| connections | duration | submissions | per second | p50 | p99 | failed | target ≥ 200/s |',
    '|---:|---:|---:|---:|---:|---:|---:|:---:|',
    `| ${CONNECTIONS} | ${seconds.toFixed(1)} s | ${done} | ${rate.toFixed(0)} | ${p(0.5)} ms | ${p(0.99)} ms | ${failures} | ${rate >= TARGET ? '✓' : '✗'} |`,
    '',
    `Check after the run: ${check[0]!.subs} submissions, ${check[0]!.cases} cases, ${check[0]!.files} stored 100 KB attachments (warm-up included: ${warm} submissions). Mean time per phase: attachment step ${(phases.upload / (done + warm)).toFixed(0)} ms, submit ${(phases.submit / (done + warm)).toFixed(0)} ms.`,
    '',
    `Serial floor of the audit chain on this machine: a transaction with two audit appends and COMMIT takes ${chainMs.toFixed(1)} ms when run alone, so at most ${(1000 / chainMs).toFixed(0)} audited submissions per second can commit, whatever the concurrency (the chain head is locked from the first append until COMMIT).`,
    '',
    "Findings: the Node process is about half idle during the run; the time goes to PostgreSQL. Each submission commits 4 times (file metadata, draft with the step, submission + case + audit, queued mail), and the submit transaction holds the audit chain head from casework's append through its own append to COMMIT, so submissions commit one after another. On an unloaded 2-core machine the chain floor is a few milliseconds; under the load average shown above (other test suites running beside the benchmark) it is several times higher, and the target of 200/s is not reached. Levers outside this module: one audit append per transaction (casework and applications share one entry), or appending audit entries through an outbox after commit.",
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
