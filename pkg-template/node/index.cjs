'use strict';
// Node entry (CommonJS): the wasm is loaded synchronously on require, no init needed.
const glue = require('./enkash_rewards.cjs');
const { EnKashError, isEnKashError, guardExports } = require('./error.cjs');

glue.__setErrorClass(EnKashError);
// Every function and class method refuses unreadable arguments and freed objects with an EnKashError.
const api = guardExports(glue);
api.PageIterator.prototype[Symbol.asyncIterator] = function () {
  return this;
};

module.exports = {
  EnKashClient: api.EnKashClient,
  RedemptionClient: api.RedemptionClient,
  PageIterator: api.PageIterator,
  validateAllocation: api.validateAllocation,
  validateBulkRows: api.validateBulkRows,
  parseRecipientsCsv: api.parseRecipientsCsv,
  outcomesToCsv: api.outcomesToCsv,
  OutcomesCsvWriter: api.OutcomesCsvWriter,
  parsePortalDate: api.parsePortalDate,
  ssoRedirectUrl: api.ssoRedirectUrl,
  sdkVersion: api.sdkVersion,
  encryptPayload: api.encryptPayload,
  decryptPayload: api.decryptPayload,
  EnKashError,
  isEnKashError,
};
