import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { councilModule } from '../index.ts';

const BASE = 'http://ratsinfo.test';
const BODY = 'rhein-kreis-neuss';

/** A strict RFC 5545 reader for what our feeds must satisfy. */
function parseIcs(text: string): Record<string, string>[] {
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
  const raw = text.slice(0, -2).split('\r\n');
  for (const l of raw) assert.ok(Buffer.byteLength(l) <= 75, `line longer than 75 octets: ${l}`);
  const lines: string[] = [];
  for (const l of raw) {
    if (l.startsWith(' ')) lines[lines.length - 1] = `${lines[lines.length - 1] ?? ''}${l.slice(1)}`;
    else lines.push(l);
  }
  assert.equal(lines[0], 'BEGIN:VCALENDAR');
  assert.equal(lines.at(-1), 'END:VCALENDAR');
  assert.ok(lines.includes('VERSION:2.0') && lines.some((l) => l.startsWith('PRODID:')));
  const events: Record<string, string>[] = [];
  let cur: Record<string, string> | null = null;
  for (const l of lines.slice(1, -1)) {
    const m = /^([A-Z-]+)(;[^:]*)?:(.*)$/.exec(l);
    assert.ok(m, `malformed content line: ${l}`);
    if (l === 'BEGIN:VEVENT') {
      assert.equal(cur, null);
      cur = {};
    } else if (l === 'END:VEVENT') {
      assert.ok(cur);
      for (const k of ['UID', 'DTSTAMP', 'DTSTART']) assert.ok(cur[k], `VEVENT without ${k}`);
      for (const k of ['DTSTAMP', 'DTSTART', 'DTEND']) if (cur[k]) assert.match(cur[k], /^\d{8}T\d{6}Z$/);
      assert.ok(!/(^|[^\\]),|(^|[^\\]);/.test(cur.SUMMARY ?? ''), 'unescaped , or ; in SUMMARY');
      events.push(cur);
      cur = null;
    } else if (cur) cur[m[1]!] = m[3]!;
  }
  assert.equal(cur, null);
  return events;
}

