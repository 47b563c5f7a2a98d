// Reading on a phone (#21): at 320 px and 375 px wide, on every page of the bundled site and of the
// fixture sites the other files test, no word of four or more letters is broken into line
// fragments of fewer than two letters ("G e m ee nt e"), and no page scrolls sideways.
//
// The measure: for every text node, every run of ≥ 4 letters is a word. A word whose Range has
// more than one client rect spans lines; then each character's rect says which line it is on, and
// every line fragment must hold at least two letters. A hyphenated break ("mensen-|handel") into
// parts of two letters or more is allowed, as is a break between two words.
//
// The detector is proven on pages it must flag: a narrow table with `word-break: break-all`, and
// the real /gemeenten/ page with the rule the theme had before #21 (`overflow-wrap: anywhere` on
// table cells) put back.
'use strict';

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const lib = require('./lib');

const WIDTHS = [320, 375];
const fixture = (name) => path.join(lib.REPO, 'tests', 'fixtures', name);
const SITES = [
  { name: 'bundled site', root: lib.BUNDLED_ROOT },
  { name: 'fixture good', root: lib.FIXTURE_GOOD },
  { name: 'fixture checklist-direct', root: fixture('checklist-direct') },
  { name: 'fixture open-points', root: fixture('open-points') },
  { name: 'fixture other-region', root: fixture('other-region') },
  // Wide Markdown tables, footnotes and long compound words (#21).
  { name: 'fixture phone-reading', root: fixture('phone-reading') },
  { name: 'init starter', root: starterSite() },
];

/** A new site from `ketenwijzer init`, in a temp dir (as a11y.test.js makes it). */
function starterSite() {
  const root = path.join(lib.tempDir(), 'starter');
  require('node:child_process').execFileSync(lib.ketenwijzer(),
    ['init', root, '--regio', 'Testregio', '--gemeenten', 'Aadorp,Beekum'], { stdio: 'pipe' });
  return root;
}

// In the page: the words of ≥ minLetters letters broken into a line fragment of fewer than
// minFragment letters, and whether the page scrolls sideways.
function measure({ minLetters, minFragment }) {
  const broken = [];
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''));
    }
    return parts.join(' > ');
  };
  const range = document.createRange();
  // A soft hyphen (U+00AD) is part of its word: it is where the word may break.
  const WORD = /[\p{L}\p{M}\u00AD]+/gu;
  const letters = (s) => Array.from(s.replace(/\u00AD/g, '')).length;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, noscript, template')) continue;
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
      const word = m[0];
      const chars = Array.from(word);
      if (letters(word) < minLetters) continue;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + word.length);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      if (rects.length < 2) continue;
      // Spans lines: which line is each character on?
      const fragments = [];
      let offset = m.index;
      let lineTop = null;
      let lineHeight = 0;
      for (const ch of chars) {
        range.setStart(node, offset);
        range.setEnd(node, offset + ch.length);
        offset += ch.length;
        // Only a rect with width: a range at a line break also has an empty rect at the end of
        // the line before.
        const r = Array.from(range.getClientRects()).find((x) => x.width > 0);
        if (!r) continue;
        if (lineTop === null || Math.abs(r.top - lineTop) > Math.max(lineHeight, r.height) / 2) {
          fragments.push('');
          lineTop = r.top;
          lineHeight = r.height;
        }
        fragments[fragments.length - 1] += ch;
      }
      if (fragments.length > 1 && fragments.some((f) => letters(f) < minFragment)) {
        broken.push(`"${word}" → ${fragments.map((f) => `"${f}"`).join(' | ')} in ${where(parent)}`);
      }
    }
  }
  const doc = document.documentElement;
  return { broken, scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth };
}

const RULE = { minLetters: 4, minFragment: 2 };

