import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { createAccount, loginAs, TEST_PASSWORD } from '../test-support.ts';
import { resetSecondFactor } from '../commands/totp.ts';
import { totpCode } from '../totp.ts';
import { CookieJar, get, login, submit } from './helpers.ts';

/** The manual key shown on the setup page. */
function keyFrom(html: string): string {
  const m = /<code id="totp-key">([A-Z2-7 ]+)<\/code>/.exec(html);
  if (!m) throw new Error('no TOTP key on the page');
  return m[1]!.replace(/ /g, '');
}

describe('staff login with TOTP', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T08:00:05Z'));
  before(async () => {
    t = await createTestApp({ clock, env: { AUTH_RATE_LIMIT_MAX: '1000' } });
  });
  after(async () => t.close());

  async function staff(email: string) {
    return createAccount(t.kernel, {
      kind: 'staff',
      email,
      roles: [{ role: 'clerk', tenantId: 'rhein-kreis-neuss', orgUnitId: null }],
    });
  }

  it('logs a staff member in without a second factor when none is set up', async () => {
    await staff('ohne-totp@kreis.example');
    const jar = new CookieJar();
    const res = await login(t.app, jar, 'ohne-totp@kreis.example', TEST_PASSWORD, true);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/verwaltung');
    const page = await get(t.app, jar, '/verwaltung/konto');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Sachbearbeitung – Rhein-Kreis Neuss/);
    assert.match(page.body, /Zwei-Faktor-Anmeldung ist ausgeschaltet/);
  });

  it('sets up TOTP, then requires a code at login, refuses wrong and replayed codes', async () => {
    const id = await staff('mit-totp@kreis.example');
    const jar = new CookieJar();
    await login(t.app, jar, 'mit-totp@kreis.example', TEST_PASSWORD, true);
    const setup = await get(t.app, jar, '/verwaltung/konto/zwei-faktor');
    assert.equal(setup.statusCode, 200);
    const secret = keyFrom(setup.body);
    assert.match(setup.body, /otpauth:\/\/totp\//);
    const stored = await t.kernel.db.pool.query('select totp_secret_enc from kernel.accounts where id = $1', [
      id,
    ]);
    assert.ok(!String(stored.rows[0].totp_secret_enc).includes(secret), 'the secret is stored encrypted');
    assert.equal(
      keyFrom((await get(t.app, jar, '/verwaltung/konto/zwei-faktor')).body),
      secret,
      'the pending secret stays until confirmed',
    );

    const wrong = await submit(t.app, jar, '/verwaltung/konto/zwei-faktor', '/verwaltung/konto/zwei-faktor', {
      code: '000000',
    });
    assert.equal(wrong.statusCode, 422);
    const sidBefore = jar.get('ok_sid');
    const enabled = await submit(
      t.app,
      jar,
      '/verwaltung/konto/zwei-faktor',
      '/verwaltung/konto/zwei-faktor',
      { code: totpCode(secret, clock.now()) },
    );
    assert.equal(enabled.statusCode, 303);
    assert.equal(enabled.headers.location, '/verwaltung/konto?hinweis=zwei-faktor-aktiv');
    assert.notEqual(jar.get('ok_sid'), sidBefore, 'new session id after the second factor');
    assert.match(
      (await get(t.app, jar, '/verwaltung/konto?hinweis=zwei-faktor-aktiv')).body,
      /ist jetzt eingeschaltet/,
    );

    // A new login now stops at the second factor.
    clock.advance(60_000);
    const browser = new CookieJar();
    const first = await login(t.app, browser, 'mit-totp@kreis.example', TEST_PASSWORD, true);
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/verwaltung/anmelden/zweiter-faktor');
    const blocked = await get(t.app, browser, '/verwaltung/konto');
    assert.equal(blocked.statusCode, 403, 'no staff page before the second factor');
    const noSetup = await get(t.app, browser, '/verwaltung/konto/zwei-faktor');
    assert.equal(noSetup.statusCode, 303, 'the setup page cannot replace an enabled factor without it');
    assert.equal(noSetup.headers.location, '/verwaltung/anmelden/zweiter-faktor');

    const bad = await submit(
      t.app,
      browser,
      '/verwaltung/anmelden/zweiter-faktor',
      '/verwaltung/anmelden/zweiter-faktor',
      { code: '123456' === totpCode(secret, clock.now()) ? '654321' : '123456' },
    );
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Sicherheitscode ist nicht richtig/);
    const code = totpCode(secret, clock.now());
    const good = await submit(
      t.app,
      browser,
      '/verwaltung/anmelden/zweiter-faktor',
      '/verwaltung/anmelden/zweiter-faktor',
      { code },
    );
    assert.equal(good.statusCode, 303);
    assert.equal(good.headers.location, '/verwaltung');
    assert.equal((await get(t.app, browser, '/verwaltung/konto')).statusCode, 200);

    // The same code cannot be used again within its window, not even in another browser.
    const other = new CookieJar();
    await login(t.app, other, 'mit-totp@kreis.example', TEST_PASSWORD, true);
    const replay = await submit(
      t.app,
      other,
      '/verwaltung/anmelden/zweiter-faktor',
      '/verwaltung/anmelden/zweiter-faktor',
      { code },
    );
    assert.equal(replay.statusCode, 422, 'replay refused');
    clock.advance(30_000);
    const next = await submit(
      t.app,
      other,
      '/verwaltung/anmelden/zweiter-faktor',
      '/verwaltung/anmelden/zweiter-faktor',
      { code: totpCode(secret, clock.now()) },
    );
    assert.equal(next.statusCode, 303, 'the next code works');
  });

  it('locks the account after 5 wrong codes and ends the half-open session', async () => {
    const id = await staff('rate-totp@kreis.example');
    const jar = new CookieJar();
    await login(t.app, jar, 'rate-totp@kreis.example', TEST_PASSWORD, true);
    const secret = keyFrom((await get(t.app, jar, '/verwaltung/konto/zwei-faktor')).body);
    await submit(t.app, jar, '/verwaltung/konto/zwei-faktor', '/verwaltung/konto/zwei-faktor', {
      code: totpCode(secret, clock.now()),
    });
    clock.advance(30_000);
    const b = new CookieJar();
    await login(t.app, b, 'rate-totp@kreis.example', TEST_PASSWORD, true);
    const right = totpCode(secret, clock.now());
    const wrong = right === '111111' ? '222222' : '111111';
    const responses = [];
    for (let i = 0; i < 5; i++)
      responses.push(
        await submit(t.app, b, '/verwaltung/anmelden/zweiter-faktor', '/verwaltung/anmelden/zweiter-faktor', {
          code: wrong,
        }),
      );
    const last = responses[4]!;
    assert.equal(last.statusCode, 422);
    assert.match(last.body, /15 Minuten gesperrt/);
    assert.equal(b.get('ok_sid'), undefined, 'session ended');
    const locked = await login(t.app, new CookieJar(), 'rate-totp@kreis.example', TEST_PASSWORD, true);
    assert.equal(locked.statusCode, 422, 'password login locked too');
    const { rows } = await t.kernel.db.pool.query('select locked_until from kernel.accounts where id = $1', [
      id,
    ]);
    assert.ok(rows[0].locked_until > clock.now());
  });

  it('lets an admin reset a lost second factor, which ends the sessions', async () => {
    const id = await staff('verloren@kreis.example');
    const jar = new CookieJar();
    await login(t.app, jar, 'verloren@kreis.example', TEST_PASSWORD, true);
    const secret = keyFrom((await get(t.app, jar, '/verwaltung/konto/zwei-faktor')).body);
    clock.advance(30_000);
    await submit(t.app, jar, '/verwaltung/konto/zwei-faktor', '/verwaltung/konto/zwei-faktor', {
      code: totpCode(secret, clock.now()),
    });
    assert.equal((await get(t.app, jar, '/verwaltung/konto')).statusCode, 200);
    assert.equal(await resetSecondFactor(t.kernel, { actorId: null, accountId: id }), true);
    assert.equal((await get(t.app, jar, '/verwaltung/konto')).statusCode, 303, 'logged out');
    const again = await login(t.app, new CookieJar(), 'verloren@kreis.example', TEST_PASSWORD, true);
    assert.equal(again.headers.location, '/verwaltung', 'no code asked any more');
  });

  it('makes staff set up TOTP first when STAFF_TOTP_REQUIRED is on', async () => {
    const r = await createTestApp({
      clock,
      env: { AUTH_RATE_LIMIT_MAX: '1000', STAFF_TOTP_REQUIRED: 'true' },
    });
    try {
      await createAccount(r.kernel, {
        kind: 'staff',
        email: 'pflicht@kreis.example',
        roles: [{ role: 'editor', tenantId: 'neuss', orgUnitId: null }],
      });
      const jar = new CookieJar();
      const res = await login(r.app, jar, 'pflicht@kreis.example', TEST_PASSWORD, true);
      assert.equal(res.headers.location, '/verwaltung/konto/zwei-faktor');
      assert.equal((await get(r.app, jar, '/verwaltung/konto')).statusCode, 403);
      const setup = await get(r.app, jar, '/verwaltung/konto/zwei-faktor');
      assert.match(setup.body, /vorgeschrieben/);
      const done = await submit(
        r.app,
        jar,
        '/verwaltung/konto/zwei-faktor',
        '/verwaltung/konto/zwei-faktor',
        { code: totpCode(keyFrom(setup.body), clock.now()) },
      );
      assert.equal(done.statusCode, 303);
      assert.equal((await get(r.app, jar, '/verwaltung/konto')).statusCode, 200);
      // A staff session created without the factor (test helper) is not enough.
      const id = await createAccount(r.kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: 'neuss', orgUnitId: null }],
      });
      const res2 = await r.app.inject({
        method: 'GET',
        url: '/verwaltung/konto',
        headers: { cookie: await loginAs(r.kernel, id, { mfa: true }) },
      });
      assert.equal(
        res2.statusCode,
        403,
        'mfa_passed without an enabled factor does not count when it is required',
      );
    } finally {
      await r.close();
    }
  });

  it('shows the demo credentials only in DEMO_MODE', async () => {
    const plain = await get(t.app, new CookieJar(), '/verwaltung/anmelden');
    assert.doesNotMatch(plain.body, /Demo-Admin-2026!/);
    const demo = await createTestApp({ env: { DEMO_MODE: 'true' } });
    try {
      const page = await get(demo.app, new CookieJar(), '/verwaltung/anmelden');
      assert.match(page.body, /admin@demo\.openkreis\.de/);
      assert.match(page.body, /Demo-Clerk-2026!/);
      assert.match((await get(demo.app, new CookieJar(), '/anmelden')).body, /buerger@demo\.openkreis\.de/);
    } finally {
      await demo.close();
    }
  });
});
