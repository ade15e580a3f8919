import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { councilModule } from '../index.ts';
import { checkObject, urlsIn } from './oparl-validate.ts';

const BASE = 'http://ratsinfo.test';
const T = 'https://schema.oparl.org/1.1/';

interface Crawl {
  objects: Map<string, Record<string, unknown>>;
  pages: number;
  bodies: string[];
  errors: string[];
}

/** Follows every OParl URL from the System object; checks every page and object on the way. */
async function crawl(t: TestApp, start: string, opts: { limit?: number } = {}): Promise<Crawl> {
  const seen = new Set<string>();
  const queue = [start];
  const objects = new Map<string, Record<string, unknown>>();
  const errors: string[] = [];
  const bodies: string[] = [];
  let pages = 0;
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await t.app.inject({ method: 'GET', url: url.slice(BASE.length) });
    bodies.push(res.body);
    if (res.headers['access-control-allow-origin'] !== '*') errors.push(`${url}: no CORS header`);
    if (/\/file\/\d+\/(access|download)$/.test(url)) {
      if (res.statusCode !== 200) errors.push(`${url}: ${res.statusCode}`);
      const cd = res.headers['content-disposition'] ?? '';
      if (url.endsWith('/download') !== cd.startsWith('attachment'))
        errors.push(`${url}: content-disposition ${cd}`);
      continue;
    }
    if (res.statusCode !== 200) {
      errors.push(`${url}: status ${res.statusCode}`);
      continue;
    }
    const json = res.json<Record<string, unknown>>();
    if (Array.isArray(json.data)) {
      pages++;
      const links = json.links as Record<string, string>;
      if (!json.pagination || typeof json.pagination !== 'object') errors.push(`${url}: no pagination`);
      const data = json.data as Record<string, unknown>[];
      if (links.next) {
        queue.push(links.next);
        if (opts.limit && data.length !== opts.limit) errors.push(`${url}: short page with a next link`);
      }
      for (const [i, o] of data.entries()) {
        errors.push(...checkObject(o, `${url} data[${i}]`));
        objects.set(o.id as string, o);
        for (const u of urlsIn(o, BASE)) if (!seen.has(u)) queue.push(u);
      }
    } else {
      errors.push(...checkObject(json, url));
      if (json.id !== url) errors.push(`${url}: id is ${String(json.id)}`);
      objects.set(url, json);
      for (const u of urlsIn(json, BASE)) if (!seen.has(u)) queue.push(u);
    }
    // embedded objects are reached at their own URL too
  }
  return { objects, pages, bodies, errors };
}

describe('OParl 1.1 crawler', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { BASE_URL: BASE, COUNCIL_OPARL_PAGE_SIZE: '37' } });
    await councilModule.seed!.demo!(t.kernel);
  });
  after(() => t.close());

  it('reaches every public object from the System object, all valid, nothing non-public', async () => {
    const c = await crawl(t, `${BASE}/oparl/v1/system`, { limit: 37 });
    // small pages force many next links
    assert.deepEqual(c.errors.slice(0, 20), []);
    const count = (type: string) => [...c.objects.values()].filter((o) => o.type === `${T}${type}`).length;
    const q = async (sql: string) =>
      Number((await t.kernel.db.pool.query<{ n: string | number }>(sql)).rows[0]!.n);
    assert.equal(count('Body'), await q('select count(*)::int as n from council.body'));
    assert.equal(count('Paper'), await q('select count(*)::int as n from council.paper where public'));
    assert.equal(count('Meeting'), await q('select count(*)::int as n from council.meeting where published'));
    assert.equal(
      count('AgendaItem'),
      await q(
        'select count(*)::int as n from council.agenda_item a join council.meeting m on m.id = a.meeting_id where a.public and m.published',
      ),
    );
    assert.equal(count('Person'), await q('select count(*)::int as n from council.person'));
    assert.equal(count('Organization'), await q('select count(*)::int as n from council.organization'));
    assert.equal(count('Membership'), await q('select count(*)::int as n from council.membership'));
    assert.equal(
      count('Consultation'),
      await q(
        'select count(*)::int as n from council.consultation c join council.paper p on p.id = c.paper_id where p.public',
      ),
    );
    assert.equal(count('File'), await q('select count(*)::int as n from council.file where public'));
    assert.ok(count('Location') >= 3 && count('LegislativeTerm') >= 6);
    assert.ok(c.pages > 20);
    // non-public content never leaks: not by id, not by text
    const secret = (
      await t.kernel.db.pool.query<{ id: number }>('select id from council.paper where not public')
    ).rows.map((r) => `${BASE}/oparl/v1/paper/${r.id}`);
    assert.ok(secret.length > 0);
    for (const s of secret) assert.ok(!c.objects.has(s));
    const all = c.bodies.join('\n');
    assert.ok(!all.includes('Geheimweg'), 'non-public text leaked');
    for (const s of secret) assert.ok(!all.includes(`"${s}"`), `${s} linked`);
  });
});
