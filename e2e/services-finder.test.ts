import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccount, loginAs } from '../src/kernel/auth/test-support.ts';
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
    for (const [path, label] of [
      ['/lebenslagen', 'life situations'],
      [`/leistungen/themen/${encodeURIComponent('Mobilität & Reisen')}`, 'topic page'],
      ['/leistungen/katalog/99012008001000', 'catalogue entry'],
      ['/leistungen?themenfeld=Quatsch', 'finder with an error'],
      ['/sprache/en?zurueck=%2Fleistungen%2Ffahrzeug-zulassen', 'English service page'],
    ] as const) {
      await page.goto(url(path));
      await expectNoAxeViolations(page, label);
    }
    e2e().assertClean();
  });
  it('lets a town editor open and save a service with the keyboard (axe on the staff pages)', async () => {
    const { page, server, url } = e2e();
    const id = await createAccount(server.t.kernel, {
      kind: 'staff',
      roles: [{ role: 'editor', tenantId: 'kaarst', orgUnitId: null }],
    });
    const [name, value] = (await loginAs(server.t.kernel, id)).split('=') as [string, string];
    await page.context().clearCookies();
    await page.context().addCookies([{ name, value, url: url('/') }]);
    await page.goto(url('/verwaltung/leistungen'));
    await expectNoAxeViolations(page, 'staff service list');
    await activate(page, page.getByRole('link', { name: 'Hund zur Hundesteuer anmelden' }));
    assert.equal(new URL(page.url()).pathname, '/verwaltung/leistungen/hundesteuer-anmeldung/kaarst');
    await expectNoAxeViolations(page, 'staff service editor');
    await typeInto(page, /^Hinweis für Ihre Kommune/, 'Steuersatz: 96 € je Hund und Jahr.');
    await activate(page, page.getByRole('button', { name: 'Speichern' }));
    assert.equal(new URL(page.url()).searchParams.get('gespeichert'), '1');
    await expectNoAxeViolations(page, 'staff service editor saved');
    assert.ok(await page.getByText('Die Änderungen sind gespeichert.').isVisible());
    e2e().assertClean();
  });

  it('lets the Kreis editor correct a fee by keyboard after a German error at the field (axe on the 422 page)', async () => {
    const { page, server, url } = e2e();
    const id = await createAccount(server.t.kernel, {
      kind: 'staff',
      roles: [{ role: 'editor', tenantId: 'rhein-kreis-neuss', orgUnitId: null }],
    });
    const [name, value] = (await loginAs(server.t.kernel, id)).split('=') as [string, string];
    await page.context().clearCookies();
    await page.context().addCookies([{ name, value, url: url('/') }]);
    await page.goto(url('/verwaltung/leistungen/gelbfieberimpfung/rhein-kreis-neuss'));
    await expectNoAxeViolations(page, 'Kreis service editor');
    await typeInto(page, /^Betrag in Euro, Gebühr 1/, 'zwölf');
    await activate(page, page.getByRole('button', { name: 'Speichern' }), { backwards: true });
    await expectNoAxeViolations(page, 'service editor with errors');
    const summaryLink = page.getByRole('link', { name: /Geben Sie den Betrag der Gebühr 1 in Euro ein/ });
    assert.ok(await summaryLink.isVisible(), 'the message is in the error summary');
    await activate(page, summaryLink, { navigation: false });
    await typeInto(page, /^Betrag in Euro, Gebühr 1/, '80,00');
    await activate(page, page.getByRole('button', { name: 'Speichern' }), { backwards: true });
    assert.equal(new URL(page.url()).searchParams.get('gespeichert'), '1');
    await expectNoAxeViolations(page, 'Kreis service editor saved');
    await page.goto(url('/leistungen/gelbfieberimpfung'));
    await expectNoAxeViolations(page, 'edited service page');
    assert.match((await page.locator('#fees-title + ul').textContent()) ?? '', /80,00 €/);
    e2e().assertClean();
  });
});
