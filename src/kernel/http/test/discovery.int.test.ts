import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { Extensions } from '../../extensions.ts';

describe('discovery documents', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    t.kernel.extensions.addSitemapSource(async () => [
      { path: '/probe/a&b', lastmod: new Date('2026-03-04T10:00:00Z') },
      { path: '/' },
    ]);
  });
  after(async () => t.close());

  it('sitemap.xml lists the home page once and every registered entry, escaped, with lastmod', async () => {
    const res = await t.app.inject('/sitemap.xml');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /application\/xml/);
    const base = t.kernel.config.baseUrl.replace(/\/$/, '');
    assert.equal(res.body.split(`<loc>${base}/</loc>`).length, 2, 'home page exactly once');
    assert.match(res.body, /<loc>[^<]*\/probe\/a&#38;b<\/loc><lastmod>2026-03-04<\/lastmod>/);
  });

  it('robots.txt points to the sitemap and keeps crawlers out of the staff area', async () => {
    const res = await t.app.inject('/robots.txt');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Sitemap: .*\/sitemap\.xml/);
    assert.match(res.body, /Disallow: \/verwaltung/);
  });

  it('the OpenAPI document is valid JSON 3.1 and holds only /api/v1 paths', async () => {
    const res = await t.app.inject('/api/v1/openapi.json');
    assert.equal(res.statusCode, 200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    assert.equal(doc.openapi, '3.1.0');
    for (const p of Object.keys(doc.paths)) assert.ok(p.startsWith('/api/v1/'), p);
    assert.ok(!('/api/v1/openapi.json' in doc.paths));
  });
});

describe('extension registries', () => {
  const source = {
    key: 'probe',
    module: 'probe',
    tenantId: 'kreis',
    title: { de: 'T', en: 'T' },
    description: { de: 'D', en: 'D' },
    keywords: [],
    themes: ['GOVE'],
    licenseId: 'dl-zero-de/2.0',
    updateFrequency: 'DAILY',
    modified: async () => new Date(0),
    distributions: [
      {
        key: 'csv',
        title: { de: 'CSV', en: 'CSV' },
        format: 'CSV',
        mediaType: 'text/csv',
        render: async () => ({ body: 'a\n', modified: new Date(0) }),
      },
    ],
  };
  it('refuses duplicate dataset keys, invalid keys and duplicate distribution keys', () => {
    const x = new Extensions();
    x.registerDataset(source);
    assert.throws(() => x.registerDataset(source), /registered twice/);
    assert.throws(() => x.registerDataset({ ...source, key: 'Bad Key' }), /invalid dataset key/);
    assert.throws(
      () =>
        x.registerDataset({
          ...source,
          key: 'other',
          distributions: [...source.distributions, ...source.distributions],
        }),
      /duplicate distribution key/,
    );
    assert.deepEqual(
      x.datasets().map((d) => d.key),
      ['probe'],
    );
  });
  it('keeps staff tools in order', () => {
    const x = new Extensions();
    x.addStaffTool({ href: '/b', title: 'b', text: 'b', order: 20, visible: () => true });
    x.addStaffTool({ href: '/a', title: 'a', text: 'a', order: 10, visible: () => true });
    assert.deepEqual(
      x.staffTools.map((s) => s.href),
      ['/a', '/b'],
    );
  });
});
