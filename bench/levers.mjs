#!/usr/bin/env node
// Size levers for the browser wasm, each measured as the only change against the build as it
// was before issue 12 (--no-default-features, wasm-bindgen --target web, then wasm-opt -Oz;
// web/ now adds --one-caller-inline-max-function-size=20, found here).
// Not part of `npm run bench` (the cargo and nightly variants rebuild everything); run by hand:
//
//   node bench/levers.mjs wasm-opt   wasm-opt flags, on the cargo output of the last
//                                    `node scripts/build.mjs` (no rebuild; about a minute)
//   node bench/levers.mjs cargo      profile and rustc-flag variants on the stable compiler (a
//                                    release build each, in target/levers/, so target/ of the
//                                    shipped build is untouched)
//   node bench/levers.mjs nightly    std rebuilt with -Z build-std (and immediate abort, and
//                                    optimize_for_size) on NIGHTLY (default: the toolchain
//                                    pinned in scripts/shipped-build.mjs, which setup.sh
//                                    installs with rust-src). The shipped build is the last
//                                    variant.
//
// Prints one line per variant (raw and gzip -9 of the final wasm, and the change against the
// baseline) and writes them to bench/levers.json, which keeps every group's last results.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOLCHAIN } from '../scripts/shipped-build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = join(root, 'target/levers');
const wasmOpt = join(root, 'node_modules/.bin/wasm-opt');
const SHIPPED_OPT = ['-Oz'];
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...opts });

function measure(file) {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length };
}

/** wasm-bindgen --target web on a cargo output; returns the glue's wasm (not yet optimised). */
function bindgen(cargoWasm, name) {
  const out = join(scratch, 'bindgen', name);
  rmSync(out, { recursive: true, force: true });
  run('wasm-bindgen', ['--target', 'web', '--out-dir', out, '--out-name', 'enkash_rewards', cargoWasm]);
  return join(out, 'enkash_rewards_bg.wasm');
}

function optimise(input, name, flags) {
  const out = join(scratch, 'opt', `${name}.wasm`);
  mkdirSync(dirname(out), { recursive: true });
  run(wasmOpt, [...flags, '--strip-debug', '--strip-producers', '-o', out, input]);
  return measure(out);
}

/** One cargo build of the browser wasm with extra env / arguments, in its own target dir. */
function cargoBuild(name, { env = {}, toolchain, args = [], targetDir = name } = {}) {
  const dir = join(scratch, 'cargo', targetDir);
  const t = Date.now();
  run('cargo', [...(toolchain ? [`+${toolchain}`] : []), 'build', '--quiet', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--no-default-features', ...args], {
    env: { ...process.env, CARGO_TARGET_DIR: dir, ...env },
  });
  console.log(`  (${name}: built in ${((Date.now() - t) / 1000).toFixed(0)} s)`);
  return join(dir, 'wasm32-unknown-unknown/release/enkash_rewards.wasm');
}

const KB = (n) => `${(n / 1024).toFixed(1)} KB`;
const results = [];
let base;
function report(name, what, size) {
  if (!base) base = size;
  const d = (a, b) => `${a - b >= 0 ? '+' : '−'}${KB(Math.abs(a - b))}`;
  const row = { name, what, ...size, rawChange: size.raw - base.raw, gzipChange: size.gzip - base.gzip, brotliChange: size.brotli - base.brotli };
  results.push(row);
  console.log(`${name.padEnd(26)} ${KB(size.raw).padStart(10)} raw ${KB(size.gzip).padStart(9)} gzip   ${d(size.raw, base.raw).padStart(9)} raw ${d(size.gzip, base.gzip).padStart(9)} gzip ${d(size.brotli, base.brotli).padStart(9)} brotli   ${what}`);
}

