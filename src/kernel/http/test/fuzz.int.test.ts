import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CookieJar, createTestApp, type TestApp } from '../../../testing.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
const CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=ISO-8859-1',
  'application/json',
  'application/problem+json',
  'text/plain',
  'multipart/form-data; boundary=----x',
  'multipart/form-data',
  'application/octet-stream',
  'text/html; charset=utf-8',
  ';;;',
] as const;
// Pieces that tend to break routers, decoders and validators.
const NASTY = ['%', '%00', '%ff', '%C3%28', '%2e%2e', '..', '.', '%2F', '//', ';', '~', '\u00e4', '\ud83d\ude00', '%E2%80%AE', '*', '[]', '{}', ' ', '%20', '+', '\\', '__proto__', 'constructor'];

/** Paths linked from the portal's own pages and the forms' actions: the routes that exist. */
async function discoverPaths(t: TestApp): Promise<{ paths: string[]; forms: string[] }> {
  const paths = new Set<string>(['/', '/suche', '/anmelden', '/registrieren', '/verwaltung', '/verwaltung/anmelden', '/konto', '/api/v1', '/health/ready', '/sprache/en', '/assets/app.css']);
  const forms = new Set<string>();
  const queue = ['/'];
  const seen = new Set<string>();
  while (queue.length && seen.size < 40) {
    const page = queue.shift()!;
    if (seen.has(page)) continue;
    seen.add(page);
    const res = await t.app.inject(page);
    if (!/text\/html/.test(String(res.headers['content-type']))) continue;
    for (const m of res.body.matchAll(/href="(\/[^"#?]*)/g)) {
      const p = m[1]!;
      if (p.startsWith('/assets/')) continue;
      paths.add(p);
      if (!seen.has(p)) queue.push(p);
    }
    for (const m of res.body.matchAll(/<form[^>]*action="(\/[^"?]*)/g)) forms.add(m[1]!);
  }
  return { paths: [...paths], forms: [...forms] };
}

describe('random requests never cause a 500', () => {
  let t: TestApp;
  let paths: string[];
  let forms: string[];
  let jar: CookieJar;
  let token: string | null = null;
  before(async () => {
    t = await createTestApp();
    ({ paths, forms } = await discoverPaths(t));
    // A valid CSRF pair lets random bodies get past the token check into the form handlers.
    jar = new CookieJar();
    for (const p of ['/anmelden', '/registrieren', '/barrierefreiheit', ...paths]) {
      const res = await t.app.inject({ url: p });
      const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
      if (m) {
        jar.store(res.headers['set-cookie']);
        token = m[1]!;
        break;
      }
    }
  });
  after(async () => t.close());

  it('finds pages and forms to aim at', () => {
    assert.ok(paths.length >= 5, `only ${paths.length} paths discovered`);
  });

  it('answers every random method, path, query, header and body with a status below 500', async () => {
    const segment = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-z0-9-]{1,20}$/));
    const path = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...paths, ...forms) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...paths, ...forms), fc.array(segment, { minLength: 1, maxLength: 3 })).map(([p, s]) => `${p.replace(/\/$/, '')}/${s.join('/')}`) },
      { weight: 1, arbitrary: fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`) },
    );
    const query = fc.option(
      fc.array(fc.tuple(fc.oneof(fc.constantFrom('q', 'plz', 'seite', 'weiter', 'zurueck', '_csrf', 'lang', 'token'), segment), fc.oneof(segment, fc.string({ maxLength: 200 }))), { maxLength: 6 })
        .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
      { nil: undefined },
    );
    const body = fc.option(
      fc.record({
        type: fc.constantFrom(...CONTENT_TYPES),
        payload: fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          fc.dictionary(fc.oneof(fc.constantFrom('email', 'password', 'name', 'message', 'token', 'code', 'plz', 'q'), fc.string({ maxLength: 8 })), fc.oneof(fc.string({ maxLength: 100 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 })), { maxKeys: 6 })
            .map((d) => new URLSearchParams(Object.entries(d).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))).toString()),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
        ),
        withToken: fc.boolean(),
      }),
      { nil: undefined },
    );
    const headers = fc.record({
      lang: fc.constantFrom(undefined, 'de', 'en', 'xx', '%E0'),
      accept: fc.constantFrom(undefined, 'application/json', 'text/html', '*/*', 'application/problem+json', 'image/*'),
    });

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), path, query, body, headers, async (method, p, q, b, h) => {
        const url = q ? `${p}?${q}` : p;
        const cookies = [h.lang ? `ok_lang=${h.lang}` : '', b?.withToken && token ? jar.header() : ''].filter(Boolean).join('; ');
        let payload: string | Buffer | undefined = b?.payload;
        if (b && b.withToken && token && typeof payload === 'string' && b.type.startsWith('application/x-www-form-urlencoded')) {
          payload = `${payload}${payload ? '&' : ''}_csrf=${encodeURIComponent(token)}`;
        }
        const res = await t.app.inject({
          method,
          url,
          headers: {
            ...(b ? { 'content-type': b.type } : {}),
            ...(cookies ? { cookie: cookies } : {}),
            ...(h.accept ? { accept: h.accept } : {}),
          },
          ...(b && method !== 'GET' && method !== 'HEAD' ? { payload } : {}),
        });
        assert.ok(res.statusCode < 500, `${method} ${url} → ${res.statusCode}\n${res.body.slice(0, 500)}`);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', `${method} ${url} without security headers`);
        assert.doesNotMatch(res.body, /\bat [\w.<>]+ \(|node:internal|\.tsx?:\d+:\d+/, `${method} ${url} leaks a stack trace`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 600), interruptAfterTimeLimit: 120_000 },
    );
  });
});
