import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { CookieJar, createTestApp, type TestApp } from '../../../testing.ts';
import { createAccount, loginAs } from '../../auth/test-support.ts';

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
const NASTY = [
  '%',
  '%00',
  '%ff',
  '%C3%28',
  '%2e%2e',
  '..',
  '.',
  '%2F',
  '//',
  ';',
  '~',
  '\u00e4',
  '\ud83d\ude00',
  '%E2%80%AE',
  '*',
  '[]',
  '{}',
  ' ',
  '%20',
  '+',
  '\\',
  '__proto__',
  'constructor',
];

/** Paths linked from the portal's own pages and the forms' actions: the routes that exist. */
async function discoverPaths(t: TestApp, cookie?: string): Promise<{ paths: string[]; forms: string[] }> {
  const paths = new Set<string>([
    '/',
    '/suche',
    '/anmelden',
    '/registrieren',
    '/verwaltung',
    '/verwaltung/anmelden',
    '/konto',
    '/api/v1',
    '/health/ready',
    '/sprache/en',
    '/assets/app.css',
  ]);
  const forms = new Set<string>();
  const queue = ['/'];
  const seen = new Set<string>();
  while (queue.length && seen.size < 40) {
    const page = queue.shift()!;
    if (seen.has(page)) continue;
    seen.add(page);
    const res = await t.app.inject({ url: page, headers: cookie ? { cookie } : {} });
    if (!/text\/html/.test(String(res.headers['content-type']))) continue;
    for (const m of res.body.matchAll(/href="(\/[^"#?]*)/g)) {
      const p = m[1]!;
      // Crawling must not end the session it crawls with.
      if (p.startsWith('/assets/') || p.startsWith('/abmelden')) continue;
      paths.add(p);
      if (!seen.has(p)) queue.push(p);
    }
    for (const m of res.body.matchAll(/<form[^>]*action="(\/[^"?]*)/g)) forms.add(m[1]!);
  }
  return { paths: [...paths], forms: [...forms] };
}

interface Target {
  paths: string[];
  forms: string[];
  /** A session cookie, or none for an anonymous visitor. */
  session: string;
  /** A CSRF secret cookie and its token, so random bodies can pass the token check. */
  csrfCookie: string;
  token: string | null;
}

async function prepare(t: TestApp, session = ''): Promise<Target> {
  const { paths, forms } = await discoverPaths(t, session || undefined);
  const keep = (p: string) => !/abmelden/.test(p); // do not end the session being fuzzed
  const jar = new CookieJar();
  let token: string | null = null;
  for (const p of ['/anmelden', '/registrieren', '/barrierefreiheit', ...paths]) {
    const res = await t.app.inject({ url: p, headers: session ? { cookie: session } : {} });
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) {
      jar.store(res.headers['set-cookie']);
      token = m[1]!;
      break;
    }
  }
  return { paths: paths.filter(keep), forms: forms.filter(keep), session, csrfCookie: jar.header(), token };
}

async function fuzz(t: TestApp, target: Target, numRuns: number): Promise<void> {
  const { paths, forms, token } = target;
  const segment = fc.oneof(
    fc.constantFrom(...NASTY),
    fc.string({ maxLength: 12 }),
    fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  );
  const path = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...paths, ...forms) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...paths, ...forms), fc.array(segment, { minLength: 1, maxLength: 3 }))
        .map(([p, s]) => `${p.replace(/\/$/, '')}/${s.join('/')}`),
    },
    { weight: 1, arbitrary: fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`) },
  );
  const query = fc.option(
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              'q',
              'plz',
              'seite',
              'weiter',
              'zurueck',
              '_csrf',
              'lang',
              'token',
              'status',
              'von',
              'bis',
            ),
            segment,
          ),
          fc.oneof(segment, fc.string({ maxLength: 200 })),
        ),
        { maxLength: 6 },
      )
      .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
    { nil: undefined },
  );
  const body = fc.option(
    fc.record({
      type: fc.constantFrom(...CONTENT_TYPES),
      payload: fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
        fc
          .dictionary(
            fc.oneof(
              fc.constantFrom(
                'email',
                'password',
                'name',
                'message',
                'token',
                'code',
                'plz',
                'q',
                'id',
                'page',
                'consent',
              ),
              fc.string({ maxLength: 8 }),
            ),
            fc.oneof(fc.string({ maxLength: 100 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 })),
            { maxKeys: 6 },
          )
          .map((d) =>
            new URLSearchParams(
              Object.entries(d).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
            ).toString(),
          ),
        fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      ),
      withToken: fc.boolean(),
    }),
    { nil: undefined },
  );
  const headers = fc.record({
    lang: fc.constantFrom(undefined, 'de', 'en', 'xx', '%E0'),
    accept: fc.constantFrom(
      undefined,
      'application/json',
      'text/html',
      '*/*',
      'application/problem+json',
      'image/*',
    ),
  });

  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...METHODS), path, query, body, headers, async (method, p, q, b, h) => {
      // inject() cannot send "//x" or "/\\x" (it reads them as a host); security.int.test.ts sends those raw.
      fc.pre(!/^\/[\\/]/.test(p));
      const url = q ? `${p}?${q}` : p;
      const cookies = [
        h.lang ? `ok_lang=${h.lang}` : '',
        target.session,
        b?.withToken && token ? target.csrfCookie : '',
      ]
        .filter(Boolean)
        .join('; ');
      let payload: string | Buffer | undefined = b?.payload;
      if (
        b &&
        b.withToken &&
        token &&
        typeof payload === 'string' &&
        b.type.startsWith('application/x-www-form-urlencoded')
      ) {
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
      assert.equal(
        res.headers['x-content-type-options'],
        'nosniff',
        `${method} ${url} without security headers`,
      );
      assert.doesNotMatch(
        res.body,
        /\bat [\w.<>]+ \(|node:internal|\.tsx?:\d+:\d+/,
        `${method} ${url} leaks a stack trace`,
      );
    }),
    { numRuns, interruptAfterTimeLimit: 120_000 },
  );
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);

describe('random requests never cause a 500', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('as an anonymous visitor', async () => {
    const target = await prepare(t);
    assert.ok(target.paths.length >= 5, `only ${target.paths.length} paths discovered`);
    assert.ok(target.token, 'no form with a CSRF token found');
    await fuzz(t, target, RUNS);
  });

  it('as a logged-in citizen', async () => {
    const session = await loginAs(t.kernel, await createAccount(t.kernel, { kind: 'citizen' }));
    const target = await prepare(t, session);
    assert.ok(target.paths.includes('/konto'), 'the citizen session was not used for discovery');
    await fuzz(t, target, RUNS);
  });

  it('as a platform admin in the staff area', async () => {
    const id = await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'platform_admin', tenantId: null, orgUnitId: null }],
    });
    const session = await loginAs(t.kernel, id);
    const target = await prepare(t, session);
    assert.ok(
      target.paths.some((p) => p.startsWith('/verwaltung/')),
      'no staff pages discovered',
    );
    await fuzz(t, target, RUNS);
  });
});
