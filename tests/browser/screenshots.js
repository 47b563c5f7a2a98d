// Screenshots for docs/screenshots/ (#21): /gemeenten/, the evaluation chapter and a page with
// footnotes, each at 375 px (a phone) and 1280 px (a laptop), full page, from the bundled site
// built fresh. Run from the repository root:
//
//   node tests/browser/screenshots.js            (KETENWIJZER_BIN=… to use a built binary)
//
// Not a test: the pictures are for people to look at.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const lib = require('./lib');

// name, page, and the part shown close up beside the full page (the first visible match).
const PAGES = [
  ['gemeenten', 'gemeenten/index.html', '.basisniveau-cards, .basisniveau-wide'],
  ['evaluatie', 'beleidsplan/evaluatie/index.html', '.basisniveau-cards, .basisniveau-wide'],
  ['inleiding-voetnoten', 'beleidsplan/inleiding/index.html', '.footnotes'],
];
const WIDTHS = [375, 1280];
const DIR = path.join(lib.REPO, 'docs', 'screenshots');

(async () => {
  const out = lib.buildSite(lib.BUNDLED_ROOT);
  fs.mkdirSync(DIR, { recursive: true });
  const browser = await lib.launchBrowser();
  try {
    for (const width of WIDTHS) {
      const context = await lib.newContext(browser, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const [name, rel, detail] of PAGES) {
        await lib.open(page, lib.fileUrl(out, rel));
        const file = path.join(DIR, `${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        console.log(path.relative(lib.REPO, file));
        const part = page.locator(detail).filter({ visible: true }).first();
        const close = path.join(DIR, `${name}-${width}-detail.png`);
        await part.screenshot({ path: close });
        console.log(path.relative(lib.REPO, close));
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
