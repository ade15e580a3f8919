import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activate, browserSkip, expectNoAxeViolations, typeInto, useE2E } from './support/index.ts';

describe('journey: service finder (keyboard only)', { skip: browserSkip() }, () => {
  const e2e = useE2E();

  it('searches with a typo, narrows by town, opens the service page with the town office', async () => {
    const { page, url } = e2e();
    await page.goto(url('/leistungen'));
    await expectNoAxeViolations(page, 'finder');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Leistungen von A bis Z');

    await typeInto(page, /^Suchbegriff/, 'Hundestuer');
    await activate(page, page.getByRole('button', { name: 'Suchen' }));
    assert.equal(new URL(page.url()).searchParams.get('q'), 'Hundestuer');
    await expectNoAxeViolations(page, 'finder results');
    assert.equal(
      await page.locator('.ok-hit h3 a').first().textContent(),
      'Hund zur Hundesteuer anmelden',
      'one typo still finds the service, local services first',
    );

    await activate(page, page.getByRole('link', { name: /^Kaarst \(\d+\)$/ }));
    assert.equal(new URL(page.url()).searchParams.get('kommune'), 'kaarst');
    await expectNoAxeViolations(page, 'finder with town facet');

    await activate(page, page.getByRole('link', { name: 'Hund zur Hundesteuer anmelden' }));
    assert.equal(new URL(page.url()).pathname, '/leistungen/hundesteuer-anmeldung');
    await expectNoAxeViolations(page, 'service page');
    const office = await page.locator('.ok-office').textContent();
    assert.match(office ?? '', /Kaarst, Steueramt/);
    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    assert.equal(ld['@type'], 'GovernmentService');
    assert.ok(await page.getByRole('link', { name: 'Jetzt online beantragen' }).isVisible());
    await page.goto(url('/lebenslagen'));
    await expectNoAxeViolations(page, 'life situations');
    e2e().assertClean();
  });
});
