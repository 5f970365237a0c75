#!/usr/bin/env node
// Builds pkg/ (the npm package) from the Rust crate and pkg-template/:
// cargo (wasm32, release, scripts/shipped-build.mjs) -> wasm-bindgen --target web and --target nodejs -> wasm-opt -Oz
// -> entries (one per runtime, exports from scripts/exports.mjs), types and package.json from pkg-template/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GLUE_EXPORTS, SERVER_ONLY_EXPORTS, ERROR_EXPORTS, GLUE_INTERNAL } from './exports.mjs';
import { buildShippedWasm } from './shipped-build.mjs';

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
  const inputs = ['src', 'pkg-template', 'Cargo.toml', 'Cargo.lock', 'scripts/build.mjs', 'scripts/exports.mjs', 'scripts/shipped-build.mjs', 'sandbox', 'scripts/build-sandbox.mjs'].map((p) => join(root, p));
  if (statSync(join(pkg, 'package.json')).mtimeMs > Math.max(...inputs.map(newest))) {
    console.log('pkg/ is up to date');
    process.exit(0);
  }
}

const version = /^version\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, 'Cargo.toml'), 'utf8'))[1];
console.log(`building enkash-rewards ${version}`);
// Two builds: the browser's without default features: no `encryption` (it needs the client
// secret, which never belongs in a browser); Node's with every default feature. Otherwise
// the two run the same code. Both compiled as scripts/shipped-build.mjs says (pinned nightly,
// std rebuilt, panics as bare traps), each in its own target directory.
const wasmFor = {};
for (const [dir, features] of [['web', ['--no-default-features']], ['node', []]]) {
  wasmFor[dir] = buildShippedWasm(root, { features, targetDir: join(root, `target/shipped-${dir}`) });
}

rmSync(pkg, { recursive: true, force: true });
// web/: the browser build, --target web (ESM, streamed from its own .wasm file).
// worker/: the full build, --target web, for workers and edge runtimes (the .wasm imported as a module).
// node/: the full build twice: the worker glue as ESM (node/enkash_rewards.mjs) and --target nodejs
// as CommonJS, both fed the same wasm bytes by node/wasm-bytes.cjs: the .wasm file beside it, or
// the same bytes from a base64 module inside bundles (see pkg-template/node/wasm-bytes.cjs).
const wasmOpt = join(root, 'node_modules/.bin/wasm-opt');
for (const [target, dir, wasm] of [['web', 'web', wasmFor.web], ['web', 'worker', wasmFor.node], ['nodejs', 'node', wasmFor.node]]) {
  run('wasm-bindgen', ['--target', target, '--out-dir', join(pkg, dir), '--out-name', 'enkash_rewards', wasm]);
  const out = join(pkg, dir, 'enkash_rewards_bg.wasm');
  // The browser's: no inlining of a function bigger than 20 bytes just because it has one
  // caller (by default -Oz inlines each method's body into its wasm-bindgen shim): 45 KB less
  // after gzip, 11 KB more raw (bench/README.md, size levers). Node and worker share one wasm: -Oz.
  const inlining = dir === 'web' ? ['--one-caller-inline-max-function-size=20'] : [];
  if (existsSync(wasmOpt)) run(wasmOpt, ['-Oz', ...inlining, '--strip-debug', '--strip-producers', '-o', out, out]);
  else console.warn('wasm-opt not found (npm install first): the wasm is not optimised');
  rmSync(join(pkg, dir, 'enkash_rewards_bg.wasm.d.ts'), { force: true });
}

/** `text` with `from` replaced once by `to`; the build stops if the glue no longer has `from`. */
const patch = (file, text, from, to) => {
  if (!text.includes(from)) throw new Error(`build.mjs: ${file} no longer contains ${JSON.stringify(from)}: update the patch`);
  return text.replace(from, to);
};
const read = (f) => readFileSync(join(pkg, f), 'utf8');

// The glue must export exactly the list of scripts/exports.mjs (plus the server-only pair for the full build).
for (const [dir, want] of [['web', GLUE_EXPORTS], ['worker', [...GLUE_EXPORTS, ...SERVER_ONLY_EXPORTS]]]) {
  const have = [...read(`${dir}/enkash_rewards.js`).matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1]).filter((n) => !GLUE_INTERNAL.test(n));
  const missing = have.filter((n) => !want.includes(n));
  const gone = want.filter((n) => !have.includes(n));
  if (missing.length || gone.length) {
    throw new Error(`build.mjs: the ${dir} glue's exports differ from scripts/exports.mjs: not listed ${JSON.stringify(missing)}, listed but absent ${JSON.stringify(gone)}`);
  }
}

