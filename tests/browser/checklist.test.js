// Checklist behaviour (DESIGN.md browser hook), on every checklist page /signalen/SLUG/ (not the
// index) of the bundled site and of the fixture site, opened from file:// as from a file share:
// - tick one signal by clicking its label and one with the keyboard (focus, Space);
// - [data-checklist-count] then reads "2 van …";
// - an advice element [data-checklist-advice] that was hidden is now visible;
// - nothing is stored: localStorage, sessionStorage, document.cookie, location.hash and
//   location.search stay empty (shared computers);
// - after a reload nothing is ticked.
// On the fixture checklist-direct also (a "Meld direct:" signal):
// - ticking only the direct signal shows the direct advice [data-checklist-advice][data-direct-advice]
//   at once (the threshold advice stays hidden); unticking hides it again;
// - the direct item's label says "Meld direct" in text; axe finds nothing with the advice shown;
// - nothing is stored and the URL does not change.
'use strict';

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');

const FIXTURE_DIRECT = require('node:path').join(lib.REPO, 'tests', 'fixtures', 'checklist-direct');

const SITES = [
  { name: 'bundled site', root: lib.BUNDLED_ROOT },
  { name: 'fixture good', root: lib.FIXTURE_GOOD },
  { name: 'fixture checklist-direct', root: FIXTURE_DIRECT },
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

describe('fixture checklist-direct: a direct-report signal from file://', () => {
  const out = lib.buildSite(FIXTURE_DIRECT);
  let browser, context;
  before(async () => {
    browser = await lib.launchBrowser();
    context = await lib.newContext(browser);
  });
  after(async () => { if (browser) await browser.close(); });

  test('ticking only the direct signal shows the direct advice; unticking hides it', async () => {
    const page = await context.newPage();
    const watch = lib.watchPage(page);
    try {
      const url = lib.fileUrl(out, 'signalen/uitbuiting/index.html');
      await lib.open(page, url);
      const startUrl = page.url();
      const direct = page.locator('[data-checklist] input[type="checkbox"][data-direct]');
      assert.equal(await direct.count(), 1, 'expected one checkbox with data-direct');
      const id = await direct.getAttribute('id');
      const label = page.locator(`label[for="${id}"]`);
      assert.match(await label.innerText(), /Meld direct/i, 'the label does not say "Meld direct" in text');

      const directAdvice = page.locator('[data-checklist-advice][data-direct-advice]');
      assert.equal(await directAdvice.count(), 1, 'expected one direct advice element');
      const visibleAdvice = page.locator('[data-checklist-advice]:visible');
      assert.equal(await visibleAdvice.count(), 0, 'advice is visible before anything is ticked');

      // A non-direct signal alone does not bring up the direct advice.
      const other = page.locator('[data-checklist] input[type="checkbox"]:not([data-direct])').first();
      await other.check();
      assert.ok(!(await directAdvice.isVisible()), 'direct advice shown for an ordinary signal');
      await other.uncheck();

      await label.click();
      assert.ok(await direct.isChecked(), 'clicking the label did not tick the direct signal');
      assert.match(await page.locator('[data-checklist-count]').innerText(), /^\s*1 van/);
      assert.ok(await directAdvice.isVisible(), 'direct advice not visible after ticking the direct signal');
      assert.match(await directAdvice.innerText(), /vandaag/);
      assert.equal(await visibleAdvice.count(), 1, 'only the direct advice should show at one tick (threshold is 2)');

      const violations = await lib.runAxe(page);
      assert.deepEqual(violations, [], lib.formatViolations(violations));

      // Untick with the keyboard.
      await direct.focus();
      await page.keyboard.press('Space');
      assert.ok(!(await direct.isChecked()), 'Space did not untick the direct signal');
      assert.ok(!(await directAdvice.isVisible()), 'direct advice still visible after unticking');
      assert.equal(await visibleAdvice.count(), 0, 'advice still visible with nothing ticked');

      // The reset button hides it too.
      await label.click();
      assert.ok(await directAdvice.isVisible());
      await page.getByRole('button', { name: 'Wis alle vinkjes' }).click();
      await page.waitForFunction(() => document.querySelector('[data-direct-advice]').hidden);

      assert.deepEqual(await page.evaluate(traces), NO_TRACES, 'the ticks left a trace');
      assert.equal(page.url(), startUrl, 'the URL changed');
      const stored = await context.storageState();
      assert.deepEqual(stored.cookies, [], 'cookies were set');
      assert.deepEqual(stored.origins, [], 'storage was used');
      assert.deepEqual(watch.problems(), [], watch.problems().join('\n'));
    } finally {
      await page.close();
    }
  });

  test('without JavaScript the direct advice shows as text', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      await page.goto(lib.fileUrl(out, 'signalen/uitbuiting/index.html'));
      const directAdvice = page.locator('[data-checklist-advice][data-direct-advice]');
      assert.ok(await directAdvice.isVisible(), 'direct advice hidden without JavaScript');
      assert.match(await directAdvice.innerText(), /meld direct/i);
    } finally {
      await noJs.close();
    }
  });
});
