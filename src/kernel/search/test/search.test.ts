import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import type { SearchDocument, SearchQuery } from '../index.ts';

const T0 = new Date('2026-11-01T10:00:00Z');

function doc(over: Partial<SearchDocument> & Pick<SearchDocument, 'id' | 'title'>): SearchDocument {
  return {
    source: 'test',
    tenantId: null,
    summary: '',
    url: `/test/${over.id}`,
    visibility: 'public',
    lang: 'de',
    updatedAt: T0,
    ...over,
  };
}

describe('search index', () => {
  let t: TestApp;
  const q = (query: Partial<SearchQuery> & { q: string }) =>
    t.kernel.search.query({ visibility: 'public', limit: 10, offset: 0, ...query });
  const ids = async (query: Partial<SearchQuery> & { q: string }) =>
    (await q(query)).hits.map((h) => `${h.source}/${h.id}`);

  before(async () => {
    t = await createTestApp();
    const docs: SearchDocument[] = [
      doc({
        id: 'hund',
        title: 'Hund anmelden',
        summary: 'Melden Sie Ihren Hund zur Hundesteuer an.',
        tenantId: 'neuss',
      }),
      doc({
        id: 'katze',
        title: 'Katzenschutzverordnung',
        summary: 'Kastrationspflicht für Freigänger.',
        body: 'Auch Hunde sind nicht betroffen.',
      }),
      doc({
        id: 'bau',
        title: 'Baugenehmigung beantragen',
        summary: 'Bauantrag online stellen.',
        tenantId: 'kaarst',
      }),
      doc({
        id: 'bau-gv',
        title: 'Baugenehmigung beantragen',
        summary: 'Bauantrag in Grevenbroich.',
        tenantId: 'grevenbroich',
      }),
      doc({
        id: 'intern',
        title: 'Dienstanweisung Hundesteuer',
        summary: 'Nur für Beschäftigte.',
        tenantId: 'neuss',
        visibility: 'staff',
      }),
      doc({
        id: 'intern-kaarst',
        title: 'Dienstanweisung Hundesteuer Kaarst',
        summary: 'Nur intern.',
        tenantId: 'kaarst',
        visibility: 'staff',
      }),
      doc({
        id: 'xss',
        title: 'Formular <b>fett</b>',
        summary: '<script>alert(1)</script> Formular für Anträge',
      }),
    ];
    for (const d of docs) await t.kernel.search.upsert(d);
  });
  after(async () => t.close());

  it('finds the tenants and their offices on a fresh install', async () => {
    const dormagen = await q({ q: 'Dormagen' });
    assert.equal(dormagen.hits[0]?.url, '/kommunen/dormagen');
    assert.equal(dormagen.hits[0].source, 'tenants');
    const office = await q({ q: 'Straßenverkehrsamt' });
    assert.ok(
      office.hits.some((h) => h.url === '/kommunen/rhein-kreis-neuss/aemter/strassenverkehrsamt'),
      JSON.stringify(office.hits),
    );
    const english = await q({ q: 'Road Traffic Office' });
    assert.ok(english.total >= 1);
    const buergerbueros = await q({ q: 'Bürgerbüro', limit: 20 });
    assert.ok(buergerbueros.total >= 8, `${buergerbueros.total} Bürgerbüros`);
  });

  it('stems German words: "Hunde" finds "Hund"', async () => {
    const res = await ids({ q: 'Hunde', source: 'test' });
    assert.equal(res[0], 'test/hund');
    assert.ok(res.includes('test/katze'), 'body match');
    assert.ok(!res.includes('test/intern'), 'staff document hidden');
    const hit = (await q({ q: 'Hunde', source: 'test' })).hits[0]!;
    assert.match(hit.snippet, /<mark>Hund<\/mark>/);
  });

  it('ranks title matches above body matches', async () => {
    const res = await ids({ q: 'Hund', source: 'test' });
    assert.ok(res.indexOf('test/hund') < res.indexOf('test/katze'), res.join());
  });

  it('finds parts of compound words and tolerates a typo', async () => {
    assert.ok((await ids({ q: 'genehmigung', source: 'test' })).includes('test/bau'));
    assert.ok((await ids({ q: 'Baugenehmigng', source: 'test' })).includes('test/bau'));
    assert.ok((await ids({ q: 'baugenemigung', source: 'test' })).includes('test/bau'));
    const partial = await q({ q: 'genehmigung', source: 'test', tenantId: 'kaarst' });
    assert.match(partial.hits[0]!.snippet + partial.hits[0]!.title, /Bau/);
    assert.deepEqual(await ids({ q: 'xq', source: 'test' }), []);
  });

  it('filters by tenant and source', async () => {
    assert.deepEqual(await ids({ q: 'Baugenehmigung', tenantId: 'kaarst' }), ['test/bau']);
    assert.deepEqual(await ids({ q: 'Baugenehmigung', tenantId: 'grevenbroich' }), ['test/bau-gv']);
    assert.deepEqual(await ids({ q: 'Baugenehmigung', source: ['tenants'] }), []);
  });

  it('shows staff documents only to staff, and only of their tenants', async () => {
    assert.ok(!(await ids({ q: 'Dienstanweisung' })).length);
    assert.deepEqual((await ids({ q: 'Dienstanweisung', visibility: 'staff' })).sort(), [
      'test/intern',
      'test/intern-kaarst',
    ]);
    assert.deepEqual(await ids({ q: 'Dienstanweisung', visibility: 'staff', staffTenantIds: ['kaarst'] }), [
      'test/intern-kaarst',
    ]);
    assert.deepEqual(await ids({ q: 'Dienstanweisung', visibility: 'staff', staffTenantIds: [] }), []);
  });

  it('builds snippets from escaped text', async () => {
    const hit = (await q({ q: 'Formular', source: 'test' })).hits[0]!;
    assert.equal(hit.title, 'Formular <b>fett</b>');
    assert.ok(!hit.snippet.includes('<script'), hit.snippet);
    assert.match(hit.snippet, /&lt;script&gt;alert\(1\)&lt;\/script&gt; <mark>Formular<\/mark>/);
  });

  it('counts all hits and pages through them', async () => {
    for (let i = 0; i < 23; i++)
      await t.kernel.search.upsert(
        doc({ source: 'paging', id: `p${i}`, title: `Wertstoffhof Nummer ${i}`, summary: 'Öffnungszeiten' }),
      );
    const p1 = await q({ q: 'Wertstoffhof', source: 'paging', limit: 10 });
    assert.equal(p1.total, 23);
    assert.equal(p1.hits.length, 10);
    const p3 = await q({ q: 'Wertstoffhof', source: 'paging', limit: 10, offset: 20 });
    assert.equal(p3.total, 23);
    assert.equal(p3.hits.length, 3);
    const beyond = await q({ q: 'Wertstoffhof', source: 'paging', limit: 10, offset: 40 });
    assert.deepEqual(beyond, { total: 23, hits: [] });
    const all = new Set(
      [...p1.hits, ...(await q({ q: 'Wertstoffhof', source: 'paging', offset: 10 })).hits, ...p3.hits].map(
        (h) => h.id,
      ),
    );
    assert.equal(all.size, 23, 'pages do not overlap');
  });

  it('replaces documents, ignores older versions and removes them', async () => {
    await t.kernel.search.upsert(
      doc({ id: 'v', title: 'Sperrmüll anmelden', updatedAt: new Date('2026-11-02T00:00:00Z') }),
    );
    await t.kernel.search.upsert(
      doc({ id: 'v', title: 'Sperrmülltermin buchen', updatedAt: new Date('2026-11-03T00:00:00Z') }),
    );
    await t.kernel.search.upsert(
      doc({ id: 'v', title: 'Veraltet', updatedAt: new Date('2026-11-01T00:00:00Z') }),
    );
    const hits = (await q({ q: 'Sperrmülltermin', source: 'test' })).hits;
    assert.equal(hits.length, 1);
    assert.equal(hits[0]!.title, 'Sperrmülltermin buchen');
    assert.equal(await t.kernel.search.remove('test', 'v'), true);
    assert.equal(await t.kernel.search.remove('test', 'v'), false);
    assert.deepEqual(await ids({ q: 'Sperrmülltermin' }), []);
  });

  it('keeps the newest version under concurrent upserts', async () => {
    const versions = Array.from({ length: 20 }, (_, i) => i);
    await Promise.all(
      versions.map((i) =>
        t.kernel.search.upsert(
          doc({ id: 'race', title: `Wahllokal Version ${i}`, updatedAt: new Date(T0.getTime() + i * 1000) }),
        ),
      ),
    );
    const { rows } = await t.kernel.db.pool.query<{ title: string }>(
      `select title from kernel.search_documents where source = 'test' and id = 'race'`,
    );
    assert.equal(rows[0]?.title, 'Wahllokal Version 19');
  });

  it('refuses documents it cannot show safely', async () => {
    await assert.rejects(
      t.kernel.search.upsert(doc({ id: 'js', title: 'x', url: 'javascript:alert(1)' })),
      /url/,
    );
    await assert.rejects(
      t.kernel.search.upsert(doc({ id: 'proto', title: 'x', url: '//evil.example/' })),
      /url/,
    );
    await assert.rejects(t.kernel.search.upsert(doc({ id: 'empty', title: '  ' })), /title/);
    await assert.rejects(
      t.kernel.search.upsert(doc({ source: 'Bad Source', id: 'x', title: 'x' })),
      /source/,
    );
    // NUL and control characters in module text are cleaned, not an error.
    await t.kernel.search.upsert(doc({ id: 'nul', title: 'Null\u0000byte Test', summary: 'a\u0001b' }));
    const { rows } = await t.kernel.db.pool.query<{ title: string; summary: string }>(
      `select title, summary from kernel.search_documents where source = 'test' and id = 'nul'`,
    );
    assert.deepEqual(rows[0], { title: 'Null byte Test', summary: 'a b' });
    assert.deepEqual(await ids({ q: 'byte', source: 'test' }), ['test/nul']);
  });

  it('rebuilds a source: rewrites its documents and removes the ones it no longer has', async () => {
    let items = ['eins', 'zwei', 'drei'];
    t.kernel.search.registerSource({
      name: 'rebuild-test',
      reindex: async (k) => {
        for (const id of items)
          await k.search.upsert(doc({ source: 'rebuild-test', id, title: `Ratssitzung ${id}` }));
      },
    });
    t.kernel.search.registerSource({
      name: 'broken',
      reindex: async () => Promise.reject(new Error('source offline')),
    });
    assert.throws(
      () => t.kernel.search.registerSource({ name: 'broken', reindex: async () => undefined }),
      /twice/,
    );
    assert.deepEqual(await t.kernel.search.rebuild(t.kernel, ['rebuild-test']), [
      { source: 'rebuild-test', removed: 0 },
    ]);
    assert.equal((await q({ q: 'Ratssitzung', source: 'rebuild-test' })).total, 3);
    items = ['eins', 'vier'];
    const report = await t.kernel.search.rebuild(t.kernel);
    assert.deepEqual(
      report.find((r) => r.source === 'rebuild-test'),
      { source: 'rebuild-test', removed: 2 },
    );
    assert.equal(report.find((r) => r.source === 'broken')?.error, 'source offline');
    assert.ok(report.some((r) => r.source === 'tenants' && !r.error));
    assert.deepEqual((await ids({ q: 'Ratssitzung', source: 'rebuild-test' })).sort(), [
      'rebuild-test/eins',
      'rebuild-test/vier',
    ]);
    // The tenants survived their own rebuild.
    assert.equal((await q({ q: 'Dormagen', source: 'tenants' })).hits[0]?.url, '/kommunen/dormagen');
    await assert.rejects(t.kernel.search.rebuild(t.kernel, ['nope']), /unknown search source/);
  });
});
