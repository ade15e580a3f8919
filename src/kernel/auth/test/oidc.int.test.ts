import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { createAccount } from '../test-support.ts';
import { CookieJar, countAccounts, get } from './helpers.ts';
import { TestProvider } from './test-provider.ts';

const BASE = 'http://portal.test';

describe('OpenID Connect login', () => {
  let op: TestProvider;
  let t: TestApp;
  before(async () => {
    op = await TestProvider.start([
      {
        clientId: 'openkreis-staff',
        clientSecret: 'staff-secret-0123456789',
        redirectUri: `${BASE}/verwaltung/anmelden/sso/callback`,
      },
      {
        clientId: 'openkreis-buerger',
        clientSecret: 'citizen-secret-0123456789',
        redirectUri: `${BASE}/anmelden/bundid/callback`,
      },
    ]);
    t = await createTestApp({
      env: {
        BASE_URL: BASE,
        AUTH_RATE_LIMIT_MAX: '1000',
        OIDC_ALLOW_INSECURE_HTTP: 'true',
        OIDC_STAFF_ISSUER: op.issuer,
        OIDC_STAFF_CLIENT_ID: 'openkreis-staff',
        OIDC_STAFF_CLIENT_SECRET: 'staff-secret-0123456789',
        OIDC_CITIZEN_ISSUER: op.issuer,
        OIDC_CITIZEN_CLIENT_ID: 'openkreis-buerger',
        OIDC_CITIZEN_CLIENT_SECRET: 'citizen-secret-0123456789',
      },
    });
  });
  after(async () => {
    await t.close();
    await op.close();
  });

  /** Browser journey: our start URL → provider (auto login) → our callback. */
  async function sso(jar: CookieJar, startPath: string, user: string) {
    op.nextUser = user;
    const start = await get(t.app, jar, startPath);
    assert.equal(start.statusCode, 303);
    const authUrl = new URL(start.headers.location as string);
    assert.equal(authUrl.origin, op.issuer);
    assert.equal(authUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authUrl.searchParams.get('state') && authUrl.searchParams.get('nonce'));
    const callback = await op.authorize(authUrl.href);
    assert.equal(callback.origin, BASE);
    return { callback, res: await get(t.app, jar, callback.pathname + callback.search) };
  }

  it('offers the buttons on the login pages', async () => {
    assert.match((await get(t.app, new CookieJar(), '/anmelden')).body, /href="\/anmelden\/bundid"/);
    assert.match(
      (await get(t.app, new CookieJar(), '/verwaltung/anmelden')).body,
      /href="\/verwaltung\/anmelden\/sso"/,
    );
  });

  it('creates a citizen account on first BundID login and finds it again on the next', async () => {
    op.users.set('bund-1', { email: 'neu@bund.example', email_verified: true, name: 'Berta Bund' });
    const jar = new CookieJar();
    const { res } = await sso(jar, '/anmelden/bundid?weiter=/konto', 'bund-1');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/konto');
    const page = await get(t.app, jar, '/konto');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Berta Bund/);
    assert.match(page.body, /externen Anbieter/, 'no password to change');
    const again = await sso(new CookieJar(), '/anmelden/bundid', 'bund-1');
    assert.equal(again.res.statusCode, 303);
    assert.equal(await countAccounts(t.kernel, 'neu@bund.example'), 1);
    const { rows } = await t.kernel.db.pool.query(
      'select email_verified_at from kernel.accounts where email = $1',
      ['neu@bund.example'],
    );
    assert.ok(rows[0].email_verified_at, 'the provider verified the address');
  });

  it('links a BundID login to the citizen account with the same verified e-mail', async () => {
    const id = await createAccount(t.kernel, { kind: 'citizen', email: 'vorhanden@bund.example' });
    op.users.set('bund-2', { email: 'Vorhanden@bund.example', email_verified: true, name: 'Vera Vorhanden' });
    const jar = new CookieJar();
    const { res } = await sso(jar, '/anmelden/bundid', 'bund-2');
    assert.equal(res.statusCode, 303);
    assert.equal(await countAccounts(t.kernel, 'vorhanden@bund.example'), 1);
    const { rows } = await t.kernel.db.pool.query(
      'select account_id from kernel.account_identities where subject = $1',
      ['bund-2'],
    );
    assert.equal(rows[0].account_id, id);
  });

  it('logs in an existing staff account matched by e-mail, without creating roles', async () => {
    await createAccount(t.kernel, {
      kind: 'staff',
      email: 'clerk@kreis.example',
      roles: [{ role: 'clerk', tenantId: 'kaarst', orgUnitId: null }],
    });
    op.users.set('staff-1', { email: 'clerk@kreis.example', email_verified: true, name: 'Clara Clerk' });
    const jar = new CookieJar();
    const { res } = await sso(jar, '/verwaltung/anmelden/sso', 'staff-1');
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/verwaltung');
    const page = await get(t.app, jar, '/verwaltung/konto');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Sachbearbeitung – Kaarst/);
  });

  it('refuses staff single sign-on for an address without a staff account', async () => {
    op.users.set('staff-2', { email: 'fremd@kreis.example', email_verified: true });
    await createAccount(t.kernel, { kind: 'citizen', email: 'buergerin@kreis.example' });
    op.users.set('staff-3', { email: 'buergerin@kreis.example', email_verified: true });
    for (const user of ['staff-2', 'staff-3']) {
      const jar = new CookieJar();
      const { res } = await sso(jar, '/verwaltung/anmelden/sso', user);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/verwaltung/anmelden?hinweis=sso-unbekannt');
      assert.equal(jar.get('ok_sid'), undefined);
    }
    assert.equal(await countAccounts(t.kernel, 'fremd@kreis.example'), 0);
  });

  it('refuses a callback whose state does not match, or without the pending cookie', async () => {
    op.users.set('bund-3', { email: 'state@bund.example', email_verified: true });
    const jar = new CookieJar();
    op.nextUser = 'bund-3';
    const start = await get(t.app, jar, '/anmelden/bundid');
    const callback = await op.authorize(start.headers.location as string);
    callback.searchParams.set('state', 'manipuliert');
    const forged = await get(t.app, jar, callback.pathname + callback.search);
    assert.equal(forged.headers.location, '/anmelden?hinweis=sso-fehlgeschlagen');
    assert.equal(jar.get('ok_sid'), undefined);

    const other = new CookieJar();
    const start2 = await get(t.app, other, '/anmelden/bundid');
    const cb2 = await op.authorize(start2.headers.location as string);
    const stranger = await get(t.app, new CookieJar(), cb2.pathname + cb2.search);
    assert.equal(
      stranger.headers.location,
      '/anmelden?hinweis=sso-fehlgeschlagen',
      'a code is useless without the browser that started',
    );
    const error = await get(t.app, new CookieJar(), '/anmelden/bundid/callback?error=access_denied&state=x');
    assert.equal(error.headers.location, '/anmelden?hinweis=sso-fehlgeschlagen');
    assert.equal(await countAccounts(t.kernel, 'state@bund.example'), 0);
  });

  it('does not talk to a plain-http provider unless OIDC_ALLOW_INSECURE_HTTP is set', async () => {
    const strict = await createTestApp({
      env: {
        BASE_URL: BASE,
        OIDC_CITIZEN_ISSUER: op.issuer,
        OIDC_CITIZEN_CLIENT_ID: 'openkreis-buerger',
        OIDC_CITIZEN_CLIENT_SECRET: 'citizen-secret-0123456789',
      },
    });
    try {
      const res = await get(strict.app, new CookieJar(), '/anmelden/bundid');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/anmelden?hinweis=sso-fehlgeschlagen');
    } finally {
      await strict.close();
    }
  });
});
