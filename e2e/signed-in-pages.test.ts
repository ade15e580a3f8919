import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createAccount, loginAs } from '../src/kernel/auth/test-support.ts';
import { browserSkip, expectNoAxeViolations, useE2E } from './support/index.ts';

/** Follows same-origin links below `prefixes` from `start`, axe-checking every page reached. */
async function crawl(
  page: Page,
  base: string,
  start: string,
  prefixes: string[],
  limit = 40,
): Promise<{ visited: string[]; failures: string[] }> {
  const queue = [start];
  const visited: string[] = [];
  const failures: string[] = [];
  while (queue.length && visited.length < limit) {
    const path = queue.shift()!;
    if (visited.includes(path)) continue;
    visited.push(path);
    const res = await page.goto(new URL(path, base).toString());
    try {
      assert.ok(res && res.status() < 400, `${path} answered ${res?.status()}`);
      assert.equal(await page.locator('h1').count(), 1, `${path} needs exactly one h1`);
      await expectNoAxeViolations(page, path);
    } catch (err) {
      failures.push((err as Error).message);
    }
    // Downloads (CSV, PDF, ICS, ZIP, JSON …) are files, not pages.
    const hrefs = await page.$$eval('main a[href^="/"]:not([download])', (as) =>
      as.map((a) => a.getAttribute('href')!),
    );
    for (const href of hrefs) {
      const p = href.split('#')[0]!;
      if (
        prefixes.some((x) => p === x || p.startsWith(`${x}/`) || p.startsWith(`${x}?`)) &&
        !/abmelden/.test(p) &&
        !/\.(csv|pdf|ics|zip|json|jsonld|ttl|rdf|atom|xml)(\?|$)/.test(p) &&
        !visited.includes(p)
      )
        queue.push(p);
    }
  }
  return { visited, failures };
}

describe('pages behind a login (axe)', { skip: browserSkip() }, () => {
  const e2e = useE2E();

  it('has no WCAG 2.1 AA violations in the citizen account', async () => {
    const { page, server, url, baseUrl } = e2e();
    const session = await loginAs(server.t.kernel, await createAccount(server.t.kernel, { kind: 'citizen' }));
    const [name, value] = session.split('=') as [string, string];
    await page.context().clearCookies();
    await page.context().addCookies([{ name, value, url: url('/') }]);
    const { visited, failures } = await crawl(page, baseUrl, '/konto', ['/konto']);
    assert.ok(visited.length >= 1);
    assert.deepEqual(failures, [], failures.join('\n\n'));
    e2e().assertClean();
  });

  it('has no WCAG 2.1 AA violations in the staff area (platform admin)', async () => {
    const { page, server, url, baseUrl } = e2e();
    const id = await createAccount(server.t.kernel, {
      kind: 'staff',
      roles: [{ role: 'platform_admin', tenantId: null, orgUnitId: null }],
    });
    const session = await loginAs(server.t.kernel, id);
    const [name, value] = session.split('=') as [string, string];
    await page.context().clearCookies();
    await page.context().addCookies([{ name, value, url: url('/') }]);
    // Something to show in the outbox and the audit log.
    await server.t.kernel.mail.send({ to: 'someone@example.org', subject: 'Testnachricht', text: 'Hallo' });
    const { visited, failures } = await crawl(page, baseUrl, '/verwaltung', ['/verwaltung']);
    assert.ok(visited.length >= 3, `only ${visited.join(', ')} reached`);
    console.log(`# staff pages checked: ${visited.join(' ')}`);
    assert.deepEqual(failures, [], failures.join('\n\n'));
    e2e().assertClean();
  });
});
