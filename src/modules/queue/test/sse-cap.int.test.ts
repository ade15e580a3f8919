import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { hubOf } from '../live.ts';
import { setupLocation, SLUG } from './support.ts';

interface Opened {
  status: number;
  type: string;
  /** The whole body for a refusal; the first chunk for a stream. */
  body: string;
  close: () => void;
}

/** Opens a stream as a client behind the reverse proxy with the given address. */
function openStream(base: string, path: string, ip: string): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${base}${path}`,
      { headers: { accept: 'text/event-stream', 'x-forwarded-for': ip } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type']),
            body,
            close: () => req.destroy(),
          });
        if (res.statusCode === 200) res.once('data', (d: string) => ((body = d), done()));
        else {
          res.on('data', (d: string) => (body += d));
          res.on('end', done);
        }
      },
    );
    req.on('error', reject);
  });
}

describe('queue: live streams per client address are capped', () => {
  let t: TestApp;
  let base: string;
  const clock = new FakeClock(new Date('2026-11-24T10:00:00+01:00'));
  const open: Opened[] = [];
  before(async () => {
    t = await createTestApp({ clock, env: { QUEUE_SSE_MAX_STREAMS_PER_IP: '3', TRUST_PROXY: 'true' } });
    await setupLocation(t.kernel);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const o of open) o.close();
    await t.close();
  });

  const display = `/wartezeiten/${SLUG}/anzeige/events`;
  const waiting = `/api/v1/queue/locations/${SLUG}/events`;

  it('the 4th stream of one address gets 429 with a clear message (display and API alike); others are not affected; a closed stream frees its place', async () => {
    for (const path of [display, display, waiting]) {
      const s = await openStream(base, path, '203.0.113.5');
      assert.equal(s.status, 200);
      open.push(s);
    }
    const refused = await openStream(base, display, '203.0.113.5');
    assert.equal(refused.status, 429);
    assert.match(refused.type, /^text\/plain/);
    assert.match(refused.body, /Zu viele gleichzeitige Live-Verbindungen von Ihrer Adresse \(höchstens 3\)/);
    const api = await openStream(base, waiting, '203.0.113.5');
    assert.equal(api.status, 429);
    assert.match(api.type, /^application\/problem\+json/);
    const problem = JSON.parse(api.body) as { status: number; detail: string };
    assert.equal(problem.status, 429);
    assert.match(problem.detail, /höchstens 3/);

    // Another address has its own allowance.
    const other = await openStream(base, display, '203.0.113.6');
    assert.equal(other.status, 200);
    open.push(other);

    // Closing one stream frees a place (once the server saw the close).
    open.shift()!.close();
    const hub = hubOf(t.kernel);
    for (let i = 0; i < 100 && !hub.admits('203.0.113.5'); i++) await new Promise((r) => setTimeout(r, 20));
    const again = await openStream(base, display, '203.0.113.5');
    assert.equal(again.status, 200);
    open.push(again);
    assert.equal(hub.clientCount(), 4);
  });

  it('many parallel connects of one address: never more than the cap open', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => openStream(base, display, '198.51.100.77')),
    );
    open.push(...results.filter((r) => r.status === 200));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 200, ...Array<number>(9).fill(429)]);
  });
});
