import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, CookieJar, csrfFrom, type TestApp } from '../../../testing.ts';

const OFFICE = 'barrierefreiheit@rhein-kreis-neuss.de';

describe('accessibility feedback', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  before(async () => {
    t = await createTestApp({ clock });
  });
  after(async () => t.close());

  const rows = async () =>
    (
      await t.kernel.db.pool.query<{
        id: string;
        name: string | null;
        email: string | null;
        page: string | null;
        message: string;
        lang: string;
        recipient: string;
        mail_id: string | null;
      }>('select * from portal.accessibility_feedback order by created_at, id')
    ).rows;

  async function form(jar = new CookieJar(), lang: 'de' | 'en' = 'de') {
    if (lang === 'en') jar.store('ok_lang=en');
    const res = await t.app.inject({
      method: 'GET',
      url: '/barrierefreiheit',
      headers: { cookie: jar.header() },
    });
    jar.store(res.headers['set-cookie']);
    return { jar, token: csrfFrom(res.body) };
  }
  async function submit(jar: CookieJar, fields: Record<string, string>) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/barrierefreiheit',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
    jar.store(res.headers['set-cookie']);
    return res;
  }

  it('re-renders with 422, the error at the field and in the summary, when the message is missing', async () => {
    const before = (await rows()).length;
    const { jar, token } = await form();
    const res = await submit(jar, {
      _csrf: token,
      name: 'Kim',
      email: 'kim@example.org',
      page: '/kontakt',
      message: '   ',
    });
    assert.equal(res.statusCode, 422);
    const message = 'Bitte beschreiben Sie die Barriere in Ihrer Nachricht.';
    assert.match(res.body, new RegExp(`id="error-summary"[\\s\\S]*href="#f-message">${message}`));
    assert.match(res.body, new RegExp(`id="f-message-error"[\\s\\S]*${message}`));
    assert.match(res.body, /<textarea[^>]*id="f-message"[^>]*aria-invalid="true"/);
    assert.match(res.body, /value="kim@example.org"/, 'other answers are kept');
    assert.match(res.body, /<title>Fehler: Erklärung zur Barrierefreiheit/);
    assert.equal((await rows()).length, before, 'nothing stored');
  });

  it('reports every invalid field at once: bad e-mail, too long message and page', async () => {
    const { jar, token } = await form();
    const res = await submit(jar, {
      _csrf: token,
      email: 'kein-at-zeichen',
      message: 'x'.repeat(5001),
      page: 'p'.repeat(2001),
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /href="#f-message">„Ihre Nachricht“ darf höchstens 5000 Zeichen lang sein\./);
    assert.match(res.body, /href="#f-email">Bitte geben Sie eine E-Mail-Adresse im richtigen Format ein/);
    assert.match(res.body, /href="#f-page">/);
  });

  it('stores valid feedback, mails it to the Bürgerservice of the Kreis and confirms with a reference', async () => {
    const { jar, token } = await form();
    const res = await submit(jar, {
      _csrf: token,
      name: 'Kim Muster',
      email: 'kim@example.org',
      page: '/meine-kommune',
      message: 'Der Kontrast der Schaltfläche ist zu gering.\r\nBitte prüfen.',
    });
    assert.equal(res.statusCode, 303);
    const location = res.headers.location as string;
    assert.match(location, /^\/barrierefreiheit\/danke\?nr=[0-9A-F]{8}$/);
    const reference = location.split('=')[1]!;

    const stored = (await rows()).find((r) => r.message.startsWith('Der Kontrast'));
    assert.ok(stored, 'feedback row stored');
    assert.equal(stored.name, 'Kim Muster');
    assert.equal(stored.email, 'kim@example.org');
    assert.equal(stored.page, '/meine-kommune');
    assert.equal(stored.message, 'Der Kontrast der Schaltfläche ist zu gering.\nBitte prüfen.');
    assert.equal(stored.lang, 'de');
    assert.equal(stored.recipient, OFFICE);
    assert.equal(stored.id.replace(/-/g, '').slice(0, 8).toUpperCase(), reference);

    const mails = await t.kernel.mail.recent({ to: OFFICE });
    const mail = mails.find((m) => m.subject.includes(reference));
    assert.ok(mail, `a mail to ${OFFICE} with the reference`);
    assert.equal(mail.id, stored.mail_id);
    assert.equal(mail.subject, `Barrierefreiheit: Meldung ${reference}`);
    assert.match(mail.text, /Betroffene Seite: \/meine-kommune/);
    assert.match(mail.text, /Name: Kim Muster/);
    assert.match(mail.text, /E-Mail: kim@example\.org/);
    assert.match(mail.text, /Der Kontrast der Schaltfläche ist zu gering\./);
    assert.match(mail.text, /Sprache der Meldung: Deutsch/);

    const thanks = await t.app.inject({ url: location, headers: { cookie: jar.header() } });
    assert.equal(thanks.statusCode, 200);
    assert.match(thanks.body, /Vielen Dank für Ihre Meldung/);
    assert.match(thanks.body, new RegExp(`<strong class="ok-number">${reference}</strong>`));
  });

  it('accepts anonymous feedback in English and mails it in German with the language noted', async () => {
    const { jar, token } = await form(new CookieJar(), 'en');
    const res = await submit(jar, { _csrf: token, message: 'The map cannot be used with a keyboard.' });
    assert.equal(res.statusCode, 303);
    const stored = (await rows()).find((r) => r.message.startsWith('The map'));
    assert.ok(stored);
    assert.equal(stored.name, null);
    assert.equal(stored.email, null);
    assert.equal(stored.lang, 'en');
    const mail = (await t.kernel.mail.recent({ to: OFFICE })).find((m) => m.text.includes('The map cannot'));
    assert.ok(mail);
    assert.match(mail.text, /Name: \(keine Angabe\)/);
    assert.match(mail.text, /Sprache der Meldung: Englisch/);
    const thanks = await t.app.inject({
      url: res.headers.location as string,
      headers: { cookie: jar.header() },
    });
    assert.match(thanks.body, /Thank you for your report/);
  });

  it('refuses a post without a valid CSRF token with 403 and stores nothing', async () => {
    const before = (await rows()).length;
    const mailsBefore = await t.kernel.mail.count({ to: OFFICE });
    const { jar, token } = await form();
    const missing = await submit(jar, { message: 'ohne Token' });
    assert.equal(missing.statusCode, 403);
    const wrong = await submit(jar, { _csrf: `${token}x`, message: 'falsches Token' });
    assert.equal(wrong.statusCode, 403);
    const noCookie = await submit(new CookieJar(), { _csrf: token, message: 'ohne Cookie' });
    assert.equal(noCookie.statusCode, 403);
    assert.equal((await rows()).length, before);
    assert.equal(await t.kernel.mail.count({ to: OFFICE }), mailsBefore);
  });

  it('never answers bad bodies with a 500', async () => {
    const { jar, token } = await form();
    const repeated = await t.app.inject({
      method: 'POST',
      url: '/barrierefreiheit',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(token)}&message=a&message=b`,
    });
    assert.ok(repeated.statusCode < 500, `repeated field → ${repeated.statusCode}`);
    const badUtf8 = await t.app.inject({
      method: 'POST',
      url: '/barrierefreiheit',
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: Buffer.from([0x6d, 0x3d, 0xff, 0xfe]),
    });
    assert.equal(badUtf8.statusCode, 400);
    const json = await t.app.inject({
      method: 'POST',
      url: '/barrierefreiheit',
      headers: { cookie: jar.header(), 'content-type': 'application/json', 'x-csrf-token': token },
      payload: JSON.stringify({ message: { nested: true } }),
    });
    assert.ok(json.statusCode >= 400 && json.statusCode < 500, `json object → ${json.statusCode}`);
  });

  it('stores every one of many simultaneous reports exactly once', async () => {
    const before = (await rows()).length;
    const { jar, token } = await form();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        submit(jar, { _csrf: token, message: `Gleichzeitige Meldung ${i}` }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.statusCode),
      Array(12).fill(303),
    );
    const refs = new Set(results.map((r) => r.headers.location));
    assert.equal(refs.size, 12, 'each report has its own reference');
    const all = await rows();
    assert.equal(all.length, before + 12);
    for (let i = 0; i < 12; i++)
      assert.equal(all.filter((r) => r.message === `Gleichzeitige Meldung ${i}`).length, 1);
  });

  it('deletes feedback older than the retention period on the next report', async () => {
    const old = await t.kernel.db.pool.query<{ id: string }>(
      `insert into portal.accessibility_feedback (message, lang, created_at) values ('uralt', 'de', $1) returning id`,
      [new Date('2024-11-01T00:00:00Z')],
    );
    const { jar, token } = await form();
    await submit(jar, { _csrf: token, message: 'neu' });
    const left = await t.kernel.db.pool.query('select 1 from portal.accessibility_feedback where id = $1', [
      old.rows[0]!.id,
    ]);
    assert.equal(left.rowCount, 0, 'the 2-year-old report is gone');
    assert.ok((await rows()).some((r) => r.message === 'neu'));
  });

  it('pre-fills the page concerned from ?seite= or a same-site referer only', async () => {
    const q = await t.app.inject('/barrierefreiheit?seite=/kommunen/neuss');
    assert.match(q.body, /name="page" value="\/kommunen\/neuss"/);
    const ref = await t.app.inject({
      url: '/barrierefreiheit',
      headers: { referer: 'http://localhost:3000/kontakt?x=1', host: 'localhost:3000' },
    });
    assert.match(ref.body, /name="page" value="\/kontakt\?x=1"/);
    const foreign = await t.app.inject({
      url: '/barrierefreiheit',
      headers: { referer: 'https://evil.example/x' },
    });
    assert.doesNotMatch(foreign.body, /name="page" value=/);
  });
});

describe('accessibility feedback recipient override', () => {
  it('mails to PORTAL_ACCESSIBILITY_FEEDBACK_TO when set', async () => {
    const t = await createTestApp({ env: { PORTAL_ACCESSIBILITY_FEEDBACK_TO: 'a11y-team@example.org' } });
    try {
      const page = await t.app.inject('/barrierefreiheit');
      assert.match(page.body, /mailto:a11y-team@example\.org/);
      const jar = new CookieJar();
      jar.store(page.headers['set-cookie']);
      const res = await t.app.inject({
        method: 'POST',
        url: '/barrierefreiheit',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrfFrom(page.body), message: 'Test' }).toString(),
      });
      assert.equal(res.statusCode, 303);
      assert.equal((await t.kernel.mail.recent({ to: 'a11y-team@example.org' })).length, 1);
      assert.equal((await t.kernel.mail.recent({ to: OFFICE })).length, 0);
    } finally {
      await t.close();
    }
  });
});
