// Every page of the bundled site and of the fixture site tests/fixtures/good, opened both from
// file:// and over HTTP (127.0.0.1): axe-core with the WCAG 2.0/2.1 A and AA tags finds no
// violation, the page logs no console error and throws nothing, no request fails, and no request
// goes to another origin (every request is file:// or to 127.0.0.1).
//
// The keyboard, 320 px and print checks run on a representative sample only (interaction.test.js)
// to keep the whole suite within a few minutes on a 2-core machine.
'use strict';

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');

const SITES = [
  { name: 'bundled site', root: lib.BUNDLED_ROOT },
  { name: 'fixture good', root: lib.FIXTURE_GOOD },
];

// Two pages at a time: one is rendered while node talks to the other.
const CONCURRENCY = 2;

for (const site of SITES) {
  // Built synchronously so that one test per page can be declared.
  const out = lib.buildSite(site.root);
  const pages = lib.listPages(out);

  describe(`${site.name}: every page, axe + console + requests`, () => {
    let browser, server;

    before(async () => {
      browser = await lib.launchBrowser();
      server = await lib.serveSite({ root: site.root, outDir: out });
    });
    after(async () => {
      if (server) await server.close();
      if (browser) await browser.close();
    });

    test('the site has pages', () => {
      assert.ok(pages.length > 0, `no HTML pages in ${out}`);
      assert.ok(pages.includes('index.html'), 'no home page index.html');
    });

    for (const origin of ['file', 'http']) {
      describe(`from ${origin === 'file' ? 'file://' : 'HTTP'}`, { concurrency: CONCURRENCY }, () => {
        let context;
        before(async () => { context = await browser.newContext(); });
        after(async () => { if (context) await context.close(); });

        for (const rel of pages) {
          test(rel, async () => {
            const url = origin === 'file' ? lib.fileUrl(out, rel) : lib.httpUrl(server.url, rel);
            const page = await context.newPage();
            const watch = lib.watchPage(page);
            let violations;
            try {
              await lib.open(page, url);
              violations = await lib.runAxe(page);
            } finally {
              await page.close();
            }
            const problems = [];
            if (violations.length) problems.push(`axe: ${violations.length} violation(s)\n${lib.formatViolations(violations)}`);
            problems.push(...watch.problems());
            assert.deepEqual(problems, [], `${url}\n${problems.join('\n')}`);
          });
        }
      });
    }
  });
}
