#!/usr/bin/env node
/* Search bench: index size, bytes loaded before the first result, query latency.
 *
 *   node tests/search/bench.js PUBLIC_DIR [--pages N] [--queries FILE] [--runs N]
 *
 * Size: every file in PUBLIC_DIR/zoeken, raw and gzip -9 (each file on its
 * own, as a server sends it); with --pages N also per 100 pages.
 * Cold bytes: for each query, a fresh client loads what the query needs the
 * way the browser does (index-0.js, then the files query() reports missing,
 * until none are), plus search.js itself; raw and gzip.
 * Latency: warm queries (everything loaded) in Node, median and p95. Browser
 * figures differ, but the ratio between sites holds.
 *
 * Queries: a JSON list of strings (or of {query}) with --queries; otherwise a
 * fixed, seeded sample of the index's own words: single words, two-word
 * queries, prefixes (typing) and typos.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const zlib = require("zlib");

const argv = process.argv.slice(2);
function opt(name, dflt) {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
}
const pub = argv[0];
if (!pub || pub.startsWith("--")) {
  console.error("usage: node tests/search/bench.js PUBLIC_DIR [--pages N] [--queries FILE] [--runs N]");
  process.exit(2);
}
const pages = Number(opt("--pages", "0"));
const runs = Number(opt("--runs", "5"));
const dir = path.join(pub, "zoeken");
const clientPath = [
  path.join(__dirname, "..", "..", "themes", "default", "static", "js", "search.js"),
  path.join(pub, "js", "search.js"),
].find((p) => fs.existsSync(p));
if (!clientPath || !fs.existsSync(path.join(dir, "index-0.js"))) {
  console.error("need search.js and " + path.join(dir, "index-0.js"));
  process.exit(2);
}
const client = fs.readFileSync(clientPath, "utf8");
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const fileCache = {};
function file(name) {
  if (!fileCache[name]) {
    const raw = fs.readFileSync(path.join(dir, name));
    fileCache[name] = { src: raw.toString("utf8"), raw: raw.length, gz: gz(raw) };
  }
  return fileCache[name];
}

function freshClient() {
  const ctx = { console: console };
  ctx.window = ctx;
  vm.createContext(ctx);
  vm.runInContext(client, ctx);
  return ctx;
}

/* ---- size ---- */
const names = fs.readdirSync(dir).filter((f) => f.endsWith(".js"));
let raw = 0, gzs = 0;
const byKind = {};
for (const n of names) {
  const f = file(n);
  raw += f.raw; gzs += f.gz;
  const k = n === "index-0.js" ? "meta" : n[0];
  byKind[k] = byKind[k] || { n: 0, raw: 0, gz: 0 };
  byKind[k].n++; byKind[k].raw += f.raw; byKind[k].gz += f.gz;
}
const kb = (x) => (x / 1024).toFixed(1) + " KB";
console.log("index: " + names.length + " files, " + kb(raw) + " raw, " + kb(gzs) + " gzip" +
  (pages ? " (" + kb(gzs * 100 / pages) + " gzip per 100 pages)" : ""));
for (const k of Object.keys(byKind)) {
  const b = byKind[k];
  console.log("  " + k.padEnd(5) + String(b.n).padStart(5) + " files " + kb(b.raw).padStart(10) + " raw " + kb(b.gz).padStart(10) + " gzip");
}
const clientGz = gz(Buffer.from(client));
console.log("client search.js: " + kb(client.length) + " raw, " + kb(clientGz) + " gzip");

