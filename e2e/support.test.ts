import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertFocusVisible,
  browserSkip,
  expectNoAxeViolations,
  launchBrowser,
  tabTo,
  type BrowserSession,
} from './support/index.ts';

/** The journeys' guards must be able to fail: each is shown a page that breaks its rule. */
describe('e2e support guards', { skip: browserSkip() }, () => {
  let b: BrowserSession;
  before(async () => {
    b = await launchBrowser();
  });
  after(async () => b.close());

  it('finds a missing focus indicator and accepts a visible one', async () => {
    await b.page.setContent(`<!doctype html><html lang="en"><head><title>t</title><style>
      a { display: inline-block; padding: 4px; } #hidden:focus { outline: none; } #shown:focus-visible { outline: 3px solid #000; }
      </style></head><body><main><a id="hidden" href="#a">No ring</a> <a id="shown" href="#b">Ring</a></main></body></html>`);
    await tabTo(b.page, 'No ring');
    await assert.rejects(assertFocusVisible(b.page), /no visible focus indicator/);
    await tabTo(b.page, 'Ring');
    await assertFocusVisible(b.page);
  });

  it('gives up on a target that Tab never reaches, listing what it passed', async () => {
    await b.page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body>
      <a href="#1">One</a> <button>Two</button> <a href="#3" tabindex="-1">Not reachable</a></body></html>`);
    await assert.rejects(tabTo(b.page, 'Not reachable'), (err: Error) => {
      assert.match(err.message, /link "One"\n\s+button "Two"/);
      return true;
    });
  });

  it('reports axe violations with rule and selector', async () => {
    await b.page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body><main>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="no-alt"><input id="no-label"></main></body></html>`);
    await assert.rejects(expectNoAxeViolations(b.page, 'fixture'), (err: Error) => {
      assert.match(err.message, /image-alt/);
      assert.match(err.message, /#no-alt/);
      assert.match(err.message, /label/);
      return true;
    });
  });

  it('blocks and records requests to other hosts', async () => {
    b.record.thirdParty.splice(0);
    await b.page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body>
      <img alt="" src="https://cdn.example.org/pixel.png"></body></html>`);
    await b.page.waitForFunction(() => document.images[0]?.complete);
    assert.deepEqual(b.record.thirdParty, ['https://cdn.example.org/pixel.png']);
  });
});
