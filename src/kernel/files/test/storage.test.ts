import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { cleanFileName, contentDisposition, FileTooLargeError } from '../index.ts';
import { byteStream, CSV, listFiles, PNG, readAll } from './fixtures.ts';

describe('kernel.files (local driver, metadata in kernel.files)', () => {
  let t: TestApp;
  let root: string;
  before(async () => {
    t = await createTestApp({ env: { UPLOAD_LIMIT_BYTES: '20000' } });
    root = join(t.kernel.config.dataDir, 'files');
  });
  after(async () => t.close());

  it('stores content with its metadata and finds it by id', async () => {
    const owner = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    const f = await t.kernel.files.put(PNG, {
      declaredName: 'C:\\fakepath\\Straßen\u202eplan.png',
      tenantId: 'neuss',
      ownerId: owner,
    });
    assert.equal(f.mediaType, 'image/png');
    assert.equal(f.originalName, 'Straßenplan.png');
    assert.equal(f.tenantId, 'neuss');
    assert.equal(f.ownerId, owner);
    assert.equal(f.size, PNG.length);
    assert.ok(await t.kernel.files.objects.exists(f.key));
    assert.deepEqual(await t.kernel.files.info(f.id), f);
    const opened = await t.kernel.files.open(f.id);
    assert.ok(opened);
    assert.deepEqual(await readAll(opened.stream), PNG);
  });

  it('answers null for unknown and malformed ids instead of failing', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', "1' or '1'='1", '../x', '']) {
      assert.equal(await t.kernel.files.info(id), null);
      assert.equal(await t.kernel.files.open(id), null);
      assert.equal(await t.kernel.files.delete(id), false);
    }
  });

  it('deletes metadata and content', async () => {
    const f = await t.kernel.files.put(CSV, { declaredName: 'liste.csv' });
    assert.equal(await t.kernel.files.delete(f.id), true);
    assert.equal(await t.kernel.files.info(f.id), null);
    assert.equal(await t.kernel.files.objects.exists(f.key), false);
    assert.equal(await t.kernel.files.delete(f.id), false);
  });

  it('uses UPLOAD_LIMIT_BYTES as the default limit and records nothing over it', async () => {
    const { rows: before } = await t.kernel.db.pool.query<{ n: number }>(
      'select count(*)::int as n from kernel.files',
    );
    const filesBefore = await listFiles(root);
    await assert.rejects(t.kernel.files.put(byteStream(20_001)), FileTooLargeError);
    const { rows: afterRows } = await t.kernel.db.pool.query<{ n: number }>(
      'select count(*)::int as n from kernel.files',
    );
    assert.equal(afterRows[0]!.n, before[0]!.n);
    assert.deepEqual(await listFiles(root), filesBefore);
    assert.equal((await t.kernel.files.put(byteStream(20_000))).size, 20_000);
  });

  it('removes the content again when the metadata cannot be written', async () => {
    const filesBefore = await listFiles(root);
    await assert.rejects(
      t.kernel.files.put(CSV, { declaredName: 'x.csv', tenantId: 'no-such-tenant' }),
      /foreign key/,
    );
    assert.deepEqual(await listFiles(root), filesBefore);
  });

  it('cleans file names and builds RFC 6266 dispositions', () => {
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('a\u0000b\nc.txt'), 'abc.txt');
    assert.equal(cleanFileName('..'), null);
    assert.equal(cleanFileName(''), null);
    const long = `${'x'.repeat(300)}.pdf`;
    assert.equal(cleanFileName(long)!.length, 255);
    assert.ok(cleanFileName(long)!.endsWith('.pdf'));
    assert.equal(
      contentDisposition('attachment', 'Bescheid "Müller" 100%.pdf'),
      `attachment; filename="Bescheid _Muller_ 100_.pdf"; filename*=UTF-8''Bescheid%20%22M%C3%BCller%22%20100%25.pdf`,
    );
  });
});