// One wasm for both Node glues: the two wasm-bindgen runs must give the same module.
const builtWasm = readFileSync(join(pkg, 'node/enkash_rewards_bg.wasm'));
if (!builtWasm.equals(readFileSync(join(pkg, 'worker/enkash_rewards_bg.wasm')))) {
  throw new Error('build.mjs: wasm-bindgen gave different wasm for --target web and --target nodejs: node/ would need a base64 module of each');
}
// The Node wasm ends with a custom section (which WebAssembly ignores) holding the SHA-256 of
// the module before it: the build's id, read by wasm-bytes.cjs from the file's last 32 bytes.
// Another build, even of the same length, has another id; checking it costs a 32-byte compare.
const BUILD_ID_SECTION = Buffer.from('enkash-rewards.build-id');
const buildId = createHash('sha256').update(builtWasm).digest();
const sectionBody = Buffer.concat([Buffer.from([BUILD_ID_SECTION.length]), BUILD_ID_SECTION, buildId]);
// Custom section: id 0, then its size and the name's length as LEB128 (one byte each here: both < 128).
if (sectionBody.length >= 128) throw new Error('build.mjs: the build-id section needs a longer size field');
const nodeWasm = Buffer.concat([builtWasm, Buffer.from([0, sectionBody.length]), sectionBody]);
writeFileSync(join(pkg, 'node/enkash_rewards_bg.wasm'), nodeWasm);
// node/enkash_rewards_bg.wasm stays: plain Node, Deno, Bun and Jest read it (one file read, the
// fast start). In JavaScript (base64), the same wasm travels with the code through any bundler
// (Next.js, webpack, Turbopack, esbuild, Rollup): no loader, no copy step, no file path to
// rewrite; loaded only where the file is not beside the entry (over 1 MB of JS: 10 to 40 ms).
writeFileSync(
  join(pkg, 'node/enkash_rewards_bg.wasm.cjs'),
  `'use strict';\n// The Node build's wasm module (${nodeWasm.length} bytes), base64.\nmodule.exports = '${nodeWasm.toString('base64')}';\n`,
);
// wasm-bytes.cjs takes the file only if it is this build's: its length, and its last 32 bytes
// (the build id above).
let wasmBytesCjs = readFileSync(join(tpl, 'node/wasm-bytes.cjs'), 'utf8');
wasmBytesCjs = patch('node/wasm-bytes.cjs', wasmBytesCjs, '/* __WASM_LENGTH__ */ 0', String(nodeWasm.length));
wasmBytesCjs = patch('node/wasm-bytes.cjs', wasmBytesCjs, '/* __WASM_BUILD_ID__ */ []', JSON.stringify([...buildId]));
writeFileSync(join(pkg, 'node/wasm-bytes.cjs'), wasmBytesCjs);

// The generated types use Symbol.dispose (`using`). Declared here instead of referencing lib
// "esnext.disposable", which TypeScript before 5.2 does not have; the same merged property
// as the lib's on 5.2+, so `using` still types there.
const disposable =
  '// Symbol.dispose, for TypeScript before 5.2 (5.2+ merges this with its lib esnext.disposable).\n' +
  'declare global {\n  interface SymbolConstructor {\n    readonly dispose: unique symbol;\n  }\n}\n';
for (const f of ['web/enkash_rewards.d.ts', 'worker/enkash_rewards.d.ts', 'node/enkash_rewards.d.ts']) {
  writeFileSync(join(pkg, f), disposable + read(f));
}

// A WebAssembly.Module made in another realm (Next.js runs edge code in a vm context and
// injects the module compiled outside it) fails `instanceof WebAssembly.Module`, and the glue
// would then try to compile it as bytes: recognise it by its tag instead.
writeFileSync(
  join(pkg, 'worker/enkash_rewards.js'),
  patch(
    'worker glue',
    read('worker/enkash_rewards.js'),
    'if (!(module instanceof WebAssembly.Module)) {',
    "if (Object.prototype.toString.call(module) !== '[object WebAssembly.Module]') {",
  ),
);
// The worker glue's async init would fetch its wasm from new URL('enkash_rewards_bg.wasm',
// import.meta.url): never used (the worker and Node ESM entries call initSync), but bundlers
// follow it (Turbopack fails on it where no such file is, webpack emits a second copy). Gone.
writeFileSync(
  join(pkg, 'worker/enkash_rewards.js'),
  patch(
    'worker glue',
    read('worker/enkash_rewards.js'),
    "module_or_path = new URL('enkash_rewards_bg.wasm', import.meta.url);",
    "throw new Error('enkash-rewards: this build is initialised by its package entry');",
  ),
);

