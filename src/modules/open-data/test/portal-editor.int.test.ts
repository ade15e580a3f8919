import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { createTestApp, csrfFrom, type TestApp } from '../../../testing.ts';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { decode, previewCsv, previewText, parseNumber, detectDelimiter } from '../lib/csv-preview.ts';
import { parseFq, SearchQueryError } from '../lib/fq.ts';
import { seedDemoCatalogue } from '../seed.ts';

let t: TestApp;
let neussCookie: string;
let dormagenCookie: string;

before(async () => {
  t = await createTestApp();
  await seedDemoCatalogue(t.kernel);
  neussCookie = await loginAs(
    t.kernel,
    await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'editor', tenantId: 'neuss', orgUnitId: null }],
    }),
  );
  dormagenCookie = await loginAs(
    t.kernel,
    await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'editor', tenantId: 'dormagen', orgUnitId: null }],
    }),
  );
});
after(() => t.close());

function multipart(fields: Record<string, string>, file?: { field: string; name: string; body: string }) {
  const b = '----odtest';
  let out = '';
  for (const [k, v] of Object.entries(fields))
    out += `--${b}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  if (file)
    out += `--${b}\r\ncontent-disposition: form-data; name="${file.field}"; filename="${file.name}"\r\ncontent-type: text/csv\r\n\r\n${file.body}\r\n`;
  return { payload: `${out}--${b}--\r\n`, type: `multipart/form-data; boundary=${b}` };
}

describe('portal', () => {
  it('search with facets, dataset page, CSV preview sorted numerically, download counted', async () => {
    const s = await t.app.inject({ url: '/daten?q=Haushalt&organization=neuss' });
    assert.equal(s.statusCode, 200);
    assert.match(s.body, /Haushaltsplan 2025 Neuss/);
    const page = await t.app.inject({ url: '/daten/datensatz/neuss-haushalt-2025' });
    assert.equal(page.statusCode, 200);
    const preview = /href="(\/daten\/datensatz\/neuss-haushalt-2025\/ressource\/[^"]+\/vorschau)"/.exec(
      page.body,
    )![1]!;
    const p = await t.app.inject({ url: `${preview}?sortiere=1&richtung=desc` });
    assert.equal(p.statusCode, 200);
    assert.match(p.body, /aria-sort="descending"/);
    const cells = [...p.body.matchAll(/kern-table__cell kern-table__cell--numeric">([\d.,]+)</g)].map((m) =>
      parseNumber(m[1]!)!,
    );
    const erträge = cells.filter((_, i) => i % 2 === 0);
    assert.deepEqual(
      erträge,
      [...erträge].sort((a, b) => b - a),
    );
    const dl = await t.app.inject({ url: preview.replace('/vorschau', '/download') });
    assert.equal(dl.statusCode, 200);
    const again = await t.app.inject({ url: '/daten/datensatz/neuss-haushalt-2025' });
    assert.match(again.body, /2 Aufrufe, 1 Downloads/);
  });

  it('GeoJSON preview as inline SVG with a feature list; Atom feed; API and stats pages', async () => {
    const page = await t.app.inject({ url: '/daten/datensatz/neuss-wlan-hotspots' });
    const preview = /href="([^"]+\/vorschau)"/.exec(page.body)![1]!;
    const g = await t.app.inject({ url: preview });
    assert.match(g.body, /<svg[^>]+role="img"/);
    assert.match(g.body, /WLAN-Hotspot 1/);
    const feed = await t.app.inject({ url: '/daten/feed.atom' });
    assert.match(String(feed.headers['content-type']), /atom/);
    assert.equal((await t.app.inject({ url: '/daten/api' })).statusCode, 200);
    assert.match((await t.app.inject({ url: '/daten/statistik' })).body, /von 405 Punkten/);
    assert.equal((await t.app.inject({ url: '/daten/datensatz/gibt-es-nicht' })).statusCode, 404);
    assert.equal((await t.app.inject({ url: '/daten?seite=abc&q=%22%27' })).statusCode, 200);
  });
});

describe('editor', () => {
  it('an editor publishes a dataset with an upload; quality and history are shown', async () => {
    const form = await t.app.inject({ url: '/verwaltung/opendata/neu', headers: { cookie: neussCookie } });
    assert.equal(form.statusCode, 200);
    const csrf = csrfFrom(form.body);
    const cookie = `${neussCookie}; ${String(form.headers['set-cookie'] ?? '').split(';')[0]}`;
    const bad = multipart({ title: '', owner_org: 'neuss', license_id: 'dl-by-de/2.0' });
    const r422 = await t.app.inject({
      method: 'POST',
      url: `/verwaltung/opendata/neu?_csrf=${encodeURIComponent(csrf)}`,
      headers: { cookie, 'content-type': bad.type },
      payload: bad.payload,
    });
    assert.equal(r422.statusCode, 422);
    assert.match(r422.body, /error-summary/);
    const ok = multipart(
      {
        title: 'Bäume in Neuss',
        owner_org: 'neuss',
        license_id: 'dl-by-de/2.0',
        attribution: 'Stadt Neuss',
        tags: 'Bäume, Umwelt',
        groups: 'ENVI',
      },
      { field: 'datei', name: 'baeume.csv', body: 'Art;Anzahl\nEiche;1.234\nBuche;56\n' },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/verwaltung/opendata/neu?_csrf=${encodeURIComponent(csrf)}`,
      headers: { cookie, 'content-type': ok.type },
      payload: ok.payload,
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const edit = await t.app.inject({ url: String(res.headers.location), headers: { cookie: neussCookie } });
    assert.match(edit.body, /Metadatenqualität/);
    assert.match(edit.body, /Änderungsverlauf/);
    const pub = await t.app.inject({ url: '/daten/datensatz/baeume-in-neuss' });
    assert.match(pub.body, /baeume\.csv/);
    // Another tenant's editor cannot edit it.
    const foreign = await t.app.inject({
      url: '/verwaltung/opendata/datensatz/baeume-in-neuss',
      headers: { cookie: dormagenCookie },
    });
    assert.equal(foreign.statusCode, 404);
    assert.equal((await t.app.inject({ url: '/verwaltung/opendata' })).statusCode === 200, false);

    // Add a URL resource through the edit page, then remove it again.
    const editPage = await t.app.inject({
      url: '/verwaltung/opendata/datensatz/baeume-in-neuss',
      headers: { cookie: neussCookie },
    });
    const csrf2 = csrfFrom(editPage.body);
    const cookie2 = `${neussCookie}; ${String(editPage.headers['set-cookie'] ?? form.headers['set-cookie'] ?? '').split(';')[0]}`;
    const noUrl = multipart({ res_url: 'kein link' });
    const r422b = await t.app.inject({
      method: 'POST',
      url: `/verwaltung/opendata/datensatz/baeume-in-neuss/ressource?_csrf=${encodeURIComponent(csrf2)}`,
      headers: { cookie: cookie2, 'content-type': noUrl.type },
      payload: noUrl.payload,
    });
    assert.equal(r422b.statusCode, 422);
    const withUrl = multipart({ res_url: 'https://example.org/baeume.geojson', res_name: 'Baumstandorte' });
    const added = await t.app.inject({
      method: 'POST',
      url: `/verwaltung/opendata/datensatz/baeume-in-neuss/ressource?_csrf=${encodeURIComponent(csrf2)}`,
      headers: { cookie: cookie2, 'content-type': withUrl.type },
      payload: withUrl.payload,
    });
    assert.equal(added.statusCode, 303, added.body.slice(0, 300));
    const ds = (await t.app.inject({ url: '/api/3/action/package_show?id=baeume-in-neuss' })).json<{
      result: { resources: { id: string; format: string }[] };
    }>().result;
    assert.equal(ds.resources.length, 2);
    assert.equal(ds.resources[1]!.format, 'GEOJSON');
    const removed = await t.app.inject({
      method: 'POST',
      url: `/verwaltung/opendata/datensatz/baeume-in-neuss/ressource/${ds.resources[1]!.id}/loeschen`,
      headers: { cookie: cookie2, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrf2)}`,
    });
    assert.equal(removed.statusCode, 303);
    // Another tenant's editor cannot remove resources.
    const foreignDel = await t.app.inject({
      method: 'POST',
      url: `/verwaltung/opendata/datensatz/baeume-in-neuss/ressource/${ds.resources[0]!.id}/loeschen`,
      headers: { cookie: dormagenCookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    assert.notEqual(foreignDel.statusCode, 303);
  });

  it('a broken CSV file gets a clear message in the preview, never a 500', async () => {
    const { createApiToken } = await import('../commands/tokens.ts');
    const id = await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'editor', tenantId: 'neuss', orgUnitId: null }],
    });
    const token = await createApiToken(t.kernel, id, 't');
    const b = '----br';
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/3/action/resource_create',
      headers: { 'content-type': `multipart/form-data; boundary=${b}`, authorization: token },
      payload: `--${b}\r\ncontent-disposition: form-data; name="package_id"\r\n\r\nbaeume-in-neuss\r\n--${b}\r\ncontent-disposition: form-data; name="upload"; filename="kaputt.csv"\r\ncontent-type: text/csv\r\n\r\na;b\n"offen;2\n3;4\r\n--${b}--\r\n`,
    });
    assert.equal(up.statusCode, 200, up.body);
    const rid = up.json<{ result: { id: string } }>().result.id;
    const p = await t.app.inject({ url: `/daten/datensatz/baeume-in-neuss/ressource/${rid}/vorschau` });
    assert.equal(p.statusCode, 200);
    assert.match(p.body, /Die CSV-Datei konnte nicht gelesen werden/);
    assert.match(p.body, /Herunterladen/);
  });
});

