// Workers and edge runtimes (Cloudflare Workers / workerd, Next.js and Vercel edge): they
// forbid compiling wasm from bytes and I/O at global scope, so the wasm is imported as a
// module (compiled by the platform when the worker is deployed) and instantiated
// synchronously: ready on import, no init call.
import wasmModule from './enkash_rewards_bg.wasm?module';
import * as glue from './enkash_rewards.js';
import { EnKashError, isEnKashError, guardExports } from './error.js';

glue.initSync({ module: wasmModule });
glue.__setErrorClass(EnKashError);
// Every function and class method refuses unreadable arguments and freed objects with an EnKashError.
const api = guardExports(glue);
api.PageIterator.prototype[Symbol.asyncIterator] = function () {
  return this;
};

/* __EXPORTS__ */
