import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { takeCounter } from '../commands/counter.ts';
import { countersOf, type LocationRow } from '../db/queries.ts';
import { clerkClient, Client, createClerk, setupLocation, SLUG } from './support.ts';

const URL_ = `/verwaltung/warteschlange/${SLUG}/schalter`;

describe('queue: counters and rooms edited by staff', () => {
  let t: TestApp;
  const clock = new FakeClock(new Date('2026-11-24T09:00:00+01:00'));
  let loc: LocationRow;
  let other: LocationRow;
  before(async () => {
    t = await createTestApp({ clock });
    loc = await setupLocation(t.kernel);
    other = await setupLocation(t.kernel, { slug: 'anderes-amt' });
  });
  after(async () => t.close());

  const labels = async () => (await countersOf(t.kernel.db.pool, loc.id)).map((c) => c.label);
  const audit = async (action: string) =>
    (await t.kernel.audit.list({ tenantIds: 'all', action, limit: 10, offset: 0 })).items;

  it('adds, renames and removes counters with German errors at the field (422, typed text kept), audited', async () => {
    const { client: c, accountId } = await clerkClient(t);
    const workplace = await c.get(`/verwaltung/warteschlange/${SLUG}`);
    assert.ok(workplace.body.includes(`href="${URL_}"`));
    const page = await c.get(URL_);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Schalter und Räume: Testamt Neuss/);

    const added = await c.post(URL_, { label: '  Raum   1.12 ' });
    assert.equal(added.statusCode, 303);
    assert.deepEqual(await labels(), ['Schalter 1', 'Schalter 2', 'Schalter 3', 'Raum 1.12']);
    const [created] = await audit('queue.counter_created');
    assert.equal(created!.actorId, accountId);
    assert.deepEqual(created!.after, { location: SLUG, label: 'Raum 1.12' });
    assert.match((await c.get(added.headers.location!)).body, /Der Schalter wurde angelegt\./);

    for (const [label, text] of [
      ['schalter 1', /Einen Schalter oder Raum mit diesem Namen gibt es an diesem Standort schon/],
      ['', /Geben Sie einen Namen mit Buchstaben oder Ziffern ein/],
      ['---', /Geben Sie einen Namen mit Buchstaben oder Ziffern ein/],
      ['x'.repeat(61), /Geben Sie einen Namen mit Buchstaben oder Ziffern ein/],
    ] as const) {
      const res = await c.post(URL_, { label });
      assert.equal(res.statusCode, 422, label);
      assert.match(res.body, /href="#f-label"/);
      assert.match(res.body, text);
      if (label) assert.ok(res.body.includes(`value="${label}"`), 'typed text kept');
    }
    assert.equal((await labels()).length, 4);

    const [, second] = await countersOf(t.kernel.db.pool, loc.id);
    await c.get(URL_);
    const dup = await c.post(`${URL_}/${second!.id}`, { [`rename-${second!.id}`]: 'Raum 1.12' });
    assert.equal(dup.statusCode, 422);
    assert.ok(dup.body.includes(`href="#f-rename-${second!.id}"`));
    assert.ok(dup.body.includes('value="Raum 1.12"'));
    const renamed = await c.post(`${URL_}/${second!.id}`, {
      [`rename-${second!.id}`]: 'Schalter 2 (barrierefrei)',
    });
    assert.equal(renamed.statusCode, 303);
    assert.ok((await labels()).includes('Schalter 2 (barrierefrei)'));
    const [renameEntry] = await audit('queue.counter_renamed');
    assert.deepEqual(renameEntry!.before, { label: 'Schalter 2' });

    // A counter in use cannot be removed; after leaving it can.
    const clerk2 = await createClerk(t.kernel);
    assert.ok((await takeCounter(t.kernel, loc, clerk2, second!.id, null)).ok);
    const busy = await c.post(`${URL_}/${second!.id}/loeschen`);
    assert.equal(busy.statusCode, 409);
    assert.match(busy.body, /Dieser Schalter ist gerade besetzt/);
    await t.kernel.db.pool.query('update queue.counters set occupied_by = null where id = $1', [second!.id]);
    const removed = await c.post(`${URL_}/${second!.id}/loeschen`);
    assert.equal(removed.statusCode, 303);
    assert.ok(!(await labels()).includes('Schalter 2 (barrierefrei)'));
    assert.equal((await audit('queue.counter_deleted'))[0]!.objectId, second!.id);
    assert.equal((await c.post(`${URL_}/${second!.id}/loeschen`)).statusCode, 404);
    assert.equal((await c.post(`${URL_}/kein-schalter/loeschen`)).statusCode, 404);
    // A counter of another location is not reachable through this one.
    const foreign = (await countersOf(t.kernel.db.pool, other.id))[0]!;
    assert.equal((await c.post(`${URL_}/${foreign.id}/loeschen`)).statusCode, 404);
    assert.equal((await c.post(`${URL_}/${foreign.id}`, { [`rename-${foreign.id}`]: 'X' })).statusCode, 404);
  });

  it('two clerks renaming two counters to the same name at once: one wins, the other is told', async () => {
    const { client: c } = await clerkClient(t);
    await c.get(URL_);
    const [a, b] = await countersOf(t.kernel.db.pool, loc.id);
    const results = await Promise.all(
      [a!, b!].map((x) => c.post(`${URL_}/${x.id}`, { [`rename-${x.id}`]: 'Infotheke' })),
    );
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [303, 422]);
    assert.equal((await labels()).filter((l) => l === 'Infotheke').length, 1);
  });

  it('only staff of the location: not another org unit, not another tenant, not anonymous', async () => {
    const otherUnit = new Client(t, await loginAs(t.kernel, await createClerk(t.kernel, 'gesundheitsamt')));
    const town = (await t.kernel.tenants.list()).find((x) => x.kind !== 'kreis')!;
    const otherTenant = new Client(
      t,
      await loginAs(
        t.kernel,
        await createAccount(t.kernel, {
          kind: 'staff',
          roles: [{ role: 'clerk', tenantId: town.id, orgUnitId: null }],
        }),
      ),
    );
    const before = await labels();
    const id = (await countersOf(t.kernel.db.pool, loc.id))[0]!.id;
    for (const c of [otherUnit, otherTenant]) {
      assert.equal((await c.get(URL_)).statusCode, 403);
      // A valid CSRF token of their own session, from a page with a form.
      await c.get('/barrierefreiheit');
      assert.ok(c.token);
      assert.equal((await c.post(URL_, { label: 'Eindringling' })).statusCode, 403);
      assert.equal((await c.post(`${URL_}/${id}`, { [`rename-${id}`]: 'Eindringling' })).statusCode, 403);
      assert.equal((await c.post(`${URL_}/${id}/loeschen`)).statusCode, 403);
    }
    assert.equal((await new Client(t).get(URL_)).statusCode, 303);
    assert.deepEqual(await labels(), before);
  });
});
