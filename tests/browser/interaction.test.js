// Keyboard, phone width and print, from file:// and over HTTP.
//
// axe runs on every page (a11y.test.js). These checks press keys one at a time and so cost far more
// per page; to keep the whole suite within a few minutes on a 2-core machine they run on a
// representative sample of the bundled site: home, a chapter, a checklist, a route, a partner, a
// municipality, the glossary, the search page and the partners index. Every kind of template is in
// the sample.
//
// - keyboard: the first Tab focuses the skip link; Enter on it moves focus to main#inhoud; Tab
//   through the whole page reaches every visible link, button and form field, and every focused
//   element shows a focus indicator (its computed outline or box-shadow differs from unfocused);
// - 320 px wide: nothing scrolls sideways (document.documentElement.scrollWidth <= 320);
// - print (emulated): the header navigation and search are hidden, the main content is shown.
'use strict';

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const lib = require('./lib');

const SAMPLE = [
  ['home', 'index.html'],
  ['chapter', 'beleidsplan/signalering/index.html'],
  ['checklist', 'signalen/arbeidsuitbuiting/index.html'],
  ['route', 'routes/signaal-melden/index.html'],
  ['partner', 'partners/politie/index.html'],
  ['municipality', 'gemeenten/hoorn/index.html'],
  ['glossary', 'begrippen/index.html'],
  ['search', 'zoeken/index.html'],
  ['partners index', 'partners/index.html'],
];

const out = lib.buildSite(lib.BUNDLED_ROOT);
const pages = new Set(lib.listPages(out));

// In the page: number every element a keyboard user must be able to reach and remember how it
// looks unfocused. Returns their descriptions, indexed by data-kw-i.
function markFocusables() {
  const SEL = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';
  const look = (el) => {
    const cs = getComputedStyle(el);
    return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.outlineOffset, cs.boxShadow].join(' | ');
  };
  const describe = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.value || el.name || '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}> "${text}"`;
  };
  const list = [];
  const radioGroups = new Set();
  for (const el of document.querySelectorAll(SEL)) {
    if (el.disabled || el.closest('[inert]')) continue;
    if (el.getAttribute('tabindex') !== null && el.tabIndex < 0) continue;
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    // Of a group of radio buttons only one is a Tab stop.
    if (el.type === 'radio' && el.name) {
      const key = (el.form ? 'f' : '') + el.name;
      if (radioGroups.has(key)) continue;
      radioGroups.add(key);
    }
    el.dataset.kwI = String(list.length);
    list.push({ desc: describe(el), unfocused: look(el), radio: el.type === 'radio' ? el.name : null });
  }
  return list;
}

// In the page: what has focus now, and does it look different from when it had none?
function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { none: true };
  const cs = getComputedStyle(el);
  const look = [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.outlineOffset, cs.boxShadow].join(' | ');
  const r = el.getBoundingClientRect();
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow && cs.boxShadow !== 'none';
  return {
    i: el.dataset.kwI === undefined ? null : Number(el.dataset.kwI),
    radio: el.type === 'radio' ? el.name : null,
    desc: `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}> "${(el.textContent || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 60)}"`,
    look,
    indicator: outline || shadow,
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  };
}

