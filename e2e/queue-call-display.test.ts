import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccount, loginAs } from '../src/kernel/auth/test-support.ts';
import { setupLocation, SLUG } from '../src/modules/queue/test/support.ts';
import { activate, browserSkip, expectNoAxeViolations, tabTo, typeInto, useE2E } from './support/index.ts';
import { issueTicket } from '../src/modules/queue/commands/tickets.ts';
import { callNext, takeCounter } from '../src/modules/queue/commands/counter.ts';
import { locationBySlug } from '../src/modules/queue/db/queries.ts';

describe(
  'journey: kiosk ticket → clerk calls → call display updates live (keyboard only)',
  { skip: browserSkip() },
  () => {
    const e2e = useE2E({ env: { EVENTS_POLL_INTERVAL_MS: '60000' } });

    it('draws a ticket at the kiosk, the clerk calls it, the display in a second browser shows it at once', async () => {
      const { page, server, url, newBrowser } = e2e();
      const kernel = server.t.kernel;
      await kernel.events.start();
      await setupLocation(kernel);

      // The call display, in its own browser on the waiting-room screen.
      const screen = await newBrowser();
      await screen.page.goto(url(`/wartezeiten/${SLUG}/anzeige`));
      await screen.page.waitForSelector('[data-queue-display][data-connection="live"]');
      await expectNoAxeViolations(screen.page, 'call display (empty)');
      assert.equal(await screen.page.locator('[data-queue-calls] tr').count(), 0);

      // Kiosk: keyboard only.
      await page.goto(url(`/wartezeiten/${SLUG}/kiosk`));
      await expectNoAxeViolations(page, 'kiosk');
      await activate(page, /^Zulassung/);
      assert.match(new URL(page.url()).pathname, new RegExp(`^/wartezeiten/${SLUG}/ticket/`));
      await expectNoAxeViolations(page, 'ticket');
      const code = (await page.locator('.ok-ticket__code').textContent())!.trim();
      assert.match(code, /^A\d{3}$/);
      assert.ok(
        await page.getByRole('button', { name: 'Wartemarke drucken' }).isVisible(),
        'print button with JavaScript',
      );
      // Back at the start, as the next customer finds it (the ticket page would go there by itself
      // after a minute; on a slow machine that navigation would land in the next test).
      await page.goto(url(`/wartezeiten/${SLUG}/kiosk`));
      await expectNoAxeViolations(page, 'kiosk, next customer');

      // The clerk, in another browser: take a counter and call.
      const clerk = await newBrowser();
      const kreis = (await kernel.tenants.kreis())!;
      const unit = (await kernel.tenants.orgUnits(kreis.id)).find((u) => u.slug === 'strassenverkehrsamt')!;
      const id = await createAccount(kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: kreis.id, orgUnitId: unit.id }],
      });
      const [name, value] = (await loginAs(kernel, id)).split('=') as [string, string];
      await clerk.context.addCookies([{ name, value, url: url('/') }]);
      await clerk.page.goto(url(`/verwaltung/warteschlange/${SLUG}`));
      await expectNoAxeViolations(clerk.page, 'workplace, no counter');
      // A radio group is one tab stop; the arrow key moves to and selects the next counter.
      await tabTo(clerk.page, 'Schalter 1');
      await clerk.page.keyboard.press('ArrowDown');
      await activate(clerk.page, 'Platz übernehmen');
      await expectNoAxeViolations(clerk.page, 'workplace, counter taken');
      await activate(clerk.page, 'Nächste Person aufrufen');
      await expectNoAxeViolations(clerk.page, 'workplace, customer called');
      assert.equal((await clerk.page.locator('#current-ticket').textContent())!.trim(), code);

      // The display shows the call without a reload, highlighted, and announces it.
      const row = screen.page.locator('[data-queue-calls] tr', { hasText: code });
      await row.waitFor({ timeout: 5000 });
      assert.match((await row.textContent()) ?? '', /Schalter 2/);
      assert.match((await row.getAttribute('class')) ?? '', /ok-display__new/);
      assert.match(
        (await screen.page.locator('[data-queue-announce]').textContent()) ?? '',
        new RegExp(`${code}.*Schalter 2`),
      );
      await expectNoAxeViolations(screen.page, 'call display with a call');

      // Finishing removes it from the display.
      await activate(clerk.page, 'Abschließen');
      await expectNoAxeViolations(clerk.page, 'workplace, finished');
      await row.waitFor({ state: 'detached', timeout: 5000 });
      e2e().assertClean();
    });

    it('the display reconnects by itself after a network loss and shows what was called meanwhile', async () => {
      const { server, url, newBrowser } = e2e();
      const kernel = server.t.kernel;
      const loc = (await locationBySlug(kernel.db.pool, SLUG))!;
      const screen = await newBrowser();
      await screen.page.goto(url(`/wartezeiten/${SLUG}/anzeige`));
      await screen.page.waitForSelector('[data-queue-display][data-connection="live"]');
      await expectNoAxeViolations(screen.page, 'call display');
      // The network drops: every connection to the app is cut.
      server.t.app.server.closeAllConnections();
      await screen.page.waitForSelector('[data-queue-display][data-connection="lost"]', { timeout: 10_000 });
      assert.match((await screen.page.locator('[data-queue-status]').textContent()) ?? '', /unterbrochen/);
      // Meanwhile a clerk calls someone.
      const kreis = (await kernel.tenants.kreis())!;
      const unit = (await kernel.tenants.orgUnits(kreis.id)).find((u) => u.slug === 'strassenverkehrsamt')!;
      const clerk = await createAccount(kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: kreis.id, orgUnitId: unit.id }],
      });
      const counters = await kernel.db.pool.query<{ id: string }>(
        'select id from queue.counters where location_id = $1 and occupied_by is null order by position limit 1',
        [loc.id],
      );
      assert.ok((await takeCounter(kernel, loc, clerk, counters.rows[0]!.id, null)).ok);
      const ticket = await issueTicket(kernel, loc, {
        groupKey: 'fuehrerschein',
        source: 'kiosk',
        lang: 'de',
      });
      assert.ok(ticket.ok);
      assert.ok((await callNext(kernel, loc, clerk)).ok);
      await screen.page.waitForSelector('[data-queue-display][data-connection="live"]', { timeout: 15_000 });
      await screen.page
        .locator('[data-queue-calls] tr', { hasText: ticket.ticket.code })
        .waitFor({ timeout: 5000 });
      e2e().assertClean();
    });

    it('public waiting-time pages, check-in errors and the statistics pass axe and work by keyboard', async () => {
      const { page, server, url } = e2e();
      const kernel = server.t.kernel;
      await page.goto(url('/wartezeiten'));
      await expectNoAxeViolations(page, 'waiting times overview');
      await activate(page, 'Testamt Neuss');
      assert.equal(new URL(page.url()).pathname, `/wartezeiten/${SLUG}`);
      await expectNoAxeViolations(page, 'waiting time page');
      await activate(page, 'Online einchecken');
      await expectNoAxeViolations(page, 'check-in');
      await typeInto(page, /^Buchungscode/, 'FALSCH-123');
      await activate(page, 'Jetzt einchecken');
      await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
      await expectNoAxeViolations(page, 'check-in with an error');
      assert.match(await page.title(), /^Fehler/);

      const kreis = (await kernel.tenants.kreis())!;
      const unit = (await kernel.tenants.orgUnits(kreis.id)).find((u) => u.slug === 'strassenverkehrsamt')!;
      const id = await createAccount(kernel, {
        kind: 'staff',
        roles: [{ role: 'clerk', tenantId: kreis.id, orgUnitId: unit.id }],
      });
      const [name, value] = (await loginAs(kernel, id)).split('=') as [string, string];
      await page.context().addCookies([{ name, value, url: url('/') }]);
      await page.goto(url('/verwaltung/warteschlange'));
      await expectNoAxeViolations(page, 'queue locations (staff)');
      await page.goto(url(`/verwaltung/warteschlange/${SLUG}/statistik`));
      await expectNoAxeViolations(page, 'statistics');
      await typeInto(page, /^Von/, '31.02.2026');
      await activate(page, 'Anzeigen');
      await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
      await expectNoAxeViolations(page, 'statistics with an error');

      // Counters and rooms: add one by keyboard (first a duplicate name, refused at the field).
      await page.goto(url(`/verwaltung/warteschlange/${SLUG}`));
      await expectNoAxeViolations(page, 'workplace (again)');
      await activate(page, page.getByRole('link', { name: 'Schalter und Räume bearbeiten' }));
      await expectNoAxeViolations(page, 'counters');
      await typeInto(page, /^Name des Schalters oder Raums/, 'Schalter 1');
      await activate(page, page.getByRole('button', { name: 'Schalter oder Raum hinzufügen' }));
      await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
      await expectNoAxeViolations(page, 'counters with an error');
      await typeInto(page, /^Name des Schalters oder Raums/, 'Raum 1.12');
      await activate(page, page.getByRole('button', { name: 'Schalter oder Raum hinzufügen' }));
      await page.getByText('Der Schalter wurde angelegt.').waitFor();
      await expectNoAxeViolations(page, 'counters after adding');
      assert.ok(await page.getByRole('rowheader', { name: 'Raum 1.12' }).isVisible());
      e2e().assertClean();
    });
  },
);
