// Checklist behaviour (DESIGN.md browser hook), on every checklist page /signalen/SLUG/ (not the
// index) of the bundled site and of the fixture site, opened from file:// as from a file share:
// - tick one signal by clicking its label and one with the keyboard (focus, Space);
// - [data-checklist-count] then reads "2 van …";
// - an advice element [data-checklist-advice] that was hidden is now visible;
// - nothing is stored: localStorage, sessionStorage, document.cookie, location.hash and
//   location.search stay empty (shared computers);
// - after a reload nothing is ticked.
'use strict';

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');

const SITES = [
  { name: 'bundled site', root: lib.BUNDLED_ROOT },
  { name: 'fixture good', root: lib.FIXTURE_GOOD },
];

function traces() {
  return {
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    hash: location.hash,
    search: location.search,
  };
}
const NO_TRACES = { local: 0, session: 0, cookie: '', hash: '', search: '' };

for (const site of SITES) {
  const out = lib.buildSite(site.root);
  const checklists = lib.listPages(out).filter((rel) => /^signalen\/[^/]+\/index\.html$/.test(rel));

  describe(`${site.name}: checklists from file://`, () => {
    let browser, context;
    before(async () => {
      browser = await lib.launchBrowser();
      context = await lib.newContext(browser);
    });
    after(async () => { if (browser) await browser.close(); });

    test('there are checklist pages', () => assert.ok(checklists.length > 0, 'no /signalen/SLUG/ pages'));

    for (const rel of checklists) {
      test(rel, async () => {
        const page = await context.newPage();
        const watch = lib.watchPage(page);
        try {
          await lib.open(page, lib.fileUrl(out, rel));
          const form = page.locator('[data-checklist]');
          assert.equal(await form.count(), 1, 'expected one [data-checklist] element');
          const boxes = form.locator('input[type="checkbox"]');
          const n = await boxes.count();
          assert.ok(n >= 2, `only ${n} checkbox(es)`);
          const count = page.locator('[data-checklist-count]');
          assert.match(await count.innerText(), /^\s*0 van/, 'counter does not start at 0');

          const advice = page.locator('[data-checklist-advice]');
          const hiddenBefore = [];
          for (let i = 0; i < await advice.count(); i++) if (!(await advice.nth(i).isVisible())) hiddenBefore.push(i);
          assert.ok(hiddenBefore.length > 0, 'no advice is hidden before anything is ticked');

          // One with the mouse, on its label.
          const id0 = await boxes.nth(0).getAttribute('id');
          await page.locator(`label[for="${id0}"]`).click();
          assert.ok(await boxes.nth(0).isChecked(), 'clicking the label did not tick the first signal');
          // One with the keyboard.
          await boxes.nth(1).focus();
          await page.keyboard.press('Space');
          assert.ok(await boxes.nth(1).isChecked(), 'Space did not tick the second signal');

          assert.match(await count.innerText(), /2 van/, 'counter does not say "2 van"');
          let shownNow = 0;
          for (const i of hiddenBefore) if (await advice.nth(i).isVisible()) shownNow++;
          assert.ok(shownNow > 0, 'no advice appeared after ticking two signals');

          assert.deepEqual(await page.evaluate(traces), NO_TRACES, 'the ticks left a trace');
          const stored = await context.storageState();
          assert.deepEqual(stored.cookies, [], 'cookies were set');

          await page.reload({ waitUntil: 'load' });
          const ticked = await page.locator('[data-checklist] input[type="checkbox"]:checked').count();
          assert.equal(ticked, 0, `${ticked} signal(s) still ticked after reload`);
          assert.match(await page.locator('[data-checklist-count]').innerText(), /^\s*0 van/, 'counter not back at 0 after reload');
          assert.deepEqual(await page.evaluate(traces), NO_TRACES, 'a trace after reload');
          assert.deepEqual(watch.problems(), [], watch.problems().join('\n'));
        } finally {
          await page.close();
        }
      });
    }
  });
}
