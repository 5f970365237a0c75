// Node entry (ESM; also Deno and Bun): ready on import, no init needed.
//
// The wasm comes from a JavaScript module (base64) rather than a file read from a path:
// bundlers (Next.js with Turbopack or webpack, esbuild, Rollup) carry it like any other code,
// with no loader, no copy step and no path to rewrite. TextDecoder and TextEncoder are taken
// from node:util inside the glue, so test environments without those globals (Jest's jsdom) work.
import { Buffer } from 'node:buffer';
import * as glue from './enkash_rewards.mjs';
import wasmBase64 from './enkash_rewards_bg.wasm.cjs';
import { EnKashError, isEnKashError, guardExports } from './error.mjs';

glue.initSync({ module: Buffer.from(wasmBase64, 'base64') });
glue.__setErrorClass(EnKashError);
// Every function and class method refuses unreadable arguments and freed objects with an EnKashError.
const api = guardExports(glue);
api.PageIterator.prototype[Symbol.asyncIterator] = function () {
  return this;
};

/* __EXPORTS__ */
