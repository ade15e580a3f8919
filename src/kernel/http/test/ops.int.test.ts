import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { buildApp } from '../../../app.ts';
import { loadAppConfig } from '../../../config.ts';
import { modules } from '../../../modules.ts';
import { createTestApp, createTestDatabase, type TestApp, type TestDatabase } from '../../../testing.ts';
import { freePort } from '../../db/embedded.ts';
import { createKernel } from '../../kernel.ts';

describe('metrics endpoint', () => {
  let open: TestApp;
  let guarded: TestApp;
  before(async () => {
    open = await createTestApp();
    guarded = await createTestApp({ env: { METRICS_TOKEN: 'a-very-long-metrics-token-123' } });
  });
  after(async () => {
    await open.close();
    await guarded.close();
  });

  it('answers loopback requests without a token and counts requests', async () => {
    await open.app.inject('/');
    const res = await open.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /openkreis_http_request_duration_seconds_bucket/);
    assert.match(res.body, /openkreis_process_resident_memory_bytes/);
  });

  it('refuses other addresses when no token is set', async () => {
    const res = await open.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' });
    assert.equal(res.statusCode, 401);
    assert.match(res.headers['content-type'] as string, /problem\+json/);
  });

  it('requires the bearer token when one is configured', async () => {
    assert.equal((await guarded.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode, 401);
    const wrong = await guarded.app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer a-very-long-metrics-token-124' },
    });
    assert.equal(wrong.statusCode, 401);
    const ok = await guarded.app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer a-very-long-metrics-token-123' },
    });
    assert.equal(ok.statusCode, 200);
  });
});

describe('graceful shutdown', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db.drop());

  it('finishes in-flight requests while refusing new ones', async () => {
    const kernel = await createKernel({
      fullConfig: loadAppConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' }),
      modules,
      log: pino({ level: 'silent' }),
    });
    const app = await buildApp(kernel);
    app.get('/slow-test', { config: { policy: 'public' } }, async () => {
      await sleep(700);
      return { done: true };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    const port = addr && typeof addr === 'object' ? addr.port : 0;
    const inflight = fetch(`http://127.0.0.1:${port}/slow-test`);
    await sleep(150);
    const closing = app.close();
    await sleep(50);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/health/live`), 'no new connections while draining');
    const res = await inflight;
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { done: true });
    await closing;
    await kernel.close();
  });

  it('exits with code 0 on SIGTERM after serving', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
      env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      let ready = false;
      for (let i = 0; i < 200 && !ready; i++) {
        await sleep(100);
        ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (r) => r.ok,
          () => false,
        );
      }
      assert.ok(ready, `app did not become ready: ${stderr}`);
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0, stderr);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('embedded PostgreSQL lifecycle', () => {
  it('initialises on first start, stops cleanly on SIGINT and is reused on the next start', async () => {
    const { mkdtempSync, existsSync, rmSync, chmodSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dataDir = mkdtempSync(`${tmpdir()}/ok-embedded-`);
    chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach DATA_DIR
    const env = { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'warn' } as Record<
      string,
      string | undefined
    >;
    delete env.DATABASE_URL;
    const run = async (signal: NodeJS.Signals) => {
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
        env: { ...env, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      try {
        let ready = false;
        for (let i = 0; i < 600 && !ready; i++) {
          await sleep(100);
          ready = await fetch(`http://127.0.0.1:${port}/`).then(
            (r) => r.ok,
            () => false,
          );
        }
        assert.ok(ready, `app did not become ready: ${stderr}`);
        assert.ok(existsSync(`${dataDir}/postgres/postmaster.pid`), 'PostgreSQL runs from DATA_DIR');
        child.kill(signal);
        const [code] = (await once(child, 'exit')) as [number | null];
        assert.equal(code, 0, stderr);
        assert.ok(!existsSync(`${dataDir}/postgres/postmaster.pid`), 'PostgreSQL was stopped with the app');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    };
    try {
      await run('SIGINT');
      await run('SIGTERM'); // second start: same cluster, no initdb
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('says clearly when the data directory cannot be used', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/ok-embedded-bad-`);
    writeFileSync(`${dir}/postgres`, 'not a directory');
    const env = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn' } as Record<string, string | undefined>;
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'migrate'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    rmSync(dir, { recursive: true, force: true });
    assert.equal(code, 1);
    assert.match(stderr, /embedded PostgreSQL could not start/);
    assert.match(stderr, /DATABASE_URL/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });
});

describe('rate limits shared through Redis', () => {
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  let reachable = false;
  let a: TestApp | undefined;
  let b: TestApp | undefined;
  before(async () => {
    const net = await import('node:net');
    const u = new URL(redisUrl);
    reachable = await new Promise<boolean>((resolve) => {
      const s = net.connect(Number(u.port || 6379), u.hostname);
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (!reachable) return;
    a = await createTestApp({ env: { REDIS_URL: redisUrl, RATE_LIMIT_MAX: '6' } });
    b = await createTestApp({ env: { REDIS_URL: redisUrl, RATE_LIMIT_MAX: '6' }, database: a.db });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  it('counts requests of one client across two app nodes', async (t) => {
    if (!reachable) {
      if (process.env.CI === 'true') assert.fail(`Redis not reachable at ${redisUrl} in CI`);
      t.skip(`Redis not reachable at ${redisUrl}`);
      return;
    }
    // A unique client address so parallel runs do not share a bucket.
    const ip = `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const node = i % 2 === 0 ? a! : b!;
      statuses.push((await node.app.inject({ url: '/', remoteAddress: ip })).statusCode);
    }
    assert.deepEqual(statuses.slice(0, 6), [200, 200, 200, 200, 200, 200]);
    assert.deepEqual(statuses.slice(6), [429, 429], 'the 7th request is refused whichever node it reaches');
    const res = await b!.app.inject({ url: '/', remoteAddress: ip });
    assert.ok(Number(res.headers['retry-after']) > 0);
    assert.match(res.body, /Zu viele Anfragen/);
  });
});
