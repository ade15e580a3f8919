import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../kernel/clock.ts';
import { createAccount, loginAs } from '../../../kernel/auth/test-support.ts';
import { createTestApp, csrfFrom, type TestApp } from '../../../testing.ts';
import { createApiToken } from '../commands/tokens.ts';
import { personalDataHandler } from '../commands/personal-data.ts';
import { seedDemoCatalogue } from '../seed.ts';
import { revokeToken } from '../db/tokens.queries.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let t: TestApp;
const clock = new FakeClock(new Date('2026-11-21T09:00:00Z'));
let token: string;
let editorId: string;
let live = { rows: 3, modified: new Date('2026-11-20T08:00:00Z') };

before(async () => {
  t = await createTestApp({ clock });
  // A platform dataset registered by "another module" (here: the test).
  t.kernel.extensions.registerDataset({
    key: 'test-wartezeiten',
    module: 'test',
    tenantId: 'neuss',
    title: { de: 'Wartezeiten Bürgerbüro', en: 'Waiting times' },
    description: { de: 'Aktuelle Wartezeiten', en: 'Current waiting times' },
    keywords: ['Wartezeit'],
    themes: ['GOVE'],
    licenseId: 'dl-zero-de/2.0',
    updateFrequency: 'HOURLY',
    modified: () => Promise.resolve(live.modified),
    distributions: [
      {
        key: 'csv',
        title: { de: 'Wartezeiten (CSV)', en: 'Waiting times (CSV)' },
        format: 'CSV',
        mediaType: 'text/csv',
        render: () =>
          Promise.resolve({
            body: `Stunde;Minuten\n${Array.from({ length: live.rows }, (_, i) => `${i};${i * 2}`).join('\n')}\n`,
            modified: live.modified,
          }),
      },
    ],
  });
  editorId = await createAccount(t.kernel, {
    kind: 'staff',
    roles: [{ role: 'editor', tenantId: 'neuss', orgUnitId: null }],
  });
  token = await createApiToken(t.kernel, editorId, 'ckanapi');
});
after(() => t.close());

