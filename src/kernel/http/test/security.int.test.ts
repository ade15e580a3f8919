import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CookieJar, createTestApp, type TestApp } from '../../../testing.ts';
import { buildProbeApp, type ProbeApp } from './probe-app.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface Res {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** Headers every response must carry, whatever produced it. */
function assertSecurityHeaders(res: Res, label: string) {
  const h = res.headers;
  assert.equal(h['x-content-type-options'], 'nosniff', `${label}: x-content-type-options`);
  const csp = String(h['content-security-policy'] ?? '');
  assert.match(csp, /frame-ancestors 'none'/, `${label}: CSP frame-ancestors`);
  assert.doesNotMatch(
    csp,
    /unsafe-inline|unsafe-eval|\*/,
    `${label}: CSP must not allow inline/eval/wildcards`,
  );
  assert.equal(h['referrer-policy'], 'same-origin', `${label}: referrer-policy`);
  assert.ok(h['x-frame-options'], `${label}: x-frame-options`);
  assert.ok(h['x-request-id'], `${label}: x-request-id`);
  assert.equal(h['x-powered-by'], undefined, `${label}: x-powered-by`);
  assert.equal(h.server, undefined, `${label}: server`);
}

/** A raw HTTP request with the path sent exactly as given (no client-side normalisation). */
function raw(port: number, path: string, method = 'GET'): Promise<Res> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes bytes to the socket and returns whatever the server answers before it closes. */
function rawSocket(port: number, data: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (answer += c));
    // The server may reset the connection while the client is still writing.
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.write(data, () => socket.end());
  });
}

