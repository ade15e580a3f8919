import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activate, browserSkip, expectNoAxeViolations, focused, typeInto, useE2E } from './support/index.ts';

describe('journey: accessibility feedback (keyboard only)', { skip: browserSkip() }, () => {
  const e2e = useE2E();

  it('reports errors with a focused summary, then accepts the feedback', async () => {
    const { page, url, server } = e2e();
    const count = async () =>
      (
        await server.t.kernel.db.pool.query<{ n: number }>(
          'select count(*)::int as n from portal.accessibility_feedback',
        )
      ).rows[0]!.n;
    const before = await count();

    await page.goto(url('/'));
    await expectNoAxeViolations(page, 'home');
    await activate(page, page.getByRole('contentinfo').getByRole('link', { name: 'Barrierefreiheit' }));
    assert.equal(new URL(page.url()).pathname, '/barrierefreiheit');
    await expectNoAxeViolations(page, 'accessibility statement');

    // Sent empty: 422, the error summary has focus and its link leads to the field.
    await activate(page, page.getByRole('button', { name: 'Meldung senden' }));
    await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
    await expectNoAxeViolations(page, 'feedback form with errors');
    assert.match(await page.title(), /^Fehler/);
    assert.equal(await count(), before, 'an empty form must store nothing');
    await activate(page, page.locator('#error-summary').getByRole('link').first(), { navigation: false });
    await page.waitForFunction(() => document.activeElement?.id === 'f-message');
    assert.equal((await focused(page))?.role, 'textbox');

    await page.keyboard.type('Der Kalender auf der Terminseite lässt sich nicht mit der Tastatur bedienen.');
    await typeInto(page, /^Betroffene Seite/, '/termine');
    await typeInto(page, /^Ihr Name/, 'Erika Mustermann');
    await typeInto(page, /^Ihre E-Mail-Adresse/, 'erika@example.org');
    await activate(page, page.getByRole('button', { name: 'Meldung senden' }));
    assert.equal(new URL(page.url()).pathname, '/barrierefreiheit/danke');
    await expectNoAxeViolations(page, 'feedback thanks');
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Vielen Dank für Ihre Meldung');
    const reference = new URL(page.url()).searchParams.get('nr');
    assert.match(reference ?? '', /^[0-9A-F]{8}$/);
    assert.ok(await page.getByText(reference!).isVisible(), 'the reference number is shown');

    const { rows } = await server.t.kernel.db.pool.query<{ message: string; page: string; email: string }>(
      'select message, page, email from portal.accessibility_feedback order by created_at desc limit 1',
    );
    assert.equal(await count(), before + 1);
    assert.deepEqual(rows[0], {
      message: 'Der Kalender auf der Terminseite lässt sich nicht mit der Tastatur bedienen.',
      page: '/termine',
      email: 'erika@example.org',
    });
    e2e().assertClean();
  });
});
