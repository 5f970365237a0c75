// The same from CommonJS (require's types).
import sdk = require('enkash-rewards');

export const version: string = sdk.sdkVersion();
export const isError: (v: unknown) => v is sdk.EnKashError = sdk.isEnKashError;
export const kind: sdk.EnKashErrorKind = 'validation';
