// Shared helpers for the ketenwijzer browser suite (node --test, playwright-core, axe-core).
//
// - repo root, release binary, building a site into a temp dir
// - serving a built site over HTTP on 127.0.0.1 (`ketenwijzer serve` when it exists, else a tiny
//   Node static server): see serveSite()
// - launching Debian's chromium headless (no browser download)
// - listing every HTML page of an output dir, mapping pages to file:// and http:// URLs
// - watching a page for console errors, failed requests and requests to another origin
// - running axe-core (WCAG 2.1 A + AA tags) with axe-core's own axe.min.js
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const net = require('node:net');
const { execFileSync, execSync, spawn } = require('node:child_process');
const { pathToFileURL } = require('node:url');

const REPO = path.resolve(__dirname, '..', '..');
const BUNDLED_ROOT = REPO;
const FIXTURE_GOOD = path.join(REPO, 'tests', 'fixtures', 'good');

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// ---------------------------------------------------------------------------------------------
// The generator

let binPath = null;

/** Newest modification time (ms) of the files the binary is built from; the theme is embedded. */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    let st;
    try { st = fs.statSync(p); } catch { return; }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['src', 'themes', 'starter', 'build.rs', 'Cargo.toml', 'Cargo.lock']) visit(path.join(REPO, p));
  return newest;
}

/** Path of the release binary, built with `cargo build --release -q` when it is missing or older
 *  than the sources (so a run of several test files builds at most once). KETENWIJZER_BIN names
 *  a binary to use as it is. */
