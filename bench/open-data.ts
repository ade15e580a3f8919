/**
 * Open data: 10,000 datasets; CKAN package_search with q, fq and four facets; one DCAT catalogue
 * page of 100 datasets as Turtle; a full hydra harvest. Requests go through the real app
 * (app.inject: routing, hooks, handler, serialisation; no network).
 * Run: BENCH_DATABASE_URL=postgres://… npx tsx bench/open-data.ts
 * (default: the local server's database "open_data_bench", created if missing).
 */
import os from 'node:os';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadAppConfig } from '../src/config.ts';
import { createKernel, seedReference } from '../src/kernel/kernel.ts';
import { openDataModule } from '../src/modules/open-data/index.ts';
import { portalModule } from '../src/modules/portal/index.ts';

const N = Number(process.env.BENCH_DATASETS ?? 10_000);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/open_data_bench';
if (!process.env.BENCH_DATABASE_URL) {
  const admin = new pg.Client({ connectionString: url.replace(/\/open_data_bench$/, '/postgres') });
  await admin.connect();
  const exists = await admin.query(`select 1 from pg_database where datname = 'open_data_bench'`);
  if (!exists.rowCount) await admin.query('create database open_data_bench');
  await admin.end();
}
const kernel = await createKernel({
  fullConfig: loadAppConfig({
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    DATA_DIR: '/tmp/open-data-bench',
    RATE_LIMIT_MAX: '1000000',
    PAGE_CACHE_SECONDS: '0',
  }),
  modules: [portalModule, openDataModule],
  log: pino({ level: 'warn' }),
});
await seedReference(kernel);
const pool = kernel.db.pool;

const have = (
  await pool.query<{ n: number }>(
    `select count(*)::int as n from open_data.datasets where name like 'bench-%'`,
  )
).rows[0]!.n;
if (have !== N) {
  console.log(`generating ${N} datasets …`);
  await pool.query(`delete from open_data.datasets where name like 'bench-%'`);
  const t0 = Date.now();
  // Plain SQL generation: tenants, themes, keywords, licences and formats vary with the row number.
  await pool.query(
    `with t as (select array_agg(id order by id) ids from kernel.tenants)
     insert into open_data.datasets (id, name, tenant_id, title, notes, keywords, themes, formats, license_id, attribution,
       frequency, temporal_start, temporal_end, contact_email, issued, created_at, modified_at)
     select gen_random_uuid(), 'bench-' || i, t.ids[1 + i % cardinality(t.ids)],
       (array['Haushalt','Schulen','Parkplätze','Einwohner','Abfallkalender','Wahlergebnisse','Kita-Plätze','WLAN-Hotspots','Radwege','Bäume'])[1 + i % 10] || ' ' || i,
       'Demodatensatz Nummer ' || i || ' mit Angaben zu ' || (array['Finanzen','Bildung','Verkehr','Bevölkerung','Umwelt'])[1 + i % 5],
       array[(array['Finanzen','Bildung','Verkehr','Bevölkerung','Umwelt','Statistik','Geodaten'])[1 + i % 7], 'Tag ' || (i % 50)],
       array[(array['ECON','EDUC','TRAN','SOCI','ENVI','GOVE','REGI'])[1 + i % 7]],
       array[(array['CSV','JSON','GEOJSON','PDF'])[1 + i % 4]],
       (array['dl-by-de/2.0','dl-zero-de/2.0','cc-by/4.0'])[1 + i % 3], 'Demo',
       'ANNUAL', date '2025-01-01', date '2025-12-31', 'daten@example.org',
       timestamptz '2025-01-01' + (i || ' minutes')::interval, timestamptz '2025-01-01' + (i || ' minutes')::interval,
       timestamptz '2025-01-01' + (i || ' minutes')::interval
     from generate_series(1, $1) i, t`,
    [N],
  );
  await pool.query(
    `insert into open_data.resources (id, dataset_id, position, name, url, format, media_type, byte_size, created_at, modified_at)
     select gen_random_uuid(), d.id, 0, d.name || '.' || lower(d.formats[1]), 'https://example.org/' || d.name,
       d.formats[1], 'text/csv', 1000 + length(d.name), d.created_at, d.created_at
     from open_data.datasets d where d.name like 'bench-%'`,
  );
  await pool.query('analyze open_data.datasets; analyze open_data.resources');
  console.log(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const app = await buildApp(kernel);
await app.ready();
const total = (
  await pool.query<{ n: number }>(`select count(*)::int as n from open_data.datasets where state = 'active'`)
).rows[0]!.n;

async function timeIt(label: string, n: number, fn: (i: number) => Promise<void>) {
  for (let i = 0; i < 5; i++) await fn(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const p = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!;
  console.log(
    `${label}: p50 ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (${n} runs)`,
  );
  return { p50: p(0.5), p95: p(0.95) };
}

const QS = [
  'Haushalt',
  'Schulen',
  'Parkplätze',
  'Einwohner',
  'Abfallkalender',
  'Radwege',
  'Bäume',
  'Finanzen',
];
const ORGS = ['neuss', 'dormagen', 'kaarst', 'meerbusch', 'rhein-kreis-neuss'];
const facets = encodeURIComponent(JSON.stringify(['organization', 'groups', 'res_format', 'license_id']));
const search = await timeIt('package_search q + fq + 4 facets', 200, async (i) => {
  const res = await app.inject({
    url: `/api/3/action/package_search?q=${encodeURIComponent(QS[i % QS.length]!)}&fq=${encodeURIComponent(`organization:${ORGS[i % ORGS.length]} OR groups:educ`)}&facet.field=${facets}&rows=10`,
  });
  if (res.statusCode !== 200) throw new Error(res.body);
});
const pages = Math.ceil(total / 100);
const page = await timeIt('catalog.ttl page of 100 datasets', 50, async (i) => {
  const res = await app.inject({ url: `/catalog.ttl?page=${1 + ((i * 7) % pages)}` });
  if (res.statusCode !== 200) throw new Error(res.body);
});
const t0 = performance.now();
let next: string | null = '/catalog.ttl';
let harvested = 0;
while (next) {
  const res = await app.inject({ url: next });
  harvested += (res.body.match(/ a dcat:Dataset/g) ?? []).length;
  const m = /hydra:next <([^>]+)>/.exec(res.body);
  next = m ? new URL(m[1]!).pathname + new URL(m[1]!).search : null;
}
const harvestS = (performance.now() - t0) / 1000;
console.log(`full hydra harvest: ${harvested} of ${total} datasets in ${harvestS.toFixed(1)} s`);

const machine = `${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL server`;
console.log(`\n## Open data\n\n${new Date().toISOString().slice(0, 10)}, ${machine}; ${total} datasets.\n`);
console.log(`| measure | target | result |\n| --- | --- | --- |`);
console.log(
  `| package_search (q, fq, 4 facets) p95 | < 25 ms | ${search.p95.toFixed(1)} ms (p50 ${search.p50.toFixed(1)}) ${search.p95 < 25 ? '✓' : '✗'} |`,
);
console.log(
  `| catalog.ttl page of 100 p95 | < 100 ms | ${page.p95.toFixed(1)} ms (p50 ${page.p50.toFixed(1)}) ${page.p95 < 100 ? '✓' : '✗'} |`,
);
console.log(
  `| full hydra harvest (${harvested} datasets) | < 20 s | ${harvestS.toFixed(1)} s ${harvestS < 20 ? '✓' : '✗'} |`,
);
await app.close();
await kernel.close();
