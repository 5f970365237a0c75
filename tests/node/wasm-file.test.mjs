// Where the Node entries take their wasm: the installed package (from the packed tarball) has
// node/enkash_rewards_bg.wasm, and both entries (ESM, CommonJS) read it instead of loading the
// base64 module (1.3 MB of JS, slow to load); with the file missing, cut short or another
// build's, both still work, from the base64 module. Each case runs in a fresh Node process and
// looks at which package files the module cache holds (no timing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocation } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const installed = join(root, 'node_modules/enkash-rewards');
const BASE64 = 'node/enkash_rewards_bg.wasm.cjs';
const WASM = 'node/enkash_rewards_bg.wasm';
const wasm = () => readFileSync(join(installed, WASM));

// Loads the package the given way in a fresh process in `cwd`, validates a good and a bad
// allocation (the wasm runs), and reports the package's node/ files in the module cache.
const load = {
  esm: "const m = await import('enkash-rewards');",
  cjs: "const m = (await import('node:module')).createRequire(process.cwd() + '/')('enkash-rewards');",
};
function loadIn(cwd, how) {
  const good = JSON.stringify(allocation());
  const bad = JSON.stringify(allocation({ email: 'not an email' }));
  const script = `${load[how]}
const cache = (await import('node:module')).createRequire(process.cwd() + '/').cache;
const files = Object.keys(cache).filter((f) => f.includes('enkash-rewards')).map((f) => f.replaceAll('\\\\', '/').replace(/^.*\\/enkash-rewards\\//, ''));
console.log(JSON.stringify({ files, good: m.validateAllocation(${good}), bad: m.validateAllocation(${bad}).map((p) => p.field) }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8', timeout: 30_000 });
  const result = JSON.parse(out.trim().split('\n').pop());
  // The wasm works whichever way it came: a valid request passes, a bad email is named.
  assert.deepEqual(result.good, [], `${how}: a valid allocation passes`);
  assert.deepEqual(result.bad, ['email'], `${how}: the bad email is refused`);
  return result.files;
}

test('the Node wasm ends with its build id: the SHA-256 of the module before it, in a custom section', () => {
  const bytes = wasm();
  const name = Buffer.from('enkash-rewards.build-id');
  const module = bytes.subarray(0, bytes.length - 2 - 1 - name.length - 32);
  const section = bytes.subarray(module.length);
  assert.deepEqual([...section.subarray(0, 3)], [0, 1 + name.length + 32, name.length], 'a custom section, its size and name length');
  assert.ok(section.subarray(3, 3 + name.length).equals(name), 'named enkash-rewards.build-id');
  assert.ok(section.subarray(3 + name.length).equals(createHash('sha256').update(module).digest()), 'holding the SHA-256 of the module');
  assert.ok(WebAssembly.validate(bytes), 'still a valid module');
});

test('the installed package ships node/enkash_rewards_bg.wasm, the same bytes as the base64 module', () => {
  assert.ok(existsSync(join(installed, WASM)), `${WASM} is in the packed package`);
  const base64 = readFileSync(join(installed, BASE64), 'utf8');
  const carried = Buffer.from(/module\.exports = '([^']+)'/.exec(base64)[1], 'base64');
  assert.ok(carried.equals(readFileSync(join(installed, WASM))), 'the file and the base64 module hold the same wasm');
});

for (const how of ['esm', 'cjs']) {
  test(`plain Node (${how}): the entry reads the .wasm file and never loads the base64 module`, () => {
    const files = loadIn(root, how);
    assert.ok(!files.includes(BASE64), `${how}: ${BASE64} was loaded although ${WASM} is there (${files})`);
    assert.ok(files.includes('node/wasm-bytes.cjs'), `${how}: the bytes come through wasm-bytes.cjs (${files})`);
  });
}

// A copy of the installed package in a directory of its own, its .wasm file changed.
let scratch;
before(() => (scratch = mkdtempSync(join(tmpdir(), 'enkash-wasm-file-'))));
after(() => rmSync(scratch, { recursive: true, force: true }));

const CASES = {
  'missing': (file) => rmSync(file),
  'cut short': (file) => writeFileSync(file, wasm().subarray(0, wasm().length >> 1)),
  'with bytes appended': (file) => writeFileSync(file, Buffer.concat([wasm(), Buffer.from([0, 0, 0, 0])])),
  'empty': (file) => writeFileSync(file, ''),
  // Another build's wasm: the browser build (another length), and the same length with the last byte changed.
  "the browser build's": (file) => cpSync(join(installed, 'web/enkash_rewards_bg.wasm'), file),
  'as long, other bytes': (file) => {
    const bytes = Buffer.from(wasm());
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(file, bytes);
  },
  // Another build of the same length, as build.mjs would make it: one byte in the middle of the
  // code changed (the length is the same, so only the build id tells the builds apart), and its own build id.
  'another build of the same length': (file) => {
    const ID = 32;
    const bytes = Buffer.from(wasm());
    const module = bytes.subarray(0, bytes.length - ID - 2 - 1 - 'enkash-rewards.build-id'.length);
    const at = (module.length >> 1) + 7;
    module[at] ^= 0x01;
    createHash('sha256').update(module).digest().copy(bytes, bytes.length - ID);
    writeFileSync(file, bytes);
  },
};
for (const [name, spoil] of Object.entries(CASES)) {
  test(`the .wasm file ${name}: both entries still work, from the base64 module`, () => {
    const cwd = join(scratch, name.replace(/\W+/g, '-'));
    const copy = join(cwd, 'node_modules/enkash-rewards');
    cpSync(installed, copy, { recursive: true });
    spoil(join(copy, WASM));
    assert.ok(!existsSync(join(copy, WASM)) || !readFileSync(join(copy, WASM)).equals(wasm()), 'the copy has another .wasm file');
    for (const how of ['esm', 'cjs']) {
      const files = loadIn(cwd, how);
      assert.ok(files.includes(BASE64), `${how}: the base64 module was loaded (${files})`);
    }
  });
}

// The base64 copy is checked too: another build's wasm there (a partial or mixed install) is
// refused with a clear error at load, instead of running under this build's glue.
test("another build's wasm in the base64 module: both entries refuse to load, saying why", () => {
  const cwd = join(scratch, 'foreign-base64');
  const copy = join(cwd, 'node_modules/enkash-rewards');
  cpSync(installed, copy, { recursive: true });
  rmSync(join(copy, WASM));
  const foreign = readFileSync(join(installed, 'web/enkash_rewards_bg.wasm')).toString('base64');
  writeFileSync(join(copy, BASE64), `'use strict';\nmodule.exports = '${foreign}';\n`);
  for (const how of ['esm', 'cjs']) {
    let message = '';
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', `${load[how]} console.log('loaded');`], { cwd, encoding: 'utf8', timeout: 30_000, stdio: 'pipe' });
    } catch (e) {
      message = String(e.stderr);
    }
    assert.match(message, /not the wasm of this build/, `${how}: the foreign wasm is refused by name`);
  }
});
