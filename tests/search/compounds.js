#!/usr/bin/env node
/* Compounds typed by the reader, generated from a built site's own index.
 *
 *   node tests/search/compounds.js PUBLIC_DIR [--max N] [--verbose]
 *
 * Takes pairs of indexed words A and B that stand in the same document
 * (from the index's postings), glues them into one word (AB, and A·s·B when
 * A does not end in s) that the index does not hold, and checks that the
 * query AB returns, among its first five pages, the page the two words lead
 * to: the first page of the query "A B" that holds both words in one of its
 * sections. Pairs the compound rules refuse are skipped: a stop word or a
 * word shorter than the minimum part, a refused head or modifier, a word that
 * is never split, and a modifier in -s whose bare form is a word too (the
 * rules read "learnings" in "learningsstelde" as "learning").
 *
 * Exit status: 0 when every generated query passes (and at least one was
 * generated), 1 otherwise, 2 on usage errors. Node only, no dependencies.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const pos = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--max");
const maxAt = args.indexOf("--max");
const MAX = maxAt >= 0 ? Number(args[maxAt + 1]) : 400;
if (pos.length < 1) {
  console.error("usage: node tests/search/compounds.js PUBLIC_DIR [--max N] [--verbose]");
  process.exit(2);
}
const pub = path.resolve(pos[0]);
const client = process.env.KW_SEARCH_CLIENT || path.join(__dirname, "..", "..", "themes", "default", "static", "js", "search.js");
const dir = path.join(pub, "zoeken");
if (!fs.existsSync(path.join(dir, "index-0.js"))) {
  console.error("no search index in " + dir);
  process.exit(2);
}

// The client, the whole index, and a second context that sees the raw parts.
const ctx = { console: console, Math: Math };
ctx.window = ctx;
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(client, "utf8"), ctx, { filename: client });
const first = fs.readFileSync(path.join(dir, "index-0.js"), "utf8");
vm.runInContext(first, ctx);
const files = JSON.parse(/"files":(\[[^\]]*\])/.exec(first)[1]).filter((f) => f !== "index-0.js");
for (const f of files) vm.runInContext(fs.readFileSync(path.join(dir, f), "utf8"), ctx);
const api = ctx.__kwSearch;

const raw = { meta: null, t: [], w: [] };
const c2 = { __kwSearch: { register: (k, n, d) => { if (k === "meta") raw.meta = d; else if (k === "t") raw.t.push(d); else if (k === "w") raw.w.push(d); } } };
c2.window = c2;
vm.createContext(c2);
for (const f of ["index-0.js", ...files]) vm.runInContext(fs.readFileSync(path.join(dir, f), "utf8"), c2);
const cs = raw.meta.cs;
const STOP = new Set(("aan af al alle alleen als altijd ben bent bij daar dan dat de der des deze die dit doe doen " +
  "doet door dus een eens en er ga gaan gaat geen had heb hebben hebt heeft het hier hij hoe hun " +
  "ik in is ja je jij jou jouw jullie kan kun kunt kunnen maar me mee men met mij mijn moet moeten " +
  "na naar nee niet niets nog nu of om omdat ons onze ook op over te tot u uit uw van veel voor " +
  "waar wanneer waarom was wat we wel welk welke werd wie wij wil wordt worden zal ze zei zelf " +
  "zich zij zijn zo zou zonder").split(" "));

// Every variant with its documents.
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
function docsOf(list) {
  const out = [];
  let i = 0, doc = 0;
  while (i < list.length) {
    let v = 0, mul = 1;
    for (;;) {
      const d = ALPHABET.indexOf(list[i++]);
      if (d >= 32) { v += (d - 32) * mul; mul *= 32; } else { v += d * mul; break; }
    }
    doc += v;
    out.push(doc);
    i++; // impact
  }
  return out;
}
const words = new Map();
for (const part of raw.t) {
  for (const e of api.parseShard(part)) for (const v of e.vars) words.set(v.term, docsOf(v.list));
}
const usable = (w, last) => w.length >= cs.part && w.length <= 12 && /^[a-z]+$/.test(w) && !STOP.has(w) &&
  !cs.no.includes(w) && !(last ? cs.head : cs.mod).includes(w);

// Pairs that share a document, in a fixed pseudo-random order.
const byDoc = new Map();
for (const [w, ds] of words) {
  if (!usable(w, false) && !usable(w, true)) continue;
  if (ds.length > 40) continue; // very common words: any page has them
  for (const d of ds) { if (!byDoc.has(d)) byDoc.set(d, []); byDoc.get(d).push(w); }
}
let seed = 0x2545f491;
function rnd(m) { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return (seed >>> 8) % m; }
const docIds = [...byDoc.keys()].sort((a, b) => a - b);
const tried = new Set();
const cases = [];
for (let k = 0; k < MAX * 20 && cases.length < MAX; k++) {
  const ws = byDoc.get(docIds[rnd(docIds.length)]);
  if (ws.length < 2) continue;
  const a = ws[rnd(ws.length)], b = ws[rnd(ws.length)];
  if (a === b || !usable(a, false) || !usable(b, true)) continue;
  if (a.endsWith("s") && words.has(a.slice(0, -1))) continue;
  for (const q of [a + b, a.endsWith("s") ? null : a + "s" + b]) {
    if (!q || tried.has(q) || words.has(q)) continue;
    tried.add(q);
    cases.push({ q, a, b });
  }
}

let pass = 0;
const fails = [];
// The pages of the documents that hold both words.
const pageStarts = (() => {
  const out = [];
  let i = 0, doc = 0;
  const s = raw.meta.pg;
  while (i < s.length) {
    let v = 0, mul = 1;
    for (;;) {
      const d = ALPHABET.indexOf(s[i++]);
      if (d >= 32) { v += (d - 32) * mul; mul *= 32; } else { v += d * mul; break; }
    }
    doc += v;
    out.push(doc);
  }
  return out;
})();
function pageNo(d) {
  let lo = 0, hi = pageStarts.length - 1, ans = 0;
  while (lo <= hi) { const m = (lo + hi) >> 1; if (pageStarts[m] <= d) { ans = m; lo = m + 1; } else hi = m - 1; }
  return ans;
}
function pageOfUrl(r) { return r.url.split("#")[0]; }

for (const c of cases) {
  const inB = new Set(words.get(c.b));
  const both = new Set(words.get(c.a).filter((d) => inB.has(d)).map(pageNo));
  const two = api.query(c.a + " " + c.b, { limit: 1000 });
  const best = two.results.find((x) => both.has(pageNo(x.id)));
  if (!best) continue;
  const want = pageOfUrl(best);
  const r = api.query(c.q, { limit: 5 });
  const pages = r.results.map((x) => x.url.split("#")[0]);
  const ok = pages.includes(want);
  if (ok) pass++; else fails.push(c.q + " (" + c.a + " + " + c.b + "): want " + want + ", top " + (pages.join(", ") || "nothing"));
  if (verbose) console.log((ok ? "ok   " : "FAIL ") + c.q + " -> " + (pages[0] || "-"));
}
fails.slice(0, 30).forEach((f) => console.log("FAIL " + f));
console.log("compounds of two indexed words: " + pass + " of " + (pass + fails.length) + " find the page of the two words");
process.exit(pass > 0 && fails.length === 0 ? 0 : 1);
