import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import jsonld from 'jsonld';
import { Parser, type Quad } from 'n3';
import { createAccount } from '../../../kernel/auth/test-support.ts';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { createApiToken } from '../commands/tokens.ts';
import { seedDemoCatalogue } from '../seed.ts';
import { parseRdfXml, validate } from './shacl-harness.ts';

let t: TestApp;
let neussToken: string;
let dormagenToken: string;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function action(name: string, params: Json = {}, opts: { post?: boolean; token?: string } = {}) {
  const res = opts.post
    ? await t.app.inject({
        method: 'POST',
        url: `/api/3/action/${name}`,
        headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: opts.token } : {}) },
        payload: JSON.stringify(params),
      })
    : await t.app.inject({
        method: 'GET',
        url: `/api/3/action/${name}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))}`,
      });
  return { status: res.statusCode, body: res.json<Json>() };
}

const canon = (qs: Quad[]) =>
  qs
    .map(
      (q) =>
        `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}:${q.object.termType === 'Literal' ? `${(q.object as { language: string }).language}|${(q.object as { datatype: { value: string } }).datatype.value}` : ''}`,
    )
    .map((s) => s.replace(/\/catalog\.(ttl|rdf|jsonld)\?/g, '/catalog.X?'))
    .sort();

before(async () => {
  t = await createTestApp();
  assert.ok((await seedDemoCatalogue(t.kernel)) >= 60);
  const neuss = await createAccount(t.kernel, {
    kind: 'staff',
    roles: [{ role: 'editor', tenantId: 'neuss', orgUnitId: null }],
  });
  const dormagen = await createAccount(t.kernel, {
    kind: 'staff',
    roles: [{ role: 'editor', tenantId: 'dormagen', orgUnitId: null }],
  });
  neussToken = await createApiToken(t.kernel, neuss, 'test');
  dormagenToken = await createApiToken(t.kernel, dormagen, 'test');
});
after(() => t.close());

