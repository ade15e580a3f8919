import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { Client, clerkClient, setupLocation, SLUG } from './support.ts';

/** Random input on every queue route: clear 4xx answers or success, never a 500. */
describe('queue: bad input never gives a 500', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await setupLocation(t.kernel);
  });
  after(async () => t.close());

  const segment = fc.oneof(
    fc.constantFrom(SLUG, 'gibt-es-nicht', '', '..', '%00', '%E2%82', 'a'.repeat(300), 'ÄÖÜ', '<x>'),
    fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)),
  );
  const value = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.constantFrom('', '0', '-1', "' or 1=1 --", '\u0000', 'x'.repeat(5000)),
  );

  it('public GET routes with random path segments and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(
        segment,
        fc.constantFrom(
          '',
          '/kiosk',
          '/einchecken',
          '/anzeige',
          '/ticket/',
          '/ticket/00000000-0000-0000-0000-000000000000',
        ),
        value,
        async (slug, suffix, q) => {
          const url = `/wartezeiten/${slug}${suffix}?code=${encodeURIComponent(q)}&kiosk=${encodeURIComponent(q)}`;
          const res = await t.app.inject({ method: 'GET', url });
          assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
          const api = await t.app.inject({
            method: 'GET',
            url: `/api/v1/queue/locations/${slug}/waiting-time`,
          });
          assert.ok(api.statusCode < 500, `api ${slug}: ${api.statusCode}`);
          if (api.statusCode >= 400) assert.match(String(api.headers['content-type']), /problem\+json/);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('public and staff POST forms with random fields', async () => {
    const citizen = new Client(t);
    await citizen.get(`/wartezeiten/${SLUG}/kiosk`);
    const { client: clerk } = await clerkClient(t);
    await clerk.get(`/verwaltung/warteschlange/${SLUG}`);
    const staffPaths = [
      '/platz',
      '/platz/verlassen',
      '/aufrufen',
      '/erneut',
      '/parken',
      '/nicht-erschienen',
      '/abschliessen',
      '/geparkt',
      '/ticket',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...staffPaths),
        fc.dictionary(
          fc.constantFrom('counter', 'groups', 'ticket', 'group', 'priority', 'code', 'x'),
          fc.oneof(value, fc.array(value, { maxLength: 3 })),
        ),
        async (path, body) => {
          const s = await clerk.post(`/verwaltung/warteschlange/${SLUG}${path}`, body);
          assert.ok(s.statusCode < 500, `${path} ${JSON.stringify(body).slice(0, 200)}: ${s.statusCode}`);
          const k = await citizen.post(`/wartezeiten/${SLUG}/kiosk`, body);
          assert.ok(k.statusCode < 500, `kiosk: ${k.statusCode}`);
          const c = await citizen.post(`/wartezeiten/${SLUG}/einchecken`, body);
          assert.ok(c.statusCode < 500, `check-in: ${c.statusCode}`);
        },
      ),
      { numRuns: 60 },
    );
  });
});
