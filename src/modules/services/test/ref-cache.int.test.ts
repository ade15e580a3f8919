import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, createTestDatabase, type TestApp, type TestDatabase } from '../../../testing.ts';
import { contentOf, editService } from '../commands/edit-service.ts';
import { selectServiceBySlug } from '../db/services.queries.ts';
import { findServiceBySlug } from '../index.ts';

const SLUG = 'hundesteuer-anmeldung';

async function retitle(t: TestApp, title: string): Promise<void> {
  const s = (await selectServiceBySlug(t.kernel.db.pool, SLUG))!;
  const content = { ...contentOf(s), title_de: title };
  const r = await editService(
    t.kernel,
    'editor-of-the-test',
    SLUG,
    s.owner_tenant_id,
    { content, responsibility: null },
    'req-cache',
  );
  assert.deepEqual(r, { ok: true });
}

describe('services: the service lookup for other modules is cached and dropped on every node on an edit', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  before(async () => {
    db = await createTestDatabase();
    // Only LISTEN/NOTIFY (not the poll) can tell node A within the test.
    const env = { EVENTS_POLL_INTERVAL_MS: '60000' };
    a = await createTestApp({ database: db, env });
    b = await createTestApp({ database: db, env });
    await a.kernel.events.start();
    await b.kernel.events.start();
  });
  after(async () => {
    await a.close();
    await b.close();
    await db.drop();
  });

  it('answers repeated lookups without the database; an edit on the same node is seen at once', async () => {
    const first = await findServiceBySlug(a.kernel, SLUG);
    assert.ok(first);
    const statements: string[] = [];
    const db = {
      query: (text: string) => {
        statements.push(text);
        return a.kernel.db.pool.query(text);
      },
    } as unknown as Parameters<typeof findServiceBySlug>[2];
    assert.equal((await findServiceBySlug(a.kernel, SLUG, db))?.title.de, first.title.de);
    assert.deepEqual(statements, [], 'served from the cache');
    assert.equal(await findServiceBySlug(a.kernel, 'gibt-es-nicht'), null);
    await retitle(a, 'Hund anmelden (Hundesteuer), neu');
    assert.equal((await findServiceBySlug(a.kernel, SLUG))?.title.de, 'Hund anmelden (Hundesteuer), neu');
  });

  it('an edit on node B reaches node A’s cache through the event', async () => {
    assert.equal((await findServiceBySlug(a.kernel, SLUG))?.title.de, 'Hund anmelden (Hundesteuer), neu');
    await retitle(b, 'Hund anmelden (Hundesteuer), zweite Fassung');
    const until = Date.now() + 5000;
    let title = '';
    while (Date.now() < until) {
      title = (await findServiceBySlug(a.kernel, SLUG))?.title.de ?? '';
      if (title.endsWith('zweite Fassung')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(title, 'Hund anmelden (Hundesteuer), zweite Fassung');
  });
});
