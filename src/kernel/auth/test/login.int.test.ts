import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { createAccount, loginAs, TEST_PASSWORD } from '../test-support.ts';
import { CookieJar, get, lastMail, linkTo, login, post, submit } from './helpers.ts';

describe('citizen login and sessions', () => {
  let t: TestApp;
  const clock = new FakeClock();
  before(async () => {
    t = await createTestApp({
      clock,
      env: { AUTH_RATE_LIMIT_MAX: '1000', SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '12' },
    });
  });
  after(async () => t.close());

  async function citizen(email: string) {
    return createAccount(t.kernel, { kind: 'citizen', email });
  }

  it('sets a new session id on every login, with HttpOnly, SameSite=Lax and Path=/', async () => {
    await citizen('wechsel@example.org');
    const jar = new CookieJar();
    const first = await login(t.app, jar, 'wechsel@example.org', TEST_PASSWORD);
    assert.equal(first.statusCode, 303);
    const cookie = first.cookies.find((c) => c.name === 'ok_sid')!;
    assert.ok(cookie.httpOnly);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.ok(!cookie.secure, 'not Secure over http');
    const sid1 = jar.get('ok_sid');
    // Logged in, /anmelden redirects; the token of another form page works for the login form.
    const second = await submit(t.app, jar, '/passwort-vergessen', '/anmelden', {
      email: 'wechsel@example.org',
      password: TEST_PASSWORD,
    });
    assert.equal(second.statusCode, 303);
    const sid2 = jar.get('ok_sid');
    assert.ok(sid1 && sid2 && sid1 !== sid2);
    // The session of the first login is gone, not just replaced in this browser.
    const old = await t.app.inject({ method: 'GET', url: '/konto', cookies: { ok_sid: sid1 } });
    assert.equal(old.statusCode, 303);
    // A session id planted before login (fixation) is not kept.
    const planted = new CookieJar();
    planted.store('ok_sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA; Path=/');
    await login(t.app, planted, 'wechsel@example.org', TEST_PASSWORD);
    assert.notEqual(planted.get('ok_sid'), 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  });

  it('redirects to a safe ?weiter= target only', async () => {
    await citizen('weiter@example.org');
    const ok = await submit(t.app, new CookieJar(), '/anmelden?weiter=/konto', '/anmelden', {
      email: 'weiter@example.org',
      password: TEST_PASSWORD,
      weiter: '/konto?x=1',
    });
    assert.equal(ok.headers.location, '/konto?x=1');
    const evil = await submit(t.app, new CookieJar(), '/anmelden', '/anmelden', {
      email: 'weiter@example.org',
      password: TEST_PASSWORD,
      weiter: '//evil.example/x',
    });
    assert.equal(evil.headers.location, '/konto');
    const page = await get(t.app, new CookieJar(), '/anmelden?weiter=https://evil.example');
    assert.doesNotMatch(page.body, /name="weiter"/, 'an unsafe target is dropped, not carried in the form');
    assert.match(
      (await get(t.app, new CookieJar(), '/anmelden?weiter=/konto')).body,
      /name="weiter" value="\/konto"/,
    );
  });

  it('locks an account after 5 failed logins for 15 minutes, with the same message as for unknown addresses', async () => {
    await citizen('sperre@example.org');
    const known: string[] = [];
    const unknown: string[] = [];
    const message = (body: string) => /href="#f-email">([^<]+)<\/a>/.exec(body)?.[1];
    for (let i = 0; i < 5; i++) {
      const k = await login(t.app, new CookieJar(), 'sperre@example.org', `falsch-${i}-passwort`);
      const u = await login(t.app, new CookieJar(), 'niemand@example.org', `falsch-${i}-passwort`);
      assert.equal(k.statusCode, 422);
      assert.equal(u.statusCode, 422);
      known.push(message(k.body)!);
      unknown.push(message(u.body)!);
    }
    assert.deepEqual(known, unknown, 'known and unknown addresses get the same messages');
    assert.match(known[0]!, /nicht richtig/);
    assert.match(known[4]!, /15 Minuten gesperrt/);
    // Locked: even the right password is refused, with the same message.
    const locked = await login(t.app, new CookieJar(), 'sperre@example.org', TEST_PASSWORD);
    assert.equal(locked.statusCode, 422);
    assert.equal(message(locked.body), known[4]);
    clock.advance(14 * 60_000);
    assert.equal((await login(t.app, new CookieJar(), 'sperre@example.org', TEST_PASSWORD)).statusCode, 422);
    clock.advance(2 * 60_000);
    assert.equal(
      (await login(t.app, new CookieJar(), 'sperre@example.org', TEST_PASSWORD)).statusCode,
      303,
      'unlocked after 15 minutes',
    );
  });

  it('takes comparable time for unknown and known addresses', async () => {
    await citizen('zeit@example.org');
    const time = async (email: string) => {
      const jar = new CookieJar();
      const page = await get(t.app, jar, '/anmelden');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const start = performance.now();
      await post(t.app, jar, '/anmelden', { _csrf: csrf, email, password: 'ein falsches Passwort' });
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time('zeit@example.org'));
      unknown.push(await time(`unbekannt-${i}@example.org`));
      if (i === 3)
        await t.kernel.db.pool.query(
          `update kernel.accounts set failed_logins = 0 where email = 'zeit@example.org'`,
        );
    }
    // Load only ever adds time, so the fastest sample of each is the fair comparison. Both
    // verify an argon2id hash; without the dummy hash an unknown address answers in ~1 ms.
    const fastest = (xs: number[]) => Math.min(...xs);
    assert.ok(
      fastest(unknown) > fastest(known) * 0.3,
      `unknown ${fastest(unknown)} ms vs known ${fastest(known)} ms`,
    );
    await t.kernel.db.pool.query(
      `update kernel.accounts set failed_logins = 0 where email = 'zeit@example.org'`,
    );
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const id = await citizen('timeout@example.org');
    const cookie = await loginAs(t.kernel, id);
    const open = (c: string) => t.app.inject({ method: 'GET', url: '/konto', headers: { cookie: c } });
    assert.equal((await open(cookie)).statusCode, 200);
    clock.advance(31 * 60_000);
    const idle = await open(cookie);
    assert.equal(idle.statusCode, 303, 'idle for 31 min: logged out');
    assert.ok(
      idle.cookies.some((c) => c.name === 'ok_sid' && c.value === ''),
      'the stale cookie is cleared',
    );

    // Active every 25 minutes: never idle, but over after 12 hours.
    const busy = await loginAs(t.kernel, id);
    for (let i = 1; i <= 28; i++) {
      clock.advance(25 * 60_000); // up to 11 h 40
      assert.equal((await open(busy)).statusCode, 200, `after ${i * 25} min`);
    }
    clock.advance(19 * 60_000); // 11 h 59
    assert.equal((await open(busy)).statusCode, 200);
    clock.advance(2 * 60_000); // 12 h 01
    assert.equal((await open(busy)).statusCode, 303, 'absolute timeout');
  });

  it('logs out everywhere: every session of the account ends', async () => {
    const id = await citizen('ueberall@example.org');
    const other = await loginAs(t.kernel, id);
    const third = await loginAs(t.kernel, id);
    const stranger = await loginAs(t.kernel, await citizen('fremd@example.org'));
    const jar = new CookieJar();
    await login(t.app, jar, 'ueberall@example.org', TEST_PASSWORD);
    const page = await get(t.app, jar, '/konto');
    assert.equal(
      (page.body.match(/<tr class="kern-table__row">/g) ?? []).length,
      4,
      'header row + 3 sessions',
    );
    assert.match(page.body, /dieses Gerät/);
    const res = await submit(t.app, jar, '/konto', '/konto/ueberall-abmelden', {});
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/anmelden?hinweis=ueberall-abgemeldet');
    for (const c of [other, third])
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/konto', headers: { cookie: c } })).statusCode,
        303,
      );
    assert.equal((await get(t.app, jar, '/konto')).statusCode, 303);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/konto', headers: { cookie: stranger } })).statusCode,
      200,
      'other accounts keep theirs',
    );
  });

  it('changes the password: the current one is checked, other sessions end, a mail tells the owner', async () => {
    const id = await citizen('aendern@example.org');
    const other = await loginAs(t.kernel, id);
    const jar = new CookieJar();
    await login(t.app, jar, 'aendern@example.org', TEST_PASSWORD);
    const wrong = await submit(t.app, jar, '/konto', '/konto/passwort', {
      current: 'nicht das Passwort',
      password: 'ein neues langes Passwort',
      confirm: 'ein neues langes Passwort',
    });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /bisherige Passwort ist nicht richtig/);
    const mismatch = await submit(t.app, jar, '/konto', '/konto/passwort', {
      current: TEST_PASSWORD,
      password: 'ein neues langes Passwort',
      confirm: 'etwas anderes',
    });
    assert.equal(mismatch.statusCode, 422);
    assert.match(mismatch.body, /stimmen nicht überein/);
    const ok = await submit(t.app, jar, '/konto', '/konto/passwort', {
      current: TEST_PASSWORD,
      password: 'ein neues langes Passwort',
      confirm: 'ein neues langes Passwort',
    });
    assert.equal(ok.statusCode, 303);
    assert.equal((await get(t.app, jar, '/konto')).statusCode, 200, 'this session stays');
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/konto', headers: { cookie: other } })).statusCode,
      303,
      'others end',
    );
    assert.match((await lastMail(t.kernel, 'aendern@example.org')).subject, /Passwort wurde geändert/);
    assert.equal(
      (await login(t.app, new CookieJar(), 'aendern@example.org', 'ein neues langes Passwort')).statusCode,
      303,
    );
  });

  it('resets a forgotten password with a single-use, expiring link; unknown addresses get the same answer', async () => {
    const id = await citizen('vergessen@example.org');
    const session = await loginAs(t.kernel, id);
    const known = await submit(t.app, new CookieJar(), '/passwort-vergessen', '/passwort-vergessen', {
      email: 'vergessen@example.org',
    });
    const unknown = await submit(t.app, new CookieJar(), '/passwort-vergessen', '/passwort-vergessen', {
      email: 'gibtsnicht@example.org',
    });
    assert.equal(known.statusCode, 303);
    assert.equal(unknown.statusCode, known.statusCode);
    assert.equal(unknown.headers.location, known.headers.location);
    assert.equal((await t.kernel.mail.recent({ to: 'gibtsnicht@example.org' })).length, 0);

    const link = linkTo((await lastMail(t.kernel, 'vergessen@example.org')).text, '/passwort-zuruecksetzen');
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const jar = new CookieJar();
    assert.equal((await get(t.app, jar, link)).statusCode, 200);
    const short = await submit(t.app, jar, link, '/passwort-zuruecksetzen', {
      token,
      password: 'kurz',
      confirm: 'kurz',
    });
    assert.equal(short.statusCode, 422);
    const done = await submit(t.app, jar, link, '/passwort-zuruecksetzen', {
      token,
      password: 'mein neues Passwort 1',
      confirm: 'mein neues Passwort 1',
    });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/anmelden?hinweis=passwort-neu');
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/konto', headers: { cookie: session } })).statusCode,
      303,
      'sessions ended',
    );
    assert.equal(
      (await login(t.app, new CookieJar(), 'vergessen@example.org', 'mein neues Passwort 1')).statusCode,
      303,
    );

    const reuse = await submit(t.app, new CookieJar(), '/passwort-vergessen', '/passwort-zuruecksetzen', {
      token,
      password: 'noch ein Passwort 22',
      confirm: 'noch ein Passwort 22',
    });
    assert.equal(reuse.statusCode, 400, 'single use');
    assert.equal((await get(t.app, new CookieJar(), link)).statusCode, 400);

    await submit(t.app, new CookieJar(), '/passwort-vergessen', '/passwort-vergessen', {
      email: 'vergessen@example.org',
    });
    const late = new URL(
      linkTo((await lastMail(t.kernel, 'vergessen@example.org')).text, '/passwort-zuruecksetzen'),
      'http://x',
    ).searchParams.get('token')!;
    clock.advance(61 * 60_000);
    const expired = await submit(t.app, new CookieJar(), '/passwort-vergessen', '/passwort-zuruecksetzen', {
      token: late,
      password: 'noch ein Passwort 22',
      confirm: 'noch ein Passwort 22',
    });
    assert.equal(expired.statusCode, 400, 'expired after 60 minutes');
    assert.equal(
      (await login(t.app, new CookieJar(), 'vergessen@example.org', 'mein neues Passwort 1')).statusCode,
      303,
    );
  });

  it('redirects anonymous visitors of protected pages to the right login and refuses citizens on staff pages', async () => {
    const anon = await get(t.app, new CookieJar(), '/konto');
    assert.equal(anon.statusCode, 303);
    assert.equal(anon.headers.location, '/anmelden?weiter=%2Fkonto');
    const anonStaff = await get(t.app, new CookieJar(), '/verwaltung/konto');
    assert.equal(anonStaff.headers.location, '/verwaltung/anmelden?weiter=%2Fverwaltung%2Fkonto');
    const cookie = await loginAs(t.kernel, await citizen('neugierig@example.org'));
    for (const url of [
      '/verwaltung/konto',
      '/verwaltung/konto/zwei-faktor',
      '/verwaltung/anmelden/zweiter-faktor',
    ]) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
      assert.equal(res.statusCode, 403, url);
    }
    // A citizen's credentials do not open the staff login.
    assert.equal(
      (await login(t.app, new CookieJar(), 'neugierig@example.org', TEST_PASSWORD, true)).statusCode,
      422,
    );
  });
});

