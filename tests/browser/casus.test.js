// Training cases (casussen, #20; DESIGN.md browser hooks data-casus, data-casus-question,
// data-casus-feedback), on every case page /casussen/SLUG/ of the fixture casus and of the bundled
// site, opened from file:// as from a file share:
// - answering every question correctly gives the full score ("N van N goed") and shows the
//   feedback of each chosen option;
// - a wrong answer shows its own feedback and lowers the score;
// - nothing is stored: localStorage, sessionStorage, document.cookie, IndexedDB stay empty (the
//   storage APIs are also instrumented: no call at all), the URL does not change;
// - a reload starts clean; "Opnieuw" resets everything;
// - with JavaScript disabled every feedback text is in the question's "Toon de uitleg"
//   disclosure, which opens with the keyboard;
// - axe-core finds nothing, before and after checking;
// - print (fixture casus): the participants' version has no feedback at all, the trainer's
//   version (print_answers: true) has the answer key with every feedback text.
'use strict';

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const lib = require('./lib');

const FIXTURE_CASUS = path.join(lib.REPO, 'tests', 'fixtures', 'casus');

const SITES = [
  { name: 'fixture casus', root: FIXTURE_CASUS, required: true },
  { name: 'bundled site', root: lib.BUNDLED_ROOT, required: false },
];

/** Runs in the page before its scripts: counts every use of a storage API. */
function instrument() {
  window.__storageCalls = [];
  const note = (what) => window.__storageCalls.push(what);
  for (const name of ['localStorage', 'sessionStorage']) {
    try {
      const store = window[name];
      for (const m of ['setItem', 'getItem', 'removeItem', 'clear', 'key']) {
        const orig = store[m].bind(store);
        Object.defineProperty(store, m, { value: (...a) => { note(`${name}.${m}`); return orig(...a); } });
      }
    } catch (e) { /* file:// may refuse storage: then nothing can be stored either */ }
  }
  try {
    const desc = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
    Object.defineProperty(document, 'cookie', {
      get() { return desc.get.call(document); },
      set(v) { note('document.cookie'); desc.set.call(document, v); },
    });
  } catch (e) { /* ignore */ }
  try {
    const open = indexedDB.open.bind(indexedDB);
    indexedDB.open = (...a) => { note('indexedDB.open'); return open(...a); };
  } catch (e) { /* ignore */ }
  for (const m of ['pushState', 'replaceState']) {
    const orig = history[m].bind(history);
    history[m] = (...a) => { note(`history.${m}`); return orig(...a); };
  }
}

async function traces(page) {
  return page.evaluate(async () => {
    let dbs = [];
    try { dbs = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : []; } catch (e) { dbs = []; }
    let local = 0, session = 0;
    try { local = localStorage.length; } catch (e) { local = 0; }
    try { session = sessionStorage.length; } catch (e) { session = 0; }
    return {
      local, session, cookie: document.cookie, dbs,
      hash: location.hash, search: location.search,
      calls: window.__storageCalls || [],
    };
  });
}
const NO_TRACES = { local: 0, session: 0, cookie: '', dbs: [], hash: '', search: '', calls: [] };

/** Answer question `q` (a locator of one [data-casus-question]) right, or wrong when `wrong`.
 *  Returns the option keys that were chosen. */
