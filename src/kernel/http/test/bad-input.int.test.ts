import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CookieJar, createTestApp, csrfFrom, type TestApp } from '../../../testing.ts';
import { buildProbeApp, type ProbeApp } from './probe-app.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_CT = { 'content-type': 'application/json' };

/** A user-facing error: the right status, no stack trace, no internals. */
function assertCleanError(res: { statusCode: number; body: string }, status: number) {
  assert.equal(
    res.statusCode,
    status,
    `expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 300)}`,
  );
  assert.doesNotMatch(
    res.body,
    /\bat [\w.<>]+ \(|node:internal|\.tsx?:\d+|FST_ERR|SyntaxError/,
    'response leaks internals',
  );
}

describe('bad input never becomes a 500', () => {
  let t: TestApp;
  let probe: ProbeApp;
  let jar: CookieJar;
  let token: string;
  before(async () => {
    t = await createTestApp();
    probe = await buildProbeApp(t.kernel);
    jar = new CookieJar();
    const res = await probe.app.inject({ url: '/probe/token' });
    jar.store(res.headers['set-cookie']);
    token = res.body;
  });
  after(async () => {
    await probe.close();
    await t.close();
  });

  const postForm = (payload: string | Buffer) =>
    probe.app.inject({
      method: 'POST',
      url: '/probe/form',
      headers: { ...FORM, cookie: jar.header(), 'x-csrf-token': token },
      payload,
    });

  it('accepts a well-formed form body (the probe works)', async () => {
    const before = probe.received.length;
    const res = await postForm('name=J%C3%BCrgen+M%C3%BCller&tag=a&tag=b');
    assert.equal(res.statusCode, 200);
    assert.deepEqual({ ...(probe.received.at(-1) as object) }, { name: 'Jürgen Müller', tag: ['a', 'b'] });
    assert.equal(probe.received.length, before + 1);
  });

  for (const [name, payload] of [
    ['an invalid percent escape', 'name=%ZZ'],
    ['a truncated percent escape', 'name=abc%'],
    ['a percent-escaped invalid UTF-8 sequence', 'name=%C3%28'],
    ['a lone surrogate escape', 'name=%ED%A0%80'],
    ['raw invalid UTF-8 bytes', Buffer.from([0x6e, 0x3d, 0xff, 0xfe, 0xc3])],
    ['an overlong UTF-8 encoding', Buffer.from([0x6e, 0x3d, 0xc0, 0xaf])],
  ] as const) {
    it(`answers a form body with ${name} with a 400 page and stores nothing`, async () => {
      const before = probe.received.length;
      const res = await postForm(payload);
      assertCleanError(res, 400);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /Ungültige Anfrage/);
      assert.equal(probe.received.length, before);
    });
  }

  it('answers a malformed body to a real form (accessibility feedback) with 400 and stores nothing', async () => {
    const page = await t.app.inject('/barrierefreiheit');
    const realJar = new CookieJar();
    realJar.store(page.headers['set-cookie']);
    const realToken = csrfFrom(page.body);
    const count = async () =>
      (
        await t.kernel.db.pool.query<{ n: number }>(
          'select count(*)::int as n from portal.accessibility_feedback',
        )
      ).rows[0]!.n;
    const before = await count();
    for (const payload of [
      `_csrf=${encodeURIComponent(realToken)}&message=%ZZ`,
      Buffer.concat([
        Buffer.from(`_csrf=${encodeURIComponent(realToken)}&message=`),
        Buffer.from([0xff, 0xfe]),
      ]),
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/barrierefreiheit',
        headers: { ...FORM, cookie: realJar.header() },
        payload,
      });
      assertCleanError(res, 400);
    }
    assert.equal(await count(), before);
    // The same token with a valid body is accepted: the 400s above were about the body only.
    const ok = await t.app.inject({
      method: 'POST',
      url: '/barrierefreiheit',
      headers: { ...FORM, cookie: realJar.header() },
      payload: `_csrf=${encodeURIComponent(realToken)}&message=Test`,
    });
    assert.equal(ok.statusCode, 303);
    assert.equal(await count(), before + 1);
  });

  it('refuses a form with more than 1000 fields with 400', async () => {
    const res = await postForm(Array.from({ length: 1001 }, (_, i) => `f${i}=x`).join('&'));
    assertCleanError(res, 400);
  });

  it('treats __proto__ and constructor as plain field names', async () => {
    const res = await postForm('__proto__=x&constructor=y&toString=z');
    assert.equal(res.statusCode, 200);
    const body = probe.received.at(-1) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(body), null);
    assert.equal(body.__proto__, 'x');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('answers malformed JSON to an /api route with 400 problem+json', async () => {
    for (const payload of ['{bad', '{"name": "a", "count": 1', '', 'null x', '\u0000']) {
      const res = await probe.app.inject({ method: 'POST', url: '/api/v1/probe', headers: JSON_CT, payload });
      assertCleanError(res, 400);
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      const problem = res.json();
      assert.equal(problem.status, 400);
      assert.equal(problem.title, 'Bad Request');
    }
  });

  it('refuses JSON prototype poisoning with 400', async () => {
    for (const payload of [
      '{"name":"a","count":1,"__proto__":{"admin":true}}',
      '{"name":"a","count":1,"constructor":{"prototype":{"admin":true}}}',
    ]) {
      const before = probe.received.length;
      const res = await probe.app.inject({ method: 'POST', url: '/api/v1/probe', headers: JSON_CT, payload });
      assertCleanError(res, 400);
      assert.equal(probe.received.length, before);
      assert.equal(({} as Record<string, unknown>).admin, undefined);
    }
  });

  it('answers JSON that does not match the schema with 400 and field pointers', async () => {
    const res = await probe.app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: JSON_CT,
      payload: { name: '', count: 'many' },
    });
    assertCleanError(res, 400);
    const problem = res.json();
    assert.ok(Array.isArray(problem.errors) && problem.errors.length >= 2, JSON.stringify(problem));
    assert.ok(problem.errors.some((e: { pointer: string }) => e.pointer === '/count'));
  });

  it('survives deeply nested JSON', async () => {
    const depth = 100_000;
    const res = await probe.app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: JSON_CT,
      payload: '['.repeat(depth) + ']'.repeat(depth),
    });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `status ${res.statusCode}`);
    const obj = await probe.app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: JSON_CT,
      payload: '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
    });
    assert.ok(obj.statusCode >= 400 && obj.statusCode < 500, `status ${obj.statusCode}`);
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await postForm('x');
    assert.equal(res.statusCode, 200);
    const xml = await probe.app.inject({
      method: 'POST',
      url: '/probe/form',
      headers: { 'content-type': 'application/xml', cookie: jar.header(), 'x-csrf-token': token },
      payload: '<a/>',
    });
    assertCleanError(xml, 415);
    const api = await probe.app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    assertCleanError(api, 415);
    assert.match(api.headers['content-type'] as string, /problem\+json/);
  });

  it('answers bodies over BODY_LIMIT_BYTES with 413 (form, JSON, and on the real app)', async () => {
    const limit = t.kernel.config.bodyLimitBytes;
    const big = `name=${'a'.repeat(limit)}`;
    const before = probe.received.length;
    const form = await postForm(big);
    assertCleanError(form, 413);
    assert.match(form.body, /zu groß/);
    const json = await probe.app.inject({
      method: 'POST',
      url: '/api/v1/probe',
      headers: JSON_CT,
      payload: JSON.stringify({ name: 'a'.repeat(limit), count: 1 }),
    });
    assertCleanError(json, 413);
    assert.match(json.headers['content-type'] as string, /problem\+json/);
    assert.equal(probe.received.length, before);
    for (const url of ['/', '/anmelden', '/registrieren', '/api/v1/anything']) {
      const res = await t.app.inject({ method: 'POST', url, headers: FORM, payload: big });
      assertCleanError(res, 413);
    }
  });

  it('copes with absurd query strings: 10 000 parameters, 100 KB values, repeated and odd names', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `p${i}=${i}`).join('&');
    const huge = `q=${'x'.repeat(100_000)}`;
    const odd = '__proto__[admin]=1&constructor[prototype][x]=1&q[]=a&q[b]=c&%ZZ=%ZZ&=&&&q';
    for (const path of ['/', '/probe/query', '/sprache/en', '/api/v1/nothing', '/suche', '/anmelden']) {
      for (const qs of [many, huge, odd, 'q=a&q=b']) {
        const target = path.startsWith('/probe') ? probe.app : t.app;
        const res = await target.inject({ method: 'GET', url: `${path}?${qs}` });
        assert.ok(res.statusCode < 500, `${path}?${qs.slice(0, 40)}… answered ${res.statusCode}`);
        assert.ok(
          res.statusCode === 200 || res.statusCode === 303 || (res.statusCode >= 400 && res.statusCode < 500),
          `${path}?${qs.slice(0, 40)}… answered ${res.statusCode}`,
        );
        assertCleanError(res, res.statusCode);
      }
    }
    assert.equal(({} as Record<string, unknown>).admin, undefined);
    const tooLong = await probe.app.inject({ url: `/probe/query?${huge}` });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /Ungültige Anfrage/);
  });

  it('answers URLs that cannot be decoded or have over-long parameters with an error page and security headers', async () => {
    for (const [url, status, type] of [
      ['/%E0%A4%A', 400, /text\/html/],
      ['/api/v1/%C3%28', 400, /problem\+json/],
      ['/sprache/' + 'x'.repeat(500), 414, /text\/html/],
    ] as const) {
      const res = await t.app.inject({ url });
      assertCleanError(res, status);
      assert.match(res.headers['content-type'] as string, type);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.match(res.headers['content-security-policy'] as string, /frame-ancestors 'none'/);
    }
  });

  it('answers a failing handler with a 500 page or problem that shows the request id and nothing internal', async () => {
    for (const [url, type] of [
      ['/probe/boom', /text\/html/],
      ['/api/v1/boom', /problem\+json/],
    ] as const) {
      const res = await probe.app.inject({ url, headers: { 'x-request-id': 'trace-12345678' } });
      assert.equal(res.statusCode, 500);
      assert.match(res.headers['content-type'] as string, type);
      assert.doesNotMatch(
        res.body,
        /secret|postgres:|internal failed|Error:|\.ts:\d+/,
        `${url} leaks internals`,
      );
      assert.match(res.body, /trace-12345678/, `${url} should quote the request id`);
      assert.equal(res.headers['x-request-id'], 'trace-12345678');
    }
  });

  it('ignores garbage cookies and headers', async () => {
    const res = await t.app.inject({
      url: '/',
      headers: {
        cookie: 'ok_lang=%E0%A4%A; _csrf=%%%; ok_sid=' + 'x'.repeat(4000) + '; =; ;;',
        'accept-language': 'x'.repeat(5000),
        'x-request-id': '<script>alert(1)</script>',
        'x-forwarded-for': 'not-an-ip',
        'x-forwarded-host': 'evil.example',
        host: 'evil.example',
      },
    });
    assert.equal(res.statusCode, 200);
    assert.notEqual(res.headers['x-request-id'], '<script>alert(1)</script>');
    assert.doesNotMatch(res.body, /evil\.example/);
  });
});
