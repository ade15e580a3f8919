/**
 * Staff inbox with 100,000 cases: first page and full-text search, measured end to end through
 * the real app (app.inject: routing, policy, query, presenters, SSR) with a logged-in clerk of one
 * org unit and a platform admin (all cases). Not part of npm test.
 * Run: BENCH_DATABASE_URL=postgres://… npx tsx bench/casework.ts (default: the local server's
 * database "casework_bench", created if missing). Cases are generated once (idempotent).
 */
import os from 'node:os';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadAppConfig } from '../src/config.ts';
import { createAccount, loginAs } from '../src/kernel/auth/test-support.ts';
import { createKernel, seedReference } from '../src/kernel/kernel.ts';
import { modules } from '../src/modules.ts';

const TOTAL = Number(process.env.BENCH_CASES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/casework_bench';
if (!process.env.BENCH_DATABASE_URL) {
  const admin = new pg.Client({ connectionString: url.replace(/\/casework_bench$/, '/postgres') });
  await admin.connect();
  const exists = await admin.query(`select 1 from pg_database where datname = 'casework_bench'`);
  if (!exists.rowCount) await admin.query('create database casework_bench');
  await admin.end();
}

const kernel = await createKernel({
  fullConfig: loadAppConfig({
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    DATA_DIR: '/tmp/casework-bench',
    RATE_LIMIT_MAX: '1000000',
    PAGE_CACHE_SECONDS: '0',
  }),
  modules,
  log: pino({ level: 'warn' }),
});
await seedReference(kernel);
const app = await buildApp(kernel);
await app.ready();

const FIRST = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Emma',
  'Felix',
  'Greta',
  'Hannah',
  'Ilias',
  'Jonas',
  'Lea',
  'Mia',
  'Noah',
  'Ole',
  'Paula',
  'Ronja',
  'Sofia',
  'Tim',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hofmann',
  'Hartmann',
  'Lange',
  'Schmitt',
  'Werner',
  'Yilmaz',
  'Kaya',
  'Nowak',
  'Jansen',
  'Peters',
];
const SERVICES = [
  [
    'bewohnerparkausweis',
    'Bewohnerparkausweis beantragen',
    'Parkzone',
    ['Zone A Innenstadt', 'Zone B Furth', 'Zone C Dreikönigenviertel'],
  ],
  ['fischereischein', 'Fischereischein beantragen', 'Gewässer', ['Erft', 'Rhein bei Zons', 'Kaarster See']],
  [
    'hundesteuer-anmeldung',
    'Hund zur Hundesteuer anmelden',
    'Rasse',
    ['Labrador', 'Dackel', 'Mischling', 'Schäferhund'],
  ],
  [
    'jagdschein-verlaengerung',
    'Jagdschein verlängern',
    'Revier',
    ['Hoisten', 'Grevenbroich-Süd', 'Knechtsteden'],
  ],
  [
    'allgemeine-anfrage',
    'Allgemeine Anfrage',
    'Betreff',
    ['Sperrmüll', 'Straßenlaterne defekt', 'Baumschnitt'],
  ],
  ['reitkennzeichen', 'Reitkennzeichen beantragen', 'Pferd', ['Stute Bella', 'Wallach Max', 'Pony Lotte']],
] as const;

async function generate(): Promise<void> {
  const have = (
    await kernel.db.pool.query<{ n: number }>(
      "select count(*)::int n from casework.cases where reference like 'B-%'",
    )
  ).rows[0]!.n;
  if (have >= TOTAL) return;
  const units = await kernel.tenants.orgUnits();
  const now = Date.now();
  const t0 = performance.now();
  for (let start = have; start < TOTAL; start += 5000) {
    const cols: unknown[][] = Array.from({ length: 13 }, () => []);
    for (let i = start; i < Math.min(TOTAL, start + 5000); i++) {
      // a third of all cases in the Kreis road traffic office (the measured clerk's unit)
      const unit =
        i % 3 === 0
          ? units.find((u) => u.slug === 'strassenverkehrsamt' && u.tenantId === 'rhein-kreis-neuss')!
          : units[i % units.length]!;
      const [slug, title, label, values] = SERVICES[i % SERVICES.length]!;
      const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / 7) % LAST.length]}`;
      const value = values[i % values.length]!;
      const ref = `B-${String(i).padStart(7, '0')}`;
      const submitted = new Date(now - (i % 720) * 3_600_000 * 12 - i * 1000);
      const status = ['received', 'in_progress', 'waiting', 'approved', 'closed', 'rejected'][i % 6]!;
      const summary = [
        { label: 'Name', value: name },
        { label, value },
      ];
      [
        ref,
        slug,
        title,
        unit.tenantId,
        unit.id,
        `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`,
        name,
        JSON.stringify({ name, value }),
        JSON.stringify(summary),
        status,
        new Date(submitted.getTime() + 30 * 86_400_000),
        submitted,
        [ref, name, title, name, value].join(' '),
      ].forEach((v, k) => cols[k]!.push(v));
    }
    await kernel.db.pool.query(
      `insert into casework.cases (reference, service_slug, service_title, tenant_id, org_unit_id, applicant_email, applicant_name,
         form_slug, form_version, data, summary, status, due_at, submitted_at, updated_at, payment_status, payment_amount_cents, search_text)
       select r, s, st, tn, u, e, n, s, 1, d::jsonb, sm::jsonb, stt, due, sub, sub, 'paid', 2400, txt
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[], $13::text[])
           as x(r, s, st, tn, u, e, n, d, sm, stt, due, sub, txt)
       on conflict (reference) do nothing`,
      cols,
    );
  }
  await kernel.db.pool.query(
    `insert into casework.services_seen (service_slug, title)
     select service_slug, min(service_title) from casework.cases group by 1 on conflict do nothing`,
  );
  // What autovacuum does in production: statistics and the visibility map (index-only counts).
  await kernel.db.pool.query('vacuum analyze casework.cases');
  console.log(`generated ${TOTAL - have} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function pct(times: number[], x: number): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(x * s.length))]!;
}

