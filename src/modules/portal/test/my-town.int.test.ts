import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, CookieJar, csrfFrom, type TestApp } from '../../../testing.ts';

describe('Meine Kommune', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  async function visit(jar: CookieJar, url: string) {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
    jar.store(res.headers['set-cookie']);
    return res;
  }
  async function post(jar: CookieJar, url: string, fields: Record<string, string>) {
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
    jar.store(res.headers['set-cookie']);
    return res;
  }

  it('finds the town by postal code, saves it in a cookie and shows it afterwards', async () => {
    const jar = new CookieJar();
    const found = await visit(jar, '/meine-kommune?plz=41564');
    assert.equal(found.statusCode, 200);
    assert.match(found.body, /Die Postleitzahl 41564 gehört zu Kaarst\./);
    assert.match(found.body, /<input type="hidden" name="kommune" value="kaarst"\/>/);
    const saved = await post(jar, '/meine-kommune', { _csrf: csrfFrom(found.body), kommune: 'kaarst' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/meine-kommune?gespeichert=1');
    const cookie = saved.cookies.find((c) => c.name === 'ok_kommune');
    assert.ok(cookie);
    assert.equal(cookie.value, 'kaarst');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.ok((cookie.maxAge ?? 0) > 300 * 24 * 3600);

    const after = await visit(jar, '/meine-kommune?gespeichert=1');
    assert.match(after.body, /Gespeichert: Ihre Kommune ist jetzt Kaarst\./);
    const home = await visit(jar, '/');
    assert.match(home.body, /Meine Kommune: Kaarst/, 'header shows the choice');
    assert.match(home.body, /Ihre Kommune: Kaarst/, 'home shows the choice');
    assert.match(home.body, /href="\/kommunen\/kaarst"><span class="kern-label">Zur Seite von Kaarst/);
    const town = await visit(jar, '/kommunen/kaarst');
    assert.match(town.body, /Das ist Ihre gewählte Kommune\./);
  });

  it('accepts a postal code with a space, and the PLZ of a town with several codes', async () => {
    const res = await t.app.inject('/meine-kommune?plz=41%20539');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /gehört zu Dormagen/);
  });

  it('saves the town chosen from the list (English)', async () => {
    const jar = new CookieJar();
    jar.store('ok_lang=en');
    const page = await visit(jar, '/meine-kommune');
    assert.match(page.body, /Choose from the list/);
    const res = await post(jar, '/meine-kommune', { _csrf: csrfFrom(page.body), kommune: 'rommerskirchen' });
    assert.equal(res.statusCode, 303);
    const home = await visit(jar, '/');
    assert.match(home.body, /My municipality: Rommerskirchen/);
  });

  it('answers an unknown postal code with 422 and a specific message at the field and in the summary', async () => {
    const res = await t.app.inject('/meine-kommune?plz=10115');
    assert.equal(res.statusCode, 422);
    const message = 'Die Postleitzahl 10115 gehört zu keiner Stadt oder Gemeinde im Rhein-Kreis Neuss.';
    assert.match(res.body, /id="error-summary"/);
    assert.match(res.body, new RegExp(`href="#f-plz">${message}`));
    assert.match(res.body, new RegExp(`id="f-plz-error"[\\s\\S]*${message}`));
    assert.match(res.body, /<title>Fehler: Meine Kommune/);
    assert.match(res.body, /aria-invalid="true"/);
    assert.match(res.body, /value="10115"/, 'the input keeps what was typed');
  });

  it('answers malformed and empty postal codes with 422 and the format message', async () => {
    for (const plz of ['4146', 'abcde', '414600', '']) {
      const res = await t.app.inject(`/meine-kommune?plz=${encodeURIComponent(plz)}`);
      assert.equal(res.statusCode, 422, plz);
      assert.match(
        res.body,
        plz
          ? /Die Postleitzahl muss aus genau 5 Ziffern bestehen/
          : /Bitte geben Sie Ihre Postleitzahl ein\./,
        plz,
      );
    }
    const hostile = await t.app.inject(
      `/meine-kommune?plz=${encodeURIComponent('<script>alert(1)</script>')}`,
    );
    assert.equal(hostile.statusCode, 422);
    assert.doesNotMatch(hostile.body, /<script>alert/);
    const repeated = await t.app.inject('/meine-kommune?plz=41460&plz=41564');
    assert.equal(repeated.statusCode, 400, 'two postal codes do not match the query schema');
    assert.match(repeated.body, /Ungültige Anfrage/);
  });

  it('refuses a missing or unknown town with 422 and keeps the cookie unset', async () => {
    const jar = new CookieJar();
    const page = await visit(jar, '/meine-kommune');
    const none = await post(jar, '/meine-kommune', { _csrf: csrfFrom(page.body) });
    assert.equal(none.statusCode, 422);
    assert.match(none.body, /href="#f-kommune">Bitte wählen Sie Ihre Stadt oder Gemeinde aus\./);
    const kreis = await post(jar, '/meine-kommune', {
      _csrf: csrfFrom(page.body),
      kommune: 'rhein-kreis-neuss',
    });
    assert.equal(kreis.statusCode, 422, 'the Kreis is not a municipality to choose');
    const evil = await post(jar, '/meine-kommune', { _csrf: csrfFrom(page.body), kommune: '../../etc' });
    assert.equal(evil.statusCode, 422);
    assert.equal(jar.get('ok_kommune'), undefined);
  });

  it('ignores a forged or stale cookie', async () => {
    for (const value of ['atlantis', 'rhein-kreis-neuss', '<b>x</b>']) {
      const res = await t.app.inject({ url: '/', cookies: { ok_kommune: value } });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Meine Kommune wählen/);
      assert.doesNotMatch(res.body, /Ihre Kommune:/);
    }
  });

  it('needs the CSRF token to save, and clears the choice on request', async () => {
    const jar = new CookieJar();
    const page = await visit(jar, '/meine-kommune');
    const forged = await post(jar, '/meine-kommune', { kommune: 'neuss' });
    assert.equal(forged.statusCode, 403);
    assert.equal(jar.get('ok_kommune'), undefined);
    await post(jar, '/meine-kommune', { _csrf: csrfFrom(page.body), kommune: 'neuss' });
    assert.equal(jar.get('ok_kommune'), 'neuss');
    const chosen = await visit(jar, '/meine-kommune');
    assert.match(chosen.body, /action="\/meine-kommune\/loeschen"/);
    const cleared = await post(jar, '/meine-kommune/loeschen', { _csrf: csrfFrom(chosen.body) });
    assert.equal(cleared.statusCode, 303);
    assert.equal(jar.get('ok_kommune'), undefined);
    const after = await visit(jar, '/meine-kommune?geloescht=1');
    assert.match(after.body, /Ihre Auswahl wurde gelöscht\./);
  });
});
