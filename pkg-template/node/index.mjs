// Node entry (ESM): wraps the CommonJS entry, so ESM and CJS users share one wasm instance
// and one EnKashError class.
import sdk from './index.cjs';

export const {
  EnKashClient,
  RedemptionClient,
  PageIterator,
  validateAllocation,
  validateBulkRows,
  parseRecipientsCsv,
  outcomesToCsv,
  OutcomesCsvWriter,
  parsePortalDate,
  ssoRedirectUrl,
  sdkVersion,
  encryptPayload,
  decryptPayload,
  EnKashError,
  isEnKashError,
} = sdk;
