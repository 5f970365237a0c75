export { EnKashClient, validateAllocation, validateBulkRows, parsePortalDate, sdkVersion } from '__GLUE__';
export type {
  AllocationRequest,
  AllocationType,
  BulkRequest,
  BulkResult,
  BulkResultRow,
  BulkRow,
  CallOptions,
  Card,
  ClientConfig,
  Credentials,
  EnKashErrorKind,
  FieldError,
  FieldErrorCode,
  Gender,
  Labeled,
  LabeledObject,
  Title,
  TokenInfo,
  TransactionType,
} from '__GLUE__';
export { EnKashError, isEnKashError } from '__ERROR__';
