/**
 * Two real app processes (`tsx src/main.ts serve`) on one database: an event published on node A
 * reaches node B, and a session opened on node A is valid on node B (and its logout on B ends it
 * on A). Everything is observed over HTTP, as a browser behind a load balancer would.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createAccount, TEST_PASSWORD } from '../../auth/test-support.ts';
import {
  CookieJar,
  createTestApp,
  createTestDatabase,
  csrfFrom,
  type TestDatabase,
} from '../../../testing.ts';

interface Node {
  name: string;
  base: string;
  child: ChildProcess;
  output: string[];
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function startNode(name: string, db: TestDatabase, started: Node[]): Promise<Node> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '100000',
      AUTH_RATE_LIMIT_MAX: '1000',
      DATA_DIR: `/tmp/openkreis-test-files/${db.name}-${name}`,
      EVENTS_POLL_INTERVAL_MS: '60000', // only LISTEN/NOTIFY can deliver within the test's time
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const node: Node = { name, base: `http://127.0.0.1:${port}`, child, output: [] };
  started.push(node);
  child.stdout.on('data', (d: Buffer) => node.output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => node.output.push(d.toString()));
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node ${name} exited: ${node.output.join('')}`);
    try {
      if ((await fetch(`${node.base}/health/ready`)).ok) return node;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`node ${name} did not start: ${node.output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopNode(node: Node): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => node.child.once('exit', () => r()));
  node.child.kill('SIGTERM');
  const timer = setTimeout(() => node.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function request(node: Node, jar: CookieJar, path: string, form?: Record<string, string>) {
  const res = await fetch(`${node.base}${path}`, {
    method: form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: {
      cookie: jar.header(),
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  jar.store(res.headers.getSetCookie());
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

describe('two app processes on one database', () => {
  let db: TestDatabase;
  let a: Node | undefined;
  let b: Node | undefined;
  const started: Node[] = [];
  const email = 'multi-node-admin@test.openkreis.de';

  before(async () => {
    db = await createTestDatabase();
    const setup = await createTestApp({ database: db });
    try {
      await createAccount(setup.kernel, {
        kind: 'staff',
        email,
        roles: [{ role: 'platform_admin', tenantId: null, orgUnitId: null }],
      });
    } finally {
      await setup.close();
    }
    // Both at once, as an orchestrator starts replicas: boot (migrations, seeds, job queues) must not deadlock.
    [a, b] = await Promise.all([startNode('a', db, started), startNode('b', db, started)]);
  });

  after(async () => {
    await Promise.all(started.map(stopNode));
    await db.drop();
  });

  it('keeps a session opened on node A valid on node B, and a logout on B ends it on A', async () => {
    const jar = new CookieJar();
    const loginPage = await request(a!, jar, '/verwaltung/anmelden');
    assert.equal(loginPage.status, 200);
    const login = await request(a!, jar, '/verwaltung/anmelden', {
      _csrf: csrfFrom(loginPage.body),
      email,
      password: TEST_PASSWORD,
    });
    assert.equal(login.status, 303, login.body);
    assert.equal(login.location, '/verwaltung');

    const onB = await request(b!, jar, '/verwaltung');
    assert.equal(onB.status, 200);
    assert.match(onB.body, /id="platform-status"/);

    const logoutPage = await request(b!, jar, '/abmelden');
    const logout = await request(b!, jar, '/abmelden', { _csrf: csrfFrom(logoutPage.body) });
    assert.equal(logout.status, 303);
    const afterLogout = await request(a!, jar, '/verwaltung');
    assert.equal(afterLogout.status, 303);
    assert.match(afterLogout.location!, /^\/verwaltung\/anmelden/);
  });

  it('delivers an event published on node A to node B through LISTEN/NOTIFY', async () => {
    const jar = new CookieJar();
    const loginPage = await request(a!, jar, '/verwaltung/anmelden');
    await request(a!, jar, '/verwaltung/anmelden', {
      _csrf: csrfFrom(loginPage.body),
      email,
      password: TEST_PASSWORD,
    });
    const pageA = await request(a!, jar, '/verwaltung/ereignisse');
    assert.equal(pageA.status, 200);
    const nodeA = /<dd[^>]*><code>([^<]+)<\/code>/.exec(pageA.body)?.[1];
    const sent = await request(a!, jar, '/verwaltung/ereignisse/test', { _csrf: csrfFrom(pageA.body) });
    assert.equal(sent.status, 303);
    const id = /gesendet=(\d+)/.exec(sent.location ?? '')?.[1];
    assert.ok(id, sent.location ?? '');

    const until = Date.now() + 10_000;
    let pageB = await request(b!, jar, '/verwaltung/ereignisse');
    while (!pageB.body.includes(`data-event-id="${id}"`)) {
      assert.ok(Date.now() < until, `node B never received event ${id}`);
      await new Promise((r) => setTimeout(r, 100));
      pageB = await request(b!, jar, '/verwaltung/ereignisse');
    }
    const nodeB = /<dd[^>]*><code>([^<]+)<\/code>/.exec(pageB.body)?.[1];
    assert.ok(nodeA && nodeB && nodeA !== nodeB, `${nodeA} vs ${nodeB}`);
    // and node A got its own event too
    assert.ok((await request(a!, jar, '/verwaltung/ereignisse')).body.includes(`data-event-id="${id}"`));
  });
});
