// Search (issue 5) in the browser, from file:// as from a file share:
// - the results page /zoeken/index.html?q= shows results as links inside [data-search-results];
// - synonyms and typos work in the page, not only in the index;
// - a query is only ever shown as text: `<img onerror>` runs nothing;
// - the judged query set (tests/search/queries.json) reaches hit@5 >= 0.95 with no trap hit.
'use strict';

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const lib = require('./lib');

const out = lib.buildSite(lib.BUNDLED_ROOT);

describe('bundled site: search from file://', () => {
  let browser, context;
  before(async () => {
    browser = await lib.launchBrowser();
    context = await lib.newContext(browser);
  });
  after(async () => {
    await context?.close();
    await browser?.close();
  });

  async function results(q) {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; d.dismiss(); });
    await page.goto(lib.fileUrl(out, 'zoeken/index.html') + '?q=' + encodeURIComponent(q));
    await page.waitForFunction(() => document.querySelectorAll('[data-search-results] a[href]').length > 0
      || /geen|0 resultaten/i.test(document.querySelector('[data-search-status]')?.textContent || ''), null, { timeout: 10000 });
    const hrefs = await page.$$eval('[data-search-results] a[href]', (as) => as.map((a) => a.getAttribute('href')));
    const html = await page.content();
    await page.close();
    return { hrefs, errors, dialogs, html };
  }

  for (const [q, expect] of [
    ['arbeidsuitbuiting', 'signalen/arbeidsuitbuiting/'],
    ['pooierboy', 'begrippen/index.html#loverboy'],
    ['comensa', 'partners/comensha/'],
    ['KMar', 'partners/koninklijke-marechaussee/'],
  ]) {
    test(`"${q}" finds ${expect}`, async () => {
      const r = await results(q);
      assert.deepEqual(r.errors, []);
      assert.ok(r.hrefs.slice(0, 5).some((h) => h.includes(expect)), `${expect} in top 5 of ${r.hrefs.slice(0, 5).join(', ')}`);
      assert.ok(r.hrefs.every((h) => !/^[a-z]+:\/\//.test(h)), 'result links are relative');
    });
  }

  test('a query with HTML is shown as text only', async () => {
    const r = await results('<img src=x onerror=alert(1)>');
    assert.equal(r.dialogs, 0);
    assert.ok(!/<img src="?x"?/.test(r.html.replace(/value="[^"]*"/g, '')), 'no <img> injected');
  });

  test('judged query set: hit@5 >= 0.95, no trap hit', () => {
    const script = path.join(lib.REPO, 'tests/search/run-judged.js');
    const r = spawnSync(process.execPath, [script, out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
