// The package's value exports, listed once: scripts/build.mjs writes every entry (browser,
// Node ESM, Node CommonJS, workers/edge) and the value-export line of their types from here,
// and refuses to build when the wasm-bindgen glue has a public export missing from this list.

/** Exported by the wasm-bindgen glue, in every entry. */
export const GLUE_EXPORTS = [
  'EnKashClient',
  'RedemptionClient',
  'PageIterator',
  'validateAllocation',
  'validateBulkRows',
  'parseRecipientsCsv',
  'outcomesToCsv',
  'OutcomesCsvWriter',
  'parsePortalDate',
  'ssoRedirectUrl',
  'sdkVersion',
];

/** Exported by the glue of the server build only (the `encryption` feature needs the client secret). */
export const SERVER_ONLY_EXPORTS = ['encryptPayload', 'decryptPayload'];

/** Exported by error.js, in every entry. */
export const ERROR_EXPORTS = ['EnKashError', 'isEnKashError'];

/** Glue exports that are wasm-bindgen's own plumbing, never re-exported. */
export const GLUE_INTERNAL = /^(?:default|initSync|__\w*)$/;
