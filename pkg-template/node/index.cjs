'use strict';
// Node entry (CommonJS): the wasm is loaded synchronously on require, no init needed. Like the
// ESM entry, the glue takes its bytes from wasm-bytes.cjs: the .wasm file next to it when it is
// there, else a JavaScript module holding them in base64, so it survives bundling. The two
// entries are separate instances: an EnKashError from one is `instanceof` the class of that
// one; isEnKashError() recognises both.
const glue = require('./enkash_rewards.cjs');
const { EnKashError, isEnKashError, guardExports } = require('./error.cjs');

glue.__setErrorClass(EnKashError);
// Every function and class method refuses unreadable arguments and freed objects with an EnKashError.
const api = guardExports(glue);
api.PageIterator.prototype[Symbol.asyncIterator] = function () {
  return this;
};

/* __EXPORTS__ */
