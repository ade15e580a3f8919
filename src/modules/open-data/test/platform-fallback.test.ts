import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Extensions } from '../../../kernel/extensions.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { currentSources, OZG_FALLBACK_KEY, platformId, SERVICE_CATALOGUE_KEY } from '../platform.ts';

function fakeKernel(extensions: Extensions): Kernel {
  return {
    extensions,
    tenants: { kreis: () => Promise.resolve({ id: 'rhein-kreis-neuss' }) },
  } as unknown as Kernel;
}

it('publishes the OZG catalogue as fallback only while no service catalogue is registered', async () => {
  const ext = new Extensions();
  const before = await currentSources(fakeKernel(ext));
  assert.deepEqual(
    before.map((s) => s.key),
    [OZG_FALLBACK_KEY],
  );
  const src = before[0]!;
  const csv = await src.distributions.find((d) => d.key === 'csv')!.render({} as never);
  const json = await src.distributions.find((d) => d.key === 'json')!.render({} as never);
  const rows = JSON.parse(String(json.body)) as { ozg_id: string; bezeichnung: string }[];
  assert.equal(rows.length, String(csv.body).trim().split('\n').length - 1);
  assert.ok(rows.length > 500);
  assert.ok(rows.some((r) => r.bezeichnung === 'Abbruchgenehmigung'));
  ext.registerDataset({ ...src, key: SERVICE_CATALOGUE_KEY, module: 'services' });
  assert.deepEqual(
    (await currentSources(fakeKernel(ext))).map((s) => s.key),
    [SERVICE_CATALOGUE_KEY],
  );
  assert.equal(platformId('x'), platformId('x'));
  assert.notEqual(platformId('x'), platformId('y'));
  assert.match(platformId('x'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
