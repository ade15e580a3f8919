import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { trackAxeCoverage } from './axe.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/**
 * Value for describe(…, { skip }). Without Chromium the journeys are skipped with a printed
 * reason — except with CI=true, where they run and fail on the missing browser.
 */
export function browserSkip(): string | false {
  if (existsSync(CHROMIUM_PATH)) return false;
  const reason = `Chromium not found at ${CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') return false;
  console.log(`# skipping browser tests: ${reason}`);
  return reason;
}

function isLocalHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]' || hostname === '::1';
}

/** What a browser context saw that a journey must not produce. */
export interface BrowserRecord {
  /** Requests to any host other than the loopback app (blocked, never sent). */
  thirdParty: string[];
  /** Uncaught page errors, CSP violations, failed same-origin sub-resources. */
  problems: string[];
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  record: BrowserRecord;
  /** Opens another page in the same context (same cookies), with the same tracking. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

function watchPage(page: Page, record: BrowserRecord): Page {
  trackAxeCoverage(page);
  page.on('pageerror', (err) => record.problems.push(`page error on ${page.url()}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) {
      record.problems.push(`CSP violation on ${page.url()}: ${msg.text()}`);
    }
  });
  page.on('response', (res) => {
    // Error pages themselves (404, 422) are expected documents; broken assets are not.
    if (res.status() >= 400 && res.request().resourceType() !== 'document') {
      record.problems.push(
        `${res.status()} for ${res.request().resourceType()} ${res.url()} on ${page.url()}`,
      );
    }
  });
  return page;
}

/**
 * Launches Chromium with a fresh profile and one context whose every request to a host other
 * than the local app is aborted and recorded.
 */
export async function launchBrowser(opts: { locale?: string } = {}): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}; browser tests cannot run (CI=true).`);
  const profile = mkdtempSync(join(tmpdir(), 'openkreis-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    locale: opts.locale ?? 'de-DE',
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
    timeout: 60_000,
  });
  const record: BrowserRecord = { thirdParty: [], problems: [] };
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !isLocalHost(url.hostname)) {
      record.thirdParty.push(route.request().url());
      await route.abort('blockedbyclient');
      return;
    }
    await route.continue();
  });
  context.setDefaultTimeout(15_000);
  const first = context.pages()[0] ?? (await context.newPage());
  const page = watchPage(first, record);
  return {
    context,
    page,
    record,
    newPage: async () => watchPage(await context.newPage(), record),
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
