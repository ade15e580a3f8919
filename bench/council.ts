/**
 * Council benchmark (npx tsx bench/council.ts; not part of npm test).
 *
 * Builds a throw-away embedded PostgreSQL with the full schema, generates 100,000 papers (with
 * file text for the search), 20,000 meetings with 100,000 agenda items and 100,000 consultations
 * by generate_series, then measures in-process through the real Fastify app (app.inject, no
 * network):
 *  (1) an OParl list page of 100 objects at random cursor positions — target p95 < 30 ms (papers;
 *      meetings and files with their back-references for comparison);
 *  (2) a full crawl of all the body's OParl lists (following links.next) — target > 5,000 objects/s;
 *  (3) the paper search page /ratsinfo/suche — target p95 < 50 ms.
 * Writes the section "## Council" of bench/RESULTS.md.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadAppConfig } from '../src/config.ts';
import { startEmbeddedPostgres } from '../src/kernel/db/embedded.ts';
import { createKernel, seedReference } from '../src/kernel/kernel.ts';
import { modules } from '../src/modules.ts';

const PAPERS = Number(process.env.BENCH_COUNCIL_PAPERS ?? 100_000);
const MEETINGS = Number(process.env.BENCH_COUNCIL_MEETINGS ?? 20_000);
const BODY = 'rhein-kreis-neuss';

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'openkreis-bench-council-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres(join(dir, 'pg'), { durable: false });
  const config = loadAppConfig({
    ...process.env,
    DATABASE_URL: pg.url,
    DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '100000000',
    PAGE_CACHE_SECONDS: '0',
    BASE_URL: 'http://bench.test',
  });
  const kernel = await createKernel({ fullConfig: config, modules, log: pino({ level: 'silent' }) });
  await seedReference(kernel);
  const app = await buildApp(kernel);
  await app.ready();
  const db = kernel.db.pool;
  const lines: string[] = [];
  try {
    // ---- data ----
    const t0 = performance.now();
    await db.query(
      `insert into council.organization (body_id, name, organization_type, created, modified)
      select $1, 'Ausschuss ' || g, 'Gremium', now(), now() from generate_series(1, 20) g`,
      [BODY],
    );
    await db.query(
      `insert into council.meeting (body_id, name, start_at, end_at, organization_ids, published, meeting_state, created, modified)
       select $1, g || '. Sitzung', timestamptz '2016-01-01 17:00+01' + (g * interval '4 hours'), timestamptz '2016-01-01 19:00+01' + (g * interval '4 hours'),
         array[(select min(id) from council.organization where body_id = $1) + g % 20], true, 'durchgeführt', now(), now()
       from generate_series(1, $2::int) g`,
      [BODY, MEETINGS],
    );
    await db.query(
      `insert into council.agenda_item (body_id, meeting_id, position, number, name, public, result, created, modified)
       select $1, m.id, p, (p + 1)::text, 'Tagesordnungspunkt ' || (p + 1), p <> 4, 'beschlossen', now(), now()
       from council.meeting m cross join generate_series(0, 4) p where m.body_id = $1`,
      [BODY],
    );
    const words = [
      'Haushalt',
      'Digitalisierung',
      'Schulbau',
      'Radverkehr',
      'Klimaschutz',
      'Breitbandausbau',
      'Feuerwehr',
      'Bebauungsplan',
      'Kindertagesstätte',
      'Straßensanierung',
      'Open Data',
      'Nahverkehr',
    ];
    await db.query(
      `insert into council.file (body_id, name, file_name, mime_type, size, text, source_url, public, created, modified)
       select $1, 'Vorlage ' || g, 'vorlage-' || g || '.pdf', 'application/pdf', 20000 + g,
         'Sachverhalt zur Vorlage ' || g || ': ' || ($2::text[])[1 + g % 12] || ' und ' || ($2::text[])[1 + (g * 7) % 12] || ' im Kreisgebiet. Die Verwaltung empfiehlt die Zustimmung.',
         'http://bench.test/f/' || g || '.pdf', g % 20 <> 0, now(), now()
       from generate_series(1, $3::int) g`,
      [BODY, words, PAPERS],
    );
    await db.query(
      `insert into council.paper (body_id, name, reference, date, paper_type, public, main_file_id, search_text, created, modified)
       select $1, ($2::text[])[1 + g % 12] || ' – Vorlage ' || g, 'V/' || g, date '2016-01-01' + (g % 3650), (array['Beschlussvorlage','Mitteilungsvorlage','Antrag','Anfrage'])[1 + g % 4],
         g % 20 <> 0, f.id, ($2::text[])[1 + g % 12] || ' Vorlage ' || g || ' ' || f.text, now(), now()
       from generate_series(1, $3::int) g join council.file f on f.body_id = $1 and f.file_name = 'vorlage-' || g || '.pdf'`,
      [BODY, words, PAPERS],
    );
    await db.query(
      `insert into council.consultation (body_id, paper_id, agenda_item_id, meeting_id, organization_ids, role, created, modified)
       select $1, p.id, a.id, a.meeting_id, '{}', 'Vorberatung', now(), now()
       from (select id, row_number() over (order by id) n from council.paper where body_id = $1) p
       join (select id, meeting_id, row_number() over (order by id) n from council.agenda_item where body_id = $1) a on a.n = p.n`,
      [BODY],
    );
    await db.query('analyze');
    const genS = (performance.now() - t0) / 1000;
    const counts = (
      await db.query<{ t: string; n: number }>(
        `select 'papers' t, count(*)::int n from council.paper union all select 'meetings', count(*)::int from council.meeting
       union all select 'agenda items', count(*)::int from council.agenda_item union all select 'consultations', count(*)::int from council.consultation
       union all select 'files', count(*)::int from council.file`,
      )
    ).rows;
    const get = async (url: string) => {
      const s = performance.now();
      const r = await app.inject({ method: 'GET', url });
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
      return { ms: performance.now() - s, body: r.body };
    };

    // ---- (1) list pages ----
    const maxPaper = Number(
      (await db.query<{ m: string }>('select max(id) m from council.paper')).rows[0]!.m,
    );
    const maxMeeting = Number(
      (await db.query<{ m: string }>('select max(id) m from council.meeting')).rows[0]!.m,
    );
    for (let i = 0; i < 20; i++)
      await get(`/oparl/v1/body/${BODY}/papers?after=${Math.floor(Math.random() * maxPaper)}`);
    const paperPages: number[] = [];
    for (let i = 0; i < 300; i++)
      paperPages.push(
        (await get(`/oparl/v1/body/${BODY}/papers?after=${Math.floor(Math.random() * (maxPaper - 200))}`)).ms,
      );
    const meetingPages: number[] = [];
    for (let i = 0; i < 200; i++)
      meetingPages.push(
        (await get(`/oparl/v1/body/${BODY}/meetings?after=${Math.floor(Math.random() * (maxMeeting - 200))}`))
          .ms,
      );

    // files carry back-references to the meetings, agenda items and papers that use them
    const maxFile = Number((await db.query<{ m: string }>('select max(id) m from council.file')).rows[0]!.m);
    const filePages: number[] = [];
    for (let i = 0; i < 200; i++)
      filePages.push(
        (await get(`/oparl/v1/body/${BODY}/files?after=${Math.floor(Math.random() * (maxFile - 200))}`)).ms,
      );

    // ---- (2) full crawl of all lists ----
    const lists = [
      'organizations',
      'persons',
      'memberships',
      'locations',
      'legislativeterms',
      'meetings',
      'agendaitems',
      'papers',
      'consultations',
      'files',
    ];
    const crawl: string[] = [];
    let objects = 0;
    const c0 = performance.now();
    for (const l of lists) {
      let next: string | undefined = `/oparl/v1/body/${BODY}/${l}`;
      let n = 0;
      while (next) {
        const page = JSON.parse((await get(next)).body) as { data: unknown[]; links: { next?: string } };
        n += page.data.length;
        next = page.links.next?.replace('http://bench.test', '');
      }
      objects += n;
      crawl.push(`${l} ${n.toLocaleString('en')}`);
    }
    const crawlS = (performance.now() - c0) / 1000;

    // ---- (3) search ----
    const terms = [
      'Haushalt',
      'Digitalisierung',
      'Klimaschutz Kreisgebiet',
      'Breitbandausbaus',
      'Kindertagesstätten',
      'Feuerwehr Zustimmung',
      'Vorlage 4711',
      'Radverkehr',
      'Straßensanierung',
      'Open Data',
    ];
    for (const q of terms) await get(`/ratsinfo/suche?q=${encodeURIComponent(q)}`);
    const search: number[] = [];
    for (let i = 0; i < 200; i++)
      search.push((await get(`/ratsinfo/suche?q=${encodeURIComponent(terms[i % terms.length]!)}`)).ms);
    const filtered: number[] = [];
    for (let i = 0; i < 100; i++)
      filtered.push(
        (
          await get(
            `/ratsinfo/suche?q=${encodeURIComponent(terms[i % terms.length]!)}&art=Antrag&von=01.01.2020&bis=31.12.2022`,
          )
        ).ms,
      );

    const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
    lines.push(
      '## Council',
      '',
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu}, ${availableParallelism()} cores, ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, load ${loadavg()[0]!.toFixed(1)}; \`npx tsx bench/council.ts\`.`,
      'In-process through the real app (`app.inject`, no network), embedded PostgreSQL without fsync; nothing else ran on the machine.',
      '',
      `- data (generate_series, ${genS.toFixed(0)} s): ${counts.map((c) => `${c.n.toLocaleString('en')} ${c.t}`).join(', ')}; 5 % of papers/files and every fifth agenda item non-public`,
      `- OParl list page, 100 papers with embedded files and consultations, random keyset position, 300 requests: p50 ${ms(pct(paperPages, 50))}, p95 ${ms(pct(paperPages, 95))}, p99 ${ms(pct(paperPages, 99))} (target p95 < 30 ms: ${pct(paperPages, 95) < 30 ? 'met' : 'NOT met'})`,
      `- OParl list page, 100 meetings with 400 embedded agenda items, 200 requests: p50 ${ms(pct(meetingPages, 50))}, p95 ${ms(pct(meetingPages, 95))}`,
      `- OParl list page, 100 files with their back-references (meeting, agendaItem, paper), 200 requests: p50 ${ms(pct(filePages, 50))}, p95 ${ms(pct(filePages, 95))}`,
      `- full crawl of all ${lists.length} lists of the body (default page size 100, following links.next): ${objects.toLocaleString('en')} objects in ${crawlS.toFixed(1)} s = ${Math.round(objects / crawlS).toLocaleString('en')} objects/s (target > 5,000/s: ${objects / crawlS > 5000 ? 'met' : 'NOT met'}); ${crawl.join(', ')}`,
      `- paper search page (/ratsinfo/suche, German full text over titles and file text, 20 hits + total count), 200 requests over 10 terms: p50 ${ms(pct(search, 50))}, p95 ${ms(pct(search, 95))}, p99 ${ms(pct(search, 99))} (target p95 < 50 ms: ${pct(search, 95) < 50 ? 'met' : 'NOT met'})`,
      `- the same with type and date filters, 100 requests: p50 ${ms(pct(filtered, 50))}, p95 ${ms(pct(filtered, 95))}`,
      '',
    );
    console.log(lines.join('\n'));
    const path = new URL('./RESULTS.md', import.meta.url);
    const current = readFileSync(path, 'utf8');
    const start = current.indexOf('## Council\n');
    let next = start === -1 ? -1 : current.indexOf('\n## ', start + 5);
    if (next !== -1) next += 1;
    const updated =
      start === -1
        ? `${current.trimEnd()}\n\n${lines.join('\n')}`
        : `${current.slice(0, start)}${lines.join('\n')}${next === -1 ? '' : `\n${current.slice(next)}`}`;
    writeFileSync(path, updated.endsWith('\n') ? updated : `${updated}\n`);
  } finally {
    await app.close();
    await kernel.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