async function post(name: string, body: Json, headers: Record<string, string> = { authorization: token }) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/action/${name}`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: res.json<Json>() };
}

describe('platform datasets', () => {
  it('appear in CKAN, DCAT and search, and stay current by themselves', async () => {
    const first = (await post('package_show', { id: 'test-wartezeiten' }, {})).body.result;
    const size1 = first.resources[0].size as number;
    assert.equal(first.organization.name, 'neuss');
    const dcat = await t.app.inject({ url: `/daten/id/${first.id}.ttl` });
    assert.match(dcat.body, /dcat:byteSize "\d+"\^\^xsd:nonNegativeInteger/);
    live = { rows: 30, modified: new Date('2026-11-21T08:59:00Z') };
    // Within the sync interval nothing changes; after it, the mirror follows the source.
    const same = (await post('package_show', { id: 'test-wartezeiten' }, {})).body.result;
    assert.equal(same.resources[0].size, size1);
    clock.advance(61_000);
    const second = (await post('package_show', { id: 'test-wartezeiten' }, {})).body.result;
    assert.ok(second.resources[0].size > size1, 'byte size recomputed from the new rendering');
    assert.equal(second.id, first.id, 'stable id');
    assert.equal(second.metadata_modified.slice(0, 16), '2026-11-21T08:59');
    const dl = await t.app.inject({ url: new URL(second.resources[0].url).pathname });
    assert.equal(dl.rawPayload.length, second.resources[0].size);
    const del = await post('package_delete', { id: 'test-wartezeiten' });
    assert.equal(del.status, 403);
  });
});

describe('platform datasets of every module', () => {
  it('are all mirrored, with the publishing office resolved from its slug', async () => {
    const list = (await post('package_list', {}, {})).body.result as string[];
    const sources = t.kernel.extensions.datasets();
    assert.ok(sources.length >= 5, `datasets registered by the modules: ${sources.length}`);
    for (const s of sources) assert.ok(list.includes(s.key), `${s.key} (${s.module}) is in the catalogue`);
    const withUnit = sources.find((s) => s.orgUnitSlug);
    assert.ok(withUnit, 'a module names its publishing office');
    const { rows } = await t.kernel.db.pool.query<{ org_unit_id: string | null }>(
      'select org_unit_id from open_data.datasets where platform_key = $1',
      [withUnit.key],
    );
    const unit = (await t.kernel.tenants.orgUnits(withUnit.tenantId)).find(
      (u) => u.slug === withUnit.orgUnitSlug,
    );
    assert.equal(rows[0]?.org_unit_id, unit?.id);
  });
});

describe('CKAN writes', () => {
  it('resource_create with a multipart upload, resource_update, resource_delete, package_update', async () => {
    const created = await post('package_create', {
      name: 'radwege-neuss',
      title: 'Radwege',
      owner_org: 'neuss',
      license_id: 'cc-by/4.0',
      extras: [{ key: 'attribution', value: 'Stadt Neuss' }],
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const b = '----x';
    const payload =
      `--${b}\r\ncontent-disposition: form-data; name="package_id"\r\n\r\nradwege-neuss\r\n` +
      `--${b}\r\ncontent-disposition: form-data; name="upload"; filename="radwege.csv"\r\ncontent-type: text/csv\r\n\r\nWeg;Länge\nA;1,5\n\r\n--${b}--\r\n`;
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/3/action/resource_create',
      headers: { 'content-type': `multipart/form-data; boundary=${b}`, 'x-ckan-api-key': token },
      payload,
    });
    assert.equal(up.statusCode, 200, up.body);
    const res = up.json<Json>().result;
    assert.equal(res.format, 'CSV');
    assert.match(res.hash, /^sha256:[0-9a-f]{64}$/);
    const upd = await post('resource_update', { id: res.id, name: 'Radwege (CSV)' });
    assert.equal(upd.body.result.name, 'Radwege (CSV)');
    assert.equal(upd.body.result.size, res.size, 'the upload is kept');
    const pkg = await post('package_update', {
      id: 'radwege-neuss',
      name: 'radwege-neuss',
      title: 'Radwege in Neuss',
      owner_org: 'neuss',
      license_id: 'dl-zero-de/2.0',
      resources: [{ id: res.id }, { url: 'https://example.org/radwege.geojson', format: 'GeoJSON' }],
    });
    assert.equal(pkg.status, 200, JSON.stringify(pkg.body));
    assert.equal(pkg.body.result.resources.length, 2);
    assert.equal(pkg.body.result.resources[1].format, 'GEOJSON');
    assert.equal((await post('resource_delete', { id: res.id })).status, 200);
    assert.equal((await post('resource_show', { id: res.id }, {})).status, 404);
    const invalid = await post('package_update', {
      id: 'radwege-neuss',
      title: '',
      owner_org: 'neuss',
      license_id: 'nope',
    });
    assert.equal(invalid.status, 409);
    assert.ok(invalid.body.error.license_id);
  });

  it('concurrent creates of one name: exactly one succeeds, the others get a Validation Error', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        post('package_create', {
          name: 'gleichzeitig',
          title: 'X',
          owner_org: 'neuss',
          license_id: 'dl-zero-de/2.0',
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.ok(
      results
        .filter((r) => r.status !== 200)
        .every((r) => r.status === 409 && r.body.error.__type === 'Validation Error'),
    );
  });

  it('GDPR: export lists tokens and changes; erase deletes the tokens (the API then refuses them) and anonymises the history', async () => {
    const h = personalDataHandler(t.kernel);
    const exported = await h.export(editorId);
    assert.ok((exported.apiTokens as unknown[]).length >= 1);
    assert.ok((exported.datasetChanges as unknown[]).length >= 1);
    await h.erase(editorId);
    assert.deepEqual(await h.export(editorId), {});
    assert.equal((await post('package_patch', { id: 'radwege-neuss', title: 'Y' })).status, 403);
    const { rows } = await t.kernel.db.pool.query(`select 1 from open_data.revisions where actor_id = $1`, [
      editorId,
    ]);
    assert.equal(rows.length, 0);
  });

  it('a revoked token is refused', async () => {
    const id = await createAccount(t.kernel, {
      kind: 'staff',
      roles: [{ role: 'editor', tenantId: 'neuss', orgUnitId: null }],
    });
    const tok = await createApiToken(t.kernel, id, 'kurz');
    const ok = await post(
      'package_patch',
      { id: 'radwege-neuss', title: 'Radwege Neuss' },
      { authorization: tok },
    );
    assert.equal(ok.status, 200);
    const { rows } = await t.kernel.db.pool.query<{ id: string }>(
      `select id from open_data.api_tokens where account_id = $1`,
      [id],
    );
    assert.ok(await revokeToken(t.kernel.db.pool, id, rows[0]!.id, t.kernel.clock.now()));
    const refused = await post('package_patch', { id: 'radwege-neuss', title: 'X' }, { authorization: tok });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.__type, 'Authorization Error');
  });
});

describe('demo seed, site search, bulk import', () => {
  it('the demo seed is idempotent and feeds the site search', async () => {
    assert.ok((await seedDemoCatalogue(t.kernel)) >= 60);
    assert.equal(await seedDemoCatalogue(t.kernel), 0);
    const s = await t.app.inject({ url: '/suche?q=Haushaltsplan' });
    assert.match(s.body, /\/daten\/datensatz\/[a-z-]+-haushalt-2025/);
  });

  it('bulk CSV import: one bad row → report and nothing created; all good → created', async () => {
    const cookie0 = await loginAs(
      t.kernel,
      await createAccount(t.kernel, {
        kind: 'staff',
        roles: [{ role: 'editor', tenantId: 'kaarst', orgUnitId: null }],
      }),
    );
    const page = await t.app.inject({ url: '/verwaltung/opendata/import', headers: { cookie: cookie0 } });
    const csrf = csrfFrom(page.body);
    const cookie = `${cookie0}; ${String(page.headers['set-cookie'] ?? '').split(';')[0]}`;
    const send = (csv: string) => {
      const b = '----imp';
      return t.app.inject({
        method: 'POST',
        url: `/verwaltung/opendata/import?_csrf=${encodeURIComponent(csrf)}`,
        headers: { cookie, 'content-type': `multipart/form-data; boundary=${b}` },
        payload: `--${b}\r\ncontent-disposition: form-data; name="csv"; filename="import.csv"\r\ncontent-type: text/csv\r\n\r\n${csv}\r\n--${b}--\r\n`,
      });
    };
    const head = 'name;title;owner_org;license_id;attribution;tags;groups\n';
    const bad = await send(
      `${head}import-a;Import A;kaarst;dl-by-de/2.0;Stadt Kaarst;A,B;GOVE\nimport-b;;neuss;gibt-es-nicht;;;\n`,
    );
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Zeile 3/);
    assert.equal((await post('package_show', { id: 'import-a' }, {})).status, 404);
    const good = await send(
      `${head}import-a;Import A;kaarst;dl-by-de/2.0;Stadt Kaarst;A,B;GOVE\nimport-b;Import B;kaarst;dl-zero-de/2.0;;;ENVI\n`,
    );
    assert.equal(good.statusCode, 200);
    assert.equal((await post('package_show', { id: 'import-b' }, {})).status, 200);
  });
});
