#!/usr/bin/env node
/* Warm query latency in headless Chromium (issue 5: p95 <= 20 ms at 3,000 pages).
 *
 *   node tests/search/chromium-latency.js PUBLIC_DIR [--runs N]
 *
 * Opens PUBLIC_DIR/zoeken/index.html from file://, loads every part a query needs through
 * window.__kwSearch.search (the browser's own lazy loading), then times window.__kwSearch.query
 * (pure, synchronous) N times per query with performance.now(). Queries: single words, two-word
 * queries, prefixes and typos taken from the index's own titles, plus a few fixed Dutch queries.
 * Needs tests/browser's npm packages (playwright-core) and Debian's chromium.
 */
"use strict";
const path = require("path");
const { execSync } = require("child_process");
const dir = path.resolve(process.argv[2] || "public");
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? parseInt(process.argv[runsArg + 1], 10) : 20;
const { chromium } = require(path.join(__dirname, "../browser/node_modules/playwright-core"));

(async () => {
  const browser = await chromium.launch({
    executablePath: execSync("command -v chromium", { shell: "/bin/bash" }).toString().trim(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("file://" + path.join(dir, "zoeken/index.html"));
  const result = await page.evaluate(async (runs) => {
    const S = window.__kwSearch;
    const fixed = ["mensenhandel", "wie bel ik", "gemeente", "advies", "ondersteuning wijkteam", "subsdie", "ouder"];
    const words = [];
    const first = await S.search("de");
    (first.results || []).slice(0, 40).forEach((r) => r.title.split(/\s+/).forEach((w) => w.length > 3 && words.push(w.toLowerCase())));
    const queries = fixed.slice();
    for (let i = 0; i < words.length && queries.length < 60; i += 3) {
      const w = words[i];
      queries.push(w, w.slice(0, Math.max(3, w.length - 3)), w.slice(0, 2) + w.slice(3), w + " " + (words[i + 1] || ""));
    }
    for (const q of queries) await S.search(q);
    const times = [];
    for (const q of queries) for (let k = 0; k < runs; k++) {
      const t = performance.now();
      S.query(q);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { queries: queries.length, n: times.length, median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1] };
  }, runs);
  console.log(`warm query latency in Chromium, ${result.queries} queries × ${runs}: median ${result.median.toFixed(2)} ms, p95 ${result.p95.toFixed(2)} ms, max ${result.max.toFixed(2)} ms`);
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
