import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import type { Page } from 'playwright-core';
import { resetAxeCoverage, uncheckedDocuments } from './axe.ts';
import { launchBrowser, type BrowserSession } from './browser.ts';
import { startServer, type E2EServer } from './server.ts';
import type { Clock } from '../../src/kernel/clock.ts';

export { expectNoAxeViolations, formatViolations, WCAG_TAGS } from './axe.ts';
export { browserSkip, launchBrowser, CHROMIUM_PATH, type BrowserSession } from './browser.ts';
export { activate, assertFocusVisible, focused, tabTo, typeInto, type FocusTarget } from './keyboard.ts';
export { linksIn, waitForMail } from './mail.ts';
export { startServer, type E2EServer } from './server.ts';

export interface E2E {
  server: E2EServer;
  browser: BrowserSession;
  page: Page;
  baseUrl: string;
  /** Absolute URL of an app path. */
  url: (path: string) => string;
  /** Opens a further browser (own cookies), closed with the fixture. */
  newBrowser: () => Promise<BrowserSession>;
  /**
   * The end-of-journey checks: no request left the machine, no page error, CSP violation or
   * broken asset, and axe ran on every document the browser loaded.
   */
  assertClean: () => void;
}

/**
 * Registers before/after hooks in the enclosing describe: one app on a free port and one
 * Chromium for the whole file. Call the returned function inside tests.
 */
export function useE2E(opts: { env?: Record<string, string>; clock?: Clock } = {}): () => E2E {
  let e2e: E2E | null = null;
  const extra: BrowserSession[] = [];
  before(async () => {
    const server = await startServer({ env: opts.env, clock: opts.clock });
    let browser: BrowserSession;
    try {
      browser = await launchBrowser();
    } catch (err) {
      await server.close();
      throw err;
    }
    const sessions = () => [browser, ...extra];
    e2e = {
      server,
      browser,
      page: browser.page,
      baseUrl: server.baseUrl,
      url: (path) => new URL(path, server.baseUrl).toString(),
      newBrowser: async () => {
        const b = await launchBrowser();
        extra.push(b);
        return b;
      },
      assertClean: () => {
        for (const s of sessions()) {
          assert.deepEqual(s.record.thirdParty, [], 'requests to third-party hosts');
          assert.deepEqual(s.record.problems, [], 'page errors, CSP violations or broken assets');
          for (const p of s.context.pages())
            assert.deepEqual(uncheckedDocuments(p), [], 'pages visited without an axe check');
        }
      },
    };
  });
  beforeEach(() => {
    if (!e2e) return;
    for (const s of [e2e.browser, ...extra]) {
      s.record.thirdParty.splice(0);
      s.record.problems.splice(0);
      for (const p of s.context.pages()) resetAxeCoverage(p);
    }
  });
  after(async () => {
    for (const b of extra) await b.close();
    await e2e?.browser.close();
    await e2e?.server.close();
  });
  return () => {
    if (!e2e) throw new Error('e2e fixture not ready (before hook failed)');
    return e2e;
  };
}
