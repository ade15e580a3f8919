import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, CookieJar, csrfFrom, type TestApp } from '../../../testing.ts';

const BODY = 'rhein-kreis-neuss';
const BASE = 'http://ratsinfo.test';
const ROOT = `/verwaltung/ratsinfo/${BODY}/stammdaten`;

describe('council office: register of persons, organisations, memberships and locations', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-21T10:00:00+01:00'));
  const login = async (tenantId: string) => {
    const id = await createAccount(t.kernel, {
      kind: 'staff',
      displayName: `Büro ${tenantId}`,
      roles: [{ role: 'council_office', tenantId, orgUnitId: null }],
    });
    const jar = new CookieJar();
    jar.store((await loginAs(t.kernel, id)) + ';');
    return jar;
  };
  let office: CookieJar;
  const tokens = new Map<CookieJar, string>();
  before(async () => {
    t = await createTestApp({ env: { BASE_URL: BASE }, clock });
    office = await login(BODY);
  });
  after(() => t.close());

  const get = async (jar: CookieJar, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: jar.header() } });
    jar.store(res.headers['set-cookie']);
    return res;
  };
  const post = async (jar: CookieJar, url: string, fields: Record<string, string>) => {
    // each session has its own token; a form of the session's own body carries it
    const own = jar === office ? ROOT : '/verwaltung/ratsinfo/neuss/stammdaten';
    if (!tokens.has(jar)) tokens.set(jar, csrfFrom((await get(jar, `${own}/personen/neu`)).body));
    const token = tokens.get(jar)!;
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    });
    jar.store(res.headers['set-cookie']);
    return res;
  };
  const oparl = async (kind: string, id: number) =>
    (await t.app.inject({ method: 'GET', url: `/oparl/v1/${kind}/${id}` })).json<Record<string, unknown>>();
  const idOf = (location: unknown) => Number(/\/(\d+)\?ok=1$/.exec(String(location))![1]);
  const standIn = (html: string) => /name="stand" value="([^"]*)"/.exec(html)![1]!;
  const audit = async (action: string, objectId: number) =>
    (
      await t.kernel.db.pool.query(
        'select 1 from kernel.audit_log where action = $1 and object_id = $2 and tenant_id = $3',
        [action, String(objectId), BODY],
      )
    ).rowCount;

  let personId = 0;
  let orgId = 0;
  let locationId = 0;

  it('creates a person; contact data without consent is refused with a German message at the field', async () => {
    assert.equal((await get(office, ROOT)).statusCode, 200);
    const form = await get(office, `${ROOT}/personen/neu`);
    assert.equal(form.statusCode, 200);
    const fields = {
      name: 'Dr. Erika Beispiel',
      vorname: 'Erika',
      familienname: 'Beispiel',
      titel: 'Dr.',
      email: 'erika@example.org',
      stand: '',
    };
    const bad = await post(office, `${ROOT}/personen/neu`, fields);
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /nur mit Einwilligung der Person veröffentlicht/);
    assert.match(bad.body, /value="Dr. Erika Beispiel"/, 'what was typed stays');
    const badMail = await post(office, `${ROOT}/personen/neu`, {
      ...fields,
      email: 'keine-adresse',
      einwilligung: 'ja',
    });
    assert.equal(badMail.statusCode, 422);
    assert.match(badMail.body, /Keine gültige E-Mail-Adresse: keine-adresse/);
    const ok = await post(office, `${ROOT}/personen/neu`, { ...fields, einwilligung: 'ja' });
    assert.equal(ok.statusCode, 303);
    personId = idOf(ok.headers.location);
    const p = await oparl('person', personId);
    assert.equal(p.name, 'Dr. Erika Beispiel');
    assert.deepEqual(p.email, ['erika@example.org']);
    assert.deepEqual(p.title, ['Dr.']);
    assert.equal(await audit('council.person.created', personId), 1);
  });

  it('edits with the version read: a stale form gets 409 and keeps the input; modified moves on', async () => {
    const page = await get(office, `${ROOT}/personen/${personId}`);
    assert.match(page.body, /value="Erika"/);
    const stand = standIn(page.body);
    const before = (await oparl('person', personId)).modified;
    clock.advance(60_000);
    const first = await post(office, `${ROOT}/personen/${personId}`, { name: 'Erika Beispiel', stand });
    assert.equal(first.statusCode, 303);
    const stale = await post(office, `${ROOT}/personen/${personId}`, { name: 'Erika B.', stand });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Ihre Änderung wurde nicht gespeichert/);
    assert.match(stale.body, /value="Erika B."/);
    const after = await oparl('person', personId);
    assert.equal(after.name, 'Erika Beispiel');
    assert.notEqual(after.modified, before);
    // without consent now, the contact data must go too
    assert.equal(after.email, undefined, 'the edit removed consent and contact data');
    assert.equal(await audit('council.person.updated', personId), 1);
  });

  it('creates a location with a GeoJSON point and an organisation there; bad input gets 422', async () => {
    const bad = await post(office, `${ROOT}/orte/neu`, {
      beschreibung: 'Kreishaus',
      plz: '4151',
      breite: '51,09',
      stand: '',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /fünf Ziffern/);
    assert.match(bad.body, /Breite und Länge zusammen/);
    const ok = await post(office, `${ROOT}/orte/neu`, {
      beschreibung: 'Kreishaus Grevenbroich',
      strasse: 'Lindenstraße 2',
      plz: '41515',
      ortsname: 'Grevenbroich',
      breite: '51,0899',
      laenge: '6,5851',
      stand: '',
    });
    assert.equal(ok.statusCode, 303);
    locationId = idOf(ok.headers.location);
    const loc = await oparl('location', locationId);
    assert.deepEqual(loc.geojson, { type: 'Point', coordinates: [6.5851, 51.0899] });
    assert.equal(loc.postalCode, '41515');
    const org = await post(office, `${ROOT}/gremien/neu`, {
      name: 'Ausschuss für Mobilität',
      art: 'Gremium',
      beginn: '01.11.2025',
      ende: '01.01.2025',
      ort: String(locationId),
      stand: '',
    });
    assert.equal(org.statusCode, 422);
    assert.match(org.body, /nicht vor dem Beginn/);
    const org2 = await post(office, `${ROOT}/gremien/neu`, {
      name: 'Ausschuss für Mobilität',
      art: 'Gremium',
      beginn: '01.11.2025',
      ort: String(locationId),
      webseite: 'javascript:alert(1)',
      stand: '',
    });
    assert.equal(org2.statusCode, 422);
    const org3 = await post(office, `${ROOT}/gremien/neu`, {
      name: 'Ausschuss für Mobilität',
      art: 'Gremium',
      beginn: '01.11.2025',
      ort: String(locationId),
      stand: '',
    });
    assert.equal(org3.statusCode, 303);
    orgId = idOf(org3.headers.location);
    const o = await oparl('organization', orgId);
    assert.equal(o.startDate, '2025-11-01');
    assert.equal((o.location as Record<string, unknown>).id, `${BASE}/oparl/v1/location/${locationId}`);
  });

  it('creates a membership with role, voting right and dates; refs outside the body are refused', async () => {
    const other = (
      await t.kernel.db.pool.query<{ id: number }>(
        `insert into council.person (body_id, name, created, modified) values ('neuss', 'Fremde Person', now(), now()) returning id`,
      )
    ).rows[0]!.id;
    const foreign = await post(office, `${ROOT}/mitgliedschaften/neu`, {
      person: String(other),
      gremium: String(orgId),
      stand: '',
    });
    assert.equal(foreign.statusCode, 422);
    const ok = await post(office, `${ROOT}/mitgliedschaften/neu`, {
      person: String(personId),
      gremium: String(orgId),
      rolle: 'Vorsitz',
      stimmrecht: 'ja',
      beginn: '01.11.2025',
      stand: '',
    });
    assert.equal(ok.statusCode, 303);
    const id = idOf(ok.headers.location);
    const m = await oparl('membership', id);
    assert.equal(m.role, 'Vorsitz');
    assert.equal(m.votingRight, true);
    assert.equal(m.person, `${BASE}/oparl/v1/person/${personId}`);
    const edit = await get(office, `${ROOT}/mitgliedschaften/${id}`);
    assert.match(edit.body, /value="01.11.2025"/);
  });

  it('another tenant’s council office can neither see nor change these entries', async () => {
    const neuss = await login('neuss');
    assert.equal((await get(neuss, ROOT)).statusCode, 403);
    assert.equal((await get(neuss, `${ROOT}/personen/${personId}`)).statusCode, 403);
    const res = await post(neuss, `${ROOT}/personen/${personId}`, { name: 'Übernommen', stand: '' });
    assert.equal(res.statusCode, 403);
    const del = await post(neuss, `${ROOT}/personen/${personId}/loeschen`, { stand: '' });
    assert.equal(del.statusCode, 403);
    assert.equal((await oparl('person', personId)).name, 'Erika Beispiel');
    // and their own body's URL does not reach this body's rows
    assert.equal(
      (await get(neuss, `/verwaltung/ratsinfo/neuss/stammdaten/personen/${personId}`)).statusCode,
      404,
    );
  });

  it('deletes: a location in use is refused; a person becomes a tombstone with their memberships', async () => {
    const locPage = await get(office, `${ROOT}/orte/${locationId}`);
    const inUse = await post(office, `${ROOT}/orte/${locationId}/loeschen`, { stand: standIn(locPage.body) });
    assert.equal(inUse.statusCode, 422);
    assert.match(inUse.body, /noch verwendet/);
    const page = await get(office, `${ROOT}/personen/${personId}`);
    clock.advance(60_000);
    const del = await post(office, `${ROOT}/personen/${personId}/loeschen`, { stand: standIn(page.body) });
    assert.equal(del.statusCode, 303);
    const tomb = await oparl('person', personId);
    assert.equal(tomb.deleted, true);
    assert.equal(tomb.name, undefined);
    const since = encodeURIComponent('2026-11-21T00:00:00+01:00');
    const list = (
      await t.app.inject({ method: 'GET', url: `/oparl/v1/body/${BODY}/memberships?modified_since=${since}` })
    ).json<{ data: Record<string, unknown>[] }>();
    assert.ok(
      list.data.every((m) => m.deleted === true),
      'the person’s memberships are tombstones too',
    );
    assert.equal(await audit('council.person.deleted', personId), 1);
    assert.equal((await get(office, `${ROOT}/personen/${personId}`)).statusCode, 404);
  });
});
