/**
 * Two real app processes (`tsx src/main.ts serve`) on one database: a clerk calls a customer
 * through node A (the staff form), and a call-display stream connected to node B receives it —
 * as a display behind a load balancer would.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { loginAs } from '../../../kernel/auth/test-support.ts';
import { freePort } from '../../../kernel/db/embedded.ts';
import { createTestApp, createTestDatabase, type TestDatabase } from '../../../testing.ts';
import { counterIds, createClerk, setupLocation, SLUG } from './support.ts';
import { SseClient } from './sse-client.ts';

interface Node {
  base: string;
  child: ChildProcess;
  output: string[];
}

async function startNode(name: string, db: TestDatabase): Promise<Node> {
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
      DATA_DIR: `/tmp/openkreis-test-files/${db.name}-${name}`,
      EVENTS_POLL_INTERVAL_MS: '60000', // only LISTEN/NOTIFY can deliver within the test's time
      JOBS_IN_PROCESS: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const node: Node = { base: `http://127.0.0.1:${port}`, child, output: [] };
  child.stdout.on('data', (d: Buffer) => node.output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => node.output.push(d.toString()));
  const until = Date.now() + 90_000;
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

async function stopNode(node: Node | undefined): Promise<void> {
  if (!node || node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = new Promise<void>((r) => node.child.once('exit', () => r()));
  node.child.kill('SIGTERM');
  const timer = setTimeout(() => node.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

describe('queue: two app processes on one database', () => {
  let db: TestDatabase;
  let a: Node | undefined;
  let b: Node | undefined;
  let cookie = '';
  let counter = '';
  const clients: SseClient[] = [];

  before(async () => {
    db = await createTestDatabase();
    const setup = await createTestApp({ database: db });
    try {
      const loc = await setupLocation(setup.kernel);
      counter = (await counterIds(setup.kernel, loc))[0]!;
      cookie = await loginAs(setup.kernel, await createClerk(setup.kernel));
    } finally {
      await setup.close();
    }
    [a, b] = await Promise.all([startNode('a', db), startNode('b', db)]);
  });

  after(async () => {
    for (const c of clients) c.close();
    await Promise.all([stopNode(a), stopNode(b)]);
    await db.drop();
  });

  it('a call through the staff form on node A reaches a display stream on node B', async () => {
    const display = await new SseClient(`${b!.base}/wartezeiten/${SLUG}/anzeige/events`).open();
    clients.push(display);
    await display.next((f) => f.event === 'state');

    const cookies = new Map([cookie.split('=') as [string, string]]);
    const header = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const request = async (path: string, form?: Record<string, string>) => {
      const res = await fetch(`${a!.base}${path}`, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: header(),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const i = pair!.indexOf('=');
        cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
      return { status: res.status, location: res.headers.get('location'), body: await res.text() };
    };
    const page = await request(`/verwaltung/warteschlange/${SLUG}`);
    assert.equal(page.status, 200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    assert.equal(
      (await request(`/verwaltung/warteschlange/${SLUG}/platz`, { _csrf: csrf, counter })).status,
      303,
    );
    const issued = await request(`/verwaltung/warteschlange/${SLUG}/ticket`, {
      _csrf: csrf,
      group: 'zulassung',
    });
    assert.equal(issued.status, 303);
    const code = /nr=([A-Z]+\d+)/.exec(issued.location ?? '')![1]!;
    const called = await request(`/verwaltung/warteschlange/${SLUG}/aufrufen`, { _csrf: csrf });
    assert.equal(called.status, 303);
    const frame = await display.next((f) => f.event === 'call');
    assert.deepEqual(
      (({ code: c, counter: k }) => ({ code: c, counter: k }))(
        JSON.parse(frame.data) as { code: string; counter: string },
      ),
      { code, counter: 'Schalter 1' },
    );
  });
});