// Node CommonJS glue: .cjs inside a "type": "module" package; TextDecoder/TextEncoder from
// node:util (test environments such as Jest's jsdom lack the globals); the wasm bytes from
// wasm-bytes.cjs (the file beside it, or base64 inside bundles), never a bare file read.
const selfTypes = (name) => `/* @ts-self-types="./${name}" */`;
let cjsGlue = read('node/enkash_rewards.js').replace(selfTypes('enkash_rewards.d.ts'), '');
cjsGlue = "const { TextDecoder, TextEncoder } = require('node:util');\n" + cjsGlue;
cjsGlue = patch(
  'node glue',
  cjsGlue,
  "const wasmPath = `${__dirname}/enkash_rewards_bg.wasm`;\nconst wasmBytes = require('fs').readFileSync(wasmPath);",
  "const wasmBytes = require('./wasm-bytes.cjs')((base64) => require('node:buffer').Buffer.from(base64, 'base64'));",
);
writeFileSync(join(pkg, 'node/enkash_rewards.cjs'), cjsGlue);
rmSync(join(pkg, 'node/enkash_rewards.js'));
writeFileSync(join(pkg, 'node/enkash_rewards.d.cts'), read('node/enkash_rewards.d.ts').replace(selfTypes('enkash_rewards.d.ts'), ''));
rmSync(join(pkg, 'node/enkash_rewards.d.ts'));
// Node ESM glue: the worker glue, with TextDecoder/TextEncoder from node:util.
writeFileSync(
  join(pkg, 'node/enkash_rewards.mjs'),
  "import { TextDecoder, TextEncoder } from 'node:util';\n" +
    patch('worker glue', read('worker/enkash_rewards.js'), selfTypes('enkash_rewards.d.ts'), selfTypes('enkash_rewards.d.mts')),
);
writeFileSync(join(pkg, 'node/enkash_rewards.d.mts'), read('worker/enkash_rewards.d.ts'));

// Error class: one source, in ESM (browser, worker, Node ESM) and CommonJS (Node require).
const errorJs = readFileSync(join(tpl, 'error.js'), 'utf8');
const errorDts = readFileSync(join(tpl, 'error.d.ts'), 'utf8');
for (const [js, dts, glue] of [['web/error.js', 'web/error.d.ts', './enkash_rewards.js'], ['worker/error.js', 'worker/error.d.ts', './enkash_rewards.js'], ['node/error.mjs', 'node/error.d.mts', './enkash_rewards.mjs']]) {
  writeFileSync(join(pkg, js), errorJs);
  writeFileSync(join(pkg, dts), errorDts.replace('__GLUE__', glue));
}
writeFileSync(
  join(pkg, 'node/error.cjs'),
  "'use strict';\n" + errorJs.replace(/^export (class|function) /gm, '$1 ') + `\nmodule.exports = { ${ERROR_EXPORTS.join(', ')}, guardExports };\n`,
);
writeFileSync(join(pkg, 'node/error.d.cts'), errorDts.replace('__GLUE__', './enkash_rewards.cjs'));

// Entries: each template loads the wasm its own way and ends with /* __EXPORTS__ */, written
// here from scripts/exports.mjs.
const valueExports = (server) => [...GLUE_EXPORTS, ...(server ? SERVER_ONLY_EXPORTS : [])];
const esmExports = (server) => `export const { ${valueExports(server).join(', ')} } = api;\nexport { ${ERROR_EXPORTS.join(', ')} };\n`;
const cjsExports = (server) => `module.exports = {\n${[...valueExports(server).map((n) => `  ${n}: api.${n},`), ...ERROR_EXPORTS.map((n) => `  ${n},`)].join('\n')}\n};\n`;
for (const [from, to, exportsCode] of [
  ['web/index.js', 'web/index.js', esmExports(false)],
  ['worker/index.js', 'worker/index.js', esmExports(true)],
  ['node/index.mjs', 'node/index.mjs', esmExports(true)],
  ['node/index.cjs', 'node/index.cjs', cjsExports(true)],
]) {
  writeFileSync(join(pkg, to), patch(from, readFileSync(join(tpl, from), 'utf8'), '/* __EXPORTS__ */\n', exportsCode));
}
const entryDts = readFileSync(join(tpl, 'entry.d.ts'), 'utf8');
const entry = (glue, error, server) =>
  patch('entry.d.ts', entryDts, '/* __VALUE_EXPORTS__ */', `export { ${valueExports(server).join(', ')} } from '__GLUE__';`)
    .replaceAll('__GLUE__', glue)
    .replaceAll('__ERROR__', error);
writeFileSync(join(pkg, 'web/index.d.ts'), entry('./enkash_rewards.js', './error.js', false));
writeFileSync(join(pkg, 'worker/index.d.ts'), entry('./enkash_rewards.js', './error.js', true));
writeFileSync(join(pkg, 'node/index.d.cts'), entry('./enkash_rewards.cjs', './error.cjs', true));
writeFileSync(join(pkg, 'node/index.d.mts'), entry('./enkash_rewards.mjs', './error.mjs', true));

cpSync(join(tpl, 'README.md'), join(pkg, 'README.md'));
cpSync(join(tpl, 'bin'), join(pkg, 'bin'), { recursive: true });
run(process.execPath, [join(root, 'scripts/build-sandbox.mjs'), pkg]);
// Written last: its time stamp marks a complete build for --if-needed.
writeFileSync(join(pkg, 'package.json'), readFileSync(join(tpl, 'package.json'), 'utf8').replace('__VERSION__', version));
console.log(`pkg/ ready (enkash-rewards ${version})`);
