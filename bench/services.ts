/**
 * Service search over the full LeiKa import (5,000+ rows) plus the local services, including
 * typo and partial-word queries. Run: BENCH_DATABASE_URL=postgres://… npx tsx bench/services.ts
 * (default: the local server's database "services_bench", created if missing; reference-seeded).
 */
import os from 'node:os';
import pg from 'pg';
import pino from 'pino';
import { loadAppConfig } from '../src/config.ts';
import { createKernel, seedReference } from '../src/kernel/kernel.ts';
import { portalModule } from '../src/modules/portal/index.ts';
import { servicesModule } from '../src/modules/services/index.ts';
import { searchCatalogue } from '../src/modules/services/queries/services.ts';

const QUERIES = [
  'Hundesteuer',
  'Hundestuer',
  'Genehmigung',
  'Baugenemigung',
  'Führerschein',
  'Fürerschein',
  'Wohngeld',
  'Personalausweis',
  'Persnalausweis',
  'Fischereischein',
  'Gewerbe anmelden',
  'Kita',
  'Zulassung Fahrzeug',
  'Meldebescheinigung',
  'Jagdschein',
  'Impfung',
  'Abfall',
  'Schwerbehindertenausweis',
  'Reisepass',
  'Umzug',
];
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/services_bench';
if (!process.env.BENCH_DATABASE_URL) {
  const admin = new pg.Client({ connectionString: url.replace(/\/services_bench$/, '/postgres') });
  await admin.connect();
  const exists = await admin.query(`select 1 from pg_database where datname = 'services_bench'`);
  if (!exists.rowCount) await admin.query('create database services_bench');
  await admin.end();
}
const kernel = await createKernel({
  fullConfig: loadAppConfig({ LOG_LEVEL: 'warn', DATABASE_URL: url, DATA_DIR: '/tmp/services-bench' }),
  modules: [portalModule, servicesModule],
  log: pino({ level: 'warn' }),
});
await seedReference(kernel);
const t = { kernel };
try {
  const n = (await t.kernel.db.pool.query<{ n: number }>('select count(*)::int as n from services.catalogue'))
    .rows[0]!.n;
  const base = {
    themenfeld: null,
    lebenslage: null,
    municipality: null,
    channel: null,
    page: 1,
    perPage: 20,
  };
  for (const q of QUERIES) await searchCatalogue(t.kernel, { ...base, q }, 'de'); // warm-up
  const times: number[] = [];
  for (let round = 0; round < 25; round++)
    for (const q of QUERIES) {
      const t0 = performance.now();
      await searchCatalogue(t.kernel, { ...base, q, municipality: round % 5 === 0 ? 'kaarst' : null }, 'de');
      times.push(performance.now() - t0);
    }
  const best = new Map<string, number>();
  times.forEach((ms, i) => {
    const q = QUERIES[i % QUERIES.length]!;
    best.set(q, Math.min(best.get(q) ?? Infinity, ms));
  });
  const bestSorted = [...best.values()].sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  const p = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!.toFixed(2);
  console.log(`catalogue rows: ${n}; queries: ${times.length}`);
  console.log(`p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms, max ${times.at(-1)!.toFixed(2)} ms`);
  console.log(
    `best of 25 per query (≈ unloaded cost): median ${bestSorted[Math.floor(bestSorted.length / 2)]!.toFixed(2)} ms, max ${bestSorted.at(-1)!.toFixed(2)} ms`,
  );
  console.log(
    `machine: ${os.cpus()[0]?.model} ×${os.cpus().length}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, node ${process.version}, ${new Date().toISOString()}`,
  );
} finally {
  await kernel.close();
}
