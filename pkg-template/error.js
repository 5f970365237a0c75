/**
 * The one error type of the SDK. `kind` says what went wrong:
 * "validation" (nothing was sent; see `fieldErrors`), "api" (the server refused: see
 * `status`, `code`, `message`), "duplicateReference" (the idempotency key was already used;
 * see `alreadyApplied`), "auth", "network", "timeout", "decode" or "aborted".
 */
export class EnKashError extends Error {
  constructor(message, fields = {}) {
    super(message);
    this.name = 'EnKashError';
    this.kind = fields.kind;
    this.status = fields.status;
    this.code = fields.code;
    this.fieldErrors = fields.fieldErrors ?? [];
    this.body = fields.body;
    this.mayHaveBeenApplied = fields.mayHaveBeenApplied ?? false;
    if (fields.alreadyApplied !== undefined) this.alreadyApplied = fields.alreadyApplied;
  }
}

/** Whether `value` is an EnKashError (also one made by another copy of the SDK). */
export function isEnKashError(value) {
  return value instanceof EnKashError || (value instanceof Error && value.name === 'EnKashError' && typeof value.kind === 'string');
}
