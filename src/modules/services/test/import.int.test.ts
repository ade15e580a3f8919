import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { DEFAULT_CATALOGUE_DIR, importCatalogue } from '../db/catalogue-import.ts';

describe('services: catalogue import and hostile input', () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'services-import-'));
    cpSync(DEFAULT_CATALOGUE_DIR, dir, { recursive: true });
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  it('has the full catalogue after the reference seed; a second import changes nothing', async () => {
    const c = await t.kernel.db.pool.query<{ n: number }>(
      `select count(*)::int as n from services.catalogue`,
    );
    assert.equal(c.rows[0]!.n, 5248);
    const o = await t.kernel.db.pool.query<{ n: number }>(
      `select count(*)::int as n from services.ozg_services`,
    );
    assert.equal(o.rows[0]!.n, 557);
    const r = await importCatalogue(t.kernel.db.pool, new Date(), { dir });
    assert.ok(r.ok);
    assert.deepEqual(r.report.leika, {
      inserted: 0,
      updated: 0,
      unchanged: 5248,
      deleted: 0,
      duplicatesInSource: 1,
    });
    assert.deepEqual(r.report.ozg, { inserted: 0, updated: 0, unchanged: 557, deleted: 0 });
  });

  it('updates a changed row, inserts a new one and removes a vanished one', async () => {
    const file = join(dir, 'leika_leistungen.csv');
    const eol = readFileSync(file, 'utf8').includes('\r\n') ? '\r\n' : '\n';
    const lines = readFileSync(file, 'utf8').split(eol);
    const i = lines.findIndex((l) => l.startsWith('99102013002000,'));
    lines[i] = '99102013002000,Hundesteuer Festsetzung (geändert),4,10160,';
    const j = lines.findIndex((l) => l.startsWith('99012001000000,'));
    lines.splice(j, 1);
    lines.push('99999999999999,Testleistung Neu,1,10160,');
    writeFileSync(file, lines.join(eol));
    const r = await importCatalogue(t.kernel.db.pool, new Date(), { dir });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.equal(r.report.leika.updated, 1);
    assert.equal(r.report.leika.inserted, 1);
    assert.equal(r.report.leika.deleted, 1);
    const row = await t.kernel.db.pool.query(
      `select title from services.catalogue where id = '99102013002000'`,
    );
    assert.equal(row.rows[0].title, 'Hundesteuer Festsetzung (geändert)');
    const again = await importCatalogue(t.kernel.db.pool, new Date(), { dir });
    assert.ok(again.ok);
    assert.equal(again.report.leika.updated + again.report.leika.inserted + again.report.leika.deleted, 0);
  });

  it('rejects a malformed source as a value, writing nothing', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'services-bad-'));
    writeFileSync(join(bad, 'ozg_lebenslagen.csv'), 'foo,bar\n1,2\n');
    writeFileSync(join(bad, 'ozg_leistungen.csv'), 'x\n');
    writeFileSync(join(bad, 'leika_leistungen.csv'), 'x\n');
    const r = await importCatalogue(t.kernel.db.pool, new Date(), { dir: bad });
    assert.equal(r.ok, false);
    const missing = await importCatalogue(t.kernel.db.pool, new Date(), { dir: join(bad, 'nope') });
    assert.equal(missing.ok, false);
    rmSync(bad, { recursive: true, force: true });
  });

  it('never answers 500 to random or hostile API and page parameters', async () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom(
        "' or 1=1 --",
        '%00',
        '\u0000',
        '\ud800',
        '<script>',
        '&&&',
        'a'.repeat(500),
        '\\',
        '(',
        '!',
        ':*',
        '|',
      ),
    );
    const keys = fc.constantFrom(
      'q',
      'themenfeld',
      'lebenslage',
      'municipality',
      'postal_code',
      'channel',
      'page',
      'per_page',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(keys, hostile), { maxLength: 4 }),
        fc.boolean(),
        async (pairs, page) => {
          const qs = pairs
            .map(([k, v]) => `${k}=${encodeURIComponent(v.isWellFormed() ? v : 'x')}`)
            .join('&');
          const url = page
            ? `/leistungen?${qs.replace('municipality=', 'kommune=')}`
            : `/api/v1/services?${qs}`;
          const res = await t.app.inject(url);
          assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
        },
      ),
      { numRuns: 150 },
    );
    for (const raw of ['q=%ZZ', 'q=%00', 'q[]=a&q[]=b', 'q=%ED%A0%80', 'page=1e9', 'per_page=-1']) {
      for (const base of [
        '/api/v1/services',
        '/leistungen',
        '/leistungen/fischereischein',
        '/api/v1/services/fischereischein',
      ]) {
        const res = await t.app.inject(`${base}?${raw}`);
        assert.ok(res.statusCode < 500, `${base}?${raw} → ${res.statusCode}`);
      }
    }
  });
});
