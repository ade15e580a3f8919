import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import { refreshSearchWords } from './services.queries.ts';

/** Folder of the copied catalogue CSVs (see catalogue/SOURCE.md). */
export const DEFAULT_CATALOGUE_DIR = fileURLToPath(new URL('../catalogue/', import.meta.url));

export interface TableReport {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export interface ImportReport {
  skipped: boolean;
  lebenslagen: TableReport;
  ozg: TableReport;
  leika: TableReport & { duplicatesInSource: number };
}

export type ImportResult = { ok: true; report: ImportReport } | { ok: false; reason: string };

interface Sources {
  lebenslagen: { themenfeld: string; lebenslage: string }[];
  ozg: { ozgId: number; title: string; lebenslage: string; themenfeld: string }[];
  leika: {
    id: string;
    leikaKey: string | null;
    title: string;
    typisierung: string;
    ozgId: number | null;
    legalBasis: string;
  }[];
  duplicates: number;
  sha256: string;
}

const FILES = ['ozg_lebenslagen.csv', 'ozg_leistungen.csv', 'leika_leistungen.csv'] as const;

function clean(s: string | undefined): string {
  return (s ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
}

function records(text: string, columns: string[], file: string): Record<string, string>[] {
  const rows: Record<string, string>[] = parse(text, { columns: true, skip_empty_lines: true, bom: true });
  const first = rows[0];
  if (!first) throw new SourceError(`${file}: no rows`);
  for (const c of columns) if (!(c in first)) throw new SourceError(`${file}: column "${c}" missing`);
  return rows;
}

class SourceError extends Error {}

/** The raw files and their hash (cheap: the seed compares the hash before parsing anything). */
function readTexts(dir: string): { texts: string[]; sha256: string } {
  const texts = FILES.map((f) => {
    try {
      return readFileSync(join(dir, f), 'utf8');
    } catch {
      throw new SourceError(`${join(dir, f)} cannot be read`);
    }
  });
  return { texts, sha256: createHash('sha256').update(texts.join('\u0000')).digest('hex') };
}

/** Parses and checks the three CSVs; throws SourceError for a malformed source. */
function parseSources(texts: string[], sha256: string): Sources {
  let parsed: Record<string, string>[][];
  try {
    parsed = [
      records(texts[0]!, ['themenfeld', 'lebenslage'], FILES[0]),
      records(texts[1]!, ['ozg_id', 'bezeichnung', 'lebenslage', 'themenfeld'], FILES[1]),
      records(
        texts[2]!,
        ['leika_schluessel', 'bezeichnung', 'typisierung', 'ozg_id', 'rechtsgrundlage'],
        FILES[2],
      ),
    ];
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError(`CSV cannot be parsed: ${(e as Error).message}`);
  }
  const [ll, oz, le] = parsed as [
    Record<string, string>[],
    Record<string, string>[],
    Record<string, string>[],
  ];
  const lebenslagen = new Map<string, { themenfeld: string; lebenslage: string }>();
  for (const r of ll) {
    const v = { themenfeld: clean(r.themenfeld), lebenslage: clean(r.lebenslage) };
    if (v.themenfeld && v.lebenslage) lebenslagen.set(`${v.themenfeld}\u0000${v.lebenslage}`, v);
  }
  const ozg = new Map<number, Sources['ozg'][number]>();
  for (const r of oz) {
    const id = Number(clean(r.ozg_id));
    if (!Number.isInteger(id) || id <= 0) throw new SourceError(`${FILES[1]}: invalid ozg_id "${r.ozg_id}"`);
    ozg.set(id, {
      ozgId: id,
      title: clean(r.bezeichnung),
      lebenslage: clean(r.lebenslage),
      themenfeld: clean(r.themenfeld),
    });
  }
  const leika = new Map<string, Sources['leika'][number]>();
  let duplicates = 0;
  for (const r of le) {
    const key = clean(r.leika_schluessel);
    const title = clean(r.bezeichnung);
    if (!title) continue;
    const ozgRaw = clean(r.ozg_id);
    const ozgId = /^\d+$/.test(ozgRaw) ? Number(ozgRaw) : null;
    const leikaKey = /^\d{14}$/.test(key) ? key : null;
    const id =
      leikaKey ??
      `x-${createHash('sha256')
        .update(`${title}\u0000${ozgId ?? ''}`)
        .digest('hex')
        .slice(0, 16)}`;
    if (leika.has(id)) {
      duplicates++;
      continue;
    }
    leika.set(id, {
      id,
      leikaKey,
      title,
      typisierung: clean(r.typisierung),
      ozgId,
      legalBasis: clean(r.rechtsgrundlage),
    });
  }
  return {
    lebenslagen: [...lebenslagen.values()],
    ozg: [...ozg.values()],
    leika: [...leika.values()],
    duplicates,
    sha256,
  };
}

function report(rows: { inserted: boolean }[], total: number, deleted: number): TableReport {
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: total - rows.length, deleted };
}

async function upsertAll(client: pg.PoolClient, s: Sources): Promise<Omit<ImportReport, 'skipped'>> {
  const ll = await client.query<{ inserted: boolean }>(
    `insert into services.lebenslagen (themenfeld, lebenslage)
     select * from unnest($1::text[], $2::text[])
     on conflict do nothing returning true as inserted`,
    [s.lebenslagen.map((x) => x.themenfeld), s.lebenslagen.map((x) => x.lebenslage)],
  );
  const llDel = await client.query(
    `delete from services.lebenslagen l where not exists (
       select 1 from unnest($1::text[], $2::text[]) as n(t, l2) where n.t = l.themenfeld and n.l2 = l.lebenslage)`,
    [s.lebenslagen.map((x) => x.themenfeld), s.lebenslagen.map((x) => x.lebenslage)],
  );
  const oz = await client.query<{ inserted: boolean }>(
    `insert into services.ozg_services (ozg_id, title, lebenslage, themenfeld)
     select * from unnest($1::int[], $2::text[], $3::text[], $4::text[])
     on conflict (ozg_id) do update set title = excluded.title, lebenslage = excluded.lebenslage,
       themenfeld = excluded.themenfeld
     where (ozg_services.title, ozg_services.lebenslage, ozg_services.themenfeld)
       is distinct from (excluded.title, excluded.lebenslage, excluded.themenfeld)
     returning (xmax = 0) as inserted`,
    [
      s.ozg.map((x) => x.ozgId),
      s.ozg.map((x) => x.title),
      s.ozg.map((x) => x.lebenslage),
      s.ozg.map((x) => x.themenfeld),
    ],
  );
  const ozDel = await client.query(`delete from services.ozg_services where not (ozg_id = any($1::int[]))`, [
    s.ozg.map((x) => x.ozgId),
  ]);
  const le = await client.query<{ inserted: boolean }>(
    `insert into services.catalogue (id, leika_key, title, typisierung, ozg_id, legal_basis, themenfeld, lebenslage)
     select n.id, n.leika_key, n.title, n.typisierung, n.ozg_id, n.legal_basis, o.themenfeld, o.lebenslage
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])
       as n(id, leika_key, title, typisierung, ozg_id, legal_basis)
     left join services.ozg_services o on o.ozg_id = n.ozg_id
     on conflict (id) do update set leika_key = excluded.leika_key, title = excluded.title,
       typisierung = excluded.typisierung, ozg_id = excluded.ozg_id, legal_basis = excluded.legal_basis,
       themenfeld = excluded.themenfeld, lebenslage = excluded.lebenslage
     where (catalogue.leika_key, catalogue.title, catalogue.typisierung, catalogue.ozg_id, catalogue.legal_basis,
            catalogue.themenfeld, catalogue.lebenslage)
       is distinct from (excluded.leika_key, excluded.title, excluded.typisierung, excluded.ozg_id,
            excluded.legal_basis, excluded.themenfeld, excluded.lebenslage)
     returning (xmax = 0) as inserted`,
    [
      s.leika.map((x) => x.id),
      s.leika.map((x) => x.leikaKey),
      s.leika.map((x) => x.title),
      s.leika.map((x) => x.typisierung),
      s.leika.map((x) => x.ozgId),
      s.leika.map((x) => x.legalBasis),
    ],
  );
  const leDel = await client.query(`delete from services.catalogue where not (id = any($1::text[]))`, [
    s.leika.map((x) => x.id),
  ]);
  return {
    lebenslagen: report(ll.rows, s.lebenslagen.length, llDel.rowCount ?? 0),
    ozg: report(oz.rows, s.ozg.length, ozDel.rowCount ?? 0),
    leika: { ...report(le.rows, s.leika.length, leDel.rowCount ?? 0), duplicatesInSource: s.duplicates },
  };
}

/**
 * Imports the OZG/LeiKa catalogue from `dir` (default: the module's data folder). Idempotent:
 * unchanged rows are not written; changed rows are updated; rows gone from the source are
 * deleted. With `skipIfUnchanged` (the reference seed) a source whose hash matches the last
 * import is not read into the database at all. One transaction; concurrent imports serialise
 * on an advisory lock.
 */
export async function importCatalogue(
  pool: pg.Pool,
  now: Date,
  opts: { dir?: string; skipIfUnchanged?: boolean } = {},
): Promise<ImportResult> {
  let raw: { texts: string[]; sha256: string };
  try {
    raw = readTexts(opts.dir ?? DEFAULT_CATALOGUE_DIR);
  } catch (e) {
    if (e instanceof SourceError) return { ok: false, reason: e.message };
    throw e;
  }
  if (opts.skipIfUnchanged) {
    const prev = await pool.query<{ sha256: string }>(
      `select sha256 from services.import_state where source = 'catalogue'`,
    );
    if (prev.rows[0]?.sha256 === raw.sha256) {
      const n = await pool.query<{ l: number; o: number; c: number }>(
        `select (select count(*)::int from services.lebenslagen) as l, (select count(*)::int from services.ozg_services) as o,
                (select count(*)::int from services.catalogue) as c`,
      );
      const row = n.rows[0]!;
      const none = { inserted: 0, updated: 0, deleted: 0 };
      return {
        ok: true,
        report: {
          skipped: true,
          lebenslagen: { ...none, unchanged: row.l },
          ozg: { ...none, unchanged: row.o },
          leika: { ...none, unchanged: row.c, duplicatesInSource: 0 },
        },
      };
    }
  }
  let sources: Sources;
  try {
    sources = parseSources(raw.texts, raw.sha256);
  } catch (e) {
    if (e instanceof SourceError) return { ok: false, reason: e.message };
    throw e;
  }
  const empty = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  return inTransaction(pool, async (client) => {
    await client.query(`select pg_advisory_xact_lock(hashtext('services.import'))`);
    if (opts.skipIfUnchanged) {
      const prev = await client.query<{ sha256: string }>(
        `select sha256 from services.import_state where source = 'catalogue'`,
      );
      if (prev.rows[0]?.sha256 === sources.sha256) {
        return {
          ok: true as const,
          report: {
            skipped: true,
            lebenslagen: { ...empty, unchanged: sources.lebenslagen.length },
            ozg: { ...empty, unchanged: sources.ozg.length },
            leika: { ...empty, unchanged: sources.leika.length, duplicatesInSource: sources.duplicates },
          },
        };
      }
    }
    const r = await upsertAll(client, sources);
    await refreshSearchWords(client);
    await client.query(
      `insert into services.import_state (source, sha256, imported_at) values ('catalogue', $1, $2)
       on conflict (source) do update set sha256 = excluded.sha256, imported_at = excluded.imported_at`,
      [sources.sha256, now],
    );
    return { ok: true as const, report: { skipped: false, ...r } };
  });
}

export function formatReport(r: ImportReport): string {
  const line = (name: string, t: TableReport) =>
    `${name}: ${t.inserted} inserted, ${t.updated} updated, ${t.unchanged} unchanged, ${t.deleted} deleted`;
  return [
    line('Lebenslagen', r.lebenslagen),
    line('OZG services', r.ozg),
    `${line('LeiKa services', r.leika)} (${r.leika.duplicatesInSource} duplicate rows in the source skipped)`,
  ].join('\n');
}