describe('council public side: OParl parameters, leaks, search, iCal, bad input', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  before(async () => {
    t = await createTestApp({ env: { BASE_URL: BASE }, clock });
    await councilModule.seed!.demo!(t.kernel);
  });
  after(() => t.close());
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  type Page = {
    data: Record<string, unknown>[];
    links: Record<string, string>;
    pagination: Record<string, number>;
  };

  it('keeps filters (percent-encoded or not) in every link and pages stably by id', async () => {
    const res = await get(`/oparl/v1/body/${BODY}/papers?created_since=2020-01-01T00:00:00%2B01:00&limit=5`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    const page = res.json<Page>();
    assert.equal(page.data.length, 5);
    for (const l of [page.links.next!, page.links.first!, page.links.self!]) {
      assert.ok(l.includes('created_since=2020-01-01T00%3A00%3A00%2B01%3A00'), l);
      assert.ok(l.includes('limit=5'));
    }
    // a "+" that was not percent-encoded arrives as a space and is still understood
    const plain = await get(`/oparl/v1/body/${BODY}/papers?created_since=2020-01-01T00:00:00+01:00&limit=5`);
    assert.deepEqual(
      plain.json<Page>().data.map((d) => d.id),
      page.data.map((d) => d.id),
    );
    const next = await get(page.links.next!.slice(BASE.length));
    const ids = [...page.data, ...next.json<Page>().data].map((d) => Number(String(d.id).split('/').pop()));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
    assert.equal(new Set(ids).size, 10);
  });

  it('an empty result is a valid page without next; tombstones only with modified_since', async () => {
    const empty = await get(`/oparl/v1/body/${BODY}/papers?created_since=2099-01-01T00:00:00%2B01:00`);
    assert.equal(empty.statusCode, 200);
    const e = empty.json<Page>();
    assert.deepEqual(e.data, []);
    assert.equal(e.links.next, undefined);
    // delete a public paper: it becomes a tombstone
    const { rows } = await t.kernel.db.pool.query<{ id: string }>(
      `select id from council.paper where public and body_id = $1 order by id limit 1`,
      [BODY],
    );
    const id = rows[0]!.id;
    clock.advance(60_000);
    await t.kernel.db.pool.query('update council.paper set deleted_at = $2, modified = $2 where id = $1', [
      id,
      clock.now(),
    ]);
    const obj = (await get(`/oparl/v1/paper/${id}`)).json<Record<string, unknown>>();
    assert.equal(obj.deleted, true);
    assert.deepEqual(Object.keys(obj).sort(), ['created', 'deleted', 'id', 'modified', 'type']);
    const without = await get(`/oparl/v1/body/${BODY}/papers?limit=500`);
    assert.ok(!without.json<Page>().data.some((d) => d.id === `${BASE}/oparl/v1/paper/${id}`));
    const since = await get(
      `/oparl/v1/body/${BODY}/papers?modified_since=${encodeURIComponent('2026-11-21T10:00:30+01:00')}`,
    );
    const data = since.json<Page>().data;
    assert.equal(data.length, 1);
    assert.equal(data[0]!.deleted, true);
    // never embedded: consultations of the deleted paper point nowhere
    const body = (await get(`/oparl/v1/body/${BODY}/consultations?limit=500`)).body;
    assert.ok(!body.includes(`"paper":"${BASE}/oparl/v1/paper/${id}"`));
  });

  it('answers bad parameters with OParl Error objects (400/404), never a 500', async () => {
    for (const url of [
      `/oparl/v1/body/${BODY}/papers?limit=0`,
      `/oparl/v1/body/${BODY}/papers?limit=abc`,
      `/oparl/v1/body/${BODY}/papers?created_since=gestern`,
      `/oparl/v1/body/${BODY}/papers?modified_until=2026-13-45T99:00:00Z`,
      `/oparl/v1/body/${BODY}/papers?after=-1`,
      `/oparl/v1/body/${BODY}/papers?limit=1&limit=2`,
    ]) {
      const r = await get(url);
      assert.equal(r.statusCode, 400, url);
      const j = r.json<Record<string, string>>();
      assert.equal(j.type, 'https://schema.oparl.org/1.1/Error');
      assert.ok(j.message);
      assert.equal(r.headers['access-control-allow-origin'], '*');
    }
    for (const url of [
      '/oparl/v1/paper/999999999',
      '/oparl/v1/paper/abc',
      '/oparl/v1/unknown/1',
      `/oparl/v1/body/${BODY}/nothing`,
      '/oparl/v1/body/nobody/papers',
      '/oparl/v1/x/y/z',
    ]) {
      const r = await get(url);
      assert.equal(r.statusCode, 404, url);
      assert.equal(r.json<Record<string, string>>().type, 'https://schema.oparl.org/1.1/Error');
    }
    const clamp = await get(`/oparl/v1/body/${BODY}/agendaitems?limit=100000`);
    assert.equal(clamp.json<Page>().pagination.elementsPerPage, 500);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('papers', 'meetings', 'persons', 'agendaitems', 'files'),
        fc.dictionary(
          fc.constantFrom('limit', 'after', 'created_since', 'modified_since', 'modified_until', 'x'),
          fc.string({ maxLength: 40 }),
        ),
        async (list, params) => {
          const r = await get(`/oparl/v1/body/${BODY}/${list}?${new URLSearchParams(params)}`);
          assert.ok([200, 400].includes(r.statusCode), `${r.statusCode} for ${JSON.stringify(params)}`);
          assert.ok(r.json<Record<string, unknown>>());
        },
      ),
      { numRuns: 60 },
    );
  });

  it('serves files: accessUrl inline, downloadUrl as attachment', async () => {
    const motion = (await get(`/oparl/v1/body/${BODY}/papers?limit=500`))
      .json<Page>()
      .data.find((p) => p.paperType === 'Antrag')!;
    const file = motion.mainFile as Record<string, string>;
    assert.equal(file.mimeType, 'application/pdf');
    const access = await get(file.accessUrl!.slice(BASE.length));
    assert.equal(access.statusCode, 200);
    assert.match(String(access.headers['content-disposition']), /^inline/);
    const dl = await get(file.downloadUrl!.slice(BASE.length));
    assert.match(String(dl.headers['content-disposition']), /^attachment/);
    assert.equal(dl.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  it('gives File sha512Checksum and back-references to public meetings, agenda items and papers only', async () => {
    const db = t.kernel.db.pool;
    const motion = (await get(`/oparl/v1/body/${BODY}/papers?limit=500`))
      .json<Page>()
      .data.find((p) => p.paperType === 'Antrag')!;
    const embedded = motion.mainFile as Record<string, string>;
    const fileId = Number(embedded.id!.split('/').at(-1));
    // A non-public paper and a non-public agenda item also use the file: neither may be named.
    const secretPaper = (
      await db.query<{ id: number }>('select id from council.paper where not public limit 1')
    ).rows[0]!.id;
    const secretItem = (
      await db.query<{ id: number }>('select id from council.agenda_item where not public limit 1')
    ).rows[0]!.id;
    const publicItem = (
      await db.query<{ id: number; meeting_id: number }>(
        `select a.id, a.meeting_id from council.agenda_item a join council.meeting m on m.id = a.meeting_id
         where a.public and a.deleted_at is null and m.published and m.deleted_at is null limit 1`,
      )
    ).rows[0]!;
    await db.query(
      'update council.paper set auxiliary_file_ids = auxiliary_file_ids || $2::bigint where id = $1',
      [secretPaper, fileId],
    );
    await db.query(
      'update council.agenda_item set auxiliary_file_ids = auxiliary_file_ids || $2::bigint where id = any($1)',
      [[secretItem, publicItem.id], fileId],
    );
    await db.query('update council.meeting set invitation_file_id = $2 where id = $1', [
      publicItem.meeting_id,
      fileId,
    ]);
    // stored before the checksum was kept: computed from the content on first read and saved
    await db.query('update council.file set sha512 = null where id = $1', [fileId]);
    const file = (await get(`/oparl/v1/file/${fileId}`)).json<Record<string, unknown>>();
    const content = (await get(String(file.downloadUrl).slice(BASE.length))).rawPayload;
    const sha512 = createHash('sha512').update(content).digest('hex');
    assert.equal(file.sha512Checksum, sha512);
    assert.equal(
      (await db.query<{ sha512: string }>('select sha512 from council.file where id = $1', [fileId])).rows[0]!
        .sha512,
      sha512,
    );
    assert.deepEqual(file.paper, [motion.id]);
    assert.deepEqual(file.agendaItem, [`${BASE}/oparl/v1/agendaitem/${publicItem.id}`]);
    assert.deepEqual(file.meeting, [`${BASE}/oparl/v1/meeting/${publicItem.meeting_id}`]);
    const inList = (await get(`/oparl/v1/body/${BODY}/files?limit=500`))
      .json<Page>()
      .data.find((f) => f.id === file.id)!;
    assert.deepEqual(inList, file);
    // embedded copies carry the checksum but leave the back-references to their parent
    const again = (await get(`/oparl/v1/paper/${String(motion.id).split('/').at(-1)}`)).json<
      Record<string, Record<string, unknown>>
    >();
    assert.equal(again.mainFile!.sha512Checksum, sha512);
    assert.equal(again.mainFile!.paper, undefined);
  });

  it('finds papers by the text of their PDFs with German stemming; never non-public ones', async () => {
    const r = await get('/ratsinfo/suche?q=Pflegefinder');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /Schnellere Umsetzung der Digitalisierungsstrategie/);
    const stem = await get('/ratsinfo/suche?q=Digitalisierungsstrategien');
    assert.match(stem.body, /Schnellere Umsetzung der Digitalisierungsstrategie/);
    const secret = await get('/ratsinfo/suche?q=Geheimweg');
    assert.match(secret.body, /0 Treffer/);
    const site = await get('/api/v1/search?q=Geheimweg');
    assert.equal(site.json<{ total: number }>().total, 0);
    const site2 = await get('/api/v1/search?q=Pflegefinder');
    assert.ok(site2.json<{ total: number }>().total >= 1);
  });

  it('never shows non-public content in pages, sitemap, feeds or open data', async () => {
    const secret = (
      await t.kernel.db.pool.query<{ id: string; body_id: string }>(
        'select id, body_id from council.paper where not public',
      )
    ).rows;
    assert.ok(secret.length > 0);
    for (const s of secret.slice(0, 5))
      assert.equal((await get(`/ratsinfo/${s.body_id}/vorlagen/${s.id}`)).statusCode, 404);
    const sitemap = (await get('/sitemap.xml')).body;
    assert.match(sitemap, /\/ratsinfo\/rhein-kreis-neuss\/vorlagen\//);
    for (const s of secret) assert.ok(!sitemap.includes(`/vorlagen/${s.id}<`));
    for (const key of ['kreistag-sitzungen', 'kreistag-vorlagen']) {
      const ds = t.kernel.extensions.dataset(key)!;
      assert.equal(ds.licenseId, 'dl-zero-de/2.0');
      for (const d of ds.distributions) {
        const out = String(
          (await d.render({ db: t.kernel.db, clock: t.kernel.clock, tenants: t.kernel.tenants })).body,
        );
        assert.ok(out.length > 100);
        assert.ok(!out.includes('Geheimweg') && !out.includes('nicht öffentlich'), `${key}/${d.key} leaks`);
      }
    }
    const org = (
      await t.kernel.db.pool.query<{ id: string }>(
        `select id from council.organization where body_id = $1 and name = 'Kreistag'`,
        [BODY],
      )
    ).rows[0]!.id;
    const ics = await get(`/ratsinfo/${BODY}/gremien/${org}.ics`);
    assert.equal(ics.statusCode, 200);
    assert.match(String(ics.headers['content-type']), /^text\/calendar/);
    const events = parseIcs(ics.body);
    assert.ok(events.length >= 5);
    assert.ok(
      events.some((e) => e.STATUS === 'CANCELLED'),
      'the cancelled Kreistag meeting of 16.12.2020',
    );
    await t.kernel.db.pool.query(
      `update council.meeting set published = false where id = (select max(id) from council.meeting where $1 = any(organization_ids))`,
      [org],
    );
    const after = parseIcs((await get(`/ratsinfo/${BODY}/gremien/${org}.ics`)).body);
    assert.equal(after.length, events.length - 1, 'drafts are not in the feed');
    const person = (
      await t.kernel.db.pool.query<{ id: string }>(
        `select id from council.person where body_id = $1 order by id limit 1`,
        [BODY],
      )
    ).rows[0]!.id;
    const pics = await get(`/ratsinfo/${BODY}/personen/${person}.ics`);
    assert.ok(parseIcs(pics.body).length >= 5);
  });

  it('portal pages render; bad input gets clear errors, never a 500', async () => {
    const motion = (
      await t.kernel.db.pool.query<{ id: string }>(
        `select id from council.paper where paper_type = 'Antrag' and body_id = $1`,
        [BODY],
      )
    ).rows[0]!.id;
    const page = await get(`/ratsinfo/${BODY}/vorlagen/${motion}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Beratungsfolge/);
    assert.match(page.body, /Ausschuss für Innovation, Digitalisierung und Standortmarketing/);
    assert.match(page.body, /Kreisausschuss/);
    assert.match(page.body, /SPD-Kreistagsfraktion, Fraktion Bündnis 90\/Die Grünen/);
    assert.match(page.body, /\(PDF, \d+ KB\)/, 'file link says type and size');
    for (const url of [
      '/ratsinfo',
      `/ratsinfo/${BODY}`,
      `/ratsinfo/${BODY}/sitzungen`,
      `/ratsinfo/${BODY}/sitzungen?monat=2021-03&ansicht=liste`,
      '/ratsinfo/suche',
    ]) {
      assert.equal((await get(url)).statusCode, 200, url);
    }
    const list = await get(`/ratsinfo/${BODY}/sitzungen?monat=2021-03&ansicht=liste`);
    assert.match(list.body, /Sitzung des Kreisausschusses/);
    assert.equal((await get(`/ratsinfo/${BODY}/sitzungen?monat=2021-13`)).statusCode, 400);
    assert.equal((await get(`/ratsinfo/${BODY}/sitzungen?ansicht=woche`)).statusCode, 400);
    assert.equal((await get(`/ratsinfo/${BODY}/sitzungen?gremium=abc`)).statusCode, 400);
    const badDate = await get('/ratsinfo/suche?q=Haushalt&von=31.02.2021');
    assert.equal(badDate.statusCode, 422);
    assert.match(badDate.body, /error-summary/);
    assert.equal((await get(`/ratsinfo/suche?q=${'x'.repeat(250)}`)).statusCode, 422);
    assert.equal((await get('/ratsinfo/suche?koerperschaft=atlantis&q=a')).statusCode, 422);
    for (const url of [
      '/ratsinfo/NOPE',
      `/ratsinfo/${BODY}/vorlagen/0`,
      `/ratsinfo/${BODY}/vorlagen/99999999`,
      `/ratsinfo/${BODY}/gremien/x.ics`,
      `/ratsinfo/${BODY}/personen/1e5`,
      `/ratsinfo/${BODY}/dateien/abc`,
    ]) {
      assert.equal((await get(url)).statusCode, 404, url);
    }
  });
});
