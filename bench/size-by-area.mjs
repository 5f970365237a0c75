#!/usr/bin/env node
// Where the bytes of the browser wasm go, by area: the browser build (--no-default-features),
// built again with symbol names kept (v0 mangling, which names the types generic code is
// made for), through wasm-bindgen --target web and the same wasm-opt flags with `-g` (keep
// the name section), then `twiggy top` (cargo install twiggy). Every item (function, data
// segment) is put in one area by its name; the name section itself, which the shipped wasm
// does not have, is left out.
//
// Alone: node bench/size-by-area.mjs [--markdown]. `npm run bench` calls sizeByArea().
// The build goes to target/size-by-area/ (cargo rebuilds only what changed).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildShippedWasm } from '../scripts/shipped-build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// As in scripts/build.mjs for web/ (the result is checked against the shipped wasm's size).
const WEB_WASM_OPT = ['-Oz', '--one-caller-inline-max-function-size=20'];
const work = join(root, 'target/size-by-area');

// The crate's modules, from src/ (a name like `enkash_rewards::spawn` is a function of lib.rs
// or wasm/mod.rs, not a module).
const moduleNames = (dir) => readdirSync(dir).filter((f) => f.endsWith('.rs') && f !== 'mod.rs' && f !== 'lib.rs').map((f) => f.slice(0, -3));
const MODULES = new Set(moduleNames(join(root, 'src')));
// The folders of src/ (ARCHITECTURE.md), each named as its area: an area's models and its
// endpoints count for the area (`models/allocation`, `api/allocation` → `allocation`), the
// request path for `client`, the bulk engine for `bulk`, the transport contract for `http`.
const filesOf = (dir) => new Set(existsSync(join(root, 'src', dir)) ? moduleNames(join(root, 'src', dir)) : []);
const inFolder = (dir, otherwise) => {
  const files = filesOf(dir);
  return (sub) => (sub && files.has(sub) ? sub : otherwise);
};
const FOLDERS = {
  models: inFolder('models', 'models'),
  api: inFolder('api', 'api'),
  wire: inFolder('wire', 'wire'),
  client: () => 'client',
  bulk: (sub) => (sub === 'reference' ? 'reference' : 'bulk'),
  transport: (sub) => (sub === 'native' ? 'native' : 'http'),
};
const WASM_MODULES = new Set(existsSync(join(root, 'src/wasm')) ? moduleNames(join(root, 'src/wasm')) : []);
// Modules whose types are the models of the wire (requests and answers): generic code made
// for one of their types (derived serde code, the reader's instances for it) counts there.
const INFRASTRUCTURE = new Set(['de', 'spell', 'client', 'input', 'fetch', 'http', 'retry', 'redact', 'keys', 'secret', 'crypto', 'native', 'wasm']);
const SERDE = /serde|Deserializ|Serializ|Visitor|__Field|from_value|MapAccess|SeqAccess/;
const NAMES_ONLY = /^"[a-z ]+ names?" subsection$|^custom section 'name'|^custom section 'producers'/;

/** Strips rustc's hashes: `::h0123…` suffixes and `crate[0123…]` disambiguators. */
const clean = (name) => name.replace(/::h[0-9a-f]{16}/g, '').replace(/\[[0-9a-f]{8,16}\]/g, '');

/** The SDK module (`bulk`, `wasm`, `wasm/bulk`...) of each `enkash_rewards::` path in `name`. */
function sdkModules(name) {
  const found = [];
  for (const m of name.matchAll(/enkash_rewards::(\w+)(?:::(\w+))?/g)) {
    if (m[1] === 'wasm') found.push(WASM_MODULES.has(m[2]) ? `wasm/${m[2]}` : 'wasm');
    else if (FOLDERS[m[1]]) found.push(FOLDERS[m[1]](m[2]));
    else found.push(MODULES.has(m[1]) ? m[1] : 'lib');
  }
  return found;
}

const CRATES = {
  serde_json: 'serde_json (untyped: Value, reader, writer)',
  serde: 'serde (generic)',
  serde_core: 'serde (generic)',
  csv: 'csv',
  csv_core: 'csv',
  sha2: 'sha2',
  digest: 'sha2',
  block_buffer: 'sha2',
  slab: 'futures (wasm-bindgen-futures, futures-util)',
  wasm_bindgen: 'wasm-bindgen runtime, js-sys, web-sys',
  js_sys: 'wasm-bindgen runtime, js-sys, web-sys',
  web_sys: 'wasm-bindgen runtime, js-sys, web-sys',
  tsify: 'wasm-bindgen runtime, js-sys, web-sys',
  wasm_bindgen_futures: 'futures (wasm-bindgen-futures, futures-util)',
  futures_util: 'futures (wasm-bindgen-futures, futures-util)',
  futures_core: 'futures (wasm-bindgen-futures, futures-util)',
  futures_channel: 'futures (wasm-bindgen-futures, futures-util)',
  futures_task: 'futures (wasm-bindgen-futures, futures-util)',
  dlmalloc: 'allocator (dlmalloc)',
  __rustc: 'allocator (dlmalloc)',
  hashbrown: 'std/alloc: collections',
  rustc_hash: 'std/alloc: collections',
  strsim: 'strsim (closest-name suggestions)',
  base64: 'base64',
  form_urlencoded: 'form_urlencoded',
  percent_encoding: 'form_urlencoded',
  memchr: 'memchr',
  zmij: 'formatting (core::fmt, number printing and parsing)',
  ryu: 'formatting (core::fmt, number printing and parsing)',
  itoa: 'formatting (core::fmt, number printing and parsing)',
  thiserror: 'SDK: error.rs',
};

