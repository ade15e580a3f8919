import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, csrfFrom, type TestApp } from '../../../testing.ts';
import { findLocationBySlug } from '../api.ts';
import { bookDirect, cancelAppointment, releaseDueCapacity } from '../commands/booking.ts';
import { seedDemoData } from '../commands/seed.ts';
import { selectLocationById, selectRules, selectServices } from '../db/queries.ts';
import { freeCalendar } from '../queries/calendar.ts';
import { berlinInstant } from '../time.ts';
import { Browser } from './helpers.ts';

const DORMAGEN = '/verwaltung/termine/strassenverkehrsamt-dormagen';

describe('staff: opening rules and closed days', () => {
  let t: TestApp;
  // Monday 23 November 2026, 08:00 Berlin.
  const clock = new FakeClock(new Date('2026-11-23T08:00:00+01:00'));
  let clerk: string;
  let clerkId: string;
  let healthClerk: string;
  let healthClerkId: string;
  let townClerk: string;
  let dormagen: string;
  let abmeldung: string;
  before(async () => {
    t = await createTestApp({ clock });
    await seedDemoData(t.kernel);
    const units = await t.kernel.tenants.orgUnits('rhein-kreis-neuss');
    const unit = (slug: string) => units.find((u) => u.slug === slug)!.id;
    clerkId = await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'clerk', tenantId: 'rhein-kreis-neuss', orgUnitId: unit('strassenverkehrsamt') }],
    });
    clerk = await loginAs(t.kernel, clerkId);
    healthClerkId = await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'clerk', tenantId: 'rhein-kreis-neuss', orgUnitId: unit('gesundheitsamt') }],
    });
    healthClerk = await loginAs(t.kernel, healthClerkId);
    const town = (await t.kernel.tenants.list()).find((x) => x.kind !== 'kreis')!;
    townClerk = await loginAs(
      t.kernel,
      await createAccount(t.kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: town.id, orgUnitId: null }],
      }),
    );
    dormagen = (await findLocationBySlug(t.kernel, 'strassenverkehrsamt-dormagen'))!.id;
    abmeldung = (await selectServices(t.kernel.db.pool)).find((s) => s.key === 'kfz-abmeldung')!.id;
  });
  after(async () => t.close());

  const as = (cookie: string) => {
    const b = new Browser(t);
    b.jar.store(cookie);
    return b;
  };
  /** A form post with repeated fields (checkboxes). */
  async function post(b: Browser, url: string, page: string, fields: [string, string][]) {
    const body = new URLSearchParams([['_csrf', csrfFrom(page)], ...fields]);
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: b.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    b.jar.store(res.headers['set-cookie']);
    return res;
  }
  const freeOn = async (day: string) => {
    const cal = await freeCalendar(t.kernel, dormagen, [{ serviceId: abmeldung, quantity: 1 }], {
      from: day,
      to: day,
    });
    assert.ok(cal.ok);
    return cal.days[0]?.slots.filter((s) => s.free > 0).map((s) => s.startsAt.toISOString()) ?? [];
  };
  const audit = async (action: string) =>
    (await t.kernel.audit.list({ tenantIds: 'all', action, limit: 10, offset: 0 })).items;

  it('lists the rules of the office; bad input is refused at the field with 422 and nothing typed is lost', async () => {
    const b = as(clerk);
    const list = await b.get(`${DORMAGEN}/regeln`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Öffnungszeiten: Straßenverkehrsamt Dormagen/);
    assert.match(list.body, /Montag, Dienstag, Mittwoch, Donnerstag, Freitag/);
    assert.match(list.body, /08:00–12:00/);
    const day = await b.get(DORMAGEN);
    assert.match(day.body, new RegExp(`href="${DORMAGEN}/regeln"`));

    const form = await b.get(`${DORMAGEN}/regeln/neu`);
    assert.equal(form.statusCode, 200);
    const bad = await post(b, `${DORMAGEN}/regeln/neu`, form.body, [
      ['kind', 'weekly'],
      ['interval', '13'],
      ['start', '08:10'],
      ['end', '7:65'],
      ['valid_from', '31.02.2026'],
      ['valid_until', 'morgen'],
      ['seats', '5'],
    ]);
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="error-summary"/);
    for (const [field, text] of [
      ['weekdays', 'Bitte wählen Sie mindestens einen Wochentag.'],
      ['interval', 'Bitte geben Sie eine ganze Zahl von 1 bis 12 ein.'],
      ['start', 'Bitte geben Sie eine Uhrzeit im Raster von 15 Minuten ein'],
      ['end', 'Bitte geben Sie eine Uhrzeit wie 09:30 ein.'],
      ['valid_from', 'Bitte geben Sie ein gültiges Datum ein'],
      ['valid_until', 'Bitte geben Sie ein gültiges Datum ein'],
    ] as const)
      assert.ok(bad.body.includes(`href="#f-${field}">${text}`), `${field}: ${text}`);
    // No group session at this office, so "seats" is not even a field there; still refused.
    assert.match(bad.body, /Plätze gibt es nur bei Gruppenterminen/);
    for (const typed of [
      'value="13"',
      'value="08:10"',
      'value="7:65"',
      'value="31.02.2026"',
      'value="morgen"',
    ])
      assert.ok(bad.body.includes(typed), typed);

    const reversed = await post(b, `${DORMAGEN}/regeln/neu`, form.body, [
      ['kind', 'monthly'],
      ['weekdays', '6'],
      ['weekdays', '9'],
      ['start', '12:00'],
      ['end', '09:00'],
      ['valid_from', '01.12.2026'],
      ['valid_until', '01.11.2026'],
    ]);
    assert.equal(reversed.statusCode, 422);
    assert.ok(reversed.body.includes('href="#f-weekdays">Bitte wählen Sie mindestens einen Wochentag.'));
    assert.ok(reversed.body.includes('href="#f-nth">Bitte wählen Sie die Woche im Monat.'));
    assert.ok(reversed.body.includes('href="#f-end">Das Ende muss nach dem Anfang liegen.'));
    assert.ok(reversed.body.includes('href="#f-valid_until">Das Ende muss nach dem Anfang liegen.'));

    // Garbage shapes are a 422 or 400, never a 500.
    for (const fields of [
      [
        ['kind', 'weekly'],
        ['kind', 'monthly'],
      ],
      [
        ['kind', '<script>'],
        ['start', 'x'.repeat(150)],
      ],
      [['weekdays', 'x'.repeat(20)]],
    ] as [string, string][][]) {
      const res = await post(b, `${DORMAGEN}/regeln/neu`, form.body, fields);
      assert.ok([400, 422].includes(res.statusCode), `${JSON.stringify(fields)} → ${res.statusCode}`);
      assert.doesNotMatch(res.body, /<script>/);
    }
    assert.equal((await selectRules(t.kernel.db.pool, dormagen)).length, 1, 'nothing saved');
  });

  it('creates, edits and deletes rules (audited, calendar updated at once); people whose time is gone get a mail', async () => {
    const b = as(clerk);
    // Saturday 12 December 2026 is the second Saturday of the month: closed so far.
    assert.deepEqual(await freeOn('2026-12-12'), []);
    const form = await b.get(`${DORMAGEN}/regeln/neu`);
    const created = await post(b, `${DORMAGEN}/regeln/neu`, form.body, [
      ['kind', 'monthly'],
      ['weekdays', '6'],
      ['nth', '2'],
      ['start', '09:00'],
      ['end', '11:00'],
      ['valid_from', '01.12.2026'],
      ['valid_until', ''],
    ]);
    assert.equal(created.statusCode, 303, created.body);
    const list = await b.get(created.headers.location!);
    assert.match(list.body, /Regel gespeichert\. Betroffene Termine: 0/);
    assert.match(list.body, /Zweite im Monat/);
    assert.equal((await freeOn('2026-12-12')).length, 8, '09:00–11:00 in 15-minute slots');
    assert.deepEqual(await freeOn('2026-12-19'), [], 'the third Saturday stays closed');
    const [createdEntry] = await audit('appointments.rule_created');
    assert.equal(createdEntry!.actorId, clerkId);
    const rule = (await selectRules(t.kernel.db.pool, dormagen)).find((r) => r.kind === 'monthly')!;
    assert.equal(createdEntry!.objectId, rule.id);

    // Edit: the form comes pre-filled; shorten to 09:00–10:00.
    const edit = await b.get(`${DORMAGEN}/regeln/${rule.id}`);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /value="09:00"/);
    assert.match(edit.body, /value="01\.12\.2026"/);
    const saved = await post(b, `${DORMAGEN}/regeln/${rule.id}`, edit.body, [
      ['kind', 'monthly'],
      ['weekdays', '6'],
      ['nth', '2'],
      ['start', '09:00'],
      ['end', '10:00'],
      ['valid_from', '01.12.2026'],
    ]);
    assert.equal(saved.statusCode, 303);
    assert.equal((await freeOn('2026-12-12')).length, 4);
    const [updated] = await audit('appointments.rule_updated');
    assert.deepEqual(
      [(updated!.before as { end: number }).end, (updated!.after as { end: number }).end],
      [11 * 60, 10 * 60],
    );

    // Delete the weekday rule while someone is booked on Wednesday: they are told by mail.
    const booked = await bookDirect(t.kernel, {
      locationId: dormagen,
      lines: [{ serviceId: abmeldung, quantity: 1 }],
      startsAt: berlinInstant('2026-11-25', 9 * 60),
      audience: 'public',
      lang: 'de',
      contact: { name: 'Betroffene Person', email: 'betroffen@example.org', phone: null },
      accountId: null,
      bookedByStaff: null,
    });
    assert.ok(booked.ok);
    const weekly = (await selectRules(t.kernel.db.pool, dormagen)).find((r) => r.kind === 'weekly')!;
    const list2 = await b.get(`${DORMAGEN}/regeln`);
    assert.match(list2.body, /Löschen: Montag, Dienstag, Mittwoch, Donnerstag, Freitag, 08:00–12:00/);
    // First a warning with the number of booked appointments affected; nothing changes yet.
    const page = await b.get(`${DORMAGEN}/regeln/${weekly.id}/loeschen`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Regel löschen\?/);
    assert.match(page.body, /Achtung: 1 Termine sind betroffen/);
    assert.equal((await freeOn('2026-11-26')).length > 0, true, 'the preview changed nothing');
    assert.equal(
      (await t.kernel.mail.recent({ to: 'betroffen@example.org' })).length,
      1,
      'only the booking mail',
    );
    const deleted = await post(b, `${DORMAGEN}/regeln/${weekly.id}/loeschen`, page.body, []);
    assert.equal(deleted.statusCode, 303);
    assert.match(decodeURIComponent(deleted.headers.location!.replace(/\+/g, ' ')), /Betroffene Termine: 1/);
    assert.deepEqual(await freeOn('2026-11-26'), []);
    const [mail] = await t.kernel.mail.recent({ to: 'betroffen@example.org' });
    assert.match(mail!.subject, /^Bitte verschieben Sie Ihren Termin/);
    const [gone] = await audit('appointments.rule_deleted');
    assert.equal(gone!.objectId, weekly.id);
    assert.equal((gone!.after as { affected: number }).affected, 1);
  });

  it('closed days are listed and can be lifted again (audited)', async () => {
    const b = as(clerk);
    const day = await b.get(DORMAGEN);
    const closed = await b.post(`${DORMAGEN}/schliessen`, day.body, {
      closure_from: '12.12.2026',
      closure_to: '12.12.2026',
      closure_reason: 'Betriebsausflug',
    });
    assert.equal(closed.statusCode, 303);
    assert.deepEqual(await freeOn('2026-12-12'), []);
    const list = await b.get(`${DORMAGEN}/regeln`);
    assert.match(list.body, /Samstag, 12\. Dezember 2026/);
    assert.match(list.body, /Betriebsausflug/);
    const id = /schliessungen\/([0-9a-f-]{36})\/loeschen/.exec(list.body)![1]!;
    const lifted = await post(b, `${DORMAGEN}/schliessungen/${id}/loeschen`, list.body, []);
    assert.equal(lifted.statusCode, 303);
    assert.equal((await freeOn('2026-12-12')).length, 4);
    assert.equal((await audit('appointments.closure_deleted'))[0]!.objectId, id);
    const again = await post(b, `${DORMAGEN}/schliessungen/${id}/loeschen`, list.body, []);
    assert.equal(again.statusCode, 404);
  });

  it('group sessions need a service of the office and seats', async () => {
    const units = await t.kernel.tenants.orgUnits('rhein-kreis-neuss');
    const b = as(
      await loginAs(
        t.kernel,
        await createAccount(t.kernel, {
          kind: 'staff',
          roles: [
            {
              role: 'clerk',
              tenantId: 'rhein-kreis-neuss',
              orgUnitId: units.find((u) => u.slug === 'gesundheitsamt')!.id,
            },
          ],
        }),
      ),
    );
    const url = '/verwaltung/termine/gesundheitsamt-neuss/regeln/neu';
    const form = await b.get(url);
    assert.match(form.body, /Erstbelehrung nach § 43 Infektionsschutzgesetz/);
    const base: [string, string][] = [
      ['kind', 'once'],
      ['start', '14:00'],
      ['end', '15:00'],
      ['valid_from', '03.12.2026'],
    ];
    const noSeats = await post(b, url, form.body, [...base, ['service', 'ifsg-belehrung'], ['seats', '0']]);
    assert.equal(noSeats.statusCode, 422);
    assert.match(noSeats.body, /Bitte geben Sie eine Platzzahl von 1 bis 500 ein\./);
    const foreign = await post(b, url, form.body, [...base, ['service', 'kfz-abmeldung'], ['seats', '5']]);
    assert.equal(foreign.statusCode, 422);
    assert.match(foreign.body, /Bitte wählen Sie einen Gruppentermin, den dieser Standort anbietet\./);
    const ok = await post(b, url, form.body, [...base, ['service', 'ifsg-belehrung'], ['seats', '12']]);
    assert.equal(ok.statusCode, 303, ok.body);
    const list = await b.get(ok.headers.location!);
    assert.match(list.body, /Gruppentermin: Erstbelehrung nach § 43 Infektionsschutzgesetz \(12 Plätze\)/);
    assert.match(list.body, /Donnerstag, 3\. Dezember 2026/);
  });

  it('only staff of the office may see or change its rules: not another org unit, not another tenant, not anonymous', async () => {
    const rule = (await selectRules(t.kernel.db.pool, dormagen))[0]!;
    for (const cookie of [healthClerk, townClerk]) {
      const b = as(cookie);
      assert.equal((await b.get(`${DORMAGEN}/regeln`)).statusCode, 403);
      assert.equal((await b.get(`${DORMAGEN}/regeln/${rule.id}`)).statusCode, 403);
      assert.equal((await b.get(`${DORMAGEN}/regeln/${rule.id}/loeschen`)).statusCode, 403);
      // Even with a valid CSRF token of their own session (from any page with a form).
      const mine = await b.get('/barrierefreiheit');
      for (const url of [
        `${DORMAGEN}/regeln/neu`,
        `${DORMAGEN}/regeln/${rule.id}`,
        `${DORMAGEN}/regeln/${rule.id}/loeschen`,
      ]) {
        const res = await post(b, url, mine.body, [
          ['kind', 'weekly'],
          ['weekdays', '1'],
          ['start', '08:00'],
          ['end', '09:00'],
          ['valid_from', '01.12.2026'],
        ]);
        assert.equal(res.statusCode, 403, url);
      }
    }
    const anon = await new Browser(t).get(`${DORMAGEN}/regeln`);
    assert.equal(anon.statusCode, 303);
    // A rule of another office is not found through this office's address.
    const neussRule = (
      await selectRules(
        t.kernel.db.pool,
        (await findLocationBySlug(t.kernel, 'strassenverkehrsamt-neuss'))!.id,
      )
    )[0]!;
    const b = as(clerk);
    const own = await b.get(DORMAGEN);
    assert.equal((await b.get(`${DORMAGEN}/regeln/${neussRule.id}`)).statusCode, 404);
    assert.equal((await b.get(`${DORMAGEN}/regeln/${neussRule.id}/loeschen`)).statusCode, 404);
    assert.equal(
      (await post(b, `${DORMAGEN}/regeln/${neussRule.id}/loeschen`, own.body, [])).statusCode,
      404,
    );
    assert.equal((await b.get(`${DORMAGEN}/regeln/nicht-da`)).statusCode, 404);
    assert.ok(await selectRules(t.kernel.db.pool, dormagen).then((r) => r.some((x) => x.id === rule.id)));
  });

  it('group sessions: fewer seats or another time warn first, then mail those booked last; freed seats are not offered again', async () => {
    const GA = '/verwaltung/termine/gesundheitsamt-neuss';
    const ga = (await findLocationBySlug(t.kernel, 'gesundheitsamt-neuss'))!;
    const ifsg = (await selectServices(t.kernel.db.pool)).find((s) => s.key === 'ifsg-belehrung')!.id;
    const rule = (await selectRules(t.kernel.db.pool, ga.id)).find(
      (r) => r.serviceId === ifsg && r.kind === 'weekly',
    )!;
    assert.equal(rule.seats, 20);
    // Thursday 26 November 2026, 13:00: four bookings, one after the other, six persons.
    const session = berlinInstant('2026-11-26', 13 * 60);
    const book = async (who: string, quantity: number, startsAt = session) => {
      clock.advance(60_000);
      return bookDirect(t.kernel, {
        locationId: ga.id,
        lines: [{ serviceId: ifsg, quantity }],
        startsAt,
        audience: 'staff',
        lang: 'de',
        contact: { name: who, email: `${who.toLowerCase()}@example.org`, phone: null },
        accountId: null,
        bookedByStaff: healthClerkId,
      });
    };
    const people = [
      ['Anna', 2],
      ['Ben', 1],
      ['Cem', 2],
      ['Dora', 1],
    ] as const;
    for (const [who, n] of people) assert.ok((await book(who, n)).ok, who);
    const ledger = async (startsAt = session) =>
      (
        await t.kernel.db.pool.query<{ used: number; capacity_total: number; overbooked: number }>(
          `select used, capacity_total, overbooked from appointments.slot_usage
            where location_id = $1 and resource = $2 and starts_at = $3`,
          [ga.id, `group:${ifsg}`, startsAt],
        )
      ).rows[0];
    const mails = async (who: string) =>
      (await t.kernel.mail.recent({ to: `${who.toLowerCase()}@example.org` })).map((m) => m.subject);
    const moved = (subjects: string[]) =>
      subjects.filter((s) => /^Bitte verschieben Sie Ihren Termin/.test(s)).length;
    const fields = (seats: string, start = '13:00', end = '14:00'): [string, string][] => [
      ['kind', 'weekly'],
      ['weekdays', '2'],
      ['weekdays', '4'],
      ['interval', '1'],
      ['start', start],
      ['end', end],
      ['valid_from', rule.validFrom.split('-').reverse().join('.')],
      ['valid_until', ''],
      ['service', 'ifsg-belehrung'],
      ['seats', seats],
    ];
    /** The hidden fields of the warning page's form (the values carried along), without the token. */
    const carried = (html: string): [string, string][] =>
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)]
        .filter((m) => m[1] !== '_csrf')
        .map((m) => [m[1]!, m[2]!]);
    const b = as(healthClerk);
    const url = `${GA}/regeln/${rule.id}`;

    // More seats: nobody is affected, saved at once; the ledger offers the new seats.
    const more = await post(b, url, (await b.get(url)).body, fields('25'));
    assert.equal(more.statusCode, 303, more.body);
    assert.match(decodeURIComponent(more.headers.location!.replace(/\+/g, ' ')), /Betroffene Termine: 0/);
    assert.deepEqual(await ledger(), { used: 6, capacity_total: 25, overbooked: 0 });

    // Three seats: first a warning naming those booked last (Cem and Dora); nothing changes yet.
    const warn = await post(b, url, (await b.get(url)).body, fields('3'));
    assert.equal(warn.statusCode, 200);
    assert.match(warn.body, /Änderung speichern\?/);
    assert.match(warn.body, /Achtung: 2 Termine sind betroffen/);
    assert.match(warn.body, /Cem/);
    assert.match(warn.body, /Dora/);
    assert.doesNotMatch(warn.body, /Anna|Ben/);
    assert.equal((await selectRules(t.kernel.db.pool, ga.id)).find((r) => r.id === rule.id)!.seats, 25);
    assert.deepEqual(await ledger(), { used: 6, capacity_total: 25, overbooked: 0 });
    for (const [who] of people) assert.equal(moved(await mails(who)), 0, who);

    // Confirmed: saved, Cem and Dora are asked to reschedule, Anna and Ben keep their seats.
    const saved = await post(b, url, warn.body, carried(warn.body));
    assert.equal(saved.statusCode, 303, saved.body);
    assert.match(decodeURIComponent(saved.headers.location!.replace(/\+/g, ' ')), /Betroffene Termine: 2/);
    assert.equal((await selectRules(t.kernel.db.pool, ga.id)).find((r) => r.id === rule.id)!.seats, 3);
    assert.deepEqual(await Promise.all(people.map(async ([who]) => moved(await mails(who)))), [0, 0, 1, 1]);
    const [entry] = await audit('appointments.rule_updated');
    assert.equal((entry!.after as { affected: number }).affected, 2);
    assert.equal((entry!.before as { seats: number }).seats, 25);
    // The six persons keep the ledger valid (never below what is used), but nobody else gets in.
    assert.deepEqual(await ledger(), { used: 6, capacity_total: 6, overbooked: 3 });
    const refused = await book('Emil', 1);
    assert.ok(!refused.ok && refused.reason === 'taken', JSON.stringify(refused));

    // Cem cancels: his two seats are not offered again (the session is still over its three).
    const cem = (
      await t.kernel.db.pool.query<{ id: string }>(
        `select id from appointments.appointments where name = 'Cem'`,
      )
    ).rows[0]!.id;
    assert.ok((await cancelAppointment(t.kernel, { appointmentId: cem, staffId: healthClerkId })).ok);
    clock.advance(60 * 60_000);
    await releaseDueCapacity(t.kernel, (await selectLocationById(t.kernel.db.pool, ga.id))!);
    assert.deepEqual(await ledger(), { used: 4, capacity_total: 4, overbooked: 1 });
    assert.ok(!(await book('Emil', 1)).ok, 'still full');

    // Another time (14:00–15:00): the 13:00 session is gone, so everyone left there is affected.
    // (A new login: the hour that passed ended the idle session.)
    const b2 = as(await loginAs(t.kernel, healthClerkId));
    const moveWarn = await post(b2, url, (await b2.get(url)).body, fields('3', '14:00', '15:00'));
    assert.match(moveWarn.body, /Achtung: 3 Termine sind betroffen/);
    const movedSave = await post(b2, url, moveWarn.body, carried(moveWarn.body));
    assert.equal(movedSave.statusCode, 303);
    assert.deepEqual(await Promise.all(people.map(async ([who]) => moved(await mails(who)))), [1, 1, 1, 2]);
    assert.deepEqual(await ledger(), { used: 4, capacity_total: 4, overbooked: 4 });
    const later = berlinInstant('2026-11-26', 14 * 60);
    assert.ok((await book('Emil', 3, later)).ok, 'the new session takes bookings');
    assert.ok(!(await book('Fritz', 1, later)).ok, 'with its three seats');
  });
});
