import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { createTestApp, CookieJar, csrfFrom, type TestApp } from '../../../testing.ts';
import { importOParl } from '../commands/import.ts';
import { renderTextPdf } from '../commands/pdf.ts';
import {
  BlockedAddressError,
  createSafeFetch,
  isInternalAddress,
  ResponseTooLargeError,
} from '../commands/safe-fetch.ts';

const BODY = 'grevenbroich';
const T = (t: string) => `https://schema.oparl.org/1.1/${t}`;

/** A small OParl source with a real PDF, a file that is no PDF, and a few hostile answers. */
async function source() {
  const pdf = await renderTextPdf(
    'Vorlage Radschnellweg',
    'Der Radschnellweg verbindet Grevenbroich mit Neuss.',
  );
  let base = '';
  const requests: string[] = [];
  const json = (o: unknown) => JSON.stringify(o);
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', base);
    requests.push(u.pathname);
    const send = (body: string, type = 'application/json') =>
      void res.writeHead(200, { 'content-type': type }).end(body);
    switch (u.pathname) {
      case '/oparl/system':
        return send(json({ id: `${base}/oparl/system`, type: T('System'), body: `${base}/oparl/bodies` }));
      case '/oparl/bodies':
        return send(
          json({
            data: [
              { id: `${base}/oparl/body/1`, type: T('Body'), name: 'Quelle', paper: `${base}/oparl/papers` },
            ],
            links: {},
          }),
        );
      case '/oparl/papers':
        return send(
          json({
            data: [
              {
                id: `${base}/oparl/paper/1`,
                type: T('Paper'),
                name: 'Radschnellweg',
                mainFile: {
                  id: `${base}/oparl/file/1`,
                  type: T('File'),
                  name: 'Vorlage',
                  fileName: 'vorlage.pdf',
                  mimeType: 'application/pdf',
                  accessUrl: `${base}/files/1.pdf`,
                },
                auxiliaryFile: [
                  {
                    id: `${base}/oparl/file/2`,
                    type: T('File'),
                    name: 'Anlage',
                    fileName: 'anlage.pdf',
                    mimeType: 'application/pdf',
                    accessUrl: `${base}/files/2.pdf`,
                  },
                  {
                    id: `${base}/oparl/file/3`,
                    type: T('File'),
                    name: 'Karte',
                    fileName: 'karte.pdf',
                    accessUrl: `${base}/files/missing.pdf`,
                  },
                ],
              },
            ],
            links: {},
          }),
        );
      case '/files/1.pdf':
        return void res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
      case '/files/2.pdf':
        return send('<html><body>kein PDF</body></html>', 'application/pdf');
      case '/big':
        return send('x'.repeat(5000), 'text/plain');
      case '/big-chunked':
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
        return void res.end();
      case '/slow':
        return; // never answers
      case '/to-localhost':
        return void res.writeHead(302, { location: `http://localhost:${u.port}/oparl/system` }).end();
      default:
        return void res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    pdf,
    requests,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('OParl import: address guard, size and time limits', () => {
  it('classifies internal addresses (IPv4, IPv6, IPv4-mapped) and leaves public ones alone', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.178.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      '::',
      'fe80::1',
      'fd12:3456::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ])
      assert.equal(isInternalAddress(a), true, a);
    for (const a of ['8.8.8.8', '193.99.144.80', '2a00:1450:4001:82b::200e', '::ffff:8.8.8.8'])
      assert.equal(isInternalAddress(a), false, a);
  });

  let src: Awaited<ReturnType<typeof source>>;
  before(async () => {
    src = await source();
  });
  after(() => src.stop());
  const opts = { allowedHosts: [], maxBytes: 1_000_000, timeoutMs: 2000 };

  it('refuses loopback by IP literal and by name, also after a redirect from an allowed host', async () => {
    const f = createSafeFetch(opts);
    await assert.rejects(f(`${src.base}/oparl/system`), BlockedAddressError);
    const port = new URL(src.base).port;
    await assert.rejects(f(`http://localhost:${port}/oparl/system`), BlockedAddressError);
    await assert.rejects(f('http://[::1]:9/'), BlockedAddressError);
    await assert.rejects(f('file:///etc/passwd'), BlockedAddressError);
    const allowed = createSafeFetch({ ...opts, allowedHosts: ['127.0.0.1'] });
    assert.equal((await allowed(`${src.base}/oparl/system`)).status, 200);
    await assert.rejects(allowed(`${src.base}/to-localhost`), BlockedAddressError);
    // an allow-list entry with another port does not open this one
    const otherPort = createSafeFetch({ ...opts, allowedHosts: ['127.0.0.1:1'] });
    await assert.rejects(otherPort(`${src.base}/oparl/system`), BlockedAddressError);
  });

  it('stops at the size cap (declared or streamed) and at the time-out', async () => {
    const f = createSafeFetch({ ...opts, allowedHosts: ['127.0.0.1'], maxBytes: 1000, timeoutMs: 300 });
    await assert.rejects(f(`${src.base}/big`), ResponseTooLargeError);
    await assert.rejects(f(`${src.base}/big-chunked`), ResponseTooLargeError);
    const started = Date.now();
    await assert.rejects(f(`${src.base}/slow`), (err: Error) =>
      /abort|timeout/i.test(`${err.name} ${err.message}`),
    );
    assert.ok(Date.now() - started < 3000);
  });

  describe('in the app', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ env: { BASE_URL: 'http://ratsinfo.test' } });
    });
    after(() => t.close());

    it('an import of an internal address without allow-list entry fails with a report, importing nothing', async () => {
      const r = await importOParl(t.kernel, { bodyId: BODY, url: `${src.base}/oparl/system` });
      assert.match(r.error ?? '', /internal address/);
      const n = await t.kernel.db.pool.query('select 1 from council.paper where body_id = $1', [BODY]);
      assert.equal(n.rowCount, 0);
    });
  });
});

