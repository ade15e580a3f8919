/**
 * Import and sync from another council system's OParl 1.0/1.1 endpoint (how a Kreis or town
 * migrates from its old system). Incremental with modified_since; tolerant of the defects real
 * endpoints have, and every repair or skip goes into the run's report. Unchanged objects are not
 * written, so a rerun changes nothing.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { inTransaction } from '../../../kernel/db/database.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  lastImport,
  localIdOf,
  markDeleted,
  recordImport,
  upsertImported,
  type UpsertOutcome,
} from '../db/import.queries.ts';
import { refreshPaperSearch } from '../db/write.ts';
import { OPARL_DATE_TIME, parseFilterDate } from '../oparl/format.ts';
import { readCouncilConfig } from '../config.ts';
import { syncMeetingSearch, syncPaperSearch } from '../search-source.ts';
import { extractPdfText } from './pdf.ts';
import { createSafeFetch } from './safe-fetch.ts';

type Obj = Record<string, unknown>;
type Kind =
  | 'Body'
  | 'System'
  | 'LegislativeTerm'
  | 'Organization'
  | 'Person'
  | 'Membership'
  | 'Meeting'
  | 'AgendaItem'
  | 'Paper'
  | 'Consultation'
  | 'File'
  | 'Location';

export interface ImportOptions {
  /** Local body (tenant slug) the data belongs to. */
  bodyId: string;
  /** URL of the external System or Body object. */
  url: string;
  /** Ignore the last run and fetch everything. */
  full?: boolean;
  /** Default: the guarded fetch of safe-fetch.ts with the module's allow-list, size cap and time-out. */
  fetchFn?: typeof fetch;
  /** Stop after this many objects. */
  maxObjects?: number;
  /** Download the files of papers into the file store (default: COUNCIL_IMPORT_DOWNLOAD_FILES). */
  downloadFiles?: boolean;
  /** Fetch for those downloads (default: the guarded fetch capped at COUNCIL_UPLOAD_MAX_BYTES). */
  fileFetchFn?: typeof fetch;
  /** The run row made when the import was queued (staff page); otherwise a new row is written. */
  runId?: number;
}

export interface ReportEntry {
  rule: string;
  url: string;
  detail?: string;
}

export interface ImportReport {
  runId: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  modifiedSince: Date | null;
  repairs: ReportEntry[];
  skips: ReportEntry[];
  error: string | null;
}

const MAX_ENTRIES = 1000;
const TYPE_RE = /^https:\/\/schema\.oparl\.org\/1\.[01]\/([A-Za-z]+)$/;

class Importer {
  readonly repairs: ReportEntry[] = [];
  readonly skips: ReportEntry[] = [];
  counts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
  objects = 0;
  readonly changedPapers = new Set<number>();
  readonly changedMeetings = new Set<number>();
  private readonly ids = new Map<string, number | null>();

  constructor(
    private readonly kernel: Kernel,
    private readonly bodyId: string,
    private readonly fetchFn: typeof fetch,
    private readonly maxObjects: number,
    private readonly now: Date,
    /** Set when the files of papers are downloaded. */
    private readonly fileFetch: typeof fetch | null = null,
  ) {}

  repair(rule: string, url: string, detail?: string) {
    if (this.repairs.length < MAX_ENTRIES) this.repairs.push({ rule, url, ...(detail ? { detail } : {}) });
  }
  skip(rule: string, url: string, detail?: string) {
    if (this.skips.length < MAX_ENTRIES) this.skips.push({ rule, url, ...(detail ? { detail } : {}) });
  }

