import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../auth/test-support.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';

function nonceOf(csp: string): string {
  return /'nonce-([^']+)'/.exec(csp)![1]!;
}

describe('page cache for anonymous public pages', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { PAGE_CACHE_SECONDS: '30' } });
  });
  after(async () => t.close());

  it('serves the second anonymous request from the cache with a fresh nonce', async () => {
    const first = await t.app.inject('/kommunen/neuss');
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['x-page-cache'], 'miss');
    const second = await t.app.inject('/kommunen/neuss');
    assert.equal(second.headers['x-page-cache'], 'hit');
    const n1 = nonceOf(first.headers['content-security-policy'] as string);
    const n2 = nonceOf(second.headers['content-security-policy'] as string);
    assert.notEqual(n1, n2, 'every response has its own nonce');
    assert.ok(second.body.includes(`nonce="${n2}"`), 'the cached page carries the new nonce');
    assert.ok(!second.body.includes(n1), 'and not the old one');
    const normalise = (html: string, nonce: string) =>
      html.replaceAll(nonce, 'N').replace(/name="_csrf" value="[^"]*"/g, 'T');
    assert.equal(normalise(second.body, n2), normalise(first.body, n1));
  });

  it('keeps languages and cookie-dependent variants apart', async () => {
    const de = await t.app.inject('/kommunen/dormagen');
    const en = await t.app.inject({ url: '/kommunen/dormagen', cookies: { ok_lang: 'en' } });
    assert.match(de.body, /<html lang="de"/);
    assert.match(en.body, /<html lang="en"/);
    const enAgain = await t.app.inject({ url: '/kommunen/dormagen', cookies: { ok_lang: 'en' } });
    assert.equal(enAgain.headers['x-page-cache'], 'hit');
    assert.match(enAgain.body, /<html lang="en"/);
  });

  it('gives every visitor of a cached page with a form their own working CSRF token', async () => {
    const { CookieJar, csrfFrom } = await import('../../../testing.ts');
    const first = await t.app.inject('/kommunen/grevenbroich');
    assert.equal(first.headers['x-page-cache'], 'miss');
    const jar = new CookieJar();
    const visitor = await t.app.inject('/kommunen/grevenbroich');
    assert.equal(visitor.headers['x-page-cache'], 'hit');
    jar.store(visitor.headers['set-cookie']);
    assert.ok(jar.get('_csrf'), 'a new visitor gets their CSRF secret');
    const token = csrfFrom(visitor.body);
    assert.notEqual(token, csrfFrom(first.body));
    const save = await t.app.inject({
      method: 'POST',
      url: '/meine-kommune',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}&kommune=grevenbroich`,
    });
    assert.ok(save.statusCode < 400, `the token from the cached page is accepted (${save.statusCode})`);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/meine-kommune',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(csrfFrom(first.body))}&kommune=grevenbroich`,
    });
    assert.equal(forged.statusCode, 403, "another visitor's token is refused");
  });

  it('never caches for signed-in visitors', async () => {
    const cookie = await loginAs(
      t.kernel,
      await createAccount(t.kernel, { kind: 'citizen', email: 'cache@example.org' }),
    );
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ url: '/kommunen/kaarst', headers: { cookie } });
      assert.equal(res.headers['x-page-cache'], undefined);
      assert.match(res.body, /Abmelden|Mein Konto/);
    }
  });

  it('expires entries after the configured time', async () => {
    const short = await createTestApp({ env: { PAGE_CACHE_SECONDS: '1' }, database: t.db });
    try {
      await short.app.inject('/impressum');
      assert.equal((await short.app.inject('/impressum')).headers['x-page-cache'], 'hit');
      await new Promise((r) => setTimeout(r, 1100));
      assert.equal((await short.app.inject('/impressum')).headers['x-page-cache'], 'miss');
    } finally {
      await short.close();
    }
  });

  it('can be switched off', async () => {
    const off = await createTestApp({ env: { PAGE_CACHE_SECONDS: '0' }, database: t.db });
    try {
      await off.app.inject('/impressum');
      assert.equal((await off.app.inject('/impressum')).headers['x-page-cache'], undefined);
    } finally {
      await off.close();
    }
  });
});

