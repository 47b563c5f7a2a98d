// Referral flowcharts (issue 7), on every /routes/SLUG/ page of the bundled site and of the
// fixture site, opened from file:// with JavaScript OFF:
// - one figure.flowchart with an inline svg[role=img] that holds no link;
// - the text alternative [data-flowchart-steps] is visible;
// - its first answer link leads to a step that is visible (:target step mode, no script).
'use strict';

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');

const SITES = [
  { name: 'bundled site', root: lib.BUNDLED_ROOT },
  { name: 'fixture good', root: lib.FIXTURE_GOOD },
];

for (const site of SITES) {
  const out = lib.buildSite(site.root);
  const routes = lib.listPages(out).filter((rel) => /^routes\/[^/]+\/index\.html$/.test(rel));

  describe(`${site.name}: flowcharts without JavaScript`, () => {
    let browser, context;
    before(async () => {
      browser = await lib.launchBrowser();
      context = await lib.newContext(browser, { javaScriptEnabled: false });
    });
    after(async () => {
      await context?.close();
      await browser?.close();
    });

    test('there are route pages', () => assert.ok(routes.length >= 1));

    for (const rel of routes) {
      test(rel, async () => {
        const page = await context.newPage();
        try {
          await page.goto(lib.fileUrl(out, rel));
          const figures = page.locator('figure.flowchart');
          assert.equal(await figures.count(), 1, 'one figure.flowchart');
          const svg = figures.first().locator('svg[role="img"]');
          assert.equal(await svg.count(), 1, 'svg[role=img]');
          assert.equal(await svg.locator('a').count(), 0, 'no links inside the SVG');
          assert.ok(await svg.locator('title').count() >= 1, 'svg has a <title>');
          const steps = figures.first().locator('[data-flowchart-steps]');
          assert.ok(await steps.isVisible(), 'text alternative visible');
          const first = steps.locator('a[href^="#"]').first();
          const href = await first.getAttribute('href');
          await first.click();
          assert.equal(new URL(page.url()).hash, href, 'the answer link moved to its step');
          const target = page.locator(href);
          assert.ok(await target.isVisible(), `step ${href} visible after following the link`);
        } finally {
          await page.close();
        }
      });
    }
  });
}
