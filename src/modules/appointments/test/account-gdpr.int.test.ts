import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { seedDemoData } from '../commands/seed.ts';
import { Browser, firstTime, solveAltcha } from './helpers.ts';

describe('logged-in citizens, GDPR and the open-data dataset', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-23T08:00:00+01:00'));
  let accountId: string;
  let cookie: string;
  before(async () => {
    t = await createTestApp({ clock });
    await seedDemoData(t.kernel);
    accountId = await createAccount(t.kernel, {
      kind: 'citizen',
      email: 'bürgerin@example.org',
      displayName: 'Bea Bürgerin',
    });
    cookie = await loginAs(t.kernel, accountId);
  });
  after(async () => t.close());

  it('a logged-in citizen books without the mail confirmation, with prefilled contact data, and sees it under "Meine Termine"', async () => {
    const b = new Browser(t);
    b.jar.store(cookie);
    const times = await b.get(
      '/termine/zeiten?d=gelbfieber-impfung%3A1&ort=gesundheitsamt-neuss&tag=2026-11-24',
    );
    const held = await b.post('/termine/halten', times.body, {
      d: 'gelbfieber-impfung:1',
      ort: 'gesundheitsamt-neuss',
      start: firstTime(times.body),
      ...(await solveAltcha(times.body)),
    });
    const contact = await b.get(held.headers.location as string);
    assert.match(contact.body, /value="Bea Bürgerin"/);
    assert.doesNotMatch(contact.body, /Erst wenn Sie ihn öffnen und bestätigen/);
    const done = await b.post(held.headers.location as string, contact.body, {
      name: 'Bea Bürgerin',
      email: 'bürgerin@example.org',
    });
    const page = await b.get(done.headers.location as string);
    assert.match(page.body, /Ihr Termin ist gebucht/, 'no confirmation link needed when logged in');
    const mine = await b.get('/konto/termine');
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, /Dienstag, 24\. November 2026, 08:30 Uhr/);
    assert.match(mine.body, /href="\/termine\/verwalten\/[A-Za-z0-9_-]{43}"/);
    assert.equal((await new Browser(t).get('/konto/termine')).statusCode, 303, 'only for logged-in citizens');
  });

  it('GDPR: export lists the appointments, erase removes name, e-mail and phone', async () => {
    const handler = t.kernel.extensions.personalData.find((h) => h.module === 'appointments')!;
    const exported = (await handler.export(accountId)) as { appointments: { email: string; name: string }[] };
    assert.equal(exported.appointments.length, 1);
    assert.equal(exported.appointments[0]!.email, 'bürgerin@example.org');
    assert.deepEqual(await handler.erase(accountId), { retained: [] });
    const { rows } = await t.kernel.db.pool.query(
      `select name, email, phone, account_id from appointments.appointments where status = 'booked'`,
    );
    assert.deepEqual(rows, [{ name: null, email: null, phone: null, account_id: null }]);
    assert.deepEqual(await handler.export(accountId), { appointments: [] });
  });

  it('registers the staff tool, the account section, the sitemap and the dataset "termin-auslastung" without personal data', async () => {
    assert.ok(t.kernel.extensions.staffTools.some((s) => s.href === '/verwaltung/termine'));
    assert.ok(t.kernel.extensions.accountSections.some((s) => s.href === '/konto/termine'));
    const ds = t.kernel.extensions.dataset('termin-auslastung')!;
    assert.equal(ds.licenseId, 'dl-zero-de/2.0');
    const csv = String(
      (
        await ds.distributions[0]!.render({
          db: t.kernel.db,
          clock: t.kernel.clock,
          tenants: t.kernel.tenants,
        })
      ).body,
    );
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'datum,standort,standort_name,plaetze_kapazitaet,plaetze_gebucht');
    assert.ok(
      lines.some((l) => /^2026-11-24,gesundheitsamt-neuss,Gesundheitsamt Neuss,\d+,2$/.test(l)),
      lines.slice(0, 5).join('\n'),
    );
    assert.doesNotMatch(csv, /Bürgerin|example\.org/);
  });
});
