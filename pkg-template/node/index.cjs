'use strict';
// Node entry (CommonJS): the wasm is loaded synchronously on require, no init needed.
const glue = require('./enkash_rewards.cjs');
const { EnKashError, isEnKashError, guardClasses } = require('./error.cjs');

glue.__setErrorClass(EnKashError);
guardClasses({ EnKashClient: glue.EnKashClient, RedemptionClient: glue.RedemptionClient, PageIterator: glue.PageIterator });
glue.PageIterator.prototype[Symbol.asyncIterator] = function () {
  return this;
};

module.exports = {
  EnKashClient: glue.EnKashClient,
  RedemptionClient: glue.RedemptionClient,
  PageIterator: glue.PageIterator,
  validateAllocation: glue.validateAllocation,
  validateBulkRows: glue.validateBulkRows,
  parseRecipientsCsv: glue.parseRecipientsCsv,
  outcomesToCsv: glue.outcomesToCsv,
  OutcomesCsvWriter: glue.OutcomesCsvWriter,
  parsePortalDate: glue.parsePortalDate,
  ssoRedirectUrl: glue.ssoRedirectUrl,
  sdkVersion: glue.sdkVersion,
  encryptPayload: glue.encryptPayload,
  decryptPayload: glue.decryptPayload,
  EnKashError,
  isEnKashError,
};
