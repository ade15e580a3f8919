import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { findLocationBySlug } from '../api.ts';
import { bookDirect } from '../commands/booking.ts';
import { seedDemoData } from '../commands/seed.ts';
import { selectServices } from '../db/queries.ts';
import { berlinInstant } from '../time.ts';
import { Browser } from './helpers.ts';
import { parseIcs } from './ics-parser.ts';
import { solveAltcha } from './helpers.ts';

describe('staff views and the JSON API', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-23T08:00:00+01:00'));
  let clerk: string;
  let otherClerk: string;
  before(async () => {
    t = await createTestApp({ clock });
    await seedDemoData(t.kernel);
    const units = await t.kernel.tenants.orgUnits('rhein-kreis-neuss');
    const stva = units.find((u) => u.slug === 'strassenverkehrsamt')!.id;
    const ga = units.find((u) => u.slug === 'gesundheitsamt')!.id;
    clerk = await loginAs(
      t.kernel,
      await createAccount(t.kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: 'rhein-kreis-neuss', orgUnitId: stva }],
      }),
    );
    otherClerk = await loginAs(
      t.kernel,
      await createAccount(t.kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: 'rhein-kreis-neuss', orgUnitId: ga }],
      }),
    );
  });
  after(async () => t.close());

  async function staffBrowser(cookie: string) {
    const b = new Browser(t);
    b.jar.store(cookie);
    return b;
  }

  it('only clerks of the office (or admins) see its day view', async () => {
    const b = await staffBrowser(clerk);
    const index = await b.get('/verwaltung/termine');
    assert.equal(index.statusCode, 200);
    assert.match(index.body, /Straßenverkehrsamt Neuss/);
    assert.doesNotMatch(index.body, /Gesundheitsamt Neuss/);
    assert.equal((await b.get('/verwaltung/termine/strassenverkehrsamt-neuss')).statusCode, 200);
    const other = await staffBrowser(otherClerk);
    assert.equal((await other.get('/verwaltung/termine/strassenverkehrsamt-neuss')).statusCode, 403);
    const anon = await new Browser(t).get('/verwaltung/termine/strassenverkehrsamt-neuss');
    assert.equal(anon.statusCode, 303);
  });

  it('books on behalf of a caller, marks arrived and no-show, exports CSV and shows statistics', async () => {
    const b = await staffBrowser(clerk);
    const page = await b.get('/verwaltung/termine/strassenverkehrsamt-neuss?tag=2026-11-24');
    const bad = await b.post('/verwaltung/termine/strassenverkehrsamt-neuss/buchen', page.body, {
      service: 'kfz-zulassung',
      quantity: '1',
      date: '31.02.2026',
      time: '25:00',
      name: '',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#f-date">Bitte geben Sie ein gültiges Datum ein/);
    assert.match(bad.body, /href="#f-time">Bitte geben Sie eine Uhrzeit wie 09:30 ein/);
    assert.match(bad.body, /href="#f-name">/);
    // 08:00 today is inside the minimum notice for citizens, but staff may book it.
    const ok = await b.post('/verwaltung/termine/strassenverkehrsamt-neuss/buchen', page.body, {
      service: 'kfz-zulassung',
      quantity: '1',
      date: '23.11.2026',
      time: '08:30',
      name: 'Anrufer Meier',
      phone: '02131 555',
      email: '',
    });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 200));
    const day = await b.get('/verwaltung/termine/strassenverkehrsamt-neuss?tag=2026-11-23');
    assert.match(day.body, /Anrufer Meier, 02131 555/);
    const id = /\/termin\/([0-9a-f-]{36})"/.exec(day.body)![1]!;
    const arrived = await b.post(`/verwaltung/termine/strassenverkehrsamt-neuss/termin/${id}`, day.body, {
      aktion: 'arrived',
    });
    assert.equal(arrived.statusCode, 303);
    const { rows } = await t.kernel.db.pool.query(
      'select status, booked_by_staff from appointments.appointments where id = $1',
      [id],
    );
    assert.equal(rows[0].status, 'arrived');
    assert.ok(rows[0].booked_by_staff);
    await b.post(`/verwaltung/termine/strassenverkehrsamt-neuss/termin/${id}`, day.body, {
      aktion: 'no_show',
    });
    const week = await b.get('/verwaltung/termine/strassenverkehrsamt-neuss?tag=2026-11-23&ansicht=woche');
    assert.match(week.body, /Nicht erschienen/);

    const csv = await b.get('/verwaltung/termine/strassenverkehrsamt-neuss/export.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(
      csv.body,
      /^\uFEFFdatum,beginn,ende,buchungscode,status,name,telefon,email,leistungen\r\n2026-11-23,08:30 Uhr,/,
    );
    const stats = await b.get('/verwaltung/termine/strassenverkehrsamt-neuss/statistik');
    assert.equal(stats.statusCode, 200);
    assert.match(stats.body, /Quote nicht erschienen/);
    assert.match(stats.body, /100 %/);
  });

  it('a capacity change warns about affected appointments first, then mails them; closures too', async () => {
    const loc = (await findLocationBySlug(t.kernel, 'strassenverkehrsamt-meerbusch'))!;
    const abm = (await selectServices(t.kernel.db.pool)).find((s) => s.key === 'kfz-abmeldung')!.id;
    const startsAt = berlinInstant('2026-11-26', 9 * 60);
    for (const email of ['x1@example.org', 'x2@example.org'])
      assert.ok(
        (
          await bookDirect(t.kernel, {
            locationId: loc.id,
            lines: [{ serviceId: abm, quantity: 1 }],
            startsAt,
            audience: 'public',
            lang: 'de',
            contact: { name: email, email, phone: null },
            accountId: null,
            bookedByStaff: null,
          })
        ).ok,
      );
    const b = await staffBrowser(
      await loginAs(
        t.kernel,
        await createAccount(t.kernel, {
          kind: 'staff',
          roles: [{ role: 'tenant_admin', tenantId: 'rhein-kreis-neuss', orgUnitId: null }],
        }),
      ),
    );
    const page = await b.get('/verwaltung/termine/strassenverkehrsamt-meerbusch');
    const warn = await b.post('/verwaltung/termine/strassenverkehrsamt-meerbusch/kapazitaet', page.body, {
      public: '1',
      internal: '0',
    });
    assert.equal(warn.statusCode, 200);
    assert.match(warn.body, /Achtung: 2 Termine sind betroffen/);
    const { rows: before } = await t.kernel.db.pool.query(
      'select workstations_public from appointments.locations where id = $1',
      [loc.id],
    );
    assert.equal(before[0].workstations_public, 2, 'nothing changed before the confirmation');
    const applied = await b.post('/verwaltung/termine/strassenverkehrsamt-meerbusch/kapazitaet', warn.body, {
      public: '1',
      internal: '0',
      bestaetigt: '1',
    });
    assert.equal(applied.statusCode, 303);
    const mails = await t.kernel.mail.recent({ to: 'x1@example.org' });
    assert.match(mails[0]!.subject, /^Bitte verschieben Sie Ihren Termin/);
    const { rows: ledger } = await t.kernel.db.pool.query(
      `select used, capacity_total, capacity_public from appointments.slot_usage where location_id = $1 and starts_at = $2`,
      [loc.id, startsAt],
    );
    assert.deepEqual(ledger[0], { used: 2, capacity_total: 2, capacity_public: 1 });

    const closed = await b.post('/verwaltung/termine/strassenverkehrsamt-meerbusch/schliessen', page.body, {
      closure_from: '26.11.2026',
      closure_to: '26.11.2026',
      closure_reason: 'Betriebsausflug',
    });
    assert.equal(closed.statusCode, 303);
    assert.match(
      decodeURIComponent((closed.headers.location as string).replace(/\+/g, ' ')),
      /Betroffene Termine: 2/,
    );
    const cal = await t.app.inject({
      url: '/api/v1/appointments/locations/strassenverkehrsamt-meerbusch/slots?services=kfz-abmeldung:1&date=2026-11-26',
    });
    assert.deepEqual(cal.json().days, []);
    const blocked = await b.post('/verwaltung/termine/strassenverkehrsamt-meerbusch/sperren', page.body, {
      block_date: '27.11.2026',
      block_from: '11:00',
      block_to: '10:00',
    });
    assert.equal(blocked.statusCode, 422);
    assert.match(blocked.body, /Das Ende muss nach dem Anfang liegen/);
  });

  it('the token-protected iCalendar feed of an office', async () => {
    const loc = (
      await t.kernel.db.pool.query<{ feed_token: string }>(
        `select feed_token from appointments.locations where slug = 'strassenverkehrsamt-neuss'`,
      )
    ).rows[0]!;
    assert.equal(
      (await t.app.inject({ url: '/termine/feed/strassenverkehrsamt-neuss.ics' })).statusCode,
      404,
    );
    assert.equal(
      (await t.app.inject({ url: '/termine/feed/strassenverkehrsamt-neuss.ics?token=wrong' })).statusCode,
      404,
    );
    const res = await t.app.inject({
      url: `/termine/feed/strassenverkehrsamt-neuss.ics?token=${loc.feed_token}`,
    });
    assert.equal(res.statusCode, 200);
    const cal = parseIcs(res.body);
    assert.ok(cal.events.length >= 1);
    assert.match(cal.events[0]!.SUMMARY!, /Fahrzeug zulassen/);
  });

  it('JSON API: services, locations, slots, hold + complete, book, cancel, problem+json errors; documented in OpenAPI', async () => {
    const services = await t.app.inject({ url: '/api/v1/appointments/services' });
    assert.equal(services.statusCode, 200);
    assert.ok(services.json().items.some((s: { key: string }) => s.key === 'hiv-sti-beratung'));
    const locations = await t.app.inject({ url: '/api/v1/appointments/locations' });
    assert.equal(locations.json().items.length, 7);
    const days = await t.app.inject({
      url: '/api/v1/appointments/locations/bafoeg-neuss/slots?services=bafoeg-beratung:1',
    });
    assert.equal(days.statusCode, 200);
    const first = days.json().days[0];
    const slots = await t.app.inject({
      url: `/api/v1/appointments/locations/bafoeg-neuss/slots?services=bafoeg-beratung:1&date=${first.date}`,
    });
    const start = slots.json().days[0].slots[0].starts_at as string;

    const challenge = async () => {
      const c = (await t.app.inject({ url: '/api/v1/appointments/challenge' })).json()
        .altcha_challenge as string;
      return solveAltcha(`name="altcha_challenge" value="${c}"`);
    };
    const hold = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appointments/holds',
      payload: {
        location: 'bafoeg-neuss',
        services: [{ key: 'bafoeg-beratung', quantity: 1 }],
        starts_at: start,
        ...(await challenge()),
      },
    });
    assert.equal(hold.statusCode, 201, hold.body);
    assert.equal(hold.json().status, 'held');
    const done = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/holds/${hold.json().token}`,
      payload: { name: 'App', email: 'app@example.org' },
    });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'booked');

    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appointments/bookings',
      payload: {
        location: 'bafoeg-neuss',
        services: [{ key: 'bafoeg-beratung', quantity: 1 }],
        starts_at: start,
        name: 'B',
        email: 'b2@example.org',
        ...(await challenge()),
      },
    });
    assert.equal(taken.statusCode, 409);
    assert.match(String(taken.headers['content-type']), /^application\/problem\+json/);
    assert.equal(
      taken.json().detail,
      'Diese Uhrzeit wurde gerade vergeben. Bitte wählen Sie eine andere Uhrzeit.',
    );

    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appointments/bookings/${done.json().token}/cancel`,
    });
    assert.equal(cancel.statusCode, 200);
    assert.equal(cancel.json().status, 'cancelled');

    for (const [url, status] of [
      ['/api/v1/appointments/locations/mond/slots?services=bafoeg-beratung:1', 404],
      ['/api/v1/appointments/locations/bafoeg-neuss/slots?services=nix:1', 422],
      ['/api/v1/appointments/locations/bafoeg-neuss/slots?services=bafoeg-beratung:1&date=2026-02-31', 422],
      ['/api/v1/appointments/locations/bafoeg-neuss/slots', 400],
      ['/api/v1/appointments/bookings/nope', 404],
    ] as const) {
      const r = await t.app.inject({ url });
      assert.equal(r.statusCode, status, url);
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/, url);
    }
    const noAltcha = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appointments/bookings',
      payload: {
        location: 'bafoeg-neuss',
        services: [{ key: 'bafoeg-beratung', quantity: 1 }],
        starts_at: start,
        altcha_challenge: 'x',
      },
    });
    assert.equal(noAltcha.statusCode, 422);
    const past = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appointments/bookings',
      payload: {
        location: 'bafoeg-neuss',
        services: [{ key: 'bafoeg-beratung', quantity: 1 }],
        starts_at: '2020-01-01T08:00:00Z',
        name: 'P',
        email: 'p@example.org',
        ...(await challenge()),
      },
    });
    assert.equal(past.statusCode, 422);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/appointments/bookings',
      payload: { location: 'x'.repeat(5000) },
    });
    assert.equal(huge.statusCode, 400);

    const openapi = await t.app.inject({ url: '/api/v1/openapi.json' });
    const paths = Object.keys(openapi.json().paths as object);
    assert.ok(paths.includes('/api/v1/appointments/bookings'), paths.join(' '));
  });
});
