import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string; html: string }[];
}

/** One readable block per violation: rule, impact, help, then every failing selector. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const summary = (n.failureSummary ?? '')
            .split('\n')
            .map((l) => `        ${l.trim()}`)
            .join('\n');
          return `    - ${n.target.map(String).join(' >> ')}\n      ${n.html.slice(0, 200)}\n${summary}`;
        })
        .join('\n');
      return `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

export class AxeViolationsError extends Error {
  override name = 'AxeViolationsError';
}

/** Runs axe (WCAG 2.0/2.1 A and AA) on the page as it is now; throws listing every violation. */
export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  markAxeChecked(page);
  const violations = results.violations as AxeViolation[];
  if (violations.length) {
    throw new AxeViolationsError(
      `${violations.length} accessibility violation(s) on ${label}:\n${formatViolations(violations)}`,
    );
  }
}

// Which loaded documents of a page have been checked (see trackAxeCoverage in browser.ts).
const coverage = new WeakMap<Page, { url: string; checked: boolean }[]>();

export function trackAxeCoverage(page: Page): void {
  const docs: { url: string; checked: boolean }[] = [];
  coverage.set(page, docs);
  // domcontentloaded, not load: it is dispatched before goto()/waitForLoadState() resolve.
  page.on('domcontentloaded', () => docs.push({ url: page.url(), checked: false }));
}

function markAxeChecked(page: Page): void {
  const docs = coverage.get(page);
  const last = docs?.at(-1);
  if (last) last.checked = true;
}

/** Forgets the documents loaded so far (each test starts with a clean slate). */
export function resetAxeCoverage(page: Page): void {
  coverage.get(page)?.splice(0);
}

/** Documents the page loaded that never went through expectNoAxeViolations. */
export function uncheckedDocuments(page: Page): string[] {
  return (coverage.get(page) ?? []).filter((d) => !d.checked).map((d) => d.url);
}