const group = process.argv[2];
mkdirSync(scratch, { recursive: true });
if (group === 'wasm-opt') {
  const cargoWasm = join(root, 'target/shipped-web/wasm32-unknown-unknown/release/enkash_rewards.wasm');
  if (!existsSync(cargoWasm)) throw new Error('run `node scripts/build.mjs` first: it leaves the browser build at ' + cargoWasm);
  const input = bindgen(cargoWasm, 'shipped');
  report('-Oz', 'the baseline: the flags of every build before issue 12', optimise(input, 'oz', SHIPPED_OPT));
  report('no wasm-opt', 'wasm-bindgen output, names and debug sections stripped only', optimise(input, 'none', []));
  for (const [name, flags, what] of [
    ['-Os', ['-Os'], 'size with fewer size-only passes'],
    ['-O3', ['-O3'], 'speed'],
    ['-O4', ['-O4'], 'speed, more passes'],
    ['-Oz --converge', ['-Oz', '--converge'], 'repeat -Oz until nothing shrinks'],
    ['-Oz -Oz', ['-Oz', '-Oz'], 'the -Oz pipeline twice'],
    ['-Oz --gufa', ['--gufa', '-Oz'], 'whole-program type/value flow first'],
    ['-Oz --flatten --rereloop', ['--flatten', '--rereloop', '-Oz'], 'restructure control flow, then -Oz'],
    ['-Oz -iit', ['-Oz', '--ignore-implicit-traps'], 'assume loads/divisions never trap (not kept: changes behaviour if one would)'],
    ['-Oz -tnh', ['-Oz', '--traps-never-happen'], 'assume no trap is reached, panics included (not kept: unsafe)'],
    ['-Oz --enable-* (explicit)', ['-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-multivalue', '--enable-reference-types'], 'features stated instead of detected'],
    ['-Oz --low-memory-unused', ['-Oz', '--low-memory-unused'], 'fold small constant addresses into load/store offsets'],
    ['-Oz, one-caller inlining ≤ 0', ['-Oz', '--one-caller-inline-max-function-size=0'], 'no inlining just because a function has one caller'],
    ['-Oz, one-caller inlining ≤ 20', ['-Oz', '--one-caller-inline-max-function-size=20'], 'only small one-caller functions inlined (adopted for web/)'],
    ['-Oz, one-caller inlining ≤ 100', ['-Oz', '--one-caller-inline-max-function-size=100'], ''],
    ['-Os, one-caller inlining ≤ 0', ['-Os', '--one-caller-inline-max-function-size=0'], ''],
    ['-O1', ['-O1'], 'few passes, little inlining'],
  ].filter(([name]) => process.argv.length <= 3 || process.argv.slice(3).includes(name))) {
    report(name, what, optimise(input, name.replace(/[^\w]+/g, '_'), flags));
  }
} else if (group === 'cargo') {
  const variants = [
    ['shipped profile', {}, 'opt-level "z", LTO, codegen-units 1, panic abort'],
    ['opt-level "s"', { env: { CARGO_PROFILE_RELEASE_OPT_LEVEL: 's' } }, ''],
    ['opt-level 3', { env: { CARGO_PROFILE_RELEASE_OPT_LEVEL: '3' } }, ''],
    ['strip = true', { env: { CARGO_PROFILE_RELEASE_STRIP: 'true' }, targetDir: 'shipped profile' }, 'only the link step changes'],
    ['codegen-units 16', { env: { CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '16' } }, ''],
    ['lto = "thin"', { env: { CARGO_PROFILE_RELEASE_LTO: 'thin' } }, ''],
    ['+simd128', { env: { RUSTFLAGS: '-C target-feature=+simd128' } }, 'not kept whatever it gives: Safari before 16.4 lacks SIMD'],
  ];
  const only = process.argv.slice(3);
  for (const [name, opts, what] of variants) {
    if (only.length && !only.includes(name) && name !== 'shipped profile') continue;
    const wasm = cargoBuild(name.replace(/[^\w]+/g, '_'), { ...opts, targetDir: (opts.targetDir ?? name).replace(/[^\w]+/g, '_') });
    report(name, what, optimise(bindgen(wasm, name.replace(/[^\w]+/g, '_')), name.replace(/[^\w]+/g, '_'), SHIPPED_OPT));
  }
} else if (group === 'nightly') {
  const toolchain = process.env.NIGHTLY ?? TOOLCHAIN;
  console.log(`toolchain: ${execFileSync('rustc', [`+${toolchain}`, '--version'], { encoding: 'utf8' }).trim()}`);
  const std = ['-Z', 'build-std=std,panic_abort'];
  // Since late 2025, immediate abort is a panic strategy of its own (it was the std feature
  // `panic_immediate_abort` before): the panic machinery and its message formatting are gone,
  // a panic is a bare `unreachable` trap.
  // RUSTFLAGS come after the profile's `-C panic=abort`, and the last one wins.
  const immediate = { env: { RUSTFLAGS: '-Zunstable-options -Cpanic=immediate-abort' } };
  const variants = [
    ['nightly, shipped profile', {}, 'the same build on the nightly compiler (the baseline of this group)'],
    ['nightly, build-std', { args: std }, 'std rebuilt with the profile (opt-level "z", LTO across std)'],
    ['+ optimize_for_size', { args: [...std, '-Z', 'build-std-features=optimize_for_size'] }, 'std\'s smaller variants (sorting, formatting)'],
    ['+ immediate abort', { ...immediate, args: [...std] }, 'panic=immediate-abort'],
    ['+ both', { ...immediate, args: [...std, '-Z', 'build-std-features=optimize_for_size'] }, 'panic=immediate-abort and optimize_for_size'],
  ];
  for (const [name, opts, what] of variants) {
    const id = name.replace(/[^\w]+/g, '_');
    try {
      const wasm = cargoBuild(id, { toolchain, ...opts });
      report(name, what, optimise(bindgen(wasm, id), id, SHIPPED_OPT));
    } catch (e) {
      console.log(`${name}: build failed (${e.message.split('\n')[0]})`);
    }
  }
} else {
  console.error('usage: node bench/levers.mjs wasm-opt | cargo [variant...] | nightly');
  process.exit(2);
}
const file = join(root, 'bench/levers.json');
const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
all[group] = { date: new Date().toISOString(), results };
writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
