'use strict';
// The CommonJS entry of `enkash-rewards/sandbox`. The sandbox is an ES module: Node 20.19+ and
// 22.12+ load it with require(); older versions cannot, and get this explanation instead.
try {
  module.exports = require('./server.mjs');
} catch (e) {
  if (e && (e.code === 'ERR_REQUIRE_ESM' || e.code === 'ERR_REQUIRE_ASYNC_MODULE')) {
    throw new Error(
      "enkash-rewards/sandbox is an ES module and this version of Node cannot require() it: use `const { startSandbox } = await import('enkash-rewards/sandbox')` (or Node 20.19+ / 22.12+)",
      { cause: e },
    );
  }
  throw e;
}
