import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import {
  createLocalStore,
  EmptyFileError,
  FileNotFoundError,
  FileTooLargeError,
  FileTypeMismatchError,
  FileTypeNotAllowedError,
  InvalidFileKeyError,
  type ObjectStore,
} from '../index.ts';
import { byteStream, CSV, listFiles, PDF, PNG, readAll } from './fixtures.ts';

describe('local file store', () => {
  let root: string;
  let store: ObjectStore;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'openkreis-files-'));
    store = createLocalStore(root);
  });
  after(async () => rm(root, { recursive: true, force: true }));

  it('stores a buffer and a stream, reads them back, deletes them', async () => {
    const a = await store.put(PDF, { declaredName: 'bescheid.pdf', maxBytes: 10_000 });
    assert.match(a.key, /^[0-9a-f]{2}\/[0-9a-f]{32}$/);
    assert.equal(a.size, PDF.length);
    assert.equal(a.mediaType, 'application/pdf');
    assert.equal(a.sha256, createHash('sha256').update(PDF).digest('hex'));
    assert.deepEqual(await readAll(await store.get(a.key)), PDF);

    const big = byteStream(300_000, 7_000, 0x78);
    const b = await store.put(big, { declaredName: 'daten.txt', maxBytes: 1_000_000 });
    assert.equal(b.size, 300_000);
    assert.equal(b.mediaType, 'text/plain');
    assert.equal(b.sha256, createHash('sha256').update(Buffer.alloc(300_000, 0x78)).digest('hex'));
    // Larger than what is kept in memory (256 KB): written to the file as it streams.
    assert.deepEqual(await readAll(await store.get(b.key)), Buffer.alloc(300_000, 0x78));
    assert.notEqual(a.key, b.key);

    assert.equal(await store.exists(a.key), true);
    await store.delete(a.key);
    assert.equal(await store.exists(a.key), false);
    await assert.rejects(store.get(a.key), FileNotFoundError);
    await store.delete(a.key); // idempotent
    assert.equal(await store.exists(b.key), true);
  });

  it('aborts a stream over the limit early and leaves no file behind', async () => {
    const before = await listFiles(root);
    const source = byteStream(50 * 1024 * 1024, 64 * 1024);
    await assert.rejects(
      store.put(source, { declaredName: 'gross.txt', maxBytes: 100_000 }),
      (err: unknown) => {
        assert.ok(err instanceof FileTooLargeError);
        assert.equal(err.statusCode, 413);
        assert.equal(err.limitBytes, 100_000);
        return true;
      },
    );
    assert.ok(source.pulled() < 1024 * 1024, `read ${source.pulled()} bytes of a 50 MB stream`);
    assert.deepEqual(await listFiles(root), before);
  });

  it('a stream that passes the limit after it began to go to disk leaves no file behind either', async () => {
    const before = await listFiles(root);
    await assert.rejects(
      store.put(byteStream(1024 * 1024, 50_000), { declaredName: 'gross.txt', maxBytes: 400_000 }),
      FileTooLargeError,
    );
    assert.deepEqual(await listFiles(root), before);
  });

  it('accepts exactly the limit and refuses one byte more', async () => {
    const ok = await store.put(Buffer.alloc(1000, 0x41), { maxBytes: 1000 });
    assert.equal(ok.size, 1000);
    await assert.rejects(store.put(Buffer.alloc(1001, 0x41), { maxBytes: 1000 }), FileTooLargeError);
  });

  it('sniffs large files from the bytes in memory or, when those do not decide, from the file', async () => {
    // Over the 64 KiB kept in memory: a PDF is decided by its first bytes …
    const bigPdf = Buffer.concat([
      Buffer.from('%PDF-1.7\n%'),
      Buffer.alloc(200_000, 'x'),
      Buffer.from('\n%%EOF\n'),
    ]);
    assert.equal(
      (await store.put(bigPdf, { declaredName: 'a.pdf', maxBytes: 300_000 })).mediaType,
      'application/pdf',
    );
    // … text has no magic bytes: sniffed again from the file, then decided as text.
    const bigText = Buffer.from('Zeile mit Umlauten: äöü\n'.repeat(4000));
    assert.equal(
      (await store.put(bigText, { declaredName: 'a.txt', maxBytes: 300_000 })).mediaType,
      'text/plain',
    );
    // A PNG tail after 64 KiB of text does not make it a PNG.
    const textThenPng = Buffer.concat([Buffer.alloc(70_000, 'a'), PNG]);
    assert.equal(
      (await store.put(textThenPng, { declaredName: 'a.bin', maxBytes: 300_000 })).mediaType,
      'application/octet-stream',
    );
  });

  it('detects the type from the content, not from the name', async () => {
    assert.equal(
      (await store.put(PNG, { declaredName: 'foto.png', maxBytes: 10_000 })).mediaType,
      'image/png',
    );
    assert.equal(
      (await store.put(PNG, { declaredName: 'ohne-endung', maxBytes: 10_000 })).mediaType,
      'image/png',
    );
    assert.equal(
      (await store.put(CSV, { declaredName: 'einwohner.CSV', maxBytes: 10_000 })).mediaType,
      'text/csv',
    );
    assert.equal((await store.put(CSV, { maxBytes: 10_000 })).mediaType, 'text/plain');
    // Text with a NUL byte or invalid UTF-8 is binary.
    const binary = Buffer.from([0x68, 0x61, 0x00, 0x6c, 0x6c, 0x6f]);
    assert.equal(
      (await store.put(binary, { declaredName: 'x.bin', maxBytes: 10_000 })).mediaType,
      'application/octet-stream',
    );
    const latin1 = Buffer.from('Jüchen;Straße\n', 'latin1');
    assert.equal(
      (await store.put(latin1, { declaredName: 'x.bin', maxBytes: 10_000 })).mediaType,
      'application/octet-stream',
    );
    await assert.rejects(
      store.put(latin1, { declaredName: 'liste.csv', maxBytes: 10_000 }),
      FileTypeMismatchError,
    );
    // A UTF-8 sequence cut at the very end is not text either.
    const cut = Buffer.concat([Buffer.from('abc'), Buffer.from('ü').subarray(0, 1)]);
    assert.equal(
      (await store.put(cut, { declaredName: 'x.bin', maxBytes: 10_000 })).mediaType,
      'application/octet-stream',
    );
  });

  it('refuses a name that claims another format than the content', async () => {
    const before = await listFiles(root);
    await assert.rejects(store.put(PNG, { declaredName: 'scan.pdf', maxBytes: 10_000 }), (err: unknown) => {
      assert.ok(err instanceof FileTypeMismatchError);
      assert.equal(err.reason, 'type_mismatch');
      return true;
    });
    await assert.rejects(
      store.put(CSV, { declaredName: 'antrag.pdf', maxBytes: 10_000 }),
      FileTypeMismatchError,
    );
    await assert.rejects(
      store.put(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'), {
        declaredName: 'logo.svg',
        maxBytes: 10_000,
      }),
      FileTypeMismatchError,
    );
    await assert.rejects(
      store.put(Buffer.from([1, 2, 3, 0, 4]), { declaredName: 'bild.jpg', maxBytes: 10_000 }),
      FileTypeMismatchError,
    );
    assert.deepEqual(await listFiles(root), before);
    // jpeg/jpg and other spellings of one format are the same format.
    const jpeg = Buffer.from([
      0xff,
      0xd8,
      0xff,
      0xe0,
      0x00,
      0x10,
      0x4a,
      0x46,
      0x49,
      0x46,
      0x00,
      0x01,
      ...Buffer.alloc(64),
    ]);
    assert.equal(
      (await store.put(jpeg, { declaredName: 'foto.jpeg', maxBytes: 10_000 })).mediaType,
      'image/jpeg',
    );
  });

  it('enforces the allowed types, with wildcards', async () => {
    await assert.rejects(
      store.put(CSV, {
        declaredName: 'a.csv',
        maxBytes: 10_000,
        allowedTypes: ['application/pdf', 'image/*'],
      }),
      (err: unknown) => {
        assert.ok(err instanceof FileTypeNotAllowedError);
        assert.equal(err.statusCode, 415);
        assert.equal(err.mediaType, 'text/csv');
        return true;
      },
    );
    const png = await store.put(PNG, {
      declaredName: 'a.png',
      maxBytes: 10_000,
      allowedTypes: ['application/pdf', 'image/*'],
    });
    assert.equal(png.mediaType, 'image/png');
  });

  it('refuses empty content', async () => {
    await assert.rejects(
      store.put(Buffer.alloc(0), { declaredName: 'leer.txt', maxBytes: 10 }),
      EmptyFileError,
    );
  });

  it('cleans up when the source fails midway', async () => {
    const before = await listFiles(root);
    let n = 0;
    const failing = new Readable({
      read() {
        if (++n > 3) this.destroy(new Error('connection reset'));
        else this.push(Buffer.alloc(1000, 0x61));
      },
    });
    await assert.rejects(store.put(failing, { maxBytes: 100_000 }), /connection reset/);
    assert.deepEqual(await listFiles(root), before);
  });

  it('accepts only keys it could have issued: no path traversal', async () => {
    await writeFile(join(root, 'secret.txt'), 'secret');
    const hostile = [
      '../secret.txt',
      'secret.txt',
      '../../etc/passwd',
      'ab/../../secret.txt',
      '/etc/passwd',
      'ab/ab%2e%2e',
      'AB/ABCDEF0123456789ABCDEF0123456789',
      'ab/cd0123456789abcdef0123456789ab',
      'ab/ab0123456789abcdef0123456789ab/..',
      'ab\\ab0123456789abcdef0123456789ab',
      '.tmp/x',
      '',
    ];
    for (const key of hostile) {
      await assert.rejects(store.get(key), InvalidFileKeyError, key);
      await assert.rejects(store.exists(key), InvalidFileKeyError, key);
      await assert.rejects(store.delete(key), InvalidFileKeyError, key);
    }
    assert.ok((await listFiles(root)).includes('secret.txt'));
  });

  it('stores many files concurrently under distinct keys', async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.put(Buffer.from(`Datei ${i}\n`), { declaredName: `d${i}.txt`, maxBytes: 100 }),
      ),
    );
    assert.equal(new Set(results.map((r) => r.key)).size, 25);
    for (const [i, r] of results.entries())
      assert.equal((await readAll(await store.get(r.key))).toString(), `Datei ${i}\n`);
    assert.deepEqual(await listFiles(join(root, '.tmp')), []);
  });
});
