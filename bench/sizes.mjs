// Sizes of what each package entry loads: the entry file and every file it reaches through
// relative imports, requires and `new URL('./…', import.meta.url)` (how the web entry fetches
// its wasm), followed from the installed package. Each file is compressed on its own, as a
// server sends it (gzip -9, brotli 11), and the figures are summed.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { dirname, join, relative } from 'node:path';

const REFERENCES = [
  /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  /\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g,
  /\brequire\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  /\bnew URL\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
];

/** Every file `entry` loads (itself included), relative to `dir`, in the order first reached. */
export function entryFiles(dir, entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    const path = join(dir, file);
    if (!existsSync(path)) throw new Error(`bench/sizes.mjs: ${file} is referenced but not in ${dir}`);
    seen.add(file);
    if (!/\.(m|c)?js$/.test(file)) return;
    const text = readFileSync(path, 'utf8');
    for (const re of REFERENCES) {
      for (const m of text.matchAll(re)) {
        // `?module` (the worker entry's wasm import) names the same file.
        visit(relative(dir, join(dirname(path), m[1].replace(/\?.*$/, ''))));
      }
    }
  };
  visit(entry);
  return [...seen];
}

const gzip = (b) => gzipSync(b, { level: 9 }).length;
const brotli = (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** raw / gzip / brotli of the files `entry` loads; `wasm` and `js` split the same figures. */
export function entrySize(dir, entry) {
  const files = entryFiles(dir, entry).map((f) => {
    const bytes = readFileSync(join(dir, f));
    return { file: f, raw: bytes.length, gzip: gzip(bytes), brotli: brotli(bytes) };
  });
  const sum = (list) => ({
    raw: list.reduce((n, f) => n + f.raw, 0),
    gzip: list.reduce((n, f) => n + f.gzip, 0),
    brotli: list.reduce((n, f) => n + f.brotli, 0),
  });
  const isWasm = (f) => f.file.endsWith('.wasm') || f.file.endsWith('.wasm.cjs');
  return { entry, files, ...sum(files), wasm: sum(files.filter(isWasm)), js: sum(files.filter((f) => !isWasm(f))) };
}

/** The four entries of the package in `pkg` (an installed enkash-rewards). */
export function packageSizes(pkg) {
  return {
    // What a browser downloads for the web entry: its JS files and the wasm it streams.
    browser: entrySize(join(pkg, 'web'), 'index.js'),
    // Workers and edge runtimes: the same glue with the full (Node) wasm, imported as a module.
    worker: entrySize(join(pkg, 'worker'), 'index.js'),
    // Node inside a bundle: the full wasm carried as base64 in a JS module (a third larger than
    // the bytes). Unbundled Node reads node/enkash_rewards_bg.wasm instead (wasm-bytes.cjs).
    nodeEsm: entrySize(join(pkg, 'node'), 'index.mjs'),
    nodeCjs: entrySize(join(pkg, 'node'), 'index.cjs'),
  };
}