async function answer(q, { wrong = false } = {}) {
  const kind = await q.getAttribute('data-kind');
  const chosen = [];
  if (kind === 'volgorde') {
    const selects = q.locator('select');
    const n = await selects.count();
    for (let i = 0; i < n; i++) {
      const s = selects.nth(i);
      const right = Number(await s.getAttribute('data-position'));
      // Wrong: swap the first two steps' positions.
      let pos = right;
      if (wrong && (right === 1 || right === 2)) pos = 3 - right;
      await s.selectOption(String(pos));
      chosen.push(String(right));
    }
    return chosen;
  }
  const inputs = q.locator('input');
  const n = await inputs.count();
  let wrongDone = false;
  for (let i = 0; i < n; i++) {
    const input = inputs.nth(i);
    const correct = (await input.getAttribute('data-correct')) !== null;
    let pick = correct;
    if (wrong) {
      // One wrong option instead of the right ones.
      pick = !correct && !wrongDone;
      if (pick) wrongDone = true;
    }
    if (pick) {
      // With the keyboard for radios and boxes alike: focus, Space.
      await input.focus();
      await q.page().keyboard.press('Space');
      assert.ok(await input.isChecked(), 'Space did not choose the option');
      chosen.push(await input.getAttribute('value'));
    }
  }
  if (wrong && !wrongDone) {
    // Every option is right: choosing only the first one is the wrong answer.
    await inputs.first().check();
    chosen.push(await inputs.first().getAttribute('value'));
  }
  return chosen;
}

async function feedbackVisible(q, key) {
  const fb = q.locator(`[data-casus-option="${key}"] [data-casus-feedback]`);
  assert.equal(await fb.count(), 1, `option ${key}: no feedback next to it`);
  return fb.isVisible();
}

/** A copy of the built site `out` whose scripts are empty files. */
function withoutScripts(out) {
  const fs = require('node:fs');
  const copy = path.join(lib.tempDir(), 'public');
  fs.cpSync(out, copy, { recursive: true });
  for (const f of fs.readdirSync(path.join(copy, 'js'))) fs.writeFileSync(path.join(copy, 'js', f), '');
  return copy;
}

