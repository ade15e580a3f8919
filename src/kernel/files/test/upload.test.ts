import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestApp, CookieJar, type TestApp } from '../../../testing.ts';
import { buildHttp } from '../../http/server.ts';
import { fileErrorMessage, FileRejectedError, saveUpload, sendStoredFile } from '../index.ts';
import { CSV, listFiles, PDF, PNG } from './fixtures.ts';

/** A real multipart/form-data body as a browser would send it. */
async function multipart(parts: Record<string, string | { name: string; content: Buffer; type?: string }[]>) {
  const form = new FormData();
  for (const [field, value] of Object.entries(parts)) {
    if (typeof value === 'string') form.append(field, value);
    else
      for (const f of value)
        form.append(
          field,
          new Blob([new Uint8Array(f.content)], { type: f.type ?? 'application/octet-stream' }),
          f.name,
        );
  }
  const res = new Response(form);
  return { payload: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type')! };
}

describe('saveUpload through a multipart route', () => {
  let t: TestApp;
  let app: FastifyInstance;
  let root: string;
  const jar = new CookieJar();
  let token = '';

  before(async () => {
    t = await createTestApp({ env: { UPLOAD_LIMIT_BYTES: '4096' } });
    root = join(t.kernel.config.dataDir, 'files');
    app = await buildHttp(t.kernel, { resolvePrincipal: async () => undefined, nav: [] });
    app.get('/token', { config: { policy: 'public' } }, async (_req, reply) =>
      reply.type('text/plain').send(reply.generateCsrf()),
    );
    app.post('/upload', { config: { policy: 'public' } }, async (req) => {
      const res = await saveUpload(req, t.kernel.files, {
        maxBytes: 1000,
        allowedTypes: ['text/csv', 'text/plain', 'application/pdf', 'image/png'],
        fileFields: ['nachweis'],
        tenantId: 'meerbusch',
      });
      return {
        fields: res.fields,
        files: Object.fromEntries(
          Object.entries(res.files).map(([k, v]) => [
            k,
            v.map((f) => ({
              id: f.id,
              size: f.size,
              mediaType: f.mediaType,
              originalName: f.originalName,
              tenantId: f.tenantId,
            })),
          ]),
        ),
      };
    });
    // A route with a generous own limit: the global UPLOAD_LIMIT_BYTES still applies.
    app.post('/upload-big', { config: { policy: 'public' } }, async (req) => {
      const res = await saveUpload(req, t.kernel.files, { maxBytes: 1_000_000 });
      return { n: Object.values(res.files).flat().length };
    });
    // The house pattern for forms: catch the rejection and show it at the field with 422.
    app.post('/form', { config: { policy: 'public' } }, async (req, reply) => {
      try {
        await saveUpload(req, t.kernel.files, { maxBytes: 100, allowedTypes: ['application/pdf'] });
        return await reply.code(303).redirect('/done');
      } catch (err) {
        if (!(err instanceof FileRejectedError)) throw err;
        return reply
          .code(422)
          .send({ field: err.field, message: fileErrorMessage(t.kernel.i18n.translator('de'), 'de', err) });
      }
    });
    app.get<{ Params: { id: string } }>(
      '/files/:id',
      { config: { policy: 'public' } },
      async (req, reply) => {
        if (!(await sendStoredFile(reply, t.kernel.files, req.params.id)))
          return reply.code(404).send('not found');
        return reply;
      },
    );
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/token' });
    jar.store(res.headers['set-cookie']);
    token = res.body;
  });
  after(async () => {
    await app.close();
    await t.close();
  });

  async function post(url: string, parts: Parameters<typeof multipart>[0], withToken = true) {
    const { payload, contentType } = await multipart(parts);
    return app.inject({
      method: 'POST',
      url: withToken ? `${url}?_csrf=${encodeURIComponent(token)}` : url,
      headers: { 'content-type': contentType, cookie: jar.header() },
      payload,
    });
  }

  async function fileCount(): Promise<number> {
    const { rows } = await t.kernel.db.pool.query<{ n: number }>(
      'select count(*)::int as n from kernel.files',
    );
    return rows[0]!.n;
  }

  it('stores the files and returns the fields', async () => {
    const res = await post('/upload', {
      betreff: 'Antrag Müller',
      tag: 'a',
      nachweis: [
        { name: 'einwohner.csv', content: CSV, type: 'text/csv' },
        { name: 'scan.pdf', content: PDF, type: 'application/pdf' },
      ],
      extra: 'b',
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.fields.betreff, 'Antrag Müller');
    assert.equal(body.files.nachweis.length, 2);
    assert.deepEqual(
      body.files.nachweis.map((f: { mediaType: string }) => f.mediaType),
      ['text/csv', 'application/pdf'],
    );
    assert.equal(body.files.nachweis[0].originalName, 'einwohner.csv');
    assert.equal(body.files.nachweis[0].tenantId, 'meerbusch');
    const download = await app.inject({ method: 'GET', url: `/files/${body.files.nachweis[1].id}` });
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.match(download.headers['content-disposition'] as string, /^inline; filename="scan.pdf"/);
    assert.match(download.headers['content-security-policy'] as string, /sandbox/);
    assert.deepEqual(download.rawPayload, PDF);
    assert.equal(
      (await app.inject({ method: 'GET', url: '/files/00000000-0000-4000-8000-000000000000' })).statusCode,
      404,
    );
  });

  it('answers 413 over the limit and keeps nothing, also files stored before in the same request', async () => {
    const rowsBefore = await fileCount();
    const filesBefore = await listFiles(root);
    const res = await post('/upload', {
      nachweis: [
        { name: 'klein.csv', content: CSV },
        { name: 'gross.csv', content: Buffer.alloc(5000, 0x61) },
      ],
    });
    assert.equal(res.statusCode, 413);
    assert.doesNotMatch(res.body, /at \w+ \(|stack/i);
    assert.equal(await fileCount(), rowsBefore);
    assert.deepEqual(await listFiles(root), filesBefore);
  });

  it('applies UPLOAD_LIMIT_BYTES even when the route allows more', async () => {
    const rowsBefore = await fileCount();
    const res = await post('/upload-big', { f: [{ name: 'a.txt', content: Buffer.alloc(4097, 0x61) }] });
    assert.equal(res.statusCode, 413);
    assert.equal(await fileCount(), rowsBefore);
    const ok = await post('/upload-big', { f: [{ name: 'a.txt', content: Buffer.alloc(4096, 0x61) }] });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  it('refuses disallowed types (415) and names that lie about the content (422)', async () => {
    const rowsBefore = await fileCount();
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.alloc(40)]);
    assert.equal(
      (await post('/upload', { nachweis: [{ name: 'archiv.zip', content: zip }] })).statusCode,
      415,
    );
    assert.equal((await post('/upload', { nachweis: [{ name: 'foto.pdf', content: PNG }] })).statusCode, 422);
    assert.equal(await fileCount(), rowsBefore);
  });

  it('ignores an empty file input and refuses unexpected file fields', async () => {
    const empty = await post('/upload', { betreff: 'x', nachweis: [{ name: '', content: Buffer.alloc(0) }] });
    assert.equal(empty.statusCode, 200, empty.body);
    assert.deepEqual(empty.json().files, {});
    assert.equal((await post('/upload', { anderes: [{ name: 'a.csv', content: CSV }] })).statusCode, 400);
  });

  it('lets a form route show the reason at the field', async () => {
    const res = await post('/form', {
      beleg: [{ name: 'beleg.pdf', content: Buffer.concat([PDF, Buffer.alloc(200, 0x20)]) }],
    });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(res.json(), {
      field: 'beleg',
      message: 'Die Datei ist zu groß. Erlaubt sind höchstens 100 B.',
    });
  });

  it('needs the CSRF token and a multipart body', async () => {
    const rowsBefore = await fileCount();
    assert.equal(
      (await post('/upload', { nachweis: [{ name: 'a.csv', content: CSV }] }, false)).statusCode,
      403,
    );
    const urlencoded = await app.inject({
      method: 'POST',
      url: `/upload?_csrf=${encodeURIComponent(token)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      payload: 'nachweis=x',
    });
    assert.equal(urlencoded.statusCode, 415);
    assert.equal(await fileCount(), rowsBefore);
  });

  it('answers 413 over a real socket while the client is still sending', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const { payload, contentType } = await multipart({
      nachweis: [{ name: 'gross.txt', content: Buffer.alloc(3 * 1024 * 1024, 0x61) }],
    });
    const rowsBefore = await fileCount();
    const res = await fetch(`http://127.0.0.1:${port}/upload?_csrf=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': contentType, cookie: jar.header() },
      body: payload,
    });
    assert.equal(res.status, 413);
    await res.arrayBuffer();
    assert.equal(await fileCount(), rowsBefore);
  });

  it('handles concurrent uploads independently', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post('/upload', {
          nachweis: [
            { name: `d${i}.txt`, content: i % 2 ? Buffer.alloc(2000, 0x61) : Buffer.from(`Datei ${i}`) },
          ],
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.statusCode),
      [200, 413, 200, 413, 200, 413, 200, 413],
    );
  });
});
