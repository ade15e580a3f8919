import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { seedDemoData } from '../commands/seed.ts';
import { parseIcs } from './ics-parser.ts';
import { Browser, firstTime, solveAltcha } from './helpers.ts';

describe('citizen booking journey (HTTP)', () => {
  let t: TestApp;
  // Monday 23 November 2026, 08:00 Berlin.
  const clock = new FakeClock(new Date('2026-11-23T08:00:00+01:00'));
  before(async () => {
    t = await createTestApp({ clock });
    await seedDemoData(t.kernel);
  });
  after(async () => t.close());

  it('books two registrations: services → office → calendar → time (held) → contact → confirmation with code, QR and ICS; then reschedule and cancel', async () => {
    const b = new Browser(t);
    const start = await b.get('/termine');
    assert.equal(start.statusCode, 200);
    assert.match(start.body, /Fahrzeug zulassen oder umschreiben/);
    const choose = await b.get('/termine/auswahl?n.kfz-zulassung=2&n.kfz-abmeldung=');
    assert.equal(choose.statusCode, 303);
    assert.equal(choose.headers.location, '/termine/ort?d=kfz-zulassung%3A2');
    const offices = await b.get(choose.headers.location);
    assert.equal(offices.statusCode, 200);
    assert.match(offices.body, /Frühester Termin an allen Standorten/);
    assert.match(offices.body, /Straßenverkehrsamt Grevenbroich/);
    const cal = await b.get('/termine/kalender?d=kfz-zulassung%3A2&ort=strassenverkehrsamt-neuss');
    assert.equal(cal.statusCode, 200);
    // Every day control names the full date.
    assert.match(cal.body, /aria-label="Dienstag, 24\. November 2026: \d+ freie Zeiten"/);
    const list = await b.get(
      '/termine/kalender?d=kfz-zulassung%3A2&ort=strassenverkehrsamt-neuss&ansicht=liste',
    );
    assert.match(list.body, /Dienstag, 24\. November 2026: \d+ freie Zeiten<\/a>/);
    const times = await b.get(
      '/termine/zeiten?d=kfz-zulassung%3A2&ort=strassenverkehrsamt-neuss&tag=2026-11-24',
    );
    assert.equal(times.statusCode, 200);
    assert.match(times.body, /<span class="kern-sr-only">Dienstag, 24\. November 2026, 07:30 Uhr<\/span>/);
    const startIso = firstTime(times.body);
    assert.equal(startIso, '2026-11-24T06:30:00.000Z');

    const held = await b.post('/termine/halten', times.body, {
      d: 'kfz-zulassung:2',
      ort: 'strassenverkehrsamt-neuss',
      start: startIso,
      ...(await solveAltcha(times.body)),
    });
    assert.equal(held.statusCode, 303, held.body);
    const contactUrl = held.headers.location as string;
    assert.match(contactUrl, /^\/termine\/angaben\/[A-Za-z0-9_-]{43}$/);
    const token = contactUrl.split('/').pop()!;
    const contact = await b.get(contactUrl);
    assert.match(contact.body, /bis 08:10 Uhr/);

    const bad = await b.post(contactUrl, contact.body, { name: '', email: 'nope' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#f-name">Bitte geben Sie Ihren Namen ein\./);
    assert.match(bad.body, /href="#f-email">Bitte geben Sie eine E-Mail-Adresse im richtigen Format ein/);
    assert.match(bad.body, /value="nope"/);

    const done = await b.post(contactUrl, contact.body, { name: 'Kim Muster', email: 'kim@example.org' });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, `/termine/verwalten/${token}?neu=1`);
    const page = await b.get(done.headers.location);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ihr Termin ist gebucht/);
    const code = /class="ok-booking-code">([A-Z0-9]{4}-[A-Z0-9]{4})</.exec(page.body)![1]!;
    assert.match(page.body, /role="img" aria-label="QR-Code zum Einchecken/);
    assert.match(page.body, /<svg/);
    assert.equal(page.headers['cache-control'], 'no-store');

    const mails = await t.kernel.mail.recent({ to: 'kim@example.org' });
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.subject, `Terminbestätigung ${code}: Dienstag, 24. November 2026, 07:30 Uhr`);
    assert.ok(mails[0]!.text.includes(`/termine/verwalten/${token}`));
    assert.ok(
      mails[0]!.text.includes(
        `/wartezeiten/strassenverkehrsamt-neuss/einchecken?code=${code.replace('-', '')}`,
      ),
    );

    const ics = await b.get(`/termine/verwalten/${token}/termin.ics`);
    assert.equal(ics.statusCode, 200);
    assert.match(String(ics.headers['content-type']), /^text\/calendar/);
    const cal1 = parseIcs(ics.body);
    assert.equal(cal1.events.length, 1);
    assert.equal(cal1.events[0]!.DTSTART, '20261124T063000Z');
    assert.equal(cal1.events[0]!.DTEND, '20261124T073000Z');
    assert.match(cal1.events[0]!.LOCATION!, /Jülicher Landstraße 178/);

    // Reschedule to Wednesday.
    const rs = await b.get(`/termine/verwalten/${token}/verschieben?tag=2026-11-25`);
    assert.equal(rs.statusCode, 200);
    const newStart = firstTime(rs.body);
    const moved = await b.post(`/termine/verwalten/${token}/verschieben`, rs.body, { start: newStart });
    assert.equal(moved.statusCode, 303);
    const after1 = await b.get(`/termine/verwalten/${token}`);
    assert.match(after1.body, /Ihr Termin wurde verschoben|Mittwoch, 25\. November 2026/);
    assert.match(after1.body, /Mittwoch, 25\. November 2026, 07:30 Uhr/);

    // Cancel.
    const confirmCancel = await b.get(`/termine/verwalten/${token}/absagen`);
    assert.equal(confirmCancel.statusCode, 200);
    const cancelled = await b.post(`/termine/verwalten/${token}/absagen`, confirmCancel.body, {});
    assert.equal(cancelled.statusCode, 303);
    const final = await b.get(`/termine/verwalten/${token}`);
    assert.match(final.body, /Dieser Termin ist abgesagt/);
    const again = await b.post(`/termine/verwalten/${token}/absagen`, confirmCancel.body, {});
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /nicht mehr aktiv/);
  });

  it('Gesundheitsamt: confirmation by mail link, unconfirmed bookings expire (fake clock)', async () => {
    const b = new Browser(t);
    const times = await b.get(
      '/termine/zeiten?d=gelbfieber-impfung%3A1&ort=gesundheitsamt-neuss&tag=2026-11-24',
    );
    const held = await b.post('/termine/halten', times.body, {
      d: 'gelbfieber-impfung:1',
      ort: 'gesundheitsamt-neuss',
      start: firstTime(times.body),
      ...(await solveAltcha(times.body)),
    });
    const contactUrl = held.headers.location as string;
    const contact = await b.get(contactUrl);
    assert.match(contact.body, /name="phone"/, 'the vaccination asks for a phone number');
    const done = await b.post(contactUrl, contact.body, {
      name: 'Alex',
      email: 'alex@example.org',
      phone: '02131 123',
    });
    const page = await b.get(done.headers.location as string);
    assert.match(page.body, /Bitte bestätigen Sie Ihren Termin/);
    const mail = (await t.kernel.mail.recent({ to: 'alex@example.org' }))[0]!;
    assert.match(mail.subject, /^Bitte bestätigen Sie Ihren Termin/);
    const confirmUrl = /\/termine\/bestaetigen\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
    const confirmPage = await b.get(confirmUrl);
    assert.equal(confirmPage.statusCode, 200);
    const confirmed = await b.post(confirmUrl, confirmPage.body, {});
    assert.equal(confirmed.statusCode, 303);
    const after1 = await b.get(confirmed.headers.location as string);
    assert.match(after1.body, /Vielen Dank, Ihr Termin ist bestätigt/);
    assert.equal(
      (await t.kernel.mail.recent({ to: 'alex@example.org' })).length,
      2,
      'confirmation mail after the link',
    );

    // A second booking is never confirmed: after the confirmation window it lapses.
    const times2 = await b.get(
      '/termine/zeiten?d=gelbfieber-impfung%3A1&ort=gesundheitsamt-neuss&tag=2026-11-26',
    );
    const held2 = await b.post('/termine/halten', times2.body, {
      d: 'gelbfieber-impfung:1',
      ort: 'gesundheitsamt-neuss',
      start: firstTime(times2.body),
      ...(await solveAltcha(times2.body)),
    });
    const c2 = await b.get(held2.headers.location as string);
    const done2 = await b.post(held2.headers.location as string, c2.body, {
      name: 'Alex',
      email: 'alex2@example.org',
    });
    const mail2 = (await t.kernel.mail.recent({ to: 'alex2@example.org' }))[0]!;
    const confirmUrl2 = /\/termine\/bestaetigen\/[A-Za-z0-9_-]{43}/.exec(mail2.text)![0];
    clock.advance(61 * 60_000);
    const late = await b.post(confirmUrl2, confirmPage.body, {});
    assert.equal(late.statusCode, 410);
    assert.match(late.body, /Die Reservierung ist abgelaufen/);
    const page2 = await b.get((done2.headers.location as string).replace('?neu=1', ''));
    assert.match(page2.body, /Diese Reservierung ist verfallen|Verfallen/);
    clock.set(new Date('2026-11-23T08:00:00+01:00'));
  });

  it('anonymous HIV/STI counselling: no name or e-mail asked or stored, only the code', async () => {
    const b = new Browser(t);
    const times = await b.get(
      '/termine/zeiten?d=hiv-sti-beratung%3A1&ort=gesundheitsamt-neuss&tag=2026-11-24',
    );
    const held = await b.post('/termine/halten', times.body, {
      d: 'hiv-sti-beratung:1',
      ort: 'gesundheitsamt-neuss',
      start: firstTime(times.body),
      ...(await solveAltcha(times.body)),
    });
    const contact = await b.get(held.headers.location as string);
    assert.doesNotMatch(contact.body, /name="name"|name="email"/);
    const done = await b.post(held.headers.location as string, contact.body, {
      name: 'Sneaky',
      email: 'x@example.org',
    });
    assert.equal(done.statusCode, 303);
    const page = await b.get(done.headers.location as string);
    assert.match(page.body, /Bitte notieren Sie sich den Buchungscode/);
    const { rows } = await t.kernel.db.pool.query(
      `select name, email, phone, anonymous, status from appointments.appointments where anonymous and status = 'booked'`,
    );
    assert.deepEqual(rows, [{ name: null, email: null, phone: null, anonymous: true, status: 'booked' }]);
  });

  it('bad input gets clear answers, never a 500', async () => {
    const b = new Browser(t);
    const cases: [string, number, RegExp][] = [
      ['/termine/auswahl', 422, /Bitte wählen Sie mindestens eine Leistung aus/],
      ['/termine/auswahl?n.kfz-zulassung=99', 422, /mindestens eine Leistung/],
      [
        '/termine/auswahl?n.hiv-sti-beratung=1&n.kfz-zulassung=1',
        422,
        /Kein Standort bietet alle gewählten Leistungen/,
      ],
      ['/termine/auswahl?n.kfz-zulassung=1&n.fuehrerschein=1', 422, /nicht in einem Termin verbinden/],
      ['/termine/ort?d=gibt-es-nicht:1', 404, /Diese Leistung kennen wir nicht/],
      ['/termine/ort?d=%3Cscript%3E', 404, /Diese Leistung kennen wir nicht/],
      ['/termine/kalender?d=kfz-zulassung:1&ort=mond', 404, /Diesen Standort gibt es nicht/],
      [
        '/termine/kalender?d=kfz-zulassung:1&ort=strassenverkehrsamt-neuss&monat=2026-13',
        200,
        /November 2026/,
      ],
      [
        '/termine/zeiten?d=kfz-zulassung:1&ort=strassenverkehrsamt-neuss&tag=2026-02-30',
        422,
        /Dieses Datum gibt es nicht/,
      ],
      [
        '/termine/zeiten?d=kfz-zulassung:9&ort=strassenverkehrsamt-neuss&tag=2026-11-24',
        422,
        /mehr gewählt, als in einem Termin möglich/,
      ],
      ['/termine/angaben/abc', 404, /Diesen Termin finden wir nicht/],
      ['/termine/verwalten/' + 'A'.repeat(43), 404, /Diesen Termin finden wir nicht/],
      ['/termine/bestaetigen/x', 404, /Link ungültig/],
    ];
    for (const [url, status, re] of cases) {
      const res = await b.get(url);
      assert.equal(res.statusCode, status, `${url}: ${res.statusCode}`);
      assert.match(res.body, re, url);
    }
    // Past, impossible and unoffered times for a hold; a missing or replayed ALTCHA.
    const timesUrl = '/termine/zeiten?d=kfz-zulassung%3A1&ort=strassenverkehrsamt-neuss&tag=2026-11-24';
    const times = await b.get(timesUrl);
    const post = async (start: string, altcha?: Record<string, string>) => {
      const fresh = await b.get(timesUrl);
      return b.post('/termine/halten', fresh.body, {
        d: 'kfz-zulassung:1',
        ort: 'strassenverkehrsamt-neuss',
        start,
        ...(altcha ?? (await solveAltcha(fresh.body))),
      });
    };
    for (const start of [
      '2026-11-20T08:00:00.000Z',
      '2026-11-24T06:37:00.000Z',
      '2026-11-29T09:00:00.000Z',
      '2027-12-24T09:00:00.000Z',
    ]) {
      const res = await post(start);
      assert.equal(res.statusCode, 422, start);
      assert.match(res.body, /Diese Uhrzeit kann nicht gebucht werden/);
    }
    const garbage = await post('yesterday');
    assert.equal(garbage.statusCode, 422);
    assert.match(garbage.body, /Bitte wählen Sie eine Uhrzeit/);
    const noAltcha = await post(firstTime(times.body), { altcha_challenge: '', altcha: '' });
    assert.equal(noAltcha.statusCode, 422);
    assert.match(noAltcha.body, /Die Sicherheitsprüfung fehlt/);
    const solved = await solveAltcha(times.body);
    assert.equal((await post(firstTime(times.body), solved)).statusCode, 303);
    const replay = await post(firstTime(times.body), solved);
    assert.match(replay.body, /Dieses Formular wurde schon abgeschickt/);
    const oversized = await t.app.inject({
      method: 'POST',
      url: '/termine/halten',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: b.jar.header() },
      payload: `d=${'x'.repeat(100_000)}`,
    });
    assert.ok(oversized.statusCode >= 400 && oversized.statusCode < 500, String(oversized.statusCode));
  });

  it('without JavaScript: the unsolved challenge is accepted after the short delay', async () => {
    const b = new Browser(t);
    const times = await b.get(
      '/termine/zeiten?d=kfz-abmeldung%3A1&ort=strassenverkehrsamt-dormagen&tag=2026-11-24',
    );
    const challenge = /name="altcha_challenge" value="([^"]+)"/.exec(times.body)![1]!;
    const fields = {
      d: 'kfz-abmeldung:1',
      ort: 'strassenverkehrsamt-dormagen',
      start: firstTime(times.body),
      altcha_challenge: challenge,
      altcha: '',
    };
    const tooFast = await b.post('/termine/halten', times.body, fields);
    assert.equal(tooFast.statusCode, 422);
    assert.match(tooFast.body, /Das ging zu schnell/);
    clock.advance(5_000);
    const ok = await b.post('/termine/halten', times.body, fields);
    assert.equal(ok.statusCode, 303);
  });
});