describe('keyboard, 320 px and print on a sample of the bundled site', () => {
  let browser, server;
  before(async () => {
    browser = await lib.launchBrowser();
    server = await lib.serveSite({ root: lib.BUNDLED_ROOT, outDir: out });
  });
  after(async () => {
    if (server) await server.close();
    if (browser) await browser.close();
  });

  for (const origin of ['file', 'http']) {
    describe(`from ${origin === 'file' ? 'file://' : 'HTTP'}`, () => {
      let desktop, phone;
      before(async () => {
        desktop = await lib.newContext(browser, { viewport: { width: 1280, height: 800 } });
        phone = await lib.newContext(browser, { viewport: { width: 320, height: 640 } });
      });
      after(async () => {
        if (desktop) await desktop.close();
        if (phone) await phone.close();
      });
      const urlOf = (rel) => (origin === 'file' ? lib.fileUrl(out, rel) : lib.httpUrl(server.url, rel));

      for (const [what, rel] of SAMPLE) {
        describe(`${what} (${rel})`, () => {
          test('exists', () => assert.ok(pages.has(rel), `${rel} is not in the built site`));

          test('keyboard: skip link first, then to main#inhoud', async () => {
            const page = await desktop.newPage();
            try {
              await lib.open(page, urlOf(rel));
              await page.keyboard.press('Tab');
              const first = await page.evaluate(() => {
                const el = document.activeElement;
                const r = el.getBoundingClientRect();
                return {
                  skip: el.matches('a.skip-link[href="#inhoud"]'),
                  desc: el.outerHTML.slice(0, 120),
                  onScreen: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight,
                };
              });
              assert.ok(first.skip, `first Tab focused ${first.desc}, not the skip link`);
              assert.ok(first.onScreen, 'the focused skip link is not visible on screen');
              await page.keyboard.press('Enter');
              await page.waitForFunction(() => document.activeElement && document.activeElement.matches('main#inhoud'), null, { timeout: 2000 })
                .catch(() => {});
              const after = await page.evaluate(() => document.activeElement && document.activeElement.outerHTML.slice(0, 80));
              assert.match(after || '', /^<main[^>]*id="inhoud"/, `after Enter on the skip link focus is on ${after}`);
              // And the next Tab continues inside main, not back in the header.
              await page.keyboard.press('Tab');
              const inMain = await page.evaluate(() => !!document.activeElement.closest('main'));
              assert.ok(inMain, 'the Tab after the skip link did not land inside main');
            } finally {
              await page.close();
            }
          });

          test('keyboard: Tab reaches every control, focus always visible', async () => {
            const page = await desktop.newPage();
            try {
              await lib.open(page, urlOf(rel));
              const expected = await page.evaluate(markFocusables);
              const reached = new Set();
              const reachedRadio = new Set();
              const problems = [];
              let steps = 0;
              for (; steps < expected.length + 20; steps++) {
                await page.keyboard.press('Tab');
                const s = await page.evaluate(focusState);
                if (s.none) break; // past the last control: focus left the document
                if (s.i !== null) {
                  if (reached.has(s.i)) break; // wrapped around
                  reached.add(s.i);
                }
                if (s.radio) reachedRadio.add(s.radio);
                if (!s.indicator || (s.i !== null && s.look === expected[s.i].unfocused)) {
                  problems.push(`no visible focus indicator on ${s.desc} (${s.look})`);
                }
                if (!s.onScreen) problems.push(`focused element is not on screen: ${s.desc}`);
              }
              expected.forEach((e, i) => {
                if (reached.has(i) || (e.radio && reachedRadio.has(e.radio))) return;
                problems.push(`never reached with Tab: ${e.desc}`);
              });
              assert.deepEqual(problems, [], `${urlOf(rel)} (${expected.length} controls, ${steps} Tabs)\n${problems.join('\n')}`);
            } finally {
              await page.close();
            }
          });

          test('320 px: no horizontal scrolling', async () => {
            const page = await phone.newPage();
            try {
              await lib.open(page, urlOf(rel));
              const r = await page.evaluate(() => {
                const width = document.documentElement.scrollWidth;
                // The innermost elements that stick out, to say where to look.
                const wide = [];
                for (const el of document.querySelectorAll('body *')) {
                  const b = el.getBoundingClientRect();
                  if (b.right > innerWidth + 0.5 && el.checkVisibility() && ![...el.children].some((c) => c.getBoundingClientRect().right > innerWidth + 0.5)) {
                    wide.push(`<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}> right=${Math.round(b.right)}`);
                  }
                }
                return { width, wide: wide.slice(0, 8) };
              });
              assert.ok(r.width <= 320, `scrollWidth ${r.width} > 320; sticking out: ${r.wide.join(', ')}`);
            } finally {
              await page.close();
            }
          });

          test('print: navigation and search hidden, content shown', async () => {
            const page = await desktop.newPage();
            try {
              await lib.open(page, urlOf(rel));
              await page.emulateMedia({ media: 'print' });
              const r = await page.evaluate(() => {
                const shown = (el) => !!el && el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
                const header = document.querySelector('header, .site-header');
                const main = document.querySelector('main#inhoud');
                const h1 = main && main.querySelector('h1');
                return {
                  nav: [...document.querySelectorAll('header nav, .site-nav')].filter(shown).length,
                  search: [...document.querySelectorAll('header input[type="search"], header form, .site-header .site-search')].filter(shown).length,
                  header: shown(header) && header.getBoundingClientRect().height > 0 && [...header.querySelectorAll('a, input, button')].some(shown),
                  main: shown(main),
                  h1: shown(h1),
                  text: main ? main.innerText.trim().length : 0, // innerText: rendered text only
                };
              });
              assert.equal(r.nav, 0, 'header navigation is visible in print');
              assert.equal(r.search, 0, 'header search is visible in print');
              assert.ok(!r.header, 'header controls are visible in print');
              assert.ok(r.main && r.h1 && r.text > 0, `main content is not shown in print (main ${r.main}, h1 ${r.h1}, ${r.text} characters)`);
            } finally {
              await page.close();
            }
          });
        });
      }
    });
  }
});