/** The area of one twiggy item, from its (cleaned) name. */
export function areaOf(name) {
  if (name.startsWith('data segment')) return 'data: strings and tables (.rodata)';
  if (/^code\[\d+\]$/.test(name)) return 'unnamed functions (made by wasm-opt: merged or outlined code)';
  if (!name.includes('::') && / externref shim|multivalue shim$|^(enkashclient|redemptionclient|pageiterator|outcomescsvwriter)_/.test(name)) {
    return 'exported method shims (wasm-bindgen)';
  }
  if (!name.includes('::') && /^(import |export |elem\[|table\[|type\[|global\[|memory\[|"|custom section|[a-z]+ section headers?|code section)/.test(name)) {
    return 'wasm structure (types, imports, exports, tables, headers)';
  }
  const sdk = sdkModules(name);
  if (sdk.length) {
    const models = sdk.filter((m) => !INFRASTRUCTURE.has(m) && !m.startsWith('wasm'));
    if (SERDE.test(name) && models.length) return `serde for ${models[models.length - 1]}.rs types (derives, typed reading, serde_json)`;
    const own = sdk[0];
    if (own === 'de') return 'path-tracking reader (de.rs, its generic part)';
    if (own === 'wasm') {
      if (/^enkash_rewards::wasm::spawn::/.test(name)) return 'JS-facing layer: one future per method (wasm::spawn::<…>)';
      if (/^enkash_rewards::wasm::(input|\w+_from_js)\b/.test(name)) return 'JS-facing layer: reading and checking requests from JS (wasm::input::<…>, *_from_js)';
      return 'JS-facing layer: wasm/mod.rs, the rest (answers to JS, token provider, hooks, errors)';
    }
    if (own.startsWith('wasm/')) return `JS-facing layer: ${own}.rs`;
    return `SDK: ${own}.rs`;
  }
  // Library code: the first crate named in the path (`<u64 as core::fmt::Display>` is core's).
  const crate = /(?:^|[<&\s(,])(?:mut |dyn |const )?([a-z_][a-z0-9_]*)::/.exec(name)?.[1];
  if (crate && CRATES[crate]) return CRATES[crate];
  if (/^__wbindgen|^__wbg|^__externref|^__wbg_/.test(name)) return 'wasm-bindgen runtime, js-sys, web-sys';
  if (/^(__rust_|__rg_|__rdl_|__rdl|__rg)/.test(name)) return 'allocator (dlmalloc)';
  if (!crate || /^(core|alloc|std)$/.test(crate)) {
    if (/::fmt|flt2dec|dec2flt|Display|Debug|Formatter|float_to|fmt::|FromStr|parse::</.test(name)) return 'formatting (core::fmt, number printing and parsing)';
    if (/panick|panic|::rt::|backtrace|abort/.test(name)) return 'panics (std; never reached)';
    if (/alloc::alloc|raw_vec|RawVec|__rust_alloc/.test(name)) return 'allocator (dlmalloc)';
    if (/collections|btree|hash|vec_deque|BTree|HashMap/.test(name)) return 'std/alloc: collections';
    if (/::str::|::unicode::|::char::|String|^<str|^<char|string/.test(name)) return 'std/alloc: strings and Unicode';
    return 'std/alloc: other (iterators, slices, vec, memcpy)';
  }
  return `other: ${crate}`;
}

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28, ...opts });
}

/** Builds the named browser wasm and returns the table (areas, biggest first). */
export function sizeByArea({ shippedWasm = join(root, 'node_modules/enkash-rewards/web/enkash_rewards_bg.wasm') } = {}) {
  try {
    run('twiggy', ['--version']);
  } catch {
    return { error: 'twiggy is not installed (cargo install twiggy): no table' };
  }
  // The shipped build's compiler and flags (scripts/shipped-build.mjs), with v0 symbol names.
  const wasm = buildShippedWasm(root, { features: ['--no-default-features'], targetDir: join(work, 'cargo'), rustflags: '-C symbol-mangling-version=v0' });
  const out = join(work, 'bindgen');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  run('wasm-bindgen', ['--target', 'web', '--out-dir', out, '--out-name', 'enkash_rewards', wasm]);
  const named = join(out, 'named.wasm');
  const stripped = join(out, 'stripped.wasm');
  const wasmOpt = join(root, 'node_modules/.bin/wasm-opt');
  // The flags of the browser build in scripts/build.mjs, plus -g.
  run(wasmOpt, [...WEB_WASM_OPT, '-g', '--strip-producers', '-o', named, join(out, 'enkash_rewards_bg.wasm')]);
  run(wasmOpt, ['--strip-debug', '-o', stripped, named]);
  const items = JSON.parse(run('twiggy', ['top', '-n', '1000000', '-f', 'json', named]));
  const byArea = new Map();
  let total = 0;
  for (const item of items) {
    const name = clean(item.name);
    // The name section: in this build only, not in the shipped wasm.
    if (NAMES_ONLY.test(name)) continue;
    const area = areaOf(name);
    const a = byArea.get(area) ?? { area, bytes: 0, items: 0, biggest: null };
    a.bytes += item.shallow_size;
    a.items += 1;
    if (!a.biggest || item.shallow_size > a.biggest.bytes) a.biggest = { name, bytes: item.shallow_size };
    byArea.set(area, a);
    total += item.shallow_size;
  }
  const shipped = readFileSync(shippedWasm);
  const strippedBytes = readFileSync(stripped);
  const gzip = gzipSync(shipped, { level: 9 }).length;
  const areas = [...byArea.values()].sort((x, y) => y.bytes - x.bytes).map((a) => ({ ...a, share: a.bytes / total, gzipEstimate: Math.round((a.bytes / total) * gzip) }));
  // Names and v0 mangling change the code by a few hundred bytes at most; more means the
  // flags here no longer match scripts/build.mjs.
  const drift = Math.abs(strippedBytes.length - shipped.length) / shipped.length;
  if (drift > 0.01) console.warn(`bench/size-by-area.mjs: the named build, stripped, is ${strippedBytes.length} bytes, the shipped wasm ${shipped.length}: do the wasm-opt flags still match scripts/build.mjs?`);
  return { total, namedBuildStripped: strippedBytes.length, shippedRaw: shipped.length, shippedGzip: gzip, areas };
}

const KB = (n) => `${(n / 1024).toFixed(1)} KB`;
const short = (s, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The family of an area, for the short table. */
export function familyOf(area) {
  if (area.startsWith('serde for ')) return 'serde for the models (derives, typed reading, serde_json instances), all modules';
  if (area.startsWith('JS-facing layer')) return 'JS-facing layer (src/wasm/)';
  if (area.startsWith('SDK: ') || area.startsWith('path-tracking')) return 'SDK logic (the other modules, the reader)';
  if (area.startsWith('data:')) return area;
  if (/^(formatting|std\/alloc|allocator|panics)/.test(area)) return 'Rust std: formatting, strings, collections, allocator, panics';
  if (/^(exported method shims|wasm structure|unnamed)/.test(area)) return 'wasm-bindgen export shims, module structure, unnamed';
  return 'dependencies: serde_json, serde, csv, sha2, futures, wasm-bindgen runtime, others';
}

/** The table as markdown, for bench/README.md. */
export function areaTable(r) {
  if (r.error) return r.error;
  const families = new Map();
  for (const a of r.areas) families.set(familyOf(a.area), (families.get(familyOf(a.area)) ?? 0) + a.bytes);
  const rows = [
    `Browser wasm: ${KB(r.shippedRaw)} raw, ${KB(r.shippedGzip)} gzip -9 (the same build with names kept, names removed again: ${KB(r.namedBuildStripped)}).`,
    '',
    '| family | bytes | share | ≈ gzip |',
    '| --- | ---: | ---: | ---: |',
    ...[...families].sort((x, y) => y[1] - x[1]).map(([f, bytes]) => `| ${f} | ${bytes.toLocaleString('en-US')} | ${((bytes / r.total) * 100).toFixed(1)} % | ${KB((bytes / r.total) * r.shippedGzip)} |`),
    '',
    'Each area:',
    '',
    '| area | bytes | share | ≈ gzip | items | biggest item |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...r.areas.map((a) => `| ${a.area} | ${a.bytes.toLocaleString('en-US')} | ${(a.share * 100).toFixed(1)} % | ${KB(a.gzipEstimate)} | ${a.items} | \`${short(a.biggest.name).replaceAll('|', '\\|').replaceAll('`', "'")}\` (${a.biggest.bytes.toLocaleString('en-US')}) |`),
  ];
  return rows.join('\n');
}

/** The top areas as text lines, for `npm run bench`. */
export function printAreas(r, top = 12) {
  if (r.error) return console.log(`  where the bytes go: ${r.error}`);
  console.log(`  where the browser wasm's bytes go (twiggy, by area; "≈ gzip" is the share of ${KB(r.shippedGzip)}):`);
  for (const a of r.areas.slice(0, top)) console.log(`    ${(a.share * 100).toFixed(1).padStart(5)} %  ${KB(a.bytes).padStart(9)}  ≈ ${KB(a.gzipEstimate).padStart(8)} gzip  ${a.area}`);
  const rest = r.areas.slice(top);
  if (rest.length) console.log(`    ${((rest.reduce((n, a) => n + a.share, 0)) * 100).toFixed(1).padStart(5)} %  the ${rest.length} other areas (bench/README.md has them all)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = sizeByArea();
  if (process.argv.includes('--markdown')) console.log(areaTable(r));
  else printAreas(r, 100);
}