describe('OParl import: files downloaded into the store, and the import as a job with a status page', () => {
  let t: TestApp;
  let src: Awaited<ReturnType<typeof source>>;
  before(async () => {
    src = await source();
    t = await createTestApp({
      env: {
        BASE_URL: 'http://ratsinfo.test',
        COUNCIL_IMPORT_ALLOWED_HOSTS: '127.0.0.1',
        COUNCIL_IMPORT_DOWNLOAD_FILES: 'true',
      },
    });
  });
  after(async () => {
    await t.close();
    await src.stop();
  });

  const files = async () =>
    (
      await t.kernel.db.pool.query<{
        external_id: string;
        storage_id: string | null;
        sha512: string | null;
        text: string | null;
        modified: Date;
      }>(
        'select external_id, storage_id, sha512, text, modified from council.file where body_id = $1 order by external_id',
        [BODY],
      )
    ).rows;

  it('downloads the PDF of a paper with its text and checksum; what is no PDF or missing stays a link and is reported', async () => {
    const r = await importOParl(t.kernel, { bodyId: BODY, url: `${src.base}/oparl/system` });
    assert.equal(r.error, null);
    const [main, notPdf, missing] = await files();
    assert.ok(main!.storage_id, 'the PDF is in the file store');
    assert.equal(main!.sha512, createHash('sha512').update(src.pdf).digest('hex'));
    assert.match(main!.text ?? '', /Radschnellweg verbindet Grevenbroich/);
    assert.equal(notPdf!.storage_id, null);
    assert.equal(missing!.storage_id, null);
    const failed = r.skips.filter((s) => s.rule === 'file-download-failed').map((s) => s.url);
    assert.deepEqual(failed.sort(), [`${src.base}/oparl/file/2`, `${src.base}/oparl/file/3`]);
    // the OParl File now points to our copy, and the search finds the paper by the PDF's text
    const id = (
      await t.kernel.db.pool.query<{ id: number }>('select id from council.file where external_id = $1', [
        `${src.base}/oparl/file/1`,
      ])
    ).rows[0]!.id;
    const file = (await t.app.inject({ method: 'GET', url: `/oparl/v1/file/${id}` })).json<
      Record<string, string>
    >();
    assert.equal(file.accessUrl, `http://ratsinfo.test/oparl/v1/file/${id}/access`);
    assert.equal(file.sha512Checksum, main!.sha512);
    const search = await t.app.inject({ method: 'GET', url: '/ratsinfo/suche?q=Grevenbroich' });
    assert.match(search.body, /Radschnellweg/);
  });

  it('a rerun downloads nothing again and changes nothing', async () => {
    const before = await files();
    const fetched = src.requests.filter((p) => p === '/files/1.pdf').length;
    const r = await importOParl(t.kernel, { bodyId: BODY, url: `${src.base}/oparl/system`, full: true });
    assert.equal(r.error, null);
    assert.equal(r.created + r.updated, 0);
    assert.deepEqual(await files(), before);
    assert.equal(src.requests.filter((p) => p === '/files/1.pdf').length, fetched);
  });

  it('the staff page queues the import as a job and shows its report; another tenant sees nothing', async () => {
    const login = async (tenantId: string) => {
      const id = await createAccount(t.kernel, {
        kind: 'staff',
        displayName: `Amt ${tenantId}`,
        roles: [{ role: 'council_office', tenantId, orgUnitId: null }],
      });
      const jar = new CookieJar();
      jar.store((await loginAs(t.kernel, id)) + ';');
      return jar;
    };
    const jar = await login(BODY);
    const get = async (j: CookieJar, url: string) => {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: j.header() } });
      j.store(res.headers['set-cookie']);
      return res;
    };
    const page = await get(jar, '/verwaltung/ratsinfo/import');
    assert.equal(page.statusCode, 200);
    const post = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/verwaltung/ratsinfo/import',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfFrom(page.body), ...fields }).toString(),
      });
    const bad = await post({ koerperschaft: BODY, url: 'ftp://example.org/oparl' });
    assert.equal(bad.statusCode, 422);
    const started = performance.now();
    const res = await post({ koerperschaft: BODY, url: `${src.base}/oparl/system`, vollstaendig: 'ja' });
    assert.equal(res.statusCode, 303);
    assert.ok(performance.now() - started < 5000);
    const status = String(res.headers.location);
    assert.match(status, /^\/verwaltung\/ratsinfo\/import\/\d+$/);
    assert.match((await get(jar, status)).body, /wartet auf den Start oder läuft noch/);
    await t.kernel.jobs.start();
    let body = '';
    for (let i = 0; i < 100; i++) {
      body = (await get(jar, status)).body;
      if (!body.includes('läuft noch')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(body, /Import abgeschlossen/);
    assert.match(body, /file-download-failed/);
    assert.ok(body.includes(`${src.base}/oparl/file/2`), 'every skip is listed');
    const other = await login('neuss');
    assert.equal((await get(other, status)).statusCode, 404);
    assert.equal((await get(jar, '/verwaltung/ratsinfo/import/abc')).statusCode, 404);
  });
});
