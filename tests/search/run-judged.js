#!/usr/bin/env node
/* Judged Dutch queries against a built site.
 *
 *   node tests/search/run-judged.js public [queries.json] [--verbose]
 *
 * Loads themes/default/static/js/search.js (or public/js/search.js) and every
 * file of public/zoeken/ into a vm context, then runs each query of
 * tests/search/queries.json through window.__kwSearch.query (the same pure
 * function the browser uses) and checks that `expect` (a URL prefix) is in
 * the top 5 (a result is a page: its best section or one of the sections
 * shown under it) and, for traps, that `not` is not. A query with nothing
 * found may name `suggest` (a word "Bedoelde je …?" must offer) and `help`
 * (a URL prefix among the routes and checklists offered). Prints hit@5 per
 * category.
 * Also checks that the client's stemmer gives every indexed word the key the
 * Rust indexer gave it, and that the first five results of every query are
 * five distinct pages (or all the pages found, when fewer).
 *
 * Exit status: 0 when every query passes (issue #18: all judged queries pass),
 * no trap hit and the pages are distinct; 1 otherwise; 2 on usage errors. Node only, no dependencies.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const pos = args.filter((a) => !a.startsWith("--"));
if (pos.length < 1) {
  console.error("usage: node tests/search/run-judged.js PUBLIC_DIR [QUERIES_JSON] [--verbose]");
  process.exit(2);
}
const pub = path.resolve(pos[0]);
const queriesFile = path.resolve(pos[1] || path.join(__dirname, "queries.json"));
const TOP = 5;

function findClient() {
  // KW_SEARCH_CLIENT: another client to compare (e.g. the one before a change)
  if (process.env.KW_SEARCH_CLIENT) return path.resolve(process.env.KW_SEARCH_CLIENT);
  const cands = [
    path.join(__dirname, "..", "..", "themes", "default", "static", "js", "search.js"),
    path.join(pub, "js", "search.js"),
  ];
  for (const c of cands) if (fs.existsSync(c)) return c;
  console.error("search.js not found in " + cands.join(" or "));
  process.exit(2);
}

/* Load the client and all index files into a fresh context; return the API. */
function loadSearch(pubDir) {
  const ctx = { console: console, Math: Math };
  ctx.window = ctx;
  vm.createContext(ctx);
  const client = findClient();
  vm.runInContext(fs.readFileSync(client, "utf8"), ctx, { filename: client });
  const dir = path.join(pubDir, "zoeken");
  const first = path.join(dir, "index-0.js");
  if (!fs.existsSync(first)) {
    console.error("no search index at " + first + " (build the site first)");
    process.exit(2);
  }
  vm.runInContext(fs.readFileSync(first, "utf8"), ctx, { filename: first });
  const api = ctx.__kwSearch;
  // the meta part names every other file
  const files = new Set();
  const src = fs.readFileSync(first, "utf8");
  const m = /"files":(\[[^\]]*\])/.exec(src);
  if (m) for (const f of JSON.parse(m[1])) files.add(f);
  files.delete("index-0.js");
  for (const f of files) {
    const p = path.join(dir, f);
    vm.runInContext(fs.readFileSync(p, "utf8"), ctx, { filename: p });
  }
  return { api, ctx, dir, files: ["index-0.js", ...files] };
}

/* Every variant's JS stem must equal the key the indexer filed it under. */
function checkStems(loaded) {
  const { ctx, dir, files } = loaded;
  const bad = [];
  let n = 0;
  const collect = { t: [] };
  const shim = { register: (kind, i, data) => { if (kind === "t") collect.t.push(data); } };
  const c2 = { window: null };
  c2.window = c2;
  c2.__kwSearch = shim;
  vm.createContext(c2);
  for (const f of files) vm.runInContext(fs.readFileSync(path.join(dir, f), "utf8"), c2);
  for (const part of collect.t) {
    for (const e of ctx.__kwSearch.parseShard(part)) {
      for (const v of e.vars) {
        n++;
        const s = ctx.__kwSearch.stem(v.term);
        if (s !== e.key) bad.push(v.term + " -> js " + s + " / rust " + e.key);
      }
    }
  }
  return { n, bad };
}

