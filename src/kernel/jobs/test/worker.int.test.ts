/** The `worker` command: a separate process that runs jobs (no HTTP) and stops cleanly on SIGTERM. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';

describe('worker process', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('runs jobs sent from the app and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: t.db.url,
        LOG_LEVEL: 'info',
        JOBS_POLL_INTERVAL_MS: '500',
        PORT: '1',
        DATA_DIR: `/tmp/openkreis-test-files/${t.db.name}-worker`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const until = Date.now() + 60_000;
      while (!out.includes('worker running')) {
        assert.ok(child.exitCode === null, `worker exited early: ${out}`);
        assert.ok(Date.now() < until, `worker did not start: ${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.doesNotMatch(out, /listening|OpenKreis is running/);
      // the app (this process) only queues; the worker runs it
      await t.kernel.jobs.send('kernel.audit-verify', {});
      const deadline = Date.now() + 20_000;
      while (!(await t.kernel.audit.lastCheck())) {
        assert.ok(Date.now() < deadline, `job not run by the worker: ${out}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal((await t.kernel.audit.lastCheck())?.ok, true);
      child.kill('SIGTERM');
      assert.equal(await exited, 0, out);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
