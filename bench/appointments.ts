/**
 * Appointments benchmark (npx tsx bench/appointments.ts; not part of npm test).
 *
 * One `demo` app process (production Node flags, embedded PostgreSQL, demo offices seeded).
 *  (1) Free-slot calendar: GET /api/v1/appointments/locations/<slug>/slots for the four
 *      Straßenverkehrsamt offices, each answering the whole 60-day booking window, after about
 *      a quarter of the desk places of the first weeks were booked. Target p95 < 20 ms.
 *  (2) Booking under contention: bursts of 200 parallel POST /api/v1/appointments/bookings for
 *      one slot with few places left; counts successes against the capacity and measures
 *      throughput. ALTCHA challenges are fetched and solved before each burst (not timed).
 * Writes the section "## Appointments" of bench/RESULTS.md.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import pino from 'pino';
import { loadAppConfig } from '../src/config.ts';
import { startEmbeddedPostgres } from '../src/kernel/db/embedded.ts';
import { createKernel } from '../src/kernel/kernel.ts';
import { findLocationBySlug } from '../src/modules/appointments/api.ts';
import { selectServices } from '../src/modules/appointments/db/queries.ts';
import { freeCalendar } from '../src/modules/appointments/queries/calendar.ts';
import { modules } from '../src/modules.ts';
import { appNodeArgs, ROOT, startApp } from './processes.ts';

const ROUNDS = Number(process.env.BENCH_APPOINTMENTS_ROUNDS ?? 100);
const BURST = Number(process.env.BENCH_APPOINTMENTS_BURST ?? 200);
const BURSTS = Number(process.env.BENCH_APPOINTMENTS_BURSTS ?? 5);
const PREFILL = Number(process.env.BENCH_APPOINTMENTS_PREFILL ?? 400);
const LOCATIONS = [
  'strassenverkehrsamt-neuss',
  'strassenverkehrsamt-grevenbroich',
  'strassenverkehrsamt-dormagen',
  'strassenverkehrsamt-meerbusch',
];
const SERVICES = 'kfz-zulassung:1';
const TARGET_P95_MS = 20;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

interface Slot {
  starts_at: string;
  free: number;
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function solved(base: string): Promise<{ altcha_challenge: string; altcha: string }> {
  const { altcha_challenge } = await json<{ altcha_challenge: string }>(
    await fetch(`${base}/api/v1/appointments/challenge`),
  );
  const issued = JSON.parse(Buffer.from(altcha_challenge, 'base64').toString()) as { c: Challenge };
  const solution = await solveChallenge({ challenge: issued.c, deriveKey });
  return {
    altcha_challenge,
    altcha: Buffer.from(JSON.stringify({ challenge: issued.c, solution })).toString('base64'),
  };
}

let mailNo = 0;
function book(
  base: string,
  location: string,
  startsAt: string,
  altcha: { altcha_challenge: string; altcha: string },
) {
  mailNo++;
  return fetch(`${base}/api/v1/appointments/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      location,
      services: [{ key: 'kfz-abmeldung', quantity: 1 }],
      starts_at: startsAt,
      name: `Bench ${mailNo}`,
      email: `bench${mailNo}@example.org`,
      ...altcha,
    }),
  });
}

async function slotsOf(
  base: string,
  location: string,
  date: string,
  services = 'kfz-abmeldung:1',
): Promise<Slot[]> {
  const r = await json<{ days: { slots?: Slot[] }[] }>(
    await fetch(`${base}/api/v1/appointments/locations/${location}/slots?services=${services}&date=${date}`),
  );
  return r.days[0]?.slots ?? [];
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'openkreis-bench-appointments-'));
  const app = await startApp(dataDir, {
    APPOINTMENTS_ALTCHA_MAX_NUMBER: '1000',
    APPOINTMENTS_BOOKINGS_PER_HOUR_PER_IP: '100000',
    APPOINTMENTS_MAX_ACTIVE_PER_EMAIL: '100',
    JOBS_IN_PROCESS: 'false',
  });
  const base = app.baseUrl;
  try {
    // Prefill: book about a quarter of the places of the first days at every office.
    const days = await json<{ days: { date: string; count: number }[] }>(
      await fetch(`${base}/api/v1/appointments/locations/${LOCATIONS[0]}/slots?services=kfz-abmeldung:1`),
    );
    let prefilled = 0;
    outer: for (const d of days.days.slice(0, 10)) {
      for (const loc of LOCATIONS) {
        const slots = await slotsOf(base, loc, d.date);
        for (const s of slots.filter((_, i) => i % 2 === 0)) {
          const altchas = await Promise.all(
            Array.from({ length: Math.max(1, Math.floor(s.free / 2)) }, () => solved(base)),
          );
          const rs = await Promise.all(altchas.map((a) => book(base, loc, s.starts_at, a)));
          for (const r of rs) {
            if (r.status === 201) prefilled++;
            await r.arrayBuffer();
          }
          if (prefilled >= PREFILL) break outer;
        }
      }
    }

    // (1) The calendar: 4 offices × 60 days.
    for (let i = 0; i < 10; i++)
      for (const loc of LOCATIONS)
        await (
          await fetch(`${base}/api/v1/appointments/locations/${loc}/slots?services=${SERVICES}`)
        ).arrayBuffer();
    const perRequest: number[] = [];
    const perRound: number[] = [];
    const baseline: number[] = [];
    let dayCount = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const r0 = performance.now();
      for (const loc of LOCATIONS) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/v1/appointments/locations/${loc}/slots?services=${SERVICES}`);
        const body = await json<{ days: unknown[] }>(res);
        perRequest.push(performance.now() - t0);
        if (i === 0) dayCount += body.days.length;
      }
      perRound.push(performance.now() - r0);
      // The machine's floor at this moment: a request that does nothing but answer.
      const b0 = performance.now();
      await (await fetch(`${base}/health/live`)).arrayBuffer();
      baseline.push(performance.now() - b0);
    }

    // (1b) The same calendar in process (no HTTP, no client on the same cores): the query and
    // the availability engine only, against the app's own database.
    const pgHandle = await startEmbeddedPostgres(join(dataDir, 'postgres'));
    const kernel = await createKernel({
      fullConfig: loadAppConfig({
        DATABASE_URL: pgHandle.url,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        JOBS_IN_PROCESS: 'false',
      }),
      modules,
      migrate: false,
      log: pino({ level: 'silent' }),
    });
    const inProcess: number[] = [];
    try {
      const zul = (await selectServices(kernel.db.pool)).find((x) => x.key === 'kfz-zulassung')!.id;
      const ids = await Promise.all(
        LOCATIONS.map(async (slug) => (await findLocationBySlug(kernel, slug))!.id),
      );
      for (let i = 0; i < ROUNDS + 10; i++)
        for (const id of ids) {
          const t0 = performance.now();
          const cal = await freeCalendar(kernel, id, [{ serviceId: zul, quantity: 1 }]);
          if (!cal.ok) throw new Error(cal.reason);
          if (i >= 10) inProcess.push(performance.now() - t0);
        }
    } finally {
      await kernel.close();
    }

    // (2) Contention: bursts of parallel bookings for one slot each.
    const contention: {
      capacity: number;
      ok: number;
      taken: number;
      other: number;
      ms: number;
      freeAfter: number;
    }[] = [];
    const date = days.days.at(-5)!.date;
    const slots = await slotsOf(base, LOCATIONS[0]!, date);
    for (let b = 0; b < BURSTS; b++) {
      const slot = slots[b * 2]!;
      // Leave 5 places: fill the rest first.
      const fill = Math.max(0, slot.free - 5);
      for (let k = 0; k < fill; k++)
        await (await book(base, LOCATIONS[0]!, slot.starts_at, await solved(base))).arrayBuffer();
      const before =
        (await slotsOf(base, LOCATIONS[0]!, date)).find((s) => s.starts_at === slot.starts_at)?.free ?? 0;
      const altchas = await Promise.all(Array.from({ length: BURST }, () => solved(base)));
      const t0 = performance.now();
      const statuses = await Promise.all(
        altchas.map(async (a) => {
          const r = await book(base, LOCATIONS[0]!, slot.starts_at, a);
          await r.arrayBuffer();
          return r.status;
        }),
      );
      const elapsed = performance.now() - t0;
      const after =
        (await slotsOf(base, LOCATIONS[0]!, date)).find((s) => s.starts_at === slot.starts_at)?.free ?? 0;
      contention.push({
        capacity: before,
        ok: statuses.filter((s) => s === 201).length,
        taken: statuses.filter((s) => s === 409).length,
        other: statuses.filter((s) => s !== 201 && s !== 409).length,
        ms: elapsed,
        freeAfter: after,
      });
    }

    const p95 = pct(perRequest, 95);
    const now = new Date();
    const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
    const lines = [
      '## Appointments',
      '',
      `Measured ${now.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}; \`npx tsx bench/appointments.ts\`.`,
      `One \`demo\` app process (node ${appNodeArgs().join(' ') || '(no flags)'}${process.env.BENCH_NODE_ARGS ? ' from BENCH_NODE_ARGS: the 160 MB production heap did not hold the demo start of all modules at the time' : ''}) with the embedded PostgreSQL; the bench client shares the two cores.`,
      ...(loadavg()[0]! > availableParallelism()
        ? [
            `Note: the machine was busy (load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores from other processes), so every figure`,
            'includes waiting for a core; compare with the `/health/live` floor measured in the same loop.',
          ]
        : []),
      '',
      `- prefill: ${prefilled} bookings spread over the first 10 bookable days of the four offices`,
      `- free-slot calendar, one office × whole window (${dayCount / LOCATIONS.length} days with free times on average), ${perRequest.length} requests: p50 ${ms(pct(perRequest, 50))}, p95 ${ms(p95)}, p99 ${ms(pct(perRequest, 99))} (target p95 < ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? 'met' : 'NOT met'})`,
      `- the same calendar in process (query + availability engine, no HTTP): p50 ${ms(pct(inProcess, 50))}, p95 ${ms(pct(inProcess, 95))}, p99 ${ms(pct(inProcess, 99))}`,
      `- all four offices one after another: p50 ${ms(pct(perRound, 50))}, p95 ${ms(pct(perRound, 95))}`,
      `- for comparison, GET /health/live in the same loop (the floor of this machine at this load): p50 ${ms(pct(baseline, 50))}, p95 ${ms(pct(baseline, 95))}`,
      `- booking under contention: ${BURSTS} bursts of ${BURST} parallel POST /api/v1/appointments/bookings for one slot with 5 places left`,
      ...contention.map(
        (c, i) =>
          `  - burst ${i + 1}: places left ${c.capacity}, booked ${c.ok}, "just taken" (409) ${c.taken}, other ${c.other}, free afterwards ${c.freeAfter}; ${c.ms.toFixed(0)} ms → ${Math.round((BURST / c.ms) * 1000)} requests/s`,
      ),
      `- never overbooked: ${contention.every((c) => c.ok === c.capacity && c.freeAfter === 0 && c.other === 0) ? 'yes — successes equal the places left in every burst' : 'NO — see the lines above'}`,
      '',
    ];
    const section = lines.join('\n');
    console.log(section);
    const path = join(ROOT, 'bench', 'RESULTS.md');
    const current = readFileSync(path, 'utf8');
    const re = /## Appointments\n[\s\S]*?(?=\n## |$)/;
    writeFileSync(
      path,
      re.test(current) ? current.replace(re, section.trimEnd() + '\n') : `${current.trimEnd()}\n\n${section}`,
    );
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
