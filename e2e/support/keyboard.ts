import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/** What the keyboard user is looking for: an accessible name (any role) or a locator. */
export type FocusTarget = string | RegExp | Locator;

export interface FocusedInfo {
  role: string;
  name: string;
}

/** Role and accessible name of the focused element, as the accessibility tree reports them. */
export async function focused(page: Page): Promise<FocusedInfo | null> {
  const focus = page.locator(':focus');
  if ((await focus.count()) === 0) return null;
  const snapshot = await focus
    .first()
    .ariaSnapshot({ timeout: 2000 })
    .catch(() => '');
  const m = /^- ([\w-]+)(?: ("(?:[^"\\]|\\.)*"))?/.exec(snapshot);
  if (!m) return { role: 'unknown', name: '' };
  return { role: m[1]!, name: m[2] ? (JSON.parse(m[2]) as string) : '' };
}

function describe(target: FocusTarget): string {
  return typeof target === 'string'
    ? `"${target}"`
    : target instanceof RegExp
      ? String(target)
      : target.toString();
}

async function matches(page: Page, target: FocusTarget): Promise<boolean> {
  if (typeof target === 'string' || target instanceof RegExp) {
    const info = await focused(page);
    if (!info) return false;
    return typeof target === 'string' ? info.name === target : target.test(info.name);
  }
  return target
    .first()
    .evaluate((el) => el === document.activeElement)
    .catch(() => false);
}

/**
 * Presses Tab (or Shift+Tab) until the focused element has the given accessible name (or is the
 * given locator's element). Fails with the list of names passed on the way.
 */
export async function tabTo(
  page: Page,
  target: FocusTarget,
  opts: { max?: number; backwards?: boolean } = {},
): Promise<void> {
  const max = opts.max ?? 150;
  const seen: string[] = [];
  if (await matches(page, target)) return;
  let wraps = 0;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(opts.backwards ? 'Shift+Tab' : 'Tab');
    if (await matches(page, target)) return;
    const info = await focused(page);
    seen.push(info ? `${info.role} "${info.name}"` : '(nothing)');
    // Focus leaves the document once per round; two rounds without a hit are enough.
    if (!info && ++wraps === 2) break;
  }
  assert.fail(
    `Tab never reached ${describe(target)} on ${page.url()}; focus went through:\n  ${seen.slice(0, 80).join('\n  ')}`,
  );
}

// Source text, not a function: tsx compiles named inner functions with a __name helper that
// does not exist inside the page.
const DIFF_PIXELS_IN_PAGE = `async ([pa, pb]) => {
  const decode = async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  };
  const [x, y] = await Promise.all([decode(pa), decode(pb)]);
  if (x.length !== y.length) return Number.MAX_SAFE_INTEGER;
  let n = 0;
  for (let i = 0; i < x.length; i += 4) {
    if (Math.abs(x[i] - y[i]) + Math.abs(x[i + 1] - y[i + 1]) + Math.abs(x[i + 2] - y[i + 2]) > 48) n++;
  }
  return n;
}`;

/** Counts pixels that differ clearly between two PNG screenshots (decoded in the page itself). */
async function differingPixels(page: Page, a: Buffer, b: Buffer): Promise<number> {
  const fn = await page.evaluateHandle(`(${DIFF_PIXELS_IN_PAGE})`);
  try {
    return await fn.evaluate((f, args) => (f as (x: [string, string]) => Promise<number>)(args), [
      a.toString('base64'),
      b.toString('base64'),
    ] as [string, string]);
  } finally {
    await fn.dispose();
  }
}

/**
 * Asserts that the focused element shows a visible focus indicator: the pixels around it while
 * focused differ from the same region unfocused by at least one CSS pixel's worth of its
 * perimeter (a 1 px ring). Focus is restored afterwards, still as keyboard focus.
 */
export async function assertFocusVisible(page: Page): Promise<void> {
  const info = await focused(page);
  const label = info ? `${info.role} "${info.name}"` : '(nothing focused)';
  assert.ok(info, `nothing has focus on ${page.url()}`);
  // A handle, not a ':focus' locator: the same element is blurred and focused again below.
  const el = await page.locator(':focus').first().elementHandle();
  assert.ok(el, `nothing has focus on ${page.url()}`);
  try {
    assert.ok(
      await el.evaluate((e) => e.matches(':focus-visible')),
      `${label} is focused but does not match :focus-visible`,
    );
    // Focus scrolls the element into view, possibly smoothly: settle before measuring.
    await el.scrollIntoViewIfNeeded();
    await page.evaluate(
      () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
    );
    const box = await el.boundingBox();
    assert.ok(box && box.width > 0 && box.height > 0, `${label} has focus but is not rendered`);
    const vp = page.viewportSize() ?? { width: 1280, height: 900 };
    const pad = 6;
    const x = Math.max(0, box.x - pad);
    const y = Math.max(0, box.y - pad);
    const clip = {
      x,
      y,
      width: Math.min(vp.width - x, box.width + 2 * pad),
      height: Math.min(vp.height - y, box.height + 2 * pad),
    };
    assert.ok(clip.width > 0 && clip.height > 0, `${label} is focused but outside the viewport`);
    const withFocus = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
    await el.evaluate((e) => (e as HTMLElement).blur());
    const withoutFocus = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
    await el.evaluate((e) => (e as HTMLElement).focus({ preventScroll: true }));
    assert.ok(
      await el.evaluate((e) => e === document.activeElement && e.matches(':focus-visible')),
      `could not restore keyboard focus on ${label}`,
    );
    const diff = await differingPixels(page, withFocus, withoutFocus);
    const needed = Math.round(2 * (box.width + box.height));
    assert.ok(
      diff >= needed,
      `${label} on ${page.url()} has no visible focus indicator (${diff} pixels change on focus, expected at least ${needed})`,
    );
  } finally {
    await el.dispose();
  }
}

/**
 * The keyboard path of a journey: Tab to the target, check its focus indicator, press the key
 * (Enter by default; ' ' for checkboxes and buttons). With navigation: true, waits for the next
 * document to load.
 */
export async function activate(
  page: Page,
  target: FocusTarget,
  opts: { key?: 'Enter' | ' '; navigation?: boolean; backwards?: boolean } = {},
): Promise<void> {
  await tabTo(page, target, { backwards: opts.backwards });
  await assertFocusVisible(page);
  const key = opts.key ?? 'Enter';
  if (opts.navigation === false) {
    await page.keyboard.press(key);
    return;
  }
  await Promise.all([page.waitForEvent('domcontentloaded'), page.keyboard.press(key)]);
  await page.waitForLoadState('load');
}

/** Tabs to a form field by its accessible name and types into it (replacing what is there). */
export async function typeInto(page: Page, target: FocusTarget, text: string): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}