describe('security', () => {
  let t: TestApp;
  let probe: ProbeApp;
  let port: number;
  before(async () => {
    t = await createTestApp();
    probe = await buildProbeApp(t.kernel);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as { port: number }).port;
  });
  after(async () => {
    await probe.close();
    await t.close();
  });

  it('sends the security headers on every kind of response', async () => {
    const jar = new CookieJar();
    const tok = await probe.app.inject({ url: '/probe/token' });
    jar.store(tok.headers['set-cookie']);
    const cases: [string, () => Promise<Res>, number][] = [
      ['HTML page', () => t.app.inject('/'), 200],
      ['HTML 404', () => t.app.inject('/gibt-es-nicht'), 404],
      ['problem+json 404', () => t.app.inject('/api/v1/gibt-es-nicht'), 404],
      ['redirect', () => t.app.inject('/sprache/en?zurueck=/'), 303],
      ['stylesheet', () => t.app.inject('/assets/app.css'), 200],
      ['KERN stylesheet', () => t.app.inject('/assets/kern/kern.min.css'), 200],
      ['SVG image', () => t.app.inject('/assets/favicon.svg'), 200],
      ['JSON', () => t.app.inject('/health/live'), 200],
      [
        '400 bad form body',
        () => t.app.inject({ method: 'POST', url: '/', headers: FORM, payload: 'a=%ZZ' }),
        400,
      ],
      ['400 bad URL', () => t.app.inject('/%E0%A4%A'), 400],
      [
        '403 CSRF',
        () =>
          probe.app.inject({
            method: 'POST',
            url: '/probe/form',
            headers: { ...FORM, cookie: jar.header() },
            payload: 'a=1',
          }),
        403,
      ],
      [
        '413',
        () =>
          t.app.inject({
            method: 'POST',
            url: '/',
            headers: FORM,
            payload: 'a='.padEnd(t.kernel.config.bodyLimitBytes + 10, 'x'),
          }),
        413,
      ],
      [
        '415',
        () =>
          probe.app.inject({
            method: 'POST',
            url: '/api/v1/probe',
            headers: { 'content-type': 'text/csv' },
            payload: 'a,b',
          }),
        415,
      ],
      ['HEAD', () => t.app.inject({ method: 'HEAD', url: '/' }), 200],
    ];
    for (const [label, run, status] of cases) {
      const res = await run();
      assert.equal(res.statusCode, status, `${label}: status ${res.statusCode}`);
      assertSecurityHeaders(res, label);
    }
    const html = await t.app.inject('/');
    assert.match(String(html.headers['content-security-policy']), /script-src 'self' 'nonce-/);
    assert.equal(html.headers['strict-transport-security'], undefined, 'no HSTS over plain http');
  });

  it('does not reflect the Host header into pages or redirects', async () => {
    const res = await t.app.inject({ url: '/sprache/de?zurueck=/', headers: { host: 'evil.example' } });
    assert.equal(res.headers.location, '/');
    const page = await t.app.inject({ url: '/gibt-es-nicht', headers: { host: 'evil.example' } });
    assert.doesNotMatch(page.body, /evil\.example/);
  });

  it('keeps /assets inside its folders (path traversal → 404, never a file outside)', async () => {
    const attempts = [
      '/assets/../package.json',
      '/assets/..%2fpackage.json',
      '/assets/%2e%2e/package.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/..%5c..%5cpackage.json',
      '/assets/kern/../../package.json',
      '/assets/kern/%2e%2e/%2e%2e/%2e%2e/package.json',
      '/assets/....//....//package.json',
      '/assets/%252e%252e/package.json',
      '/assets/app.css%00.json',
      '/assets/..%c0%af..%c0%afpackage.json',
      '/assets/kern/../../../../../../etc/passwd',
      '/assets//etc/passwd',
      '/assets/',
      '/assets',
      '/assets/kern/',
    ];
    for (const path of attempts) {
      for (const res of [await raw(port, path), await t.app.inject(path)]) {
        assert.ok([400, 403, 404].includes(res.statusCode), `${path} answered ${res.statusCode}`);
        assert.doesNotMatch(
          res.body,
          /"name": "openkreis"|root:x:0:0|"dependencies"/,
          `${path} leaked a file`,
        );
        assertSecurityHeaders(res, path);
      }
    }
  });

  it('never redirects to another host (open redirect)', async () => {
    const attempts = [
      '//evil.example/',
      '/\\evil.example/',
      '/%2F%2Fevil.example/',
      '/%5Cevil.example',
      '/sprache/de?zurueck=%2F%2Fevil.example',
      '/sprache/de?zurueck=/%5Cevil.example',
      '/sprache/de?zurueck=https://evil.example',
      '/sprache/de?zurueck=/%09/evil.example',
      '/anmelden?weiter=//evil.example',
      '/anmelden?weiter=https%3A%2F%2Fevil.example',
      '/verwaltung?x=//evil.example',
      '/konto/',
    ];
    for (const path of attempts) {
      const res = await raw(port, path);
      assert.ok(res.statusCode < 500, `${path} answered ${res.statusCode}`);
      const location = res.headers.location;
      if (typeof location === 'string') {
        assert.match(location, /^\/(?![/\\])/, `${path} redirects to ${location}`);
        assert.doesNotMatch(
          decodeURIComponent(location.split('?')[0]!),
          /evil\.example/,
          `${path} redirects to ${location}`,
        );
      }
    }
  });

  it('answers unknown routes with 404 and unsupported methods with 404/405, never echoing the request', async () => {
    for (const method of ['DELETE', 'PUT', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'MKCOL'] as const) {
      const res = await raw(port, '/', method);
      assert.ok([404, 405].includes(res.statusCode), `${method} / answered ${res.statusCode}`);
      assert.doesNotMatch(res.body, new RegExp(`${method} / HTTP`), `${method} echoed the request`);
      assertSecurityHeaders(res, `${method} /`);
    }
    const unknown = await raw(port, '/gibt/es/wirklich/nicht');
    assert.equal(unknown.statusCode, 404);
    const bogus = await raw(port, '/', 'FOO');
    assert.ok(bogus.statusCode >= 400 && bogus.statusCode < 500, `FOO answered ${bogus.statusCode}`);
  });

  it('bounds how long a client may take to send its request (slowloris)', () => {
    const server = t.app.server;
    assert.ok(
      server.requestTimeout > 0 && server.requestTimeout <= 300_000,
      `requestTimeout ${server.requestTimeout}`,
    );
    assert.ok(
      server.headersTimeout > 0 && server.headersTimeout <= 60_000,
      `headersTimeout ${server.headersTimeout}`,
    );
  });

  it('refuses an over-long request line before the app (431/414), never 500', async () => {
    const answer = await rawSocket(
      port,
      `GET /?q=${'x'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
    assert.ok([400, 414, 431].includes(status), `answered ${answer.slice(0, 80) || '(nothing)'}`);
    const garbage = await rawSocket(port, 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400/);
  });

  describe('CSRF', () => {
    async function session() {
      const jar = new CookieJar();
      const res = await probe.app.inject({ url: '/probe/token' });
      jar.store(res.headers['set-cookie']);
      return { jar, token: res.body };
    }

    it('refuses state-changing requests without a valid token (403, nothing stored)', async () => {
      const a = await session();
      const b = await session();
      const before = probe.received.length;
      const attempts: [string, Record<string, string>, string][] = [
        ['no cookie, no token', {}, 'a=1'],
        ['cookie, no token', { cookie: a.jar.header() }, 'a=1'],
        ['token, no cookie', {}, `a=1&_csrf=${encodeURIComponent(a.token)}`],
        ['wrong token', { cookie: a.jar.header() }, '_csrf=forged-token&a=1'],
        ["another session's token", { cookie: a.jar.header() }, `a=1&_csrf=${encodeURIComponent(b.token)}`],
        [
          'tampered secret cookie',
          { cookie: a.jar.header().replace(/_csrf=([^;]{4})/, '_csrf=AAAA') },
          `a=1&_csrf=${encodeURIComponent(a.token)}`,
        ],
        [
          'token in a repeated field',
          { cookie: a.jar.header() },
          `_csrf=${encodeURIComponent(a.token)}&_csrf=x&a=1`,
        ],
      ];
      for (const [label, headers, payload] of attempts) {
        const res = await probe.app.inject({
          method: 'POST',
          url: '/probe/form',
          headers: { ...FORM, ...headers },
          payload,
        });
        assert.equal(res.statusCode, 403, `${label}: ${res.statusCode}`);
        assert.match(res.headers['content-type'] as string, /text\/html/, label);
      }
      const api = await probe.app.inject({
        method: 'POST',
        url: '/api/v1/probe-csrf',
        headers: { 'content-type': 'application/json', cookie: a.jar.header() },
        payload: '{}',
      });
      assert.equal(api.statusCode, 403);
      assert.match(api.headers['content-type'] as string, /problem\+json/);
      assert.equal(probe.received.length, before, 'a refused request reached its handler');

      const ok = await probe.app.inject({
        method: 'POST',
        url: '/probe/form',
        headers: { ...FORM, cookie: a.jar.header() },
        payload: `a=1&_csrf=${encodeURIComponent(a.token)}`,
      });
      assert.equal(ok.statusCode, 200);
      assert.equal(probe.received.length, before + 1);
    });

    it('protects the real registration form: no token → 403 and no account', async () => {
      const page = await t.app.inject('/registrieren');
      if (page.statusCode === 404) return assert.fail('/registrieren does not exist yet');
      const email = `csrf-probe-${Date.now()}@example.org`;
      const res = await t.app.inject({
        method: 'POST',
        url: '/registrieren',
        headers: FORM,
        payload: new URLSearchParams({
          email,
          name: 'CSRF Probe',
          password: 'Ein-sehr-langes-Passwort-1',
          passwordConfirm: 'Ein-sehr-langes-Passwort-1',
        }).toString(),
      });
      assert.equal(res.statusCode, 403);
      const { rows } = await t.kernel.db.pool.query(
        `select count(*)::int as n from kernel.accounts where lower(email) = lower($1)`,
        [email],
      );
      assert.equal(rows[0].n, 0);
      assert.equal((await t.kernel.mail.recent({ to: email })).length, 0);
    });
  });
});

describe('rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_MAX: '5' } });
  });
  after(async () => t.close());

  it('answers with 429 and Retry-After once the limit is used up, as a page and as problem+json', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await t.app.inject('/')).statusCode, 200, `request ${i + 1}`);
    const page = await t.app.inject('/');
    assert.equal(page.statusCode, 429);
    const retry = Number(page.headers['retry-after']);
    assert.ok(retry > 0 && retry <= 60, `retry-after ${String(page.headers['retry-after'])}`);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /Zu viele Anfragen/);
    assertSecurityHeaders(page, '429 page');
    const api = await t.app.inject('/api/v1/irgendwas');
    assert.equal(api.statusCode, 429);
    assert.match(api.headers['content-type'] as string, /problem\+json/);
    assert.ok(Number(api.headers['retry-after']) > 0);
    const notFound = await t.app.inject('/gibt-es-nicht');
    assert.equal(notFound.statusCode, 429, 'unknown paths count against the limit too');
    // Health checks and assets stay reachable for load balancers and the error page itself.
    assert.equal((await t.app.inject('/health/live')).statusCode, 200);
    assert.equal((await t.app.inject('/assets/app.css')).statusCode, 200);
  });

  it('counts per client address', async () => {
    const other = await t.app.inject({ url: '/', remoteAddress: '198.51.100.7' });
    assert.equal(other.statusCode, 200);
  });
});

describe('https deployment', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { BASE_URL: 'https://portal.example' } });
  });
  after(async () => t.close());

  it('sends HSTS and marks cookies Secure', async () => {
    const res = await t.app.inject('/sprache/en?zurueck=/');
    assert.match(String(res.headers['strict-transport-security']), /max-age=\d{7,}/);
    const cookies = [res.headers['set-cookie']].flat().filter((c): c is string => typeof c === 'string');
    assert.ok(cookies.length > 0);
    for (const c of cookies) assert.match(c, /;\s*Secure/i, c);
    assert.match(String(res.headers['content-security-policy']), /upgrade-insecure-requests/);
    const bad = await t.app.inject('/%E0%A4%A');
    assert.match(String(bad.headers['strict-transport-security']), /max-age/);
  });
});
