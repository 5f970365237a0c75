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

/**
 * Whether `value` is an EnKashError (also one made by another copy of the SDK). Never
 * throws, whatever `value` is (a revoked Proxy, throwing getters or traps: `false`).
 */
export function isEnKashError(value) {
  try {
    if (value instanceof EnKashError) return true;
    return value instanceof Error && value.name === 'EnKashError' && typeof value.kind === 'string';
  } catch {
    return false;
  }
}

/** Methods that answer at once (not with a Promise): their refusals are thrown, not rejected. */
const IMMEDIATE = /^(?:iterate[A-Z]\w*|ssoRedirectUrl|free)$/;
/** Prototype members that are not calls into the client. */
const NOT_CALLS = new Set(['constructor', '__destroy_into_raw']);

/** Whether `value` is a revoked Proxy (every operation on it throws; `Array.isArray` only then). */
function revoked(value) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  try {
    Array.isArray(value);
    return false;
  } catch {
    return true;
  }
}

/**
 * The parameter names of a wasm-bindgen glue method, in camelCase (`coin_config_id` ->
 * `coinConfigId`); `undefined` for a name a minifier shortened.
 */
function parameterNames(fn) {
  const list = /^[^(]*\(([^)]*)\)/.exec(Function.prototype.toString.call(fn))?.[1] ?? '';
  return list.split(',').map((p) => (/^[a-z][a-z_]{2,}$/.test(p.trim()) ? p.trim().replace(/_([a-z])/g, (_, c) => c.toUpperCase()) : undefined));
}

/** Whether `value` is an object of `cls` already freed. */
function isFreed(value, cls) {
  try {
    return value instanceof cls && value.__wbg_ptr === 0;
  } catch {
    return false;
  }
}

function refusal(field, message) {
  return new EnKashError(`invalid input: ${field}: ${message}`, { kind: 'validation', fieldErrors: [{ field, code: 'invalid_type', message }] });
}

/**
 * Internal, called once by each package entry with the exported classes: before a method's
 * call reaches the wasm glue, a call on an object already freed (`free()`, `using`), or not
 * made by the class, and an argument that is a revoked Proxy, are refused with an
 * EnKashError of kind "validation" naming the object or the argument (the glue would throw
 * "null pointer passed to rust" or a raw TypeError from inside the wasm module). Promise
 * methods reject; the others throw.
 */
export function guardClasses(classes) {
  for (const [className, cls] of Object.entries(classes)) {
    const proto = cls.prototype;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const original = Object.getOwnPropertyDescriptor(proto, name).value;
      if (NOT_CALLS.has(name) || typeof original !== 'function') continue;
      const params = parameterNames(original);
      const fail = IMMEDIATE.test(name)
        ? (e) => {
            throw e;
          }
        : (e) => Promise.reject(e);
      const guarded = {
        [name](...args) {
          // A freed object's pointer is 0; one not made by the class has none.
          let live = false;
          try {
            live = this instanceof cls && typeof this.__wbg_ptr === 'number' && this.__wbg_ptr !== 0;
          } catch {
            live = false;
          }
          // Freeing twice is harmless, like closing twice.
          if (!live && name === 'free' && isFreed(this, cls)) return undefined;
          if (!live) {
            return fail(refusal(className, `${className}.${name}() was called on a ${className} that was freed (free() or \`using\`) or not made by new ${className}(); create a new one`));
          }
          for (let i = 0; i < args.length; i++) {
            if (revoked(args[i])) {
              const field = params[i] ?? `argument ${i + 1}`;
              return fail(refusal(field, `${field} could not be read: it is a revoked Proxy`));
            }
          }
          return original.apply(this, args);
        },
      }[name];
      Object.defineProperty(proto, name, { value: guarded, writable: true, enumerable: false, configurable: true });
      if (typeof Symbol.dispose === 'symbol' && proto[Symbol.dispose] === original) proto[Symbol.dispose] = guarded;
    }
  }
}