for (const site of SITES) {
  const out = lib.buildSite(site.root);
  const cases = lib.listPages(out).filter((rel) => /^casussen\/[^/]+\/index\.html$/.test(rel));
  const scriptless = withoutScripts(out);

  describe(`${site.name}: case pages from file://`, () => {
    let browser, context, noJs;
    before(async () => {
      browser = await lib.launchBrowser();
      context = await lib.newContext(browser);
      await context.addInitScript(instrument);
      noJs = await lib.newContext(browser, { javaScriptEnabled: false });
    });
    after(async () => { if (browser) await browser.close(); });

    if (site.required) test('there are case pages', () => assert.ok(cases.length >= 2, `only ${cases.length} case page(s)`));

    for (const rel of cases) {
      test(`${rel}: all right gives the full score, feedback shown, nothing stored`, async () => {
        const page = await context.newPage();
        const watch = lib.watchPage(page);
        try {
          const url = lib.fileUrl(out, rel);
          await lib.open(page, url);
          const startUrl = page.url();
          assert.equal(await page.locator('[data-casus]').count(), 1, 'expected one [data-casus]');
          const questions = page.locator('[data-casus-question]');
          const n = await questions.count();
          assert.ok(n >= 1, 'no questions');
          // The script replaced the disclosures.
          assert.equal(await page.locator('[data-casus-explain]').count(), 0, 'the disclosure is still there with JavaScript');
          const score = page.locator('[data-casus-score]');
          assert.ok(await score.isVisible(), 'score not visible');
          assert.equal((await score.innerText()).trim(), `0 van ${n} goed`);
          for (let i = 0; i < n; i++) {
            const q = questions.nth(i);
            // No feedback before checking.
            assert.equal(await q.locator('[data-casus-feedback]:visible').count(), 0, `question ${i + 1}: feedback visible before checking`);
            const chosen = await answer(q);
            await q.locator('[data-casus-check]').click();
            for (const key of chosen) assert.ok(await feedbackVisible(q, key), `question ${i + 1}: feedback of option ${key} not visible`);
            const result = q.locator('[data-casus-result]');
            assert.equal(await result.getAttribute('role'), 'status', 'the result is no live region');
            assert.match(await result.innerText(), /^Goed!/, `question ${i + 1}: not judged right`);
            assert.match(await result.innerText(), new RegExp(`${i + 1} van ${n} goed`));
          }
          assert.equal((await score.innerText()).trim(), `${n} van ${n} goed`, 'not the full score');
          const violations = await lib.runAxe(page);
          assert.deepEqual(violations, [], lib.formatViolations(violations));

          assert.equal(page.url(), startUrl, 'the URL changed');
          assert.deepEqual(await traces(page), NO_TRACES, 'the answers left a trace');
          assert.deepEqual((await context.storageState()).cookies, [], 'cookies were set');

          await page.reload({ waitUntil: 'load' });
          assert.equal(await page.locator('[data-casus-question] input:checked').count(), 0, 'options still chosen after reload');
          const selects = page.locator('[data-casus-question] select');
          for (let i = 0; i < await selects.count(); i++) assert.equal(await selects.nth(i).inputValue(), '', 'a step keeps its place after reload');
          assert.equal(await page.locator('[data-casus-feedback]:visible').count(), 0, 'feedback visible after reload');
          assert.equal((await page.locator('[data-casus-score]').innerText()).trim(), `0 van ${n} goed`, 'score not back at 0 after reload');
          assert.deepEqual(await traces(page), NO_TRACES, 'a trace after reload');
          assert.deepEqual(watch.problems(), [], watch.problems().join('\n'));
        } finally {
          await page.close();
        }
      });

      test(`${rel}: a wrong answer shows its feedback; Opnieuw resets`, async () => {
        const page = await context.newPage();
        const watch = lib.watchPage(page);
        try {
          const url = lib.fileUrl(out, rel);
          await lib.open(page, url);
          const questions = page.locator('[data-casus-question]');
          const n = await questions.count();
          for (let i = 0; i < n; i++) {
            const q = questions.nth(i);
            const chosen = await answer(q, { wrong: true });
            await q.locator('[data-casus-check]').click();
            for (const key of chosen) assert.ok(await feedbackVisible(q, key), `question ${i + 1}: feedback of option ${key} not visible`);
            assert.match(await q.locator('[data-casus-result]').innerText(), /^Niet/, `question ${i + 1}: a wrong answer judged right`);
            // The wrong option's own feedback text is what shows.
            const kind = await q.getAttribute('data-kind');
            if (kind !== 'volgorde' && (await q.locator(`input[value="${chosen[0]}"][data-correct]`).count()) === 0) {
              const wrongKey = chosen[0];
              const input = q.locator(`input[value="${wrongKey}"]`);
              assert.equal(await input.getAttribute('data-correct'), null, 'chose a right option as the wrong one');
              const text = await q.locator(`[data-casus-option="${wrongKey}"] .casus-feedback-text`).innerText();
              assert.ok(text.trim().length > 0, 'empty feedback');
              assert.equal(await input.getAttribute('aria-describedby'), `${await q.getAttribute('id')}-${wrongKey}-uitleg`, 'the option is not described by its feedback');
            }
          }
          assert.equal((await page.locator('[data-casus-score]').innerText()).trim(), `0 van ${n} goed`);
          const violations = await lib.runAxe(page);
          assert.deepEqual(violations, [], lib.formatViolations(violations));

          // "Opnieuw" with the keyboard.
          await page.locator('[data-casus-reset]').focus();
          await page.keyboard.press('Enter');
          assert.equal(await page.locator('[data-casus-question] input:checked').count(), 0, 'options still chosen after Opnieuw');
          assert.equal(await page.locator('[data-casus-feedback]:visible').count(), 0, 'feedback visible after Opnieuw');
          assert.equal(await page.locator('[data-casus-result]:visible').count(), 0, 'a result still shown after Opnieuw');
          assert.match(await page.locator('[data-casus-announce]').innerText(), /gewist/);
          assert.deepEqual(await traces(page), NO_TRACES, 'a trace');
          assert.deepEqual(watch.problems(), [], watch.problems().join('\n'));
        } finally {
          await page.close();
        }
      });

      test(`${rel}: without JavaScript every feedback text is in the disclosure`, async () => {
        const page = await noJs.newPage();
        try {
          await lib.open(page, lib.fileUrl(out, rel));
          const questions = page.locator('[data-casus-question]');
          const n = await questions.count();
          assert.ok(n >= 1, 'no questions');
          for (let i = 0; i < n; i++) {
            const q = questions.nth(i);
            const options = await q.locator('[data-casus-option]').count();
            const details = q.locator('details[data-casus-explain]');
            assert.equal(await details.count(), 1, `question ${i + 1}: no disclosure`);
            assert.equal((await details.locator('summary').innerText()).trim(), 'Toon de uitleg');
            const feedback = details.locator('[data-casus-feedback]');
            assert.equal(await feedback.count(), options, `question ${i + 1}: not one feedback per option`);
            assert.equal(await q.locator('[data-casus-feedback]').count(), options, 'feedback outside the disclosure');
            assert.ok(!(await feedback.first().isVisible()), 'feedback visible before opening');
            // Open with the keyboard.
            await details.locator('summary').focus();
            await page.keyboard.press('Enter');
            for (let k = 0; k < options; k++) {
              assert.ok(await feedback.nth(k).isVisible(), `question ${i + 1}: feedback ${k + 1} not visible once opened`);
              assert.ok((await feedback.nth(k).locator('.casus-feedback-text').innerText()).trim().length > 0, 'empty feedback');
            }
            // The buttons that need the script stay hidden.
            assert.ok(!(await q.locator('[data-casus-check]').isVisible()), 'Controleer shown without JavaScript');
          }
          assert.ok(!(await page.locator('[data-casus-score-area]').isVisible()), 'score shown without JavaScript');
        } finally {
          await page.close();
        }
        // axe needs JavaScript itself: it runs on a copy of the site whose scripts are empty,
        // which is the page as a reader without JavaScript gets it.
        const axePage = await context.newPage();
        try {
          await lib.open(axePage, lib.fileUrl(scriptless, rel));
          assert.equal(await axePage.locator('details[data-casus-explain]').count(), await axePage.locator('[data-casus-question]').count());
          const violations = await lib.runAxe(axePage);
          assert.deepEqual(violations, [], lib.formatViolations(violations));
        } finally {
          await axePage.close();
        }
      });
    }
  });
}

