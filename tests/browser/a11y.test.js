// Every page of the bundled site, of the fixture sites good, checklist-direct, open-points, other-region and casus, and of a
// site made by `ketenwijzer init`, opened both from
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
  // Direct-report signals and their advice (#14).
  { name: 'fixture checklist-direct', root: require('node:path').join(lib.REPO, 'tests', 'fixtures', 'checklist-direct') },
  // Open points, explanations, sources and the plan's title block (#14).
  { name: 'fixture open-points', root: require('node:path').join(lib.REPO, 'tests', 'fixtures', 'open-points') },
  // Another region (#16): its own name, municipalities and goals.
  { name: 'fixture other-region', root: require('node:path').join(lib.REPO, 'tests', 'fixtures', 'other-region') },
  // Training cases (#20): every question kind, the list, the checklist's "Oefen met een casus".
  { name: 'fixture casus', root: require('node:path').join(lib.REPO, 'tests', 'fixtures', 'casus') },
  // A site as `ketenwijzer init` writes it (#16), open points and all.
  { name: 'init starter', root: starterSite() },
];

/** A new site from `ketenwijzer init`, in a temp dir. */
function starterSite() {
  const root = require('node:path').join(lib.tempDir(), 'starter');
  require('node:child_process').execFileSync(lib.ketenwijzer(),
    ['init', root, '--regio', 'Testregio', '--gemeenten', 'Aadorp,Beekum'], { stdio: 'pipe' });
  return root;
}

// Two pages at a time: one is rendered while node talks to the other.
const CONCURRENCY = 2;

for (const site of SITES) {
  // Built synchronously so that one test per page can be declared.
  const out = lib.buildSite(site.root);
  const pages = lib.listPages(out);

  describe(`${site.name}: every page, axe + console + requests`, () => {
    let browser, server;
    // Pages whose links start from the base path (404.html): served below that path, at a URL
    // that does not exist, as a web host does. From file:// they are skipped: a 404 page is only
    // ever shown by a web server.
    const based = new Map(pages.map((rel) => [rel, lib.absoluteRoot(out, rel)]).filter(([, b]) => b));
    const basedServers = new Map();

    before(async () => {
      browser = await lib.launchBrowser();
      server = await lib.serveSite({ root: site.root, outDir: out });
      for (const base of new Set(based.values())) basedServers.set(base, await lib.serveAtPath(out, base));
    });
    after(async () => {
      for (const s of basedServers.values()) await s.close();
      if (server) await server.close();
      if (browser) await browser.close();
    });

    test('the site has pages', (t) => {
      t.diagnostic(`HTTP from ${server.kind} at ${server.url}; ${pages.length} pages in ${out}`);
      assert.ok(pages.length > 0, `no HTML pages in ${out}`);
      assert.ok(pages.includes('index.html'), 'no home page index.html');
    });

    for (const origin of ['file', 'http']) {
      describe(`from ${origin === 'file' ? 'file://' : 'HTTP'}`, { concurrency: CONCURRENCY }, () => {
        let context;
        before(async () => { context = await lib.newContext(browser); });
        after(async () => { if (context) await context.close(); });

        for (const rel of pages) {
          const base = based.get(rel);
          const skip = origin === 'file' && base ? `links start from ${base}: only served by a web server` : false;
          test(rel, { skip }, async () => {
            let url = origin === 'file' ? lib.fileUrl(out, rel) : lib.httpUrl(server.url, rel);
            let status = 200;
            if (base) {
              url = basedServers.get(base).url + 'deze-pagina-bestaat-niet/';
              status = 404;
            }
            const page = await context.newPage();
            const watch = lib.watchPage(page, { expect404: base ? url : null });
            let violations;
            try {
              await lib.open(page, url, { status });
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
