#!/usr/bin/env node
// Builds pkg/ (the npm package) from the Rust crate and pkg-template/:
// cargo (wasm32, release) -> wasm-bindgen --target web and --target nodejs -> wasm-opt -Oz
// -> entry shims, types and package.json from pkg-template/.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'pkg');
const tpl = join(root, 'pkg-template');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

// --if-needed: skip when pkg/ is newer than every input (the demo's fast path).
const newest = (path) => {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
};
if (process.argv.includes('--if-needed') && existsSync(join(pkg, 'package.json'))) {
  const inputs = ['src', 'pkg-template', 'Cargo.toml', 'Cargo.lock', 'scripts/build.mjs'].map((p) => join(root, p));
  if (statSync(join(pkg, 'package.json')).mtimeMs > Math.max(...inputs.map(newest))) {
    console.log('pkg/ is up to date');
    process.exit(0);
  }
}

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
console.log(`building enkash-rewards ${version}`);
// Two builds: the browser's without default features: no `encryption` (it needs the client
// secret, which never belongs in a browser) and no `fast-paths` (same results, more code:
// size matters more there); Node's with every default feature.
const built = join(root, 'target/wasm32-unknown-unknown/release/enkash_rewards.wasm');
const wasmFor = {};
for (const [dir, features] of [['web', ['--no-default-features']], ['node', []]]) {
  run('cargo', ['build', '--quiet', '--lib', '--release', '--target', 'wasm32-unknown-unknown', ...features]);
  wasmFor[dir] = join(root, `target/wasm32-unknown-unknown/release/enkash_rewards.${dir}.wasm`);
  cpSync(built, wasmFor[dir]);
}

rmSync(pkg, { recursive: true, force: true });
for (const [target, dir] of [['web', 'web'], ['nodejs', 'node']]) {
  run('wasm-bindgen', ['--target', target, '--out-dir', join(pkg, dir), '--out-name', 'enkash_rewards', wasmFor[dir]]);
  const out = join(pkg, dir, 'enkash_rewards_bg.wasm');
  const wasmOpt = join(root, 'node_modules/.bin/wasm-opt');
  if (existsSync(wasmOpt)) run(wasmOpt, ['-Oz', '--strip-debug', '--strip-producers', '-o', out, out]);
  else console.warn('wasm-opt not found (npm install first): the wasm is not optimised');
  rmSync(join(pkg, dir, 'enkash_rewards_bg.wasm.d.ts'), { force: true });
}

// The generated types use Symbol.dispose: make them self-sufficient for consumers on older libs.
const disposable = '/// <reference lib="esnext.disposable" />\n';
for (const f of ['web/enkash_rewards.d.ts', 'node/enkash_rewards.d.ts']) {
  writeFileSync(join(pkg, f), disposable + readFileSync(join(pkg, f), 'utf8'));
}

// Node: the glue is CommonJS inside a "type": "module" package, so it becomes .cjs.
renameSync(join(pkg, 'node/enkash_rewards.js'), join(pkg, 'node/enkash_rewards.cjs'));
const nodeTypes = readFileSync(join(pkg, 'node/enkash_rewards.d.ts'), 'utf8').replace('/* @ts-self-types="./enkash_rewards.d.ts" */', '');
writeFileSync(join(pkg, 'node/enkash_rewards.d.cts'), nodeTypes);
rmSync(join(pkg, 'node/enkash_rewards.d.ts'));
const cjsGlue = join(pkg, 'node/enkash_rewards.cjs');
writeFileSync(cjsGlue, readFileSync(cjsGlue, 'utf8').replace('/* @ts-self-types="./enkash_rewards.d.ts" */', ''));

// Error class: one source, in ESM for the browser and CommonJS for Node.
const errorJs = readFileSync(join(tpl, 'error.js'), 'utf8');
writeFileSync(join(pkg, 'web/error.js'), errorJs);
writeFileSync(
  join(pkg, 'node/error.cjs'),
  "'use strict';\n" + errorJs.replace(/^export (class|function) /gm, '$1 ') + '\nmodule.exports = { EnKashError, isEnKashError, guardExports };\n',
);
const errorDts = readFileSync(join(tpl, 'error.d.ts'), 'utf8');
writeFileSync(join(pkg, 'web/error.d.ts'), errorDts.replace('__GLUE__', './enkash_rewards.js'));
writeFileSync(join(pkg, 'node/error.d.cts'), errorDts.replace('__GLUE__', './enkash_rewards.cjs'));

// Entries and their types.
cpSync(join(tpl, 'web/index.js'), join(pkg, 'web/index.js'));
cpSync(join(tpl, 'node/index.cjs'), join(pkg, 'node/index.cjs'));
cpSync(join(tpl, 'node/index.mjs'), join(pkg, 'node/index.mjs'));
const entryDts = readFileSync(join(tpl, 'entry.d.ts'), 'utf8');
const entry = (glue, error, nodeOnly) =>
  entryDts.replaceAll('__GLUE__', glue).replaceAll('__ERROR__', error).replace('__NODE_ONLY__', nodeOnly ? ', encryptPayload, decryptPayload' : '');
writeFileSync(join(pkg, 'web/index.d.ts'), entry('./enkash_rewards.js', './error.js', false));
writeFileSync(join(pkg, 'node/index.d.cts'), entry('./enkash_rewards.cjs', './error.cjs', true));
writeFileSync(join(pkg, 'node/index.d.mts'), entry('./enkash_rewards.cjs', './error.cjs', true));

cpSync(join(tpl, 'README.md'), join(pkg, 'README.md'));
cpSync(join(tpl, 'bin'), join(pkg, 'bin'), { recursive: true });
run(process.execPath, [join(root, 'scripts/build-sandbox.mjs'), pkg]);
// Written last: its time stamp marks a complete build for --if-needed.
writeFileSync(join(pkg, 'package.json'), readFileSync(join(tpl, 'package.json'), 'utf8').replace('__VERSION__', version));
console.log(`pkg/ ready (enkash-rewards ${version})`);
