import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../auth/test-support.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';

describe('search page /suche and API /api/v1/search', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    for (let i = 1; i <= 14; i++) {
      await t.kernel.search.upsert({
        source: 'test',
        id: `abfall-${i}`,
        tenantId: i % 2 ? 'korschenbroich' : 'juechen',
        title: `Abfallkalender Bezirk ${i}`,
        summary: `Abholtermine für Restmüll und Biotonne im Bezirk ${i}.`,
        url: `/abfall/${i}`,
        visibility: 'public',
        lang: 'de',
        updatedAt: new Date(Date.UTC(2026, 10, i)),
      });
    }
    await t.kernel.search.upsert({
      source: 'test',
      id: 'intern',
      tenantId: 'neuss',
      title: 'Abfallkalender interne Tourenplanung',
      summary: 'Nur intern.',
      url: '/verwaltung/touren',
      visibility: 'staff',
      lang: 'de',
      updatedAt: new Date(),
    });
  });
  after(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  it('shows the empty search form and a nav entry', async () => {
    const res = await get('/suche');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<form[^>]*method="get"[^>]*action="\/suche"[^>]*role="search"/);
    assert.match(res.body, /<input[^>]*type="search"[^>]*name="q"/);
    assert.match(res.body, /<option value(="")?>Alle Kommunen<\/option>/);
    assert.match(res.body, /<a href="\/suche"[^>]*>Suche<\/a>/);
    assert.doesNotMatch(res.body, /role="status"/);
  });

  it('lists results with highlighted snippets, an announced count and pagination', async () => {
    const res = await get('/suche?q=Abfallkalender');
    assert.equal(res.statusCode, 200);
    assert.match(
      res.body,
      /<p class="kern-body" role="status" id="search-status">14 Treffer für „Abfallkalender“<\/p>/,
    );
    assert.match(res.body, /<title>Suche nach „Abfallkalender“/);
    assert.equal((res.body.match(/class="ok-search-hit"/g) ?? []).length, 10);
    assert.match(
      res.body,
      /href="\/suche\?q=Abfallkalender&amp;seite=2"[^>]*rel="next"|rel="next"[^>]*href="\/suche\?q=Abfallkalender&amp;seite=2"/,
    );
    assert.doesNotMatch(res.body, /Tourenplanung/);
    const page2 = await get('/suche?q=Abfallkalender&seite=2');
    assert.equal((page2.body.match(/class="ok-search-hit"/g) ?? []).length, 4);
    assert.match(page2.body, /<ol class="kern-list ok-search-results" start="11">/);
    assert.match(page2.body, /aria-current="page" aria-label="Seite 2, aktuelle Seite">2<\/a>/);
    const beyond = await get('/suche?q=Abfallkalender&seite=9');
    assert.equal(beyond.statusCode, 200);
    assert.match(beyond.body, /Auf dieser Seite gibt es keine Treffer mehr/);
  });

  it('marks the matched words in snippets', async () => {
    const res = await get('/suche?q=Biotonne');
    assert.match(res.body, /<mark>Biotonne<\/mark>/);
  });

  it('filters by municipality', async () => {
    const res = await get('/suche?q=Abfallkalender&kommune=juechen');
    assert.match(res.body, /7 Treffer für „Abfallkalender“ in Jüchen/);
    assert.match(res.body, /<option value="juechen" selected/);
    const bad = await get('/suche?q=Abfallkalender&kommune=atlantis');
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Wählen Sie eine Kommune aus der Liste/);
  });

  it('explains when nothing was found', async () => {
    const res = await get('/suche?q=Quastenflosser&kommune=kaarst');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /role="status" id="search-status">Keine Treffer für „Quastenflosser“.<\/p>/);
    assert.match(res.body, /Prüfen Sie die Schreibweise/);
    assert.match(res.body, /href="\/suche\?q=Quastenflosser"/);
  });

  it('re-renders with 422, an error summary and the message at the field for bad input', async () => {
    const empty = await get('/suche?q=');
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /id="error-summary"/);
    assert.match(empty.body, /<a[^>]*href="#f-q"[^>]*>Geben Sie einen Suchbegriff ein.<\/a>/);
    assert.match(empty.body, /id="f-q-error"/);
    const long = await get(`/suche?q=${'a'.repeat(201)}`);
    assert.equal(long.statusCode, 422);
    assert.match(long.body, /höchstens 200 Zeichen/);
    const nul = await get('/suche?q=a%00b');
    assert.equal(nul.statusCode, 422);
  });

  it('escapes what the user typed', async () => {
    const res = await get(`/suche?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /<script>alert/);
    assert.match(res.body, /Keine Treffer für „&lt;script>alert\(1\)&lt;\/script>“/);
  });

  it('speaks English', async () => {
    const res = await get('/suche?q=Abfallkalender', { cookie: 'ok_lang=en' });
    assert.match(res.body, /<html lang="en"/);
    assert.match(res.body, /14 results for “Abfallkalender”/);
    assert.match(res.body, /All municipalities/);
  });

  it('shows staff documents to staff of that tenant only', async () => {
    const neussClerk = await loginAs(
      t.kernel,
      await createAccount(t.kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: 'neuss', orgUnitId: null }],
      }),
    );
    const kaarstClerk = await loginAs(
      t.kernel,
      await createAccount(t.kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: 'kaarst', orgUnitId: null }],
      }),
    );
    const citizen = await loginAs(t.kernel, await createAccount(t.kernel, { kind: 'citizen' }));
    const staffHit = /href="\/verwaltung\/touren"/;
    const seen = (await get('/suche?q=Tourenplanung', { cookie: neussClerk })).body;
    assert.match(seen, staffHit);
    assert.match(seen, /Nur für Beschäftigte/);
    assert.doesNotMatch((await get('/suche?q=Tourenplanung', { cookie: kaarstClerk })).body, staffHit);
    assert.doesNotMatch((await get('/suche?q=Tourenplanung', { cookie: citizen })).body, staffHit);
    assert.doesNotMatch((await get('/suche?q=Tourenplanung')).body, staffHit);
    const api = await get('/api/v1/search?q=Tourenplanung', { cookie: neussClerk });
    assert.equal(api.json().total, 1);
  });

  it('links the seeded tenants and offices to pages that exist', async () => {
    const { hits } = await t.kernel.search.query({
      q: 'Bürgerbüro Dormagen',
      source: 'tenants',
      visibility: 'public',
      limit: 5,
      offset: 0,
    });
    const towns = await t.kernel.search.query({
      q: 'Rommerskirchen',
      source: 'tenants',
      visibility: 'public',
      limit: 5,
      offset: 0,
    });
    const urls = [...hits, ...towns.hits].map((h) => h.url);
    assert.ok(urls.includes('/kommunen/dormagen/aemter/buergerbuero'), urls.join());
    assert.ok(urls.includes('/kommunen/rommerskirchen'), urls.join());
    for (const url of urls) assert.equal((await get(url)).statusCode, 200, url);
  });

  it('answers the JSON API with hits and absolute URLs', async () => {
    const res = await get('/api/v1/search?q=Abfallkalender&tenant=korschenbroich&limit=3&offset=1');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /application\/json/);
    const body = res.json();
    assert.equal(body.total, 7);
    assert.equal(body.hits.length, 3);
    assert.equal(body.limit, 3);
    assert.equal(body.offset, 1);
    assert.match(body.hits[0].url, /^http:\/\/localhost:3000\/abfall\/\d+$/);
    assert.equal(body.hits[0].tenantId, 'korschenbroich');
    assert.ok(!('body' in body.hits[0]));
    assert.match(body.hits[0].updatedAt, /^2026-11-\d\dT/);
    const publicApi = await get('/api/v1/search?q=Tourenplanung');
    assert.equal(publicApi.json().total, 0);
  });

  it('answers bad API input with problem+json 400', async () => {
    for (const url of [
      '/api/v1/search',
      '/api/v1/search?q=',
      '/api/v1/search?q=%20%20',
      `/api/v1/search?q=${'x'.repeat(201)}`,
      '/api/v1/search?q=a%00b',
      '/api/v1/search?q=a&limit=0',
      '/api/v1/search?q=a&limit=51',
      '/api/v1/search?q=a&offset=-1',
      '/api/v1/search?q=a&limit=abc',
      '/api/v1/search?q=a&tenant=atlantis',
      '/api/v1/search?q=a&tenant=..%2F..',
      '/api/v1/search?q=a&source=Bad%20Source',
    ]) {
      const res = await get(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/, url);
      assert.equal(res.json().status, 400);
    }
    const missing = await get('/api/v1/search');
    assert.equal(missing.json().errors[0].pointer, '/q');
  });
});
