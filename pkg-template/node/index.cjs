'use strict';
// Node entry (CommonJS): the wasm is loaded synchronously on require, no init needed.
const glue = require('./enkash_rewards.cjs');
const { EnKashError, isEnKashError } = require('./error.cjs');

glue.__setErrorClass(EnKashError);

module.exports = {
  EnKashClient: glue.EnKashClient,
  validateAllocation: glue.validateAllocation,
  validateBulkRows: glue.validateBulkRows,
  parsePortalDate: glue.parsePortalDate,
  sdkVersion: glue.sdkVersion,
  EnKashError,
  isEnKashError,
};
