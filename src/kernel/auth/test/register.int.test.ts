import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { CookieJar, countAccounts, get, lastMail, linkTo, login, post, submit } from './helpers.ts';

const PASSWORD = 'ein langes Passwort 2026';

describe('citizen registration', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { AUTH_RATE_LIMIT_MAX: '1000' } });
  });
  after(async () => t.close());

  it('registers, verifies the address by mail, logs in and logs out', async () => {
    const jar = new CookieJar();
    const email = 'anna.schmidt@example.org';
    const reg = await submit(t.app, jar, '/registrieren', '/registrieren', {
      name: 'Anna Schmidt',
      email,
      password: PASSWORD,
      consent: 'ja',
    });
    assert.equal(reg.statusCode, 303);
    assert.equal(reg.headers.location, '/registrieren/gesendet');
    assert.match((await get(t.app, jar, '/registrieren/gesendet')).body, /Postfach/);

    // Not verified yet: the right password is refused with a hint, and the link is sent again.
    const early = await login(t.app, jar, email, PASSWORD);
    assert.equal(early.statusCode, 422);
    assert.match(early.body, /bestätigen Sie zuerst/);

    const mail = await lastMail(t.kernel, email);
    assert.match(mail.subject, /bestätigen/);
    assert.match(mail.text, /Anna Schmidt/);
    const link = linkTo(mail.text, '/registrieren/bestaetigen');
    const page = await get(t.app, jar, link);
    assert.equal(page.statusCode, 200);
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const confirmed = await submit(t.app, jar, link, '/registrieren/bestaetigen', { token });
    assert.equal(confirmed.statusCode, 303);
    assert.equal(confirmed.headers.location, '/anmelden?hinweis=bestaetigt');
    assert.match(
      (await get(t.app, jar, '/anmelden?hinweis=bestaetigt')).body,
      /E-Mail-Adresse ist bestätigt/,
    );

    const again = await submit(t.app, jar, '/anmelden', '/registrieren/bestaetigen', { token });
    assert.equal(again.statusCode, 400, 'a verification link works once');

    const ok = await login(t.app, jar, email, PASSWORD);
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/konto');
    const account = await get(t.app, jar, '/konto');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /Anna Schmidt/);
    assert.match(account.body, /anna\.schmidt@example\.org/);
    assert.match(account.body, /Abmelden/, 'the header offers logout');
    assert.doesNotMatch(account.body, /href="\/anmelden"/, 'and no login link');

    const out = await submit(t.app, jar, '/abmelden', '/abmelden', {});
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/anmelden?hinweis=abgemeldet');
    assert.equal(jar.get('ok_sid'), undefined, 'cookie cleared');
    const after = await get(t.app, jar, '/konto');
    assert.equal(after.statusCode, 303);
    assert.equal(after.headers.location, '/anmelden?weiter=%2Fkonto');
  });

  it('answers a registration of a known address exactly like a new one and mails the owner instead', async () => {
    const email = 'bekannt@example.org';
    const first = await submit(t.app, new CookieJar(), '/registrieren', '/registrieren', {
      name: 'Erste Person',
      email,
      password: PASSWORD,
      consent: 'ja',
    });
    const token = new URL(
      linkTo((await lastMail(t.kernel, email)).text, '/registrieren/bestaetigen'),
      'http://x',
    ).searchParams.get('token')!;
    const jar = new CookieJar();
    await submit(t.app, jar, '/anmelden', '/registrieren/bestaetigen', { token });

    const second = await submit(t.app, new CookieJar(), '/registrieren', '/registrieren', {
      name: 'Zweite Person',
      email: 'BEKANNT@example.org',
      password: 'ein ganz anderes Passwort',
      consent: 'ja',
    });
    assert.equal(second.statusCode, first.statusCode);
    assert.equal(second.headers.location, first.headers.location);
    assert.equal(second.body, first.body);
    assert.equal(await countAccounts(t.kernel, email), 1);
    const mail = await lastMail(t.kernel, email);
    assert.match(mail.subject, /Registrierung mit Ihrer E-Mail-Adresse/);
    assert.doesNotMatch(mail.text, /token=/, 'no link that would change the account');
    // The original password still works; the second one does not.
    assert.equal((await login(t.app, new CookieJar(), email, PASSWORD)).statusCode, 303);
    assert.equal((await login(t.app, new CookieJar(), email, 'ein ganz anderes Passwort')).statusCode, 422);
  });

  it('lets the owner of the mailbox decide when an unverified address is registered again', async () => {
    const email = 'vorab@example.org';
    // Someone registers the address first (they cannot read its mail).
    await submit(t.app, new CookieJar(), '/registrieren', '/registrieren', {
      name: 'Mallory',
      email,
      password: 'Passwort der anderen Person',
      consent: 'ja',
    });
    const first = linkTo((await lastMail(t.kernel, email)).text, '/registrieren/bestaetigen');
    // The owner registers too and gets a new link; the earlier one stops working.
    await submit(t.app, new CookieJar(), '/registrieren', '/registrieren', {
      name: 'Olga Owner',
      email,
      password: PASSWORD,
      consent: 'ja',
    });
    const second = linkTo((await lastMail(t.kernel, email)).text, '/registrieren/bestaetigen');
    assert.notEqual(first, second);
    assert.equal((await get(t.app, new CookieJar(), first)).statusCode, 400);
    const jar = new CookieJar();
    const token = new URL(second, 'http://x').searchParams.get('token')!;
    assert.equal((await submit(t.app, jar, second, '/registrieren/bestaetigen', { token })).statusCode, 303);
    assert.equal(await countAccounts(t.kernel, email), 1);
    assert.equal(
      (await login(t.app, new CookieJar(), email, 'Passwort der anderen Person')).statusCode,
      422,
      "the first registrant's password is gone",
    );
    const ok = new CookieJar();
    assert.equal((await login(t.app, ok, email, PASSWORD)).statusCode, 303);
    assert.match((await get(t.app, ok, '/konto')).body, /Olga Owner/);
    const { rows } = await t.kernel.db.pool.query(
      `select payload from kernel.auth_tokens t join kernel.accounts a on a.id = t.account_id where a.email = $1`,
      [email],
    );
    for (const r of rows) assert.deepEqual(r.payload, {}, 'no password hash is left in used tokens');
  });

  it('re-renders with 422, an error summary and messages at the fields', async () => {
    const jar = new CookieJar();
    const res = await submit(t.app, jar, '/registrieren', '/registrieren', {
      name: '',
      email: 'kein-at-zeichen',
      password: 'kurz',
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /id="error-summary"/);
    assert.match(res.body, /href="#f-email"/);
    assert.match(res.body, /Geben Sie Ihren Namen ein/);
    assert.match(res.body, /mindestens 12 Zeichen/);
    assert.match(res.body, /Datenschutzhinweise gelesen/);
    assert.match(res.body, /value="kein-at-zeichen"/, 'keeps what was typed');
    assert.doesNotMatch(res.body, /value="kurz"/, 'but never the password');
    assert.equal(await countAccounts(t.kernel, 'kein-at-zeichen'), 0);
    const junk = await submit(t.app, jar, '/registrieren', '/registrieren', { name: 'x'.repeat(5000) });
    assert.equal(junk.statusCode, 400, 'oversized field: a 400 page, not a 500');
  });

  it('refuses a form with a wrong CSRF token with 403 and stores nothing', async () => {
    const jar = new CookieJar();
    await get(t.app, jar, '/registrieren');
    const res = await post(t.app, jar, '/registrieren', {
      _csrf: 'falsch',
      name: 'Eve',
      email: 'eve@example.org',
      password: PASSWORD,
      consent: 'ja',
    });
    assert.equal(res.statusCode, 403);
    assert.equal(await countAccounts(t.kernel, 'eve@example.org'), 0);
    assert.equal((await t.kernel.mail.recent({ to: 'eve@example.org' })).length, 0);
  });

  it('creates one account when the same address registers twice at the same moment', async () => {
    const email = 'gleichzeitig@example.org';
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        submit(t.app, new CookieJar(), '/registrieren', '/registrieren', {
          name: `Person ${i}`,
          email,
          password: PASSWORD,
          consent: 'ja',
        }),
      ),
    );
    for (const r of results) assert.equal(r.statusCode, 303);
    assert.equal(await countAccounts(t.kernel, email), 1);
  });
});