describe('cookies behind https', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { BASE_URL: 'https://portal.example.de' } });
  });
  after(async () => t.close());

  it('marks the session cookie Secure when BASE_URL is https', async () => {
    await createAccount(t.kernel, { kind: 'citizen', email: 'sicher@example.org' });
    const res = await login(t.app, new CookieJar(), 'sicher@example.org', TEST_PASSWORD);
    assert.equal(res.statusCode, 303);
    const cookie = res.cookies.find((c) => c.name === 'ok_sid')!;
    assert.ok(cookie.secure);
    assert.ok(cookie.httpOnly);
    assert.equal(cookie.sameSite, 'Lax');
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { AUTH_RATE_LIMIT_MAX: '3' } });
  });
  after(async () => t.close());

  it('answers 429 with Retry-After after too many login attempts from one client', async () => {
    const jar = new CookieJar();
    const page = await get(t.app, jar, '/anmelden');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const statuses: number[] = [];
    const responses = [];
    for (let i = 0; i < 4; i++) {
      const res = await post(t.app, jar, '/anmelden', {
        _csrf: csrf,
        email: 'rl@example.org',
        password: 'irgendein Passwort',
      });
      responses.push(res);
      statuses.push(res.statusCode);
    }
    assert.deepEqual(statuses, [422, 422, 422, 429]);
    const last = responses[3]!;
    assert.ok(Number(last.headers['retry-after']) > 0);
    assert.match(last.body, /Zu viele Anfragen/);
    // The pages themselves are not limited by it.
    assert.equal((await get(t.app, jar, '/anmelden')).statusCode, 200);
  });
});
