import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';
import { seedTenants } from '../index.ts';

describe('tenants', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('has the Kreis and its eight municipalities with official keys', async () => {
    const all = await t.kernel.tenants.list();
    assert.equal(all.length, 9);
    const kreis = await t.kernel.tenants.kreis();
    assert.ok(kreis);
    assert.equal(kreis.name, 'Rhein-Kreis Neuss');
    assert.equal(kreis.ags, '05162');
    assert.deepEqual(kreis.districtCodes, ['NE', 'GV']);
    const neuss = await t.kernel.tenants.get('neuss');
    assert.ok(neuss);
    assert.equal(neuss.ags, '05162024');
    assert.equal(neuss.ars, '051620024024');
    assert.equal(neuss.parentId, 'rhein-kreis-neuss');
    for (const town of all.filter((x) => x.kind === 'gemeinde')) {
      assert.match(town.ags, /^05162\d{3}$/);
      assert.ok(town.postalCodes.length > 0, `${town.name} has postal codes`);
    }
  });

  it('finds the municipality by postal code', async () => {
    assert.deepEqual(
      (await t.kernel.tenants.byPostalCode('41564')).map((x) => x.id),
      ['kaarst'],
    );
    assert.deepEqual(await t.kernel.tenants.byPostalCode('99999'), []);
  });

  it('has org units with locations for the Kreis and every town', async () => {
    const kreisUnits = await t.kernel.tenants.orgUnits('rhein-kreis-neuss');
    const sva = kreisUnits.find((u) => u.slug === 'strassenverkehrsamt');
    assert.ok(sva);
    assert.equal(sva.address.city, 'Neuss');
    assert.ok(sva.openingHours.length > 0);
    for (const town of ['dormagen', 'neuss', 'rommerskirchen']) {
      assert.ok((await t.kernel.tenants.orgUnits(town)).some((u) => u.slug === 'buergerbuero'));
    }
  });

  it('seeds idempotently: a second run changes no counts and keeps ids', async () => {
    const before = await t.kernel.db.pool.query('select id from kernel.org_units order by id');
    const r = await seedTenants(t.kernel.db, t.kernel.config.tenantSeedDir);
    assert.equal(r.tenants, 9);
    const after = await t.kernel.db.pool.query('select id from kernel.org_units order by id');
    assert.deepEqual(after.rows, before.rows);
  });
});