/* ---- queries ---- */
function seeded(seed) {
  return function () {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}
function sampleQueries() {
  const ctx = freshClient();
  vm.runInContext(file("index-0.js").src, ctx);
  for (const n of names) if (n[0] === "w") vm.runInContext(file(n).src, ctx);
  const words = [];
  const collect = { window: null, __kwSearch: { register: (k, n, d) => { if (k === "w") words.push(d); } } };
  collect.window = collect;
  vm.createContext(collect);
  for (const n of names) if (n[0] === "w") vm.runInContext(file(n).src, collect);
  // decode front-coded word lists
  const all = [];
  for (const s of words) {
    let prev = "", i = 0;
    while (i < s.length) {
      const shared = s.charCodeAt(i) - 65;
      let j = i + 1;
      while (j < s.length && !(s.charCodeAt(j) >= 65 && s.charCodeAt(j) <= 90)) j++;
      prev = prev.slice(0, shared) + s.slice(i + 1, j);
      all.push(prev);
      i = j;
    }
  }
  const rnd = seeded(42);
  const alpha = all.filter((w) => /^[a-z]{4,}$/.test(w));
  const pick = () => alpha[Math.floor(rnd() * alpha.length)];
  const qs = [];
  for (let i = 0; i < 60; i++) qs.push({ q: pick(), kind: "word" });
  for (let i = 0; i < 20; i++) qs.push({ q: pick() + " " + pick(), kind: "two words" });
  for (let i = 0; i < 10; i++) { const w = pick(); qs.push({ q: w.slice(0, Math.max(3, w.length - 3)), kind: "prefix", typing: true }); }
  const long = alpha.filter((w) => w.length >= 9);
  for (let i = 0; i < 10 && long.length; i++) {
    const w = long[Math.floor(rnd() * long.length)];
    const k = 2 + Math.floor(rnd() * (w.length - 3));
    qs.push({ q: w.slice(0, k) + w.slice(k + 1), kind: "typo" });
  }
  return qs;
}
let queries;
const qfile = opt("--queries", null);
if (qfile) {
  const list = JSON.parse(fs.readFileSync(qfile, "utf8"));
  queries = (Array.isArray(list) ? list : list.queries).map((x) => (typeof x === "string" ? { q: x, kind: "given" } : { q: x.query, kind: x.category || "given" }));
} else queries = sampleQueries();

function pct(arr, p) {
  const s = arr.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

/* ---- cold bytes ---- */
const coldRaw = [], coldGz = [];
for (const q of queries) {
  const ctx = freshClient();
  const loaded = new Set();
  let r = 0, g = 0;
  const load = (n) => { if (loaded.has(n)) return; loaded.add(n); const f = file(n); r += f.raw; g += f.gz; vm.runInContext(f.src, ctx); };
  load("index-0.js");
  for (let round = 0; round < 8; round++) {
    const res = ctx.__kwSearch.query(q.q, { typing: !!q.typing, limit: 10 });
    if (!res.missing.length) break;
    res.missing.forEach(load);
  }
  coldRaw.push(r + client.length);
  coldGz.push(g + clientGz);
}
console.log("bytes before the first result (" + queries.length + " queries, client included):");
console.log("  gzip: median " + kb(pct(coldGz, 0.5)) + ", p95 " + kb(pct(coldGz, 0.95)) + ", max " + kb(Math.max(...coldGz)));
console.log("  raw:  median " + kb(pct(coldRaw, 0.5)) + ", p95 " + kb(pct(coldRaw, 0.95)) + ", max " + kb(Math.max(...coldRaw)));

/* ---- warm latency ---- */
const warm = freshClient();
for (const n of names) vm.runInContext(file(n).src, warm);
for (const q of queries) warm.__kwSearch.query(q.q, { typing: !!q.typing }); // warm caches
const times = [];
const kinds = {};
for (let run = 0; run < runs; run++) {
  for (const q of queries) {
    const t0 = process.hrtime.bigint();
    warm.__kwSearch.query(q.q, { typing: !!q.typing, limit: 10 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    times.push(ms);
    (kinds[q.kind] = kinds[q.kind] || []).push(ms);
  }
}
console.log("warm query latency (Node, " + times.length + " runs): median " + pct(times, 0.5).toFixed(2) + " ms, p95 " + pct(times, 0.95).toFixed(2) + " ms, max " + Math.max(...times).toFixed(2) + " ms");
for (const k of Object.keys(kinds)) {
  console.log("  " + k.padEnd(10) + " median " + pct(kinds[k], 0.5).toFixed(2) + " ms, p95 " + pct(kinds[k], 0.95).toFixed(2) + " ms");
}