function main() {
  const loaded = loadSearch(pub);
  const api = loaded.api;
  const stems = checkStems(loaded);
  if (stems.bad.length) {
    console.log("stemmer mismatch between search.js and the index on " + stems.bad.length + " of " + stems.n + " words:");
    stems.bad.slice(0, 20).forEach((b) => console.log("  " + b));
  } else {
    console.log("stemmer: search.js agrees with the index on all " + stems.n + " words");
  }

  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  const list = Array.isArray(queries) ? queries : queries.queries;
  const cats = {};
  let hits = 0, trapHits = 0, total = 0;
  const failures = [];
  const notDistinct = [];
  for (const q of list) {
    const r = api.query(q.query, { limit: TOP });
    if (r.missing.length) {
      console.error("query '" + q.query + "' needs files that were not loaded: " + r.missing.join(", "));
      process.exit(2);
    }
    const urls = r.results.map((x) => x.url);
    // every URL a reader sees in the top 5: the pages and the sections under them
    const shown = [];
    r.results.forEach((x) => { shown.push(x.url); (x.subs || []).forEach((y) => shown.push(y.url)); });
    const okExpect = q.expect ? shown.some((u) => u.startsWith(q.expect)) : true;
    const trapHit = q.not ? shown.some((u) => u.startsWith(q.not)) : false;
    const okSuggest = q.suggest ? (r.suggestions || []).some((x) => x.word === q.suggest) : true;
    const okHelp = q.help ? (r.help || []).some((x) => x.url.startsWith(q.help)) : true;
    const pagesTop = new Set(urls.map((u) => u.split("#")[0]));
    const distinct = pagesTop.size === urls.length && urls.length === Math.min(TOP, r.total);
    if (!distinct) notDistinct.push(JSON.stringify(q.query) + ": " + urls.join(", ") + " (" + r.total + " pages)");
    const ok = okExpect && !trapHit && okSuggest && okHelp;
    const c = (cats[q.category] = cats[q.category] || { n: 0, hit: 0 });
    c.n++; total++;
    if (ok) { c.hit++; hits++; }
    if (trapHit) trapHits++;
    if (!ok || verbose) {
      const line = (ok ? "  ok   " : "  FAIL ") + "[" + q.category + "] " + JSON.stringify(q.query) +
        (q.expect ? " expect " + q.expect : "") + (q.not ? " not " + q.not : "") +
        (q.suggest ? " suggest " + q.suggest : "") + (q.help ? " help " + q.help : "") +
        "\n         top: " + urls.map((u, i) => u + " (" + r.results[i].match + ")").join(", ") +
        (r.total === 0 ? "\n         nothing found; suggestions: " + (r.suggestions || []).map((x) => x.word).join(", ") +
          "; help: " + (r.help || []).map((x) => x.url).join(", ") : "");
      if (!ok) failures.push(line); else console.log(line);
    }
  }
  failures.forEach((l) => console.log(l));
  console.log("");
  console.log("category      queries  hit@5");
  Object.keys(cats).sort().forEach((k) => {
    const c = cats[k];
    console.log(k.padEnd(13) + String(c.n).padStart(8) + "  " + (c.hit / c.n).toFixed(2));
  });
  const overall = total ? hits / total : 0;
  console.log("overall".padEnd(13) + String(total).padStart(8) + "  " + overall.toFixed(2));
  console.log("trap hits: " + trapHits);
  console.log(hits + " passed, " + (total - hits) + " failed");
  if (notDistinct.length) {
    console.log("first five results not five distinct pages on " + notDistinct.length + " queries:");
    notDistinct.forEach((l) => console.log("  " + l));
  } else {
    console.log("distinct pages: the first five results of all " + total + " queries are distinct pages");
  }
  const fail = hits < total || trapHits > 0 || stems.bad.length > 0 || notDistinct.length > 0;
  process.exit(fail ? 1 : 0);
}

main();