  async getJson(url: string): Promise<Obj> {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`not http(s): ${url}`);
    const res = await this.fetchFn(u, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
      redirect: 'follow',
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > 50_000_000) throw new Error('response too large');
    const json = JSON.parse(text) as unknown;
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('not a JSON object');
    return json as Obj;
  }

  /** The object's kind: its type, or inferred (and reported) when the type is missing or malformed. */
  kindOf(o: Obj, expected: Kind): Kind | null {
    const url = typeof o.id === 'string' ? o.id : '?';
    const m = typeof o.type === 'string' ? TYPE_RE.exec(o.type) : null;
    if (m) {
      if (m[1] === expected) return expected;
      this.skip('unexpected-type', url, `${String(o.type)} where ${expected} was expected`);
      return null;
    }
    this.repair('missing-type', url, `treated as ${expected}`);
    return expected;
  }

  /** File.sha512Checksum when it is one (128 hex digits); anything else is reported and dropped. */
  checksum(f: Obj): string | null {
    const v = this.str(f, 'sha512Checksum', 200)?.toLowerCase();
    if (!v) return null;
    if (/^[0-9a-f]{128}$/.test(v)) return v;
    this.repair('invalid-checksum', String(f.id), 'sha512Checksum');
    return null;
  }

  str(o: Obj, key: string, max = 20_000): string | null {
    const v = o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') {
      if (typeof v === 'number') return String(v);
      this.repair('wrong-value-type', String(o.id), key);
      return null;
    }
    const s = v.replace(/\0/g, '').trim();
    if (!s) {
      this.repair('empty-string', String(o.id), key);
      return null;
    }
    return s.slice(0, max);
  }

  strs(o: Obj, key: string): string[] {
    const v = o[key];
    if (!Array.isArray(v)) return [];
    const out = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
    if (out.length !== v.length) this.repair('empty-list-entry', String(o.id), key);
    return out;
  }

  dateTime(o: Obj, key: string): Date | null {
    const s = this.str(o, key, 100);
    if (!s) return null;
    if (OPARL_DATE_TIME.test(s)) return new Date(s);
    const d = parseFilterDate(s.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2'));
    if (d) {
      this.repair('date-time-format', String(o.id), `${key}: ${s}`);
      return d;
    }
    this.repair('date-time-invalid', String(o.id), `${key}: ${s} (dropped)`);
    return null;
  }

  date(o: Obj, key: string): string | null {
    const s = this.str(o, key, 100);
    if (!s) return null;
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
    const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
    if (m) {
      this.repair('date-format', String(o.id), `${key}: ${s}`);
      return `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
    }
    const dt = this.dateTime(o, key);
    return dt ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(dt) : null;
  }

  async ref(table: string, url: unknown, from: string): Promise<number | null> {
    if (typeof url !== 'string' || !url) return null;
    const key = `${table} ${url}`;
    if (!this.ids.has(key)) this.ids.set(key, await localIdOf(this.kernel.db.pool, table, this.bodyId, url));
    const id = this.ids.get(key) ?? null;
    if (id === null) this.repair('dangling-reference', from, url);
    return id;
  }

  async refs(table: string, urls: unknown, from: string): Promise<number[]> {
    if (!Array.isArray(urls)) return [];
    const out: number[] = [];
    for (const u of urls) {
      const id = await this.ref(table, u, from);
      if (id !== null) out.push(id);
    }
    return out;
  }

  count(outcome: UpsertOutcome) {
    this.counts[outcome]++;
  }

  remember(table: string, url: string, id: number) {
    this.ids.set(`${table} ${url}`, id);
  }

  /** Every object of a paged list, following links.next with the defects real servers have. */
  async *list(first: string, label: string): AsyncGenerator<Obj> {
    let next: string | undefined = first;
    const seen = new Set<string>();
    while (next) {
      if (seen.has(next)) {
        this.repair('next-loop', next, `${label}: next link points back; list ended`);
        return;
      }
      seen.add(next);
      let page: Obj;
      try {
        page = await this.getJson(next);
      } catch (err) {
        if (seen.size === 1) this.skip('list-unreachable', next, `${label}: ${(err as Error).message}`);
        else this.repair('broken-next', next, `${label}: ${(err as Error).message}; list ended`);
        return;
      }
      const data = page.data;
      if (!Array.isArray(data)) {
        this.skip('not-a-list', next, label);
        return;
      }
      for (const o of data) {
        if (++this.objects > this.maxObjects)
          throw new Error(`more than ${this.maxObjects} objects; stopped`);
        if (!o || typeof o !== 'object' || Array.isArray(o)) {
          this.skip('not-an-object', next, label);
          continue;
        }
        yield o as Obj;
      }
      const links = (page.links ?? {}) as Obj;
      let n = typeof links.next === 'string' && links.next ? links.next : undefined;
      if (n) {
        try {
          const resolved: string = new URL(n, next).href;
          if (resolved !== n) this.repair('relative-next', next, n);
          n = resolved;
        } catch {
          this.repair('broken-next', next, `${label}: unusable next link ${n}`);
          n = undefined;
        }
      }
      if (n && data.length === 0) {
        this.repair('next-after-empty-page', next, label);
        n = undefined;
      }
      next = n;
    }
  }

  /** Common handling: id check, tombstones. Returns the id or null when done/skipped. */
  async begin(o: Obj, expected: Kind, table: string): Promise<string | null> {
    const id = typeof o.id === 'string' && /^https?:\/\//.test(o.id) ? o.id : null;
    if (!id) {
      this.skip('missing-id', typeof o.name === 'string' ? o.name : '?', expected);
      return null;
    }
    if (!this.kindOf(o, expected)) return null;
    if (o.deleted === true) {
      if (await markDeleted(this.kernel.db.pool, table, this.bodyId, id, this.now)) this.counts.deleted++;
      return null;
    }
    return id;
  }

  mime(o: Obj): string {
    const name = (
      typeof o.fileName === 'string' ? o.fileName : typeof o.name === 'string' ? o.name : ''
    ).toLowerCase();
    const given = typeof o.mimeType === 'string' ? o.mimeType.trim().toLowerCase() : '';
    const byExt: Record<string, string> = {
      pdf: 'application/pdf',
      doc: 'application/msword',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      txt: 'text/plain',
      jpg: 'image/jpeg',
      png: 'image/png',
      odt: 'application/vnd.oasis.opendocument.text',
    };
    const ext = /\.([a-z0-9]{2,5})$/.exec(name)?.[1];
    const guess = ext ? byExt[ext] : undefined;
    if (/^[a-z]+\/[a-z0-9.+-]+$/.test(given) && (!guess || given === guess)) return given;
    const fixed = guess ?? (given === 'pdf' ? 'application/pdf' : 'application/octet-stream');
    this.repair('media-type', String(o.id), `${given || '(none)'} → ${fixed}`);
    return fixed;
  }

  /**
   * A PDF of a paper, downloaded into the file store with its text (once: a rerun finds it stored
   * under the same accessUrl and changes nothing). Failures are reported; the file stays a link.
   */
  async download(
    c: pg.PoolClient,
    externalId: string,
    access: string,
    fileName: string,
  ): Promise<Record<string, unknown> | null> {
    if (!this.fileFetch) return null;
    const existing = (
      await c.query<Record<string, unknown>>(
        `select storage_id, size, sha256, sha512, mime_type, text from council.file
         where body_id = $1 and external_id = $2 and source_url = $3 and storage_id is not null`,
        [this.bodyId, externalId, access],
      )
    ).rows[0];
    if (existing) return existing;
    try {
      const res = await this.fileFetch(access, { redirect: 'follow' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const data = Buffer.from(await res.arrayBuffer());
      const stored = await this.kernel.files.put(data, {
        declaredName: fileName,
        allowedTypes: ['application/pdf'],
        maxBytes: data.length + 1,
        tenantId: this.bodyId,
      });
      let text = '';
      try {
        text = await extractPdfText(data);
      } catch (err) {
        this.repair('file-text-unreadable', externalId, (err as Error).message);
      }
      return {
        storage_id: stored.id,
        size: stored.size,
        sha256: stored.sha256,
        sha512: createHash('sha512').update(data).digest('hex'),
        mime_type: stored.mediaType,
        text: text || null,
      };
    } catch (err) {
      this.skip('file-download-failed', externalId, `${access}: ${(err as Error).message}`);
      return null;
    }
  }

  async file(
    c: pg.PoolClient,
    o: unknown,
    from: string,
    opts: { isPublic?: boolean; download?: boolean } = {},
  ): Promise<number | null> {
    if (!o || typeof o !== 'object') return null;
    const f = o as Obj;
    const id = await this.begin(f, 'File', 'file');
    if (!id) return null;
    const access = this.str(f, 'accessUrl', 2000) ?? this.str(f, 'downloadUrl', 2000);
    if (!access || !/^https?:\/\//.test(access)) {
      this.skip('file-without-access-url', id, from);
      return null;
    }
    const fileName = this.str(f, 'fileName', 300) ?? this.str(f, 'name', 300) ?? 'dokument';
    const stored = opts.download ? await this.download(c, id, access, fileName) : null;
    const text = this.str(f, 'text', 2_000_000);
    const r = await upsertImported(
      c,
      'file',
      this.bodyId,
      id,
      {
        name: this.str(f, 'name', 500) ?? fileName,
        file_name: fileName,
        mime_type: this.mime(f),
        size: typeof f.size === 'number' && f.size >= 0 ? Math.round(f.size) : null,
        // the source's checksum describes the file at accessUrl, which is where we point too
        sha512: this.checksum(f),
        source_url: access,
        date: this.date(f, 'date'),
        public: opts.isPublic ?? true,
        ...stored,
        text: text ?? stored?.text ?? null,
      },
      this.now,
    );
    this.count(r.outcome);
    this.remember('file', id, r.id);
    return r.id;
  }

  async location(c: pg.PoolClient | pg.Pool, o: unknown): Promise<number | null> {
    if (!o || typeof o !== 'object') return null;
    const l = o as Obj;
    const id = await this.begin(l, 'Location', 'location');
    if (!id) return null;
    const geo = l.geojson && typeof l.geojson === 'object' ? JSON.stringify(l.geojson) : null;
    const r = await upsertImported(
      c,
      'location',
      this.bodyId,
      id,
      {
        description: this.str(l, 'description', 1000),
        street_address: this.str(l, 'streetAddress', 300),
        room: this.str(l, 'room', 300),
        postal_code: this.str(l, 'postalCode', 20),
        locality: this.str(l, 'locality', 200),
        geojson: geo,
      },
      this.now,
    );
    this.count(r.outcome);
    this.remember('location', id, r.id);
    return r.id;
  }
}

function withSince(url: string, since: Date | null): string {
  if (!since) return url;
  const u = new URL(url);
  u.searchParams.set('modified_since', since.toISOString().replace(/\.\d{3}Z$/, '+00:00'));
  return u.href;
}

export async function importOParl(kernel: Kernel, opts: ImportOptions): Promise<ImportReport> {
  const pool = kernel.db.pool;
  const startedAt = kernel.clock.now();
  const since = opts.full ? null : await lastImport(pool, opts.bodyId, opts.url);
  const cfg = readCouncilConfig(kernel.fullConfig);
  const guarded = (maxBytes: number) =>
    createSafeFetch({
      allowedHosts: cfg.importAllowedHosts.split(',').filter((h) => h.trim()),
      maxBytes,
      timeoutMs: cfg.importTimeoutSeconds * 1000,
    });
  const download = opts.downloadFiles ?? cfg.importDownloadFiles;
  const im = new Importer(
    kernel,
    opts.bodyId,
    opts.fetchFn ?? guarded(cfg.importMaxResponseBytes),
    opts.maxObjects ?? cfg.importMaxObjects,
    startedAt,
    download ? (opts.fileFetchFn ?? guarded(cfg.uploadMaxBytes)) : null,
  );
  let error: string | null = null;
  try {
    let body = await im.getJson(opts.url);
    const kind = typeof body.type === 'string' ? TYPE_RE.exec(body.type)?.[1] : undefined;
    const isSystem = kind === 'System' || (!kind && typeof body.oparlVersion === 'string');
    if (!kind) im.repair('missing-type', opts.url, isSystem ? 'treated as System' : 'treated as Body');
    if (isSystem) {
      const bodies = body.body;
      let first: Obj | undefined;
      if (typeof bodies === 'string')
        for await (const b of im.list(bodies, 'bodies')) {
          first = b;
          break;
        }
      if (!first) throw new Error('the System lists no body');
      body = first;
    }
    const listUrl = (k: string) => (typeof body[k] === 'string' ? body[k] : undefined);

    // Legislative terms (embedded or as a list), locations, organizations, persons, memberships.
    const terms: Obj[] = Array.isArray(body.legislativeTerm) ? (body.legislativeTerm as Obj[]) : [];
    const termList = listUrl('legislativeTermList');
    if (termList)
      for await (const t of im.list(withSince(termList, since), 'legislativeTerms')) terms.push(t);
    for (const t of terms) {
      const id = await im.begin(t, 'LegislativeTerm', 'legislative_term');
      if (!id) continue;
      const r = await upsertImported(
        pool,
        'legislative_term',
        opts.bodyId,
        id,
        {
          name: im.str(t, 'name', 300) ?? 'Wahlperiode',
          start_date: im.date(t, 'startDate'),
          end_date: im.date(t, 'endDate'),
        },
        startedAt,
      );
      im.count(r.outcome);
    }
    const locs = listUrl('locationList');
    if (locs) for await (const l of im.list(withSince(locs, since), 'locations')) await im.location(pool, l);

    const orgs = listUrl('organization');
    if (orgs)
      for await (const o of im.list(withSince(orgs, since), 'organizations')) {
        const id = await im.begin(o, 'Organization', 'organization');
        if (!id) continue;
        const name = im.str(o, 'name', 500);
        if (!name) {
          im.skip('missing-name', id, 'Organization');
          continue;
        }
        const loc = o.location && typeof o.location === 'object' ? await im.location(pool, o.location) : null;
        const r = await upsertImported(
          pool,
          'organization',
          opts.bodyId,
          id,
          {
            name,
            short_name: im.str(o, 'shortName', 100),
            organization_type: im.str(o, 'organizationType', 100),
            classification: im.str(o, 'classification', 200),
            start_date: im.date(o, 'startDate'),
            end_date: im.date(o, 'endDate'),
            website: im.str(o, 'website', 500),
            location_id: loc,
          },
          startedAt,
        );
        im.count(r.outcome);
        im.remember('organization', id, r.id);
      }

    const memberships: Obj[] = [];
    const persons = listUrl('person');
    if (persons)
      for await (const p of im.list(withSince(persons, since), 'persons')) {
        const id = await im.begin(p, 'Person', 'person');
        if (!id) continue;
        const name =
          im.str(p, 'name', 300) ??
          ([im.str(p, 'givenName', 100), im.str(p, 'familyName', 100)].filter(Boolean).join(' ') || null);
        if (!name) {
          im.skip('missing-name', id, 'Person');
          continue;
        }
        const email = im.strs(p, 'email');
        const phone = im.strs(p, 'phone');
        const r = await upsertImported(
          pool,
          'person',
          opts.bodyId,
          id,
          {
            name,
            family_name: im.str(p, 'familyName', 100),
            given_name: im.str(p, 'givenName', 100),
            form_of_address: im.str(p, 'formOfAddress', 50),
            affix: im.str(p, 'affix', 100),
            title: im.strs(p, 'title'),
            gender: im.str(p, 'gender', 50),
            status: im.strs(p, 'status'),
            life: im.str(p, 'life', 5000),
            contact_consent: email.length + phone.length > 0,
            email,
            phone,
          },
          startedAt,
        );
        im.count(r.outcome);
        im.remember('person', id, r.id);
        if (Array.isArray(p.membership))
          for (const m of p.membership)
            if (m && typeof m === 'object') memberships.push({ person: id, ...(m as Obj) });
      }
    const msList = listUrl('membership');
    if (msList) for await (const m of im.list(withSince(msList, since), 'memberships')) memberships.push(m);
    for (const m of memberships) {
      const id = await im.begin(m, 'Membership', 'membership');
      if (!id) continue;
      const person = await im.ref('person', m.person, id);
      const org = await im.ref('organization', m.organization, id);
      if (person === null || org === null) {
        im.skip('membership-without-person-or-organization', id);
        continue;
      }
      const r = await upsertImported(
        pool,
        'membership',
        opts.bodyId,
        id,
        {
          person_id: person,
          organization_id: org,
          role: im.str(m, 'role', 200),
          voting_right: typeof m.votingRight === 'boolean' ? m.votingRight : null,
          start_date: im.date(m, 'startDate'),
          end_date: im.date(m, 'endDate'),
          on_behalf_of: await im.ref('organization', m.onBehalfOf, id),
        },
        startedAt,
      );
      im.count(r.outcome);
    }

    // Meetings with their agenda items and files, each in one transaction.
    const meetings = listUrl('meeting');
    if (meetings)
      for await (const m of im.list(withSince(meetings, since), 'meetings')) {
        const id = await im.begin(m, 'Meeting', 'meeting');
        if (!id) continue;
        await inTransaction(pool, async (c) => {
          const f = (k: string) => im.file(c, m[k], id);
          const aux: number[] = [];
          if (Array.isArray(m.auxiliaryFile))
            for (const x of m.auxiliaryFile) {
              const fid = await im.file(c, x, id);
              if (fid) aux.push(fid);
            }
          const loc = m.location && typeof m.location === 'object' ? await im.location(c, m.location) : null;
          const r = await upsertImported(
            c,
            'meeting',
            opts.bodyId,
            id,
            {
              name: im.str(m, 'name', 500) ?? 'Sitzung',
              meeting_state: im.str(m, 'meetingState', 100),
              cancelled: m.cancelled === true,
              start_at: im.dateTime(m, 'start'),
              end_at: im.dateTime(m, 'end'),
              location_id: loc,
              organization_ids: await im.refs('organization', m.organization, id),
              invitation_file_id: await f('invitation'),
              results_file_id: await f('resultsProtocol'),
              verbatim_file_id: await f('verbatimProtocol'),
              auxiliary_file_ids: aux,
              published: true,
            },
            startedAt,
          );
          im.count(r.outcome);
          im.remember('meeting', id, r.id);
          if (r.outcome !== 'unchanged') im.changedMeetings.add(r.id);
          const items = (Array.isArray(m.agendaItem) ? (m.agendaItem as unknown[]) : []).filter(
            (x): x is Obj => !!x && typeof x === 'object',
          );
          const orders = items.map((x, i) => (typeof x.order === 'number' ? x.order : i));
          const sorted = items.map((x, i) => ({ x, order: orders[i]! })).sort((a, b) => a.order - b.order);
          if (sorted.some((s, i) => s.order !== i))
            im.repair(
              'agenda-order',
              id,
              `order ${sorted.map((s) => s.order).join(',')} → 0..${sorted.length - 1}`,
            );
          for (const [pos, { x }] of sorted.entries()) {
            const aid = await im.begin(x, 'AgendaItem', 'agenda_item');
            if (!aid) continue;
            const auxA: number[] = [];
            if (Array.isArray(x.auxiliaryFile))
              for (const y of x.auxiliaryFile) {
                const fid = await im.file(c, y, aid, { isPublic: x.public !== false });
                if (fid) auxA.push(fid);
              }
            const ra = await upsertImported(
              c,
              'agenda_item',
              opts.bodyId,
              aid,
              {
                meeting_id: r.id,
                position: pos,
                number: im.str(x, 'number', 50),
                name: im.str(x, 'name', 2000) ?? '(ohne Bezeichnung)',
                public: x.public !== false,
                result: im.str(x, 'result', 500),
                resolution_text: im.str(x, 'resolutionText', 50_000),
                resolution_file_id: await im.file(c, x.resolutionFile, aid, { isPublic: x.public !== false }),
                auxiliary_file_ids: auxA,
                start_at: im.dateTime(x, 'start'),
                end_at: im.dateTime(x, 'end'),
              },
              startedAt,
            );
            im.count(ra.outcome);
            im.remember('agenda_item', aid, ra.id);
            if (x.public === false) im.repair('non-public-in-source', aid, 'kept non-public');
          }
        });
      }

    // Papers with consultations and files.
    const papers = listUrl('paper');
    if (papers)
      for await (const p of im.list(withSince(papers, since), 'papers')) {
        const id = await im.begin(p, 'Paper', 'paper');
        if (!id) continue;
        const name = im.str(p, 'name', 1000);
        if (!name) {
          im.skip('missing-name', id, 'Paper');
          continue;
        }
        await inTransaction(pool, async (c) => {
          const aux: number[] = [];
          if (Array.isArray(p.auxiliaryFile))
            for (const x of p.auxiliaryFile) {
              const fid = await im.file(c, x, id, { download: true });
              if (fid) aux.push(fid);
            }
          const locIds: number[] = [];
          if (Array.isArray(p.location))
            for (const l of p.location) {
              const lid = await im.location(c, l);
              if (lid) locIds.push(lid);
            }
          const r = await upsertImported(
            c,
            'paper',
            opts.bodyId,
            id,
            {
              name,
              reference: im.str(p, 'reference', 100),
              date: im.date(p, 'date'),
              paper_type: im.str(p, 'paperType', 100),
              public: true,
              main_file_id: await im.file(c, p.mainFile, id, { download: true }),
              auxiliary_file_ids: aux,
              location_ids: locIds,
              originator_person_ids: await im.refs('person', p.originatorPerson, id),
              originator_organization_ids: await im.refs('organization', p.originatorOrganization, id),
              under_direction_of_ids: await im.refs('organization', p.underDirectionOf, id),
            },
            startedAt,
          );
          im.count(r.outcome);
          im.remember('paper', id, r.id);
          if (Array.isArray(p.consultation))
            for (const x of p.consultation) {
              if (!x || typeof x !== 'object') continue;
              const co = x as Obj;
              const cid = await im.begin(co, 'Consultation', 'consultation');
              if (!cid) continue;
              const rc = await upsertImported(
                c,
                'consultation',
                opts.bodyId,
                cid,
                {
                  paper_id: r.id,
                  agenda_item_id: await im.ref('agenda_item', co.agendaItem, cid),
                  meeting_id: await im.ref('meeting', co.meeting, cid),
                  organization_ids: await im.refs('organization', co.organization, cid),
                  role: im.str(co, 'role', 200),
                  authoritative: typeof co.authoritative === 'boolean' ? co.authoritative : null,
                },
                startedAt,
              );
              im.count(rc.outcome);
            }
          await refreshPaperSearch(c, r.id);
          if (r.outcome !== 'unchanged') im.changedPapers.add(r.id);
        });
      }
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  for (const id of im.changedPapers) await syncPaperSearch(kernel, id);
  for (const id of im.changedMeetings) await syncMeetingSearch(kernel, id);
  const runId = await recordImport(pool, {
    runId: opts.runId,
    bodyId: opts.bodyId,
    sourceUrl: opts.url,
    startedAt,
    finishedAt: kernel.clock.now(),
    modifiedSince: since,
    ...im.counts,
    repairs: im.repairs,
    skips: im.skips,
    error,
  });
  await kernel.audit.record({
    actorId: null,
    action: 'council.import.finished',
    objectType: 'council.import_run',
    objectId: String(runId),
    tenantId: opts.bodyId,
    after: { ...im.counts, repairs: im.repairs.length, skips: im.skips.length, error },
  });
  return { runId, ...im.counts, modifiedSince: since, repairs: im.repairs, skips: im.skips, error };
}