describe('fixture casus: the printed versions', () => {
  const out = lib.buildSite(FIXTURE_CASUS);
  let browser, context;
  before(async () => {
    browser = await lib.launchBrowser();
    context = await lib.newContext(browser);
  });
  after(async () => { if (browser) await browser.close(); });

  test('participants: questions only; trainer: questions and the answer key', async () => {
    const page = await context.newPage();
    try {
      await lib.open(page, lib.fileUrl(out, 'casussen/vol-adres/index.html'));
      // Even after checking an answer, nothing of the feedback prints.
      const q = page.locator('[data-casus-question]').first();
      await q.locator('input').first().check();
      await q.locator('[data-casus-check]').click();
      assert.ok(await q.locator('.casus-feedback').first().isVisible(), 'no feedback on screen');
      await page.emulateMedia({ media: 'print' });
      assert.ok(await q.locator('legend').isVisible(), 'the question does not print');
      assert.ok(await q.locator('input').first().isVisible(), 'the options do not print');
      assert.equal(await page.locator('.casus-feedback:visible, .casus-closing:visible, [data-casus-result]:visible').count(), 0, 'feedback prints on the participants\' version');
      assert.equal(await page.locator('.casus-key').count(), 0);

      await lib.open(page, lib.fileUrl(out, 'casussen/salon/index.html'));
      const keys = page.locator('.casus-key');
      assert.equal(await keys.count(), 2);
      for (let i = 0; i < 2; i++) assert.ok(await keys.nth(i).isVisible(), `key ${i + 1} does not print`);
      assert.match(await keys.nth(0).innerText(), /Goed antwoord: Medewerkers lijken in de salon te wonen\.\s+Goed\. Wonen op het werk is een signaal\./);
      assert.equal(await page.locator('form .casus-feedback:visible').count(), 0, 'the interactive feedback prints too');

      await page.emulateMedia({ media: 'screen' });
      assert.ok(!(await keys.first().isVisible()), 'the answer key shows on screen');
    } finally {
      await page.close();
    }
  });
});