/** Problems of the page open in `page`, at its current width. */
async function problemsAt(page, width) {
  const r = await page.evaluate(measure, RULE);
  const problems = r.broken.map((b) => `${width} px: word broken: ${b}`);
  if (r.scrollWidth > r.clientWidth) problems.push(`${width} px: scrolls sideways (scrollWidth ${r.scrollWidth} > ${r.clientWidth})`);
  return problems;
}

describe('the detector flags broken words', () => {
  let browser, context;
  before(async () => {
    browser = await lib.launchBrowser();
    context = await lib.newContext(browser, { viewport: { width: 320, height: 640 } });
  });
  after(async () => {
    if (context) await context.close();
    if (browser) await browser.close();
  });

  test('a narrow table with word-break: break-all', async () => {
    const page = await context.newPage();
    try {
      await page.setContent(`<!DOCTYPE html><html lang="nl"><body style="margin:0">
        <table style="width:300px;border-collapse:collapse"><tr>${'<td style="word-break:break-all;border:1px solid">Gemeente Gerealiseerd Onbekend</td>'.repeat(8)}</tr></table>
        <p>Een gewone alinea met woorden die heel blijven.</p></body></html>`);
      const problems = await problemsAt(page, 320);
      assert.ok(problems.some((p) => /word broken: "(Gemeente|Gerealiseerd|Onbekend)"/.test(p)), `not flagged:\n${problems.join('\n')}`);
      assert.ok(!problems.some((p) => p.includes('alinea')), `a whole word flagged:\n${problems.join('\n')}`);
    } finally {
      await page.close();
    }
  });

  test('a hyphenated break into parts of two letters or more is allowed', async () => {
    const page = await context.newPage();
    try {
      // Soft hyphens give the same breaks `hyphens: auto` gives where a dictionary is present.
      await page.setContent(`<!DOCTYPE html><html lang="nl"><body style="margin:0">
        <p style="width:9ch;font-family:monospace">mensen\u00ADhandel\u00ADcoördinator</p></body></html>`);
      const r = await page.evaluate(measure, RULE);
      assert.deepEqual(r.broken, []);
    } finally {
      await page.close();
    }
  });

  test('/gemeenten/ with the table rule of before #21 (overflow-wrap: anywhere) is flagged', async () => {
    const out = lib.buildSite(lib.BUNDLED_ROOT);
    const page = await context.newPage();
    try {
      await lib.open(page, lib.fileUrl(out, 'gemeenten/index.html'));
      await page.addStyleTag({ content: 'th, td { overflow-wrap: anywhere !important; } .basisniveau-wide { display: block !important; } table.basisniveau { min-width: 0 !important; } .table-scroll { overflow-x: visible !important; }' });
      const problems = await problemsAt(page, 320);
      assert.ok(problems.some((p) => p.includes('word broken')), `not flagged:\n${problems.join('\n')}`);
    } finally {
      await page.close();
    }
  });
});

for (const site of SITES) {
  const out = lib.buildSite(site.root);
  const pages = lib.listPages(out).filter((rel) => !lib.absoluteRoot(out, rel));

  describe(`${site.name}: every page at ${WIDTHS.join(' and ')} px`, { concurrency: 2 }, () => {
    let browser, context;
    before(async () => {
      browser = await lib.launchBrowser();
      context = await lib.newContext(browser, { viewport: { width: WIDTHS[0], height: 800 } });
    });
    after(async () => {
      if (context) await context.close();
      if (browser) await browser.close();
    });

    for (const rel of pages) {
      test(rel, async () => {
        const page = await context.newPage();
        const problems = [];
        try {
          await lib.open(page, lib.fileUrl(out, rel));
          for (const width of WIDTHS) {
            await page.setViewportSize({ width, height: 800 });
            problems.push(...await problemsAt(page, width));
          }
        } finally {
          await page.close();
        }
        assert.deepEqual(problems, [], `${rel}\n${problems.join('\n')}`);
      });
    }
  });
}

module.exports = { measure };