describe('CKAN Action API', () => {
  it('harvester paging with rows/start and sort=id asc delivers every dataset exactly once, last page empty', async () => {
    const total = (await action('package_search', { rows: '0' })).body.result.count as number;
    assert.ok(total >= 61, `demo catalogue plus platform dataset: ${total}`);
    const seen: string[] = [];
    for (let start = 0; ; start += 25) {
      const r = await action('package_search', {
        rows: '25',
        start: String(start),
        sort: 'id asc',
        q: '*:*',
      });
      assert.equal(r.status, 200);
      if (!r.body.result.results.length) break;
      seen.push(...r.body.result.results.map((p: Json) => p.id));
    }
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
    assert.deepEqual(seen, [...seen].sort());
  });

  it('incremental harvest metadata_modified:[X TO *] and organisation filters', async () => {
    const all = (
      await action('package_search', { fq: 'metadata_modified:[2000-01-01T00:00:00Z TO *]', rows: '1000' })
    ).body.result;
    const none = (await action('package_search', { fq: 'metadata_modified:[2999-01-01T00:00:00Z TO *]' }))
      .body.result;
    assert.equal(none.count, 0);
    assert.ok(all.count >= 61);
    const neuss = (await action('package_search', { fq: 'organization:neuss', rows: '1000' })).body.result;
    assert.ok(neuss.count >= 8);
    assert.ok(neuss.results.every((p: Json) => p.owner_org === 'neuss'));
    const two = (
      await action('package_search', { fq: 'organization:neuss OR organization:"dormagen"', rows: '1000' })
    ).body.result;
    const notNeuss = (await action('package_search', { fq: '-organization:neuss', rows: '1000' })).body
      .result;
    // Against every dataset, not only those modified since 2000: a platform dataset of a module
    // without content (e.g. an empty council register) carries the epoch as its modification time.
    const total = (await action('package_search', { rows: '0' })).body.result;
    assert.equal(notNeuss.count, total.count - neuss.count);
    const dormagen = (await action('package_search', { fq: 'organization:dormagen', rows: '0' })).body.result;
    assert.equal(two.count as number, (neuss.count as number) + (dormagen.count as number));
  });

  it('ckanapi style: POST JSON package_search with q, facets and sort', async () => {
    const r = await action(
      'package_search',
      {
        q: 'Schulen',
        'facet.field': ['organization', 'groups', 'res_format', 'license_id'],
        'facet.limit': 5,
        sort: 'score desc, metadata_modified desc',
        rows: 5,
      },
      { post: true },
    );
    assert.equal(r.status, 200);
    assert.equal(r.body.success, true);
    assert.ok(r.body.result.count >= 8);
    assert.ok(r.body.result.facets.organization);
    assert.ok(r.body.result.search_facets.groups.items.some((i: Json) => i.name === 'educ'));
    assert.equal(r.body.help.includes('package_search'), true);
  });

  it('package_show, organization and group lists, licences, status', async () => {
    const name = (await action('package_list')).body.result[0] as string;
    const p = (await action('package_show', { id: name })).body.result;
    assert.equal(p.name, name);
    assert.ok(p.resources.length >= 1);
    assert.ok((await action('organization_list')).body.result.includes('neuss'));
    assert.ok((await action('group_list')).body.result.includes('gove'));
    assert.ok((await action('license_list')).body.result.some((l: Json) => l.id === 'dl-by-de/2.0'));
    assert.equal((await action('status_show')).body.result.api_version, 3);
    const help = await t.app.inject({
      url: new URL((await action('package_list')).body.help as string).pathname + '?name=package_list',
    });
    assert.equal(help.statusCode, 200);
    const res = (await action('resource_show', { id: p.resources[0].id })).body.result;
    assert.equal(res.package_id, p.id);
  });

  it('write with tokens: create, patch, update, delete; another tenant is refused', async () => {
    const created = await action(
      'package_create',
      {
        name: 'test-baumkataster',
        title: 'Baumkataster',
        owner_org: 'neuss',
        license_id: 'dl-zero-de/2.0',
        tags: [{ name: 'Bäume' }],
        groups: [{ name: 'envi' }],
        resources: [{ url: 'https://example.org/baeume.csv', format: 'CSV' }],
      },
      { post: true, token: neussToken },
    );
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const foreign = await action(
      'package_patch',
      { id: 'test-baumkataster', title: 'X' },
      { post: true, token: dormagenToken },
    );
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error.__type, 'Authorization Error');
    const patched = await action(
      'package_patch',
      { id: 'test-baumkataster', title: 'Baumkataster Neuss' },
      { post: true, token: neussToken },
    );
    assert.equal(patched.body.result.title, 'Baumkataster Neuss');
    assert.equal(patched.body.result.resources.length, 1);
    const dup = await action(
      'package_create',
      { name: 'test-baumkataster', title: 'Doppelt', owner_org: 'neuss', license_id: 'dl-zero-de/2.0' },
      { post: true, token: neussToken },
    );
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.__type, 'Validation Error');
    assert.ok(dup.body.error.name);
    const del = await action(
      'package_delete',
      { id: 'test-baumkataster' },
      { post: true, token: neussToken },
    );
    assert.equal(del.status, 200);
    assert.equal((await action('package_show', { id: 'test-baumkataster' })).status, 404);
  });

  it('bad input: malformed fq, huge rows, broken JSON, wrong token, unknown action', async () => {
    const bad = await action('package_search', { fq: 'organization:"neuss' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.__type, 'Search Query Error');
    assert.equal((await action('package_search', { fq: 'nosuchfield:x' })).status, 400);
    // A stray closing bracket once made the tokenizer loop forever.
    assert.equal((await action('package_search', { fq: 'organization:neuss ]' })).status, 400);
    assert.equal((await action('package_search', { fq: 'metadata_modified:[gestern TO *]' })).status, 400);
    assert.equal((await action('package_search', { sort: 'drop table' })).status, 400);
    const huge = await action('package_search', { rows: '100000' });
    assert.equal(huge.status, 200);
    assert.ok(huge.body.result.results.length <= 1000);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/3/action/package_create',
      headers: { 'content-type': 'application/json', authorization: neussToken },
      payload: '{"name": ',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().success, false);
    const wrong = await action('package_create', { name: 'x-y' }, { post: true, token: 'okod_falsch' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.error.__type, 'Authorization Error');
    const none = await action('package_create', { name: 'x-y' }, { post: true });
    assert.equal(none.status, 403);
    assert.equal((await action('no_such_action')).status, 400);
    assert.equal((await action('package_search', { rows: '-1' })).status, 409);
  });

  it('platform datasets are listed and read-only', async () => {
    // The services module publishes "leistungskatalog"; without it the OZG fallback is published.
    const key = t.kernel.extensions.dataset('leistungskatalog') ? 'leistungskatalog' : 'ozg-leistungskatalog';
    const p = (await action('package_show', { id: key })).body.result;
    assert.ok(p.resources.length >= 1);
    assert.ok(p.resources[0].size > 0);
    assert.ok(p.extras.some((e: Json) => e.key === 'platform_key' && e.value === key));
    const w = await action('package_patch', { id: key, title: 'X' }, { post: true, token: neussToken });
    assert.equal(w.status, 403);
    const dl = await t.app.inject({ url: new URL(p.resources[0].url).pathname });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.rawPayload.length, p.resources[0].size);
  });
});