function ketenwijzer() {
  if (binPath) return binPath;
  if (process.env.KETENWIJZER_BIN) {
    binPath = path.resolve(process.env.KETENWIJZER_BIN);
  } else {
    binPath = path.join(REPO, 'target', 'release', 'ketenwijzer');
    let fresh = false;
    try { fresh = fs.statSync(binPath).mtimeMs >= newestSource(); } catch { fresh = false; }
    if (!fresh) execFileSync('cargo', ['build', '--release', '-q'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  if (!fs.existsSync(binPath)) throw new Error(`ketenwijzer binary not found at ${binPath}`);
  return binPath;
}

/** A fresh temp dir, removed when the process exits. */
function tempDir(prefix = 'kw-browser-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Build the site at `root` into `out` (default: a new temp dir). Returns the output dir. */
function buildSite(root, out = path.join(tempDir(), 'public')) {
  const bin = ketenwijzer();
  try {
    execFileSync(bin, ['build', '--root', root, '--out', out], { cwd: REPO, stdio: 'pipe' });
  } catch (e) {
    throw new Error(`ketenwijzer build --root ${root} failed:\n${e.stdout}${e.stderr}`);
  }
  return out;
}

let serveKnown = null;
/** Does this binary have the `serve` command? (`ketenwijzer --help` lists it.) */
function hasServe() {
  if (process.env.KETENWIJZER_NODE_SERVER) return false; // force the Node server (debugging)
  if (serveKnown === null) {
    const help = execFileSync(ketenwijzer(), ['--help'], { encoding: 'utf8' });
    serveKnown = /^\s+serve\b/m.test(help);
  }
  return serveKnown;
}

// ---------------------------------------------------------------------------------------------
// HTTP

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.vcf': 'text/vcard; charset=utf-8',
};

/** Minimal static server for `dir` on 127.0.0.1:port (stand-in until `ketenwijzer serve` exists).
 *  With `prefix` ('/mensenhandel/') the site is also reachable below that path, as when deployed
 *  at base_url. A missing file gets 404.html with status 404, like a real web host. */
function nodeStaticServer(dir, port, { prefix = '/' } = {}) {
  const rootDir = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let rel;
    try { rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname); } catch { rel = null; }
    if (rel !== null && prefix !== '/' && rel.startsWith(prefix)) rel = '/' + rel.slice(prefix.length);
    let file = rel === null ? null : path.join(rootDir, path.normalize(rel));
    if (file && !(file === rootDir || file.startsWith(rootDir + path.sep))) file = null;
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    let status = 200;
    if (!file || !fs.existsSync(file)) {
      status = 404;
      file = path.join(rootDir, '404.html');
      if (!fs.existsSync(file)) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('niet gevonden');
        return;
      }
    }
    res.writeHead(status, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Serve `outDir` with the Node server below `prefix` (e.g. the base_url path), for pages such as
 *  404.html whose links start from the site's base path. Returns { url, close }; url ends in '/'. */
async function serveAtPath(outDir, prefix) {
  const port = await freePort();
  const server = await nodeStaticServer(outDir, port, { prefix });
  return {
    url: `http://127.0.0.1:${port}${prefix}`, kind: 'node static server at ' + prefix,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The absolute base path a page's links start from (its `data-root`, e.g. '/mensenhandel/'),
 *  or null when its links are relative (every page except 404.html). */
function absoluteRoot(outDir, rel) {
  const head = fs.readFileSync(path.join(outDir, rel), 'utf8').slice(0, 2000);
  const m = head.match(/<html[^>]*\sdata-root="(\/[^"]*)"/);
  return m ? m[1] : null;
}

async function waitForHttp(url, ms, child) {
  const end = Date.now() + ms;
  let lastErr;
  while (Date.now() < end) {
    if (child && child.exitCode !== null) throw new Error(`ketenwijzer serve exited with ${child.exitCode}`);
    try {
      const status = await new Promise((resolve, reject) => {
        const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
        req.on('error', reject);
        req.setTimeout(2000, () => req.destroy(new Error('timeout')));
      });
      if (status < 500) return;
    } catch (e) { lastErr = e; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${ms} ms: ${lastErr}`);
}

/**
 * Serve a site over HTTP on 127.0.0.1 and return { url, close }. `url` ends in '/'.
 * With `ketenwijzer serve` (listed by `ketenwijzer --help`) it runs
 * `ketenwijzer serve --root ROOT --port PORT` on the site source `root`; otherwise it serves the
 * already built `outDir` with a tiny Node server.
 */
async function serveSite({ root, outDir }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  if (hasServe()) {
    const child = spawn(ketenwijzer(), ['serve', '--root', root, '--port', String(port)], {
      cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d) => { log += d; });
    child.stderr.on('data', (d) => { log += d; });
    const kill = () => { if (child.exitCode === null) child.kill('SIGTERM'); };
    process.on('exit', kill);
    try {
      await waitForHttp(url, 60000, child);
    } catch (e) {
      kill();
      throw new Error(`${e.message}\n${log}`);
    }
    return {
      url, kind: 'ketenwijzer serve',
      close: () => new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        kill();
      }),
    };
  }
  const server = await nodeStaticServer(outDir, port);
  return { url, kind: 'node static server', close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// ---------------------------------------------------------------------------------------------
// Pages

/** Every HTML file under `outDir`, as sorted paths relative to it with '/' separators. */
function listPages(outDir) {
  const pages = [];
  (function walk(dir) {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile() && ent.name.endsWith('.html')) pages.push(path.relative(outDir, p).split(path.sep).join('/'));
    }
  })(outDir);
  return pages.sort();
}

/** The file:// URL of page `rel` (e.g. 'signalen/werk/index.html') in `outDir`. */
function fileUrl(outDir, rel) {
  return pathToFileURL(path.join(outDir, rel)).href;
}

/** The http:// URL of page `rel` under server base `base` ('.../x/index.html' → '.../x/'). */
function httpUrl(base, rel) {
  return base + rel.replace(/(^|\/)index\.html$/, '$1');
}

/** Requests that stay on the site: file://, data:/blob: (in-page, no network) or 127.0.0.1. */
function isLocalUrl(u) {
  if (u.startsWith('file://') || u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return true;
  try { return new URL(u).hostname === '127.0.0.1'; } catch { return false; }
}

/**
 * Watch `page` for problems. Returns an object whose arrays fill while the page lives:
 * consoleErrors (console.error and uncaught exceptions), failedRequests (network errors and
 * HTTP status >= 400) and externalRequests (any request that is not file:// or to 127.0.0.1).
 */
function watchPage(page, { expect404 = null } = {}) {
  const w = { consoleErrors: [], failedRequests: [], externalRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url || '?';
    // Chromium logs the 404 of a 404 page itself; that one is expected.
    if (expect404 && where === expect404 && /status of 404/.test(msg.text())) return;
    w.consoleErrors.push(`console.error: ${msg.text()} (${where})`);
  });
  page.on('pageerror', (err) => w.consoleErrors.push(`uncaught: ${err.message}`));
  page.on('request', (req) => { if (!isLocalUrl(req.url())) w.externalRequests.push(req.url()); });
  page.on('requestfailed', (req) => {
    const why = req.failure() ? req.failure().errorText : 'failed';
    // An aborted EventSource (live reload) at navigation is not an error of the page.
    if (why === 'net::ERR_ABORTED' && req.url().includes('__livereload')) return;
    w.failedRequests.push(`${req.url()}: ${why}`);
  });
  // The page's own status is checked by open(); this catches every other request.
  page.on('response', (res) => {
    if (res.status() >= 400 && !res.request().isNavigationRequest()) w.failedRequests.push(`${res.url()}: HTTP ${res.status()}`);
  });
  w.problems = () => [
    ...w.consoleErrors,
    ...w.failedRequests.map((s) => `failed request ${s}`),
    ...w.externalRequests.map((s) => `request to another origin: ${s}`),
  ];
  return w;
}

// ---------------------------------------------------------------------------------------------
// Browser and axe

/** Absolute path of Debian's chromium (`command -v chromium`), or $CHROMIUM. */
function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try {
    return execSync('command -v chromium', { encoding: 'utf8', shell: '/bin/sh' }).trim();
  } catch {
    throw new Error('chromium not found: apt-get update && apt-get install -y chromium');
  }
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

/**
 * browser.newContext(options), plus one route: `ketenwijzer serve`'s live-reload stream
 * (GET /__livereload, a dev-only Server-Sent Events stream that serve injects into every page) is
 * answered with 204 No Content, which tells EventSource to stop. Each open stream holds one of
 * serve's connection threads for as long as the page lives, which makes serve's connection stalls
 * (README.md, "Known problems") far more frequent; the published site never has the stream.
 */
async function newContext(browser, options) {
  const context = await browser.newContext(options);
  await context.route(/\/__livereload(\?.*)?$/, (route) => route.fulfill({ status: 204, body: '' }));
  return context;
}

let axeSource = null;
/** Run axe (WCAG 2.0/2.1 A and AA) on `page` (which must come from browser.newContext()).
 *  From file:// axe's CSSOM preload (an XHR for every stylesheet) is refused by Chromium and would
 *  log console errors of axe's own making, so it is turned off there; over HTTP it runs. */
async function runAxe(page) {
  const { AxeBuilder } = require('@axe-core/playwright');
  if (!axeSource) axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const options = { resultTypes: ['violations'] };
  if (page.url().startsWith('file:')) options.preload = false;
  const results = await new AxeBuilder({ page, axeSource }).withTags(AXE_TAGS).options(options).setLegacyMode(true).analyze();
  return results.violations;
}

/** Violations as readable lines: rule, impact, help and the first few offending nodes. */
function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ')}`);
    const more = v.nodes.length > 5 ? [`    … and ${v.nodes.length - 5} more`] : [];
    return [`  ${v.id} (${v.impact}): ${v.help}`, ...nodes, ...more].join('\n');
  }).join('\n');
}

/** Go to `url` and wait until it has loaded and its deferred scripts ran. A page that does not
 *  load in time fails with the requests that were still open. */
async function open(page, url, { status = 200, timeout = 30000 } = {}) {
  const pending = new Set();
  const add = (r) => pending.add(r);
  const done = (r) => pending.delete(r);
  page.on('request', add);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  let res;
  try {
    res = await page.goto(url, { waitUntil: 'load', timeout });
  } catch (e) {
    const open = [...pending].map((r) => r.url());
    throw new Error(`${e.message.split('\n')[0]}\n  still open: ${open.join(', ') || 'none'}`);
  } finally {
    page.off('request', add);
    page.off('requestfinished', done);
    page.off('requestfailed', done);
  }
  if (res && res.url().startsWith('http') && res.status() !== status) throw new Error(`${url}: HTTP ${res.status()}`);
  return res;
}

/** Run `fn(item)` over `items` with at most `limit` at a time. */
async function pool(items, limit, fn) {
  const queue = items.slice();
  const workers = Array.from({ length: Math.min(limit, queue.length) }, async () => {
    while (queue.length) await fn(queue.shift());
  });
  await Promise.all(workers);
}

module.exports = {
  REPO, BUNDLED_ROOT, FIXTURE_GOOD, AXE_TAGS, CHROMIUM_ARGS,
  ketenwijzer, tempDir, buildSite, hasServe, serveSite, serveAtPath, absoluteRoot, freePort,
  listPages, fileUrl, httpUrl, isLocalUrl, watchPage,
  chromiumPath, launchBrowser, newContext, runAxe, formatViolations, open, pool,
};
