import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';

describe('http kernel', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('renders the home page in German with the eight municipalities', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /<html lang="de"/);
    for (const town of [
      'Dormagen',
      'Grevenbroich',
      'Jüchen',
      'Kaarst',
      'Korschenbroich',
      'Meerbusch',
      'Neuss',
      'Rommerskirchen',
    ]) {
      assert.ok(res.body.includes(town), `missing ${town}`);
    }
  });

  it('sends a strict CSP with a nonce and no unsafe-inline', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['x-request-id']);
  });

  it('answers unknown pages with a German 404 page and unknown API paths with problem+json', async () => {
    const html = await t.app.inject({ method: 'GET', url: '/gibt-es-nicht' });
    assert.equal(html.statusCode, 404);
    assert.match(html.body, /Seite nicht gefunden/);
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    assert.equal(api.statusCode, 404);
    assert.match(api.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(api.json().status, 404);
  });

  it('reports liveness and readiness', async () => {
    assert.equal((await t.app.inject('/health/live')).statusCode, 200);
    const ready = await t.app.inject('/health/ready');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().checks.database, 'ok');
  });

  it('switches the language and returns to the same page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sprache/en?zurueck=/gibt-es-nicht' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/gibt-es-nicht');
    const cookie = res.cookies.find((c) => c.name === 'ok_lang');
    assert.equal(cookie?.value, 'en');
    const page = await t.app.inject({ method: 'GET', url: '/', cookies: { ok_lang: 'en' } });
    assert.match(page.body, /<html lang="en"/);
    const evil = await t.app.inject({ method: 'GET', url: '/sprache/en?zurueck=//evil.example' });
    assert.equal(evil.headers.location, '/');
  });
});
