import type { EnKashErrorKind, FieldError } from '__GLUE__';

/**
 * The one error type of the SDK. `kind` says what went wrong:
 * "validation" (nothing was sent; see `fieldErrors`), "api" (the server refused: see
 * `status`, `code`, `message`), "duplicateReference" (a keyed write whose idempotency key was
 * already used: the write it names exists; see `alreadyApplied`), "auth", "network",
 * "timeout", "decode" or "aborted".
 */
export declare class EnKashError extends Error {
  constructor(message: string, fields?: Partial<Pick<EnKashError, 'kind' | 'status' | 'code' | 'fieldErrors' | 'body' | 'mayHaveBeenApplied' | 'alreadyApplied'>>);
  readonly name: 'EnKashError';
  /** What went wrong. */
  readonly kind: EnKashErrorKind;
  /** HTTP status, when there was a response. */
  readonly status?: number;
  /** The envelope's `code` / `response_code`, when the server sent one (1 for a business failure). */
  readonly code?: number | string;
  /** For kind "validation": every field that is wrong (with `row` for bulk rows). */
  readonly fieldErrors: FieldError[];
  /** The raw response body, when there was one. */
  readonly body?: string;
  /**
   * Whether the server may have acted on the request (connection lost after sending, timeout,
   * abort in flight, 5xx, unreadable 2xx). For a call that changes something and carries no
   * idempotency key, check the state before repeating it.
   */
  readonly mayHaveBeenApplied: boolean;
  /**
   * For kind "duplicateReference": `true` when an earlier attempt of this same call may have
   * been applied (its answer was lost, it timed out, or it failed with 5xx), so the existing
   * write is most likely this call's own: treat it as done. `false` when the first attempt was
   * refused: the key was used before this call (by an earlier call of yours, or reused by
   * mistake); look it up (`findAllocation`) before deciding.
   */
  readonly alreadyApplied?: boolean;
}

/** Whether `value` is an EnKashError (also one made by another copy of the SDK). */
export declare function isEnKashError(value: unknown): value is EnKashError;

/**
 * @internal Called once by each package entry with the wasm-bindgen glue; returns the exports
 * to publish, each refusing unreadable arguments (and, for class methods, freed objects) with
 * an EnKashError before the glue runs. Not part of the API.
 */
export declare function guardExports<T extends object>(glue: T): T;