describe('CSV and fq units', () => {
  it('decodes Latin-1, detects delimiters and German numbers', () => {
    const latin1 = Buffer.from('Straße;Wert\nMüllerweg;1.234,5\n', 'latin1');
    const d = decode(latin1);
    assert.equal(d.encoding, 'windows-1252');
    const p = previewText(d.text, 10, true, d.encoding);
    assert.deepEqual(p.header, ['Straße', 'Wert']);
    assert.equal(p.numeric[1], true);
    assert.equal(parseNumber('1.234,56'), 1234.56);
    assert.equal(detectDelimiter('a\tb\tc\n1\t2\t3\n'), '\t');
    assert.equal(detectDelimiter('a|b\n1|2\n'), '|');
  });
  it('fq parser: quoted values, OR, negation, ranges; malformed input is a SearchQueryError', () => {
    assert.deepEqual(parseFq('organization:"neuss"'), {
      type: 'term',
      field: 'organization',
      value: 'neuss',
      quoted: true,
    });
    assert.equal(parseFq('a:1 OR -b:2').type, 'or');
    assert.equal(parseFq('metadata_modified:[2020-01-01T00:00:00Z TO *]').type, 'range');
    for (const bad of ['organization:"x', '(a:1', 'a:', 'foo', 'x:[1 TO', ':x', ']', 'a:1 }', 'tags:x]'])
      assert.throws(() => parseFq(bad), SearchQueryError, bad);
  });
  it('the CSV preview reads only the head of a huge stream', async () => {
    let produced = 0;
    const huge = Readable.from(
      (function* () {
        yield 'Nr;Wert\n';
        for (let i = 0; i < 10_000_000; i++) {
          produced++;
          yield `${i};${i},5\n`;
        }
      })(),
    );
    const p = await previewCsv(huge, 50);
    assert.equal(p.rows.length, 50);
    assert.ok(p.truncated);
    assert.ok(produced < 10_000, `read ${produced} lines`);
  });

  it('property: any fq input parses or fails with a SearchQueryError, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (input) => {
        try {
          parseFq(input);
        } catch (err) {
          if (!(err instanceof SearchQueryError)) throw err;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