describe('DCAT-AP.de catalogue', () => {
  it('hydra harvest follows next from the first page: every dataset once, no loop', async () => {
    const total = (await action('package_search', { rows: '0' })).body.result.count as number;
    const seen = new Set<string>();
    let url: string | null = '/catalog.ttl';
    let pages = 0;
    const visited = new Set<string>();
    while (url) {
      assert.ok(!visited.has(url), 'no loop');
      visited.add(url);
      const res: { statusCode: number; body: string } = await t.app.inject({ url });
      assert.equal(res.statusCode, 200);
      const quads = new Parser().parse(res.body);
      for (const q of quads)
        if (q.predicate.value === 'http://www.w3.org/ns/dcat#dataset') {
          assert.ok(!seen.has(q.object.value), 'dataset twice');
          seen.add(q.object.value);
        }
      const next = quads.find((q) => q.predicate.value === 'http://www.w3.org/ns/hydra/core#next');
      url = next ? new URL(next.object.value).pathname + new URL(next.object.value).search : null;
      pages++;
      assert.ok(pages < 50);
    }
    assert.equal(seen.size, total);
  });

  it('modified_since filters and bad parameters are HTTP errors', async () => {
    const res = await t.app.inject({ url: '/catalog.ttl?modified_since=2999-01-01' });
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes('dcat:Dataset'));
    assert.equal((await t.app.inject({ url: '/catalog.ttl?modified_since=gestern' })).statusCode, 400);
    assert.equal((await t.app.inject({ url: '/catalog.ttl?page=0' })).statusCode, 400);
    const neg = await t.app.inject({ url: '/catalog', headers: { accept: 'application/rdf+xml' } });
    assert.match(String(neg.headers['content-type']), /rdf\+xml/);
  });

  it('the three serialisations carry the same graph, and the whole demo catalogue has zero SHACL violations', async () => {
    const ttl = (await t.app.inject({ url: '/catalog.ttl' })).body;
    const rdf = (await t.app.inject({ url: '/catalog.rdf' })).body;
    const jl = (await t.app.inject({ url: '/catalog.jsonld' })).body;
    const a = new Parser().parse(ttl);
    const b = await parseRdfXml(rdf);
    const nq = await jsonld.toRDF(JSON.parse(jl) as object, {
      format: 'application/n-quads',
      documentLoader: () => Promise.reject(new Error('no network')),
    });
    const c = new Parser({ format: 'N-Quads' }).parse(nq as unknown as string);
    const diffOf = (x: string[], y: string[]) => {
      const sx = new Set(x);
      const sy = new Set(y);
      return [...x.filter((i) => !sy.has(i)), ...y.filter((i) => !sx.has(i))].slice(0, 6);
    };
    assert.deepEqual(diffOf(canon(b), canon(a)), []);
    assert.deepEqual(diffOf(canon(c), canon(a)), []);
    assert.equal(canon(b).length, canon(a).length);
    assert.equal(canon(c).length, canon(a).length);
    assert.ok(!a.some((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode'));
    // All pages for SHACL.
    const all: Quad[] = [...a];
    for (let p = 2; ; p++) {
      const body = (await t.app.inject({ url: `/catalog.ttl?page=${p}` })).body;
      const qs = new Parser().parse(body);
      if (!qs.some((q) => q.predicate.value === 'http://www.w3.org/ns/dcat#dataset')) break;
      all.push(...qs);
    }
    const report = await validate(all);
    assert.deepEqual(report.violations.slice(0, 5), []);
  });
});

describe('CKAN fuzz', () => {
  it('property: random q, fq, sort, id and rows never produce a 500', async () => {
    const { default: fc } = await import('fast-check');
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          q: fc.string({ maxLength: 40 }),
          fq: fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.constantFrom(
              'metadata_modified:[NOW-99999999999YEARS TO *]',
              'tags:"\u0000"',
              'organization:(a OR',
            ),
          ),
          sort: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('id asc', 'title_string desc')),
          rows: fc.oneof(fc.integer({ min: -5, max: 200_000 }).map(String), fc.string({ maxLength: 5 })),
          id: fc.string({ maxLength: 40 }),
        }),
        async (p) => {
          const s = await action('package_search', { q: p.q, fq: p.fq, sort: p.sort, rows: p.rows });
          assert.ok(s.status < 500, `package_search ${JSON.stringify(p)} → ${s.status}`);
          assert.equal(typeof s.body.success, 'boolean');
          const show = await action('package_show', { id: p.id });
          assert.ok(show.status < 500, `package_show ${JSON.stringify(p.id)} → ${show.status}`);
          const created = await action(
            'package_create',
            { name: p.id, title: p.q, owner_org: 'neuss', license_id: p.sort },
            { post: true, token: neussToken },
          );
          assert.ok(created.status < 500, `package_create → ${created.status}`);
        },
      ),
      { numRuns: 60 },
    );
  });
});
