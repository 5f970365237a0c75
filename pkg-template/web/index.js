// Browser (and bundler) entry: streams the wasm from its own file next to this one.
import init, { __setErrorClass, PageIterator } from './enkash_rewards.js';
import { EnKashError } from './error.js';

await init({ module_or_path: new URL('./enkash_rewards_bg.wasm', import.meta.url) });
__setErrorClass(EnKashError);
PageIterator.prototype[Symbol.asyncIterator] = function () {
  return this;
};

export { EnKashClient, RedemptionClient, PageIterator, validateAllocation, validateBulkRows, parseRecipientsCsv, outcomesToCsv, parsePortalDate, ssoRedirectUrl, sdkVersion } from './enkash_rewards.js';
export { EnKashError, isEnKashError } from './error.js';