async function measure(
  label: string,
  cookie: string,
  paths: string[],
): Promise<{ label: string; p50: number; p95: number; best: number }> {
  for (const p of paths) await app.inject({ method: 'GET', url: p, headers: { cookie } }); // warm-up
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    for (const p of paths) {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url: p, headers: { cookie } });
      times.push(performance.now() - t0);
      if (res.statusCode !== 200) throw new Error(`${p}: ${res.statusCode}`);
    }
  return { label, p50: pct(times, 0.5), p95: pct(times, 0.95), best: Math.min(...times) };
}

try {
  await generate();
  const total = (await kernel.db.pool.query<{ n: number }>('select count(*)::int n from casework.cases'))
    .rows[0]!.n;
  const unit = (await kernel.tenants.orgUnits('rhein-kreis-neuss')).find(
    (u) => u.slug === 'strassenverkehrsamt',
  )!;
  const clerkId = await createAccount(kernel, {
    kind: 'staff',
    roles: [{ role: 'clerk', tenantId: 'rhein-kreis-neuss', orgUnitId: unit.id }],
  });
  const adminId = await createAccount(kernel, {
    kind: 'staff',
    roles: [{ role: 'platform_admin', tenantId: null, orgUnitId: null }],
  });
  const clerk = await loginAs(kernel, clerkId);
  const admin = await loginAs(kernel, adminId);
  const unitCount = (
    await kernel.db.pool.query<{ n: number }>(
      'select count(*)::int n from casework.cases where org_unit_id = $1',
      [unit.id],
    )
  ).rows[0]!.n;
  const searches = [
    'Müller',
    'schmidt',
    'Yilmaz Zone',
    'Rhein Zons',
    'B-00042',
    'Dackel',
    'Parkausweis',
    'Greta Krüger',
    'Sperrmüll',
    'xyzzy',
  ].map((q) => `/verwaltung/vorgaenge?q=${encodeURIComponent(q)}`);
  const results = [
    await measure('first page, clerk of one unit', clerk, ['/verwaltung/vorgaenge']),
    await measure('first page, platform admin (all cases)', admin, ['/verwaltung/vorgaenge']),
    await measure('first page, filtered (open, sorted by due date), clerk', clerk, [
      '/verwaltung/vorgaenge?status=open&sortierung=due',
    ]),
    await measure('full-text search, clerk (10 queries)', clerk, searches),
    await measure('full-text search, platform admin (10 queries)', admin, searches),
  ];
  console.log(`cases: ${total}; in the clerk's unit: ${unitCount}; ${ROUNDS} rounds`);
  for (const r of results)
    console.log(
      `${r.label}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, best ${r.best.toFixed(1)} ms`,
    );
  // Which count the inbox shows: exact when count(*) fits its time budget, else "Mehr als …".
  for (const [who, cookie, url] of [
    ['clerk', clerk, '/verwaltung/vorgaenge'],
    ['platform admin', admin, '/verwaltung/vorgaenge'],
    ['clerk, search "Müller"', clerk, searches[0]!],
  ] as const) {
    const body = (await app.inject({ method: 'GET', url, headers: { cookie } })).body;
    console.log(
      `count shown to the ${who}: ${/(Mehr als )?[\d.]+ Vorgänge gefunden/.exec(body)?.[0] ?? '?'}`,
    );
  }
  console.log(
    `machine: ${os.cpus()[0]?.model} ×${os.cpus().length}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, node ${process.version}, ${new Date().toISOString()}`,
  );
  await kernel.db.pool.query('delete from kernel.accounts where id = any($1)', [[clerkId, adminId]]);
} finally {
  await app.close();
  await kernel.close();
}
