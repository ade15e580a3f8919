import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { resolveSessionToken } from '../resolver.ts';
import { createAccount, loginAs } from '../test-support.ts';

describe('sessions', () => {
  let t: TestApp;
  const clock = new FakeClock();
  before(async () => {
    t = await createTestApp({ clock, env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '12' } });
  });
  after(async () => t.close());

  const tokenOf = (cookie: string) => cookie.slice('ok_sid='.length);

  it('stores only the hash of the cookie token and resolves a principal with roles', async () => {
    const id = await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'clerk', tenantId: 'neuss', orgUnitId: null }],
    });
    const cookie = await loginAs(t.kernel, id);
    const token = tokenOf(cookie);
    const stored = await t.kernel.db.pool.query('select id from kernel.sessions where account_id = $1', [id]);
    assert.equal(stored.rowCount, 1);
    assert.notEqual(stored.rows[0].id, token);
    const r = await resolveSessionToken(t.kernel, token);
    assert.ok(r);
    assert.equal(r.principal.accountId, id);
    assert.equal(r.principal.kind, 'staff');
    assert.equal(r.principal.mfaSatisfied, true);
    assert.deepEqual(r.principal.roles, [{ role: 'clerk', tenantId: 'neuss', orgUnitId: null }]);
    assert.equal(await resolveSessionToken(t.kernel, 'x'.repeat(43)), null);
  });

  it('marks a staff session without the second factor as not satisfied', async () => {
    const id = await createAccount(t.kernel, { kind: 'staff' });
    const r = await resolveSessionToken(t.kernel, tokenOf(await loginAs(t.kernel, id, { mfa: false })));
    assert.equal(r?.principal.mfaSatisfied, false);
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const id = await createAccount(t.kernel, { kind: 'citizen' });
    const idle = tokenOf(await loginAs(t.kernel, id));
    clock.advance(29 * 60_000);
    assert.ok(await resolveSessionToken(t.kernel, idle), 'alive after 29 min');
    clock.advance(29 * 60_000);
    assert.ok(await resolveSessionToken(t.kernel, idle), 'activity refreshed last_seen');
    clock.advance(31 * 60_000);
    assert.equal(await resolveSessionToken(t.kernel, idle), null, 'idle for 31 min');

    const busy = tokenOf(await loginAs(t.kernel, id));
    for (let i = 0; i < 12 * 3; i++) {
      clock.advance(20 * 60_000);
      const alive = await resolveSessionToken(t.kernel, busy);
      if (i < 35) assert.ok(alive, `alive at step ${i}`);
      else assert.equal(alive, null, 'ended after 12 h');
    }
    const left = await t.kernel.db.pool.query('select 1 from kernel.sessions where account_id = $1', [id]);
    assert.equal(left.rowCount, 0, 'ended sessions are deleted');
  });
});
