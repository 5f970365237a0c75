// Browser (and bundler) entry: streams the wasm from its own file next to this one.
//
// The wasm download starts first, beside the JS glue's, instead of after it: one network
// round trip less before the first call (measured in bench/README.md).
const wasm = fetch(new URL('./enkash_rewards_bg.wasm', import.meta.url));
const [glue, { EnKashError, isEnKashError, guardExports }] = await Promise.all([import('./enkash_rewards.js'), import('./error.js')]);

await glue.default({ module_or_path: wasm });
glue.__setErrorClass(EnKashError);
// Every function and class method refuses unreadable arguments and freed objects with an EnKashError.
const api = guardExports(glue);
api.PageIterator.prototype[Symbol.asyncIterator] = function () {
  return this;
};

/* __EXPORTS__ */
