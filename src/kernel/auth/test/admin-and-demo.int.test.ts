import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { seedDemo } from '../../kernel.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { createPlatformAdmin } from '../cli.ts';
import { DEMO_ACCOUNTS } from '../seed.ts';
import { createAccount } from '../test-support.ts';
import { CookieJar, countAccounts, get, login } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

function runCli(
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe('create-admin and demo accounts', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { AUTH_RATE_LIMIT_MAX: '1000' } });
  });
  after(async () => t.close());

  it('creates a platform admin who can log in to the staff area', async () => {
    const r = await createPlatformAdmin(t.kernel, {
      email: 'chefin@kreis.example',
      name: 'Chefin',
      password: 'ein sicheres Admin-Passwort',
    });
    assert.ok(r.ok && r.created);
    const jar = new CookieJar();
    assert.equal(
      (await login(t.app, jar, 'chefin@kreis.example', 'ein sicheres Admin-Passwort', true)).statusCode,
      303,
    );
    assert.match((await get(t.app, jar, '/verwaltung/konto')).body, /Plattform-Administration/);
    const again = await createPlatformAdmin(t.kernel, {
      email: 'CHEFIN@kreis.example',
      name: 'Chefin',
      password: 'anderes Passwort 1234',
    });
    assert.ok(again.ok && !again.created, 'idempotent, password unchanged');
    assert.equal(
      (await login(t.app, new CookieJar(), 'chefin@kreis.example', 'ein sicheres Admin-Passwort', true))
        .statusCode,
      303,
    );
    const grants = await t.kernel.db.pool.query(
      `select role, tenant_id from kernel.role_grants where account_id = $1`,
      [r.accountId],
    );
    assert.deepEqual(grants.rows, [{ role: 'platform_admin', tenant_id: null }]);
  });

  it('refuses weak passwords, bad addresses and citizen addresses', async () => {
    assert.deepEqual(
      await createPlatformAdmin(t.kernel, { email: 'x@kreis.example', name: 'X', password: 'kurz' }),
      { ok: false, reason: 'weak_password' },
    );
    assert.deepEqual(
      await createPlatformAdmin(t.kernel, { email: 'kein-at', name: 'X', password: 'lang genug 123456' }),
      { ok: false, reason: 'invalid_email' },
    );
    await createAccount(t.kernel, { kind: 'citizen', email: 'buerger-admin@kreis.example' });
    assert.deepEqual(
      await createPlatformAdmin(t.kernel, {
        email: 'buerger-admin@kreis.example',
        name: 'X',
        password: 'lang genug 123456',
      }),
      {
        ok: false,
        reason: 'citizen_account',
      },
    );
    assert.equal(await countAccounts(t.kernel, 'x@kreis.example'), 0);
  });

  it('runs as "create-admin" from the command line with the password from the environment or stdin', async () => {
    const env = { DATABASE_URL: t.db.url, DATA_DIR: `/tmp/openkreis-test-files/${t.db.name}` };
    const viaEnv = await runCli(['create-admin', 'cli@kreis.example', 'Clara', 'Admin'], {
      ...env,
      OPENKREIS_ADMIN_PASSWORD: 'Passwort aus der Umgebung',
    });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
    assert.match(viaEnv.stdout, /Created platform admin cli@kreis\.example/);
    const viaStdin = await runCli(
      ['create-admin', 'stdin@kreis.example', 'Stefan'],
      env,
      'Passwort von stdin 2026\n',
    );
    assert.equal(viaStdin.code, 0, viaStdin.stderr);
    assert.equal(
      (await login(t.app, new CookieJar(), 'stdin@kreis.example', 'Passwort von stdin 2026', true))
        .statusCode,
      303,
    );
    const weak = await runCli(['create-admin', 'weak@kreis.example', 'W'], {
      ...env,
      OPENKREIS_ADMIN_PASSWORD: 'kurz',
    });
    assert.equal(weak.code, 1);
    assert.match(weak.stderr, /12 to 256 characters/);
    const usage = await runCli(['create-admin'], env);
    assert.equal(usage.code, 2);
  });

  it('seeds the three demo accounts idempotently, and they can log in', async () => {
    await seedDemo(t.kernel);
    await seedDemo(t.kernel);
    for (const a of Object.values(DEMO_ACCOUNTS)) assert.equal(await countAccounts(t.kernel, a.email), 1);
    const { rows } = await t.kernel.db.pool.query(
      `select g.role, g.tenant_id, o.slug from kernel.role_grants g join kernel.accounts a on a.id = g.account_id
         left join kernel.org_units o on o.id = g.org_unit_id where a.email = $1`,
      [DEMO_ACCOUNTS.clerk.email],
    );
    assert.deepEqual(rows, [{ role: 'clerk', tenant_id: 'rhein-kreis-neuss', slug: 'strassenverkehrsamt' }]);
    assert.equal(
      (await login(t.app, new CookieJar(), DEMO_ACCOUNTS.citizen.email, DEMO_ACCOUNTS.citizen.password))
        .statusCode,
      303,
    );
    const admin = await login(
      t.app,
      new CookieJar(),
      DEMO_ACCOUNTS.admin.email,
      DEMO_ACCOUNTS.admin.password,
      true,
    );
    assert.equal(admin.headers.location, '/verwaltung', 'no second factor for the demo admin');
    assert.equal(
      (await login(t.app, new CookieJar(), DEMO_ACCOUNTS.clerk.email, DEMO_ACCOUNTS.clerk.password, true))
        .statusCode,
      303,
    );
  });

  it('records logins, failures and lockouts in the audit log', async () => {
    const id = await createAccount(t.kernel, { kind: 'citizen', email: 'audit@example.org' });
    await login(t.app, new CookieJar(), 'audit@example.org', 'falsches Passwort!');
    await login(t.app, new CookieJar(), 'audit@example.org', 'Test-Passwort-2026!');
    const { items } = await t.kernel.audit.list({ tenantIds: 'all', limit: 500, offset: 0 });
    const actions = items.filter((i) => i.objectId === id).map((i) => i.action);
    assert.ok(actions.includes('auth.login_failed'), actions.join());
    assert.ok(actions.includes('auth.login'), actions.join());
  });
});
