'use strict';
// The wasm bytes of the Node build, for both Node entries (index.mjs imports this module, the
// CommonJS glue enkash_rewards.cjs requires it). Two sources, same bytes:
//
// 1. The file enkash_rewards_bg.wasm next to this module, when it is there and is the file this
//    build was made with (its length, and the build id its last 32 bytes hold: the SHA-256 of
//    the module, in a custom section that WebAssembly ignores; both written below by
//    scripts/build.mjs): plain Node, Deno (when read access is granted), Bun, Jest. One file
//    read; the fast start.
// 2. Otherwise, enkash_rewards_bg.wasm.cjs: the same bytes as base64 in a JavaScript module
//    (over 1 MB of JS: 10 ms to require and decode, 20 to 40 ms when imported from ESM, which scans
//    it for exports; so only when 1 fails). Inside a bundle (Next.js with Turbopack or webpack,
//    esbuild, Rollup) the file is absent or the path means nothing (Turbopack writes its own
//    placeholder for __dirname); the bundler carries this module like any other code (the
//    `require` below is a literal, so every bundler sees it), with no loader, copy step or path
//    to rewrite.
//
// CommonJS, and no top-level await or import.meta in the ESM entry: the ESM entry takes the
// bytes synchronously from here, so it still bundles into CommonJS output (esbuild's default
// for --platform=node), and the base64 module is loaded only when it is needed (an ES module
// cannot load another lazily without awaiting it).

// Written by scripts/build.mjs: the byte length of enkash_rewards_bg.wasm, and its build id.
const WASM_LENGTH = /* __WASM_LENGTH__ */ 0;
const WASM_BUILD_ID = /* __WASM_BUILD_ID__ */ [];
// A variable, not a literal in the path: tools that follow fs reads of literal paths in
// bundles (the file is not there, and need not be) leave this one alone.
const WASM_FILE = 'enkash_rewards_bg.wasm';

/** Whether `bytes` are this build's wasm: its length, and the build id in its last 32 bytes. */
function isThisBuild(bytes) {
  if (bytes.length !== WASM_LENGTH || WASM_BUILD_ID.length !== 32) return false;
  const id = bytes.length - WASM_BUILD_ID.length;
  for (let i = 0; i < WASM_BUILD_ID.length; i++) {
    if (bytes[id + i] !== WASM_BUILD_ID[i]) return false;
  }
  return true;
}

/** The bytes of the file next to this module, or undefined if it is absent, unreadable or not this build's. */
function readBeside() {
  try {
    // __dirname is undefined in an ES module bundle, and `require` of node:fs may be a stub
    // that throws (esbuild's ESM output): either way, the base64 module.
    if (typeof __dirname !== 'string') return undefined;
    const path = `${__dirname}/${WASM_FILE}`;
    // Deno without --allow-read would stop and ask the user in a terminal before the read (or
    // refuse it with --no-prompt): ask Deno quietly first, and take the base64 module unless granted.
    const deno = globalThis.Deno;
    if (deno?.permissions?.querySync && deno.permissions.querySync({ name: 'read', path }).state !== 'granted') return undefined;
    const bytes = require('node:fs').readFileSync(path);
    return isThisBuild(bytes) ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The wasm bytes; `fromBase64(text)` decodes the fallback (each entry passes its own Buffer, so
 * that this module needs no `require` that an ESM bundle could not honour).
 */
module.exports = function wasmBytes(fromBase64) {
  const beside = readBeside();
  if (beside) return beside;
  const bytes = fromBase64(require('./enkash_rewards_bg.wasm.cjs'));
  // The copy must be this build's too: a partial install or a tool that rewrote node_modules
  // would otherwise run another build's wasm under this glue.
  if (!isThisBuild(bytes)) {
    throw new Error('enkash-rewards: node/enkash_rewards_bg.wasm.cjs is not the wasm of this build (a partial or mixed install?): reinstall enkash-rewards');
  }
  return bytes;
};
