// Node entry (ESM; also Deno and Bun): ready on import, no init needed.
//
// The wasm bytes come from wasm-bytes.cjs: the .wasm file next to it when it is there (plain
// Node, Deno, Bun: one file read), else a JavaScript module holding them in base64, which
// bundlers (Next.js with Turbopack or webpack, esbuild, Rollup) carry like any other code.
// Taken synchronously (no top-level await), so the entry also bundles into CommonJS output.
// TextDecoder and TextEncoder are taken from node:util inside the glue, so test environments
// without those globals (Jest's jsdom) work.
import { Buffer } from 'node:buffer';
import * as glue from './enkash_rewards.mjs';
import wasmBytes from './wasm-bytes.cjs';
import { EnKashError, isEnKashError, guardExports } from './error.mjs';

glue.initSync({ module: wasmBytes((base64) => Buffer.from(base64, 'base64')) });
glue.__setErrorClass(EnKashError);
// Every function and class method refuses unreadable arguments and freed objects with an EnKashError.
const api = guardExports(glue);
api.PageIterator.prototype[Symbol.asyncIterator] = function () {
  return this;
};

/* __EXPORTS__ */
