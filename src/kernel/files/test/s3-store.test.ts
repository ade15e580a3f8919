import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import {
  createS3Store,
  FileNotFoundError,
  FileTooLargeError,
  FileTypeMismatchError,
  InvalidFileKeyError,
  type S3Store,
} from '../index.ts';
import { byteStream, CSV, PDF, readAll } from './fixtures.ts';
import { startS3TestServer, type S3TestServer } from './s3-test-server.ts';

describe('S3 file store over HTTP (AWS SDK against a local S3-compatible server)', () => {
  let s3: S3TestServer;
  let store: S3Store;
  before(async () => {
    s3 = await startS3TestServer(['openkreis']);
    store = createS3Store({
      endpoint: s3.endpoint,
      bucket: 'openkreis',
      region: 'eu-central-1',
      accessKeyId: 'test',
      secretAccessKey: 'test-secret',
      forcePathStyle: true,
    });
  });
  after(async () => {
    store.close();
    await s3.close();
  });

  it('puts, heads, gets and deletes objects with path-style URLs', async () => {
    const r = await store.put(PDF, { declaredName: 'bescheid.pdf', maxBytes: 10_000 });
    assert.equal(r.mediaType, 'application/pdf');
    assert.equal(r.sha256, createHash('sha256').update(PDF).digest('hex'));
    assert.ok(s3.requests.includes(`PUT /openkreis/${r.key}`), s3.requests.join('\n'));
    const stored = s3.objects.get(`openkreis/${r.key}`);
    assert.ok(stored);
    assert.deepEqual(stored.body, PDF);
    assert.equal(stored.contentType, 'application/pdf');

    assert.equal(await store.exists(r.key), true);
    assert.deepEqual(await readAll(await store.get(r.key)), PDF);
    await store.delete(r.key);
    assert.equal(await store.exists(r.key), false);
    await assert.rejects(store.get(r.key), FileNotFoundError);
  });

  it('streams larger content and sends its SHA-256 for the server to verify', async () => {
    const r = await store.put(byteStream(2_500_000, 64 * 1024, 0x7a), {
      declaredName: 'export.csv',
      maxBytes: 5_000_000,
    });
    assert.equal(r.size, 2_500_000);
    assert.equal(r.mediaType, 'text/csv');
    const body = await readAll(await store.get(r.key));
    assert.equal(body.length, 2_500_000);
    assert.equal(createHash('sha256').update(body).digest('hex'), r.sha256);
    assert.ok(s3.verified.has(`openkreis/${r.key}`), 'the PUT carried a matching x-amz-checksum-sha256');
  });

  it('uploads nothing when the content is refused', async () => {
    const count = s3.objects.size;
    const puts = s3.requests.filter((x) => x.startsWith('PUT')).length;
    await assert.rejects(store.put(byteStream(10 * 1024 * 1024), { maxBytes: 50_000 }), FileTooLargeError);
    await assert.rejects(store.put(CSV, { declaredName: 'x.pdf', maxBytes: 50_000 }), FileTypeMismatchError);
    assert.equal(s3.objects.size, count);
    assert.equal(s3.requests.filter((x) => x.startsWith('PUT')).length, puts);
  });

  it('refuses malformed keys before any request', async () => {
    const n = s3.requests.length;
    await assert.rejects(store.get('../other-bucket/x'), InvalidFileKeyError);
    await assert.rejects(store.exists('ab/../../x'), InvalidFileKeyError);
    assert.equal(s3.requests.length, n);
  });
});

describe('kernel.files with STORAGE_DRIVER=s3', () => {
  let s3: S3TestServer;
  let t: TestApp;
  before(async () => {
    s3 = await startS3TestServer(['akten']);
    t = await createTestApp({
      env: {
        STORAGE_DRIVER: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: 'akten',
        S3_ACCESS_KEY: 'k',
        S3_SECRET_KEY: 's',
      },
    });
  });
  after(async () => {
    await t.close();
    await s3.close();
  });

  it('records metadata and keeps the content in the bucket', async () => {
    assert.equal(t.kernel.files.driver, 's3');
    const f = await t.kernel.files.put(CSV, { declaredName: 'einwohner.csv', tenantId: 'kaarst' });
    assert.equal(f.mediaType, 'text/csv');
    assert.equal(f.tenantId, 'kaarst');
    assert.ok(s3.objects.has(`akten/${f.key}`));
    const { rows } = await t.kernel.db.pool.query<{ driver: string }>(
      'select driver from kernel.files where id = $1',
      [f.id],
    );
    assert.equal(rows[0]?.driver, 's3');
    const opened = await t.kernel.files.open(f.id);
    assert.ok(opened);
    assert.deepEqual(await readAll(opened.stream), CSV);
    assert.equal(await t.kernel.files.delete(f.id), true);
    assert.equal(s3.objects.has(`akten/${f.key}`), false);
  });
});