describe('page cache edge (answers before routing, over real HTTP)', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await createTestApp({ env: { PAGE_CACHE_SECONDS: '30' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}`;
  });
  after(async () => t.close());

  it('answers a cached page without a form at the edge, with fresh nonce and the same security headers', async () => {
    const first = await fetch(`${base}/impressum`);
    const firstBody = await first.text();
    assert.equal(first.headers.get('x-page-cache'), 'miss');
    const second = await fetch(`${base}/impressum`, { headers: { 'x-request-id': 'probe-request-1' } });
    const body = await second.text();
    assert.equal(second.headers.get('x-page-cache'), 'edge');
    assert.equal(second.headers.get('x-request-id'), 'probe-request-1');
    const n1 = nonceOf(first.headers.get('content-security-policy')!);
    const n2 = nonceOf(second.headers.get('content-security-policy')!);
    assert.notEqual(n1, n2);
    assert.equal(body.replaceAll(n2, 'N'), firstBody.replaceAll(n1, 'N'));
    for (const h of ['x-frame-options', 'x-content-type-options', 'referrer-policy', 'content-type'])
      assert.equal(second.headers.get(h), first.headers.get(h), h);
    assert.equal(second.headers.get('content-length'), String(Buffer.byteLength(body)));
    assert.equal(second.headers.get('set-cookie'), null);
  });

  it('keeps language variants apart and leaves sessions and HEAD to the full pipeline', async () => {
    await fetch(`${base}/datenschutz`);
    await fetch(`${base}/datenschutz`, { headers: { cookie: 'ok_lang=en' } });
    const en = await fetch(`${base}/datenschutz`, { headers: { cookie: 'ok_lang=en' } });
    assert.equal(en.headers.get('x-page-cache'), 'edge');
    assert.match(await en.text(), /<html lang="en"/);
    const cookie = await loginAs(
      t.kernel,
      await createAccount(t.kernel, { kind: 'citizen', email: 'edge@example.org' }),
    );
    const signedIn = await fetch(`${base}/datenschutz`, { headers: { cookie } });
    assert.equal(signedIn.headers.get('x-page-cache'), null);
    assert.match(await signedIn.text(), /Abmelden|Mein Konto/);
    const head = await fetch(`${base}/datenschutz`, { method: 'HEAD' });
    assert.notEqual(head.headers.get('x-page-cache'), 'edge');
  });

  it('gives first-time and returning visitors of a form page their own working CSRF token at the edge', async () => {
    const { csrfFrom } = await import('../../../testing.ts');
    await fetch(`${base}/kommunen/juechen`);
    const fresh = await fetch(`${base}/kommunen/juechen`);
    const body = await fresh.text();
    assert.equal(fresh.headers.get('x-page-cache'), 'edge');
    const setCookie = fresh.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
    const cookie = setCookie.split(';')[0]!;
    const token = csrfFrom(body);
    const post = (t: string) =>
      fetch(`${base}/meine-kommune`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(t)}&kommune=juechen`,
      });
    const saved = await post(token);
    assert.ok(saved.status < 400, `edge token accepted (${saved.status})`);
    const again = await fetch(`${base}/kommunen/juechen`, { headers: { cookie } });
    const againBody = await again.text();
    assert.equal(again.headers.get('x-page-cache'), 'edge');
    assert.equal(again.headers.get('set-cookie'), null, 'a returning visitor keeps their secret');
    const second = csrfFrom(againBody);
    assert.notEqual(second, token);
    assert.ok((await post(second)).status < 400, 'a token for the same secret is accepted');
    const stranger = await fetch(`${base}/kommunen/juechen`);
    const strangerToken = csrfFrom(await stranger.text());
    assert.equal((await post(strangerToken)).status, 403, "another visitor's token is refused");
    const forged = await fetch(`${base}/kommunen/juechen`, { headers: { cookie: '_csrf=forged.value' } });
    assert.match(forged.headers.get('set-cookie') ?? '', /^_csrf=/, 'a forged secret cookie is replaced');
  });
});
