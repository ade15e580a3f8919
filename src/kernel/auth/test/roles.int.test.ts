import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { purgeAuthData } from '../cleanup.ts';
import { grantRole, revokeRole, setAccountDisabled } from '../commands/roles.ts';
import { createAccount, loginAs, TEST_PASSWORD } from '../test-support.ts';
import { CookieJar, login } from './helpers.ts';

describe('role grants, disabling and cleanup', () => {
  let t: TestApp;
  const clock = new FakeClock();
  before(async () => {
    t = await createTestApp({ clock, env: { AUTH_RATE_LIMIT_MAX: '1000' } });
  });
  after(async () => t.close());

  const page = (cookie: string) =>
    t.app.inject({ method: 'GET', url: '/verwaltung/konto', headers: { cookie } });

  it('grants and revokes scoped roles, effective on the next request and audited', async () => {
    const admin = await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'platform_admin', tenantId: null, orgUnitId: null }],
    });
    const id = await createAccount(t.kernel, { kind: 'staff' });
    const cookie = await loginAs(t.kernel, id);
    assert.match((await page(cookie)).body, /noch keine Rolle/);
    const unit = (await t.kernel.tenants.orgUnits('neuss')).find((o) => o.slug === 'buergerbuero')!;
    const grant = { role: 'clerk' as const, tenantId: 'neuss', orgUnitId: unit.id };
    assert.deepEqual(await grantRole(t.kernel, { actorId: admin, accountId: id, grant }), {
      ok: true,
      changed: true,
    });
    assert.deepEqual(await grantRole(t.kernel, { actorId: admin, accountId: id, grant }), {
      ok: true,
      changed: false,
    });
    assert.match((await page(cookie)).body, /Sachbearbeitung – Neuss, Bürgerbüro/);
    assert.deepEqual(await revokeRole(t.kernel, { actorId: admin, accountId: id, grant }), {
      ok: true,
      changed: true,
    });
    assert.match((await page(cookie)).body, /noch keine Rolle/);
    const { items } = await t.kernel.audit.list({ tenantIds: 'all', limit: 100, offset: 0 });
    const mine = items.filter((i) => i.objectId === id).map((i) => [i.action, i.actorId]);
    assert.deepEqual(mine.filter(([a]) => a!.startsWith('auth.role')).sort(), [
      ['auth.role_granted', admin],
      ['auth.role_revoked', admin],
    ]);
  });

  it('refuses invalid scopes and roles for citizens', async () => {
    const id = await createAccount(t.kernel, { kind: 'staff' });
    const citizen = await createAccount(t.kernel, { kind: 'citizen' });
    const kaarstUnit = (await t.kernel.tenants.orgUnits('kaarst'))[0]!;
    const bad = [
      { role: 'platform_admin' as const, tenantId: 'neuss', orgUnitId: null },
      { role: 'clerk' as const, tenantId: null, orgUnitId: null },
      { role: 'clerk' as const, tenantId: 'gibt-es-nicht', orgUnitId: null },
      { role: 'clerk' as const, tenantId: 'neuss', orgUnitId: kaarstUnit.id },
      { role: 'superuser' as never, tenantId: 'neuss', orgUnitId: null },
    ];
    for (const grant of bad)
      assert.deepEqual(
        await grantRole(t.kernel, { actorId: null, accountId: id, grant }),
        { ok: false, reason: 'invalid_scope' },
        JSON.stringify(grant),
      );
    assert.deepEqual(
      await grantRole(t.kernel, {
        actorId: null,
        accountId: citizen,
        grant: { role: 'editor', tenantId: 'neuss', orgUnitId: null },
      }),
      { ok: false, reason: 'not_staff' },
    );
  });

  it('ends the sessions of a disabled account and refuses its login like a wrong password', async () => {
    const id = await createAccount(t.kernel, { kind: 'citizen', email: 'gesperrt@example.org' });
    const cookie = await loginAs(t.kernel, id);
    assert.equal(await setAccountDisabled(t.kernel, { actorId: null, accountId: id, disabled: true }), true);
    assert.equal((await t.app.inject({ method: 'GET', url: '/konto', headers: { cookie } })).statusCode, 303);
    const res = await login(t.app, new CookieJar(), 'gesperrt@example.org', TEST_PASSWORD);
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /E-Mail-Adresse oder Passwort ist nicht richtig/);
    await setAccountDisabled(t.kernel, { actorId: null, accountId: id, disabled: false });
    assert.equal(
      (await login(t.app, new CookieJar(), 'gesperrt@example.org', TEST_PASSWORD)).statusCode,
      303,
    );
  });

  it('purges ended sessions and old tokens, keeps live ones', async () => {
    const id = await createAccount(t.kernel, { kind: 'citizen' });
    const old = await loginAs(t.kernel, id);
    clock.advance(31 * 60_000);
    const fresh = await loginAs(t.kernel, id);
    const n = await purgeAuthData(t.kernel);
    assert.ok(n.sessions >= 1);
    const { rows } = await t.kernel.db.pool.query(
      'select count(*)::int as n from kernel.sessions where account_id = $1',
      [id],
    );
    assert.equal(rows[0].n, 1);
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/konto', headers: { cookie: fresh } })).statusCode,
      200,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/konto', headers: { cookie: old } })).statusCode,
      303,
    );
  });
});
