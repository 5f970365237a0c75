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

/** Classes whose methods answer with a Promise, except those named by IMMEDIATE. */
const PROMISE_CLASSES = new Set(['EnKashClient', 'RedemptionClient', 'PageIterator']);
/** Their methods that answer at once: refusals of these (and of every other class's methods) are thrown, not rejected. */
const IMMEDIATE = /^(?:iterate[A-Z]\w*|ssoRedirectUrl|free)$/;
/** Prototype members that are not calls into the client. */
const NOT_CALLS = new Set(['constructor', '__destroy_into_raw']);

/**
 * Why `value` cannot be read at all, or `undefined`: a revoked Proxy (every operation on it
 * throws; `Array.isArray` only then), or an array whose length cannot be read (a Proxy's trap).
 */
function unreadable(value) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  let isArray;
  try {
    isArray = Array.isArray(value);
  } catch {
    return 'it is a revoked Proxy';
  }
  if (!isArray) return undefined;
  try {
    const n = value.length;
    return Number.isSafeInteger(n) && n >= 0 ? undefined : 'its length is not a whole number';
  } catch {
    return 'its length could not be read';
  }
}

/** The refusal of the first argument that cannot be read, named by its parameter (`params()`: the names). */
function badArgument(args, params) {
  for (let i = 0; i < args.length; i++) {
    const why = unreadable(args[i]);
    if (why !== undefined) {
      const field = params()[i] ?? `argument ${i + 1}`;
      return refusal(field, `${field} could not be read: ${why}`);
    }
  }
  return undefined;
}

/**
 * The parameter names of a wasm-bindgen glue method, in camelCase (`coin_config_id` ->
 * `coinConfigId`); `undefined` for a name a minifier shortened.
 */
function parameterNames(fn, constructor = false) {
  const source = Function.prototype.toString.call(fn);
  const list = (constructor ? /\bconstructor\s*\(([^)]*)\)/ : /^[^(]*\(([^)]*)\)/).exec(source)?.[1] ?? '';
  return list.split(',').map((p) => (/^[a-z][a-z_]{2,}$/.test(p.trim()) ? p.trim().replace(/_([a-z])/g, (_, c) => c.toUpperCase()) : undefined));
}

/**
 * `parameterNames(fn)`, read on the first call that needs them (to name a bad
 * argument): not for every method while the module loads.
 */
function namesOnce(fn, constructor = false) {
  let names;
  return () => (names ??= parameterNames(fn, constructor));
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

/** Free functions left as they are: the validators answer with field errors (their reading is checked in the wasm module), and the glue's own. */
const UNGUARDED = /^(?:validate[A-Z]\w*|__\w*|default|initSync)$/;

/**
 * Internal, called once by each package entry with the wasm-bindgen glue; returns the exports
 * to publish. Before a call reaches the glue, an argument that cannot be read at all (a
 * revoked Proxy, an array whose length cannot be read) and, for a class's method, an object
 * already freed (`free()`, `using`) or not made by the class, are refused with an EnKashError
 * of kind "validation" naming the argument or the class. The glue would otherwise throw
 * "null pointer passed to rust" or a raw TypeError from inside the wasm module. A class's
 * Promise methods reject; everything else throws. Freeing twice is harmless.
 */
export function guardExports(glue) {
  const api = {};
  for (const [exportName, value] of Object.entries(glue)) {
    const proto = typeof value === 'function' ? value.prototype : undefined;
    if (proto && typeof proto.free === 'function' && typeof proto.__destroy_into_raw === 'function') {
      guardMethods(exportName, value);
      const params = namesOnce(value, true);
      api[exportName] = new Proxy(value, {
        construct(target, args, newTarget) {
          const bad = badArgument(args, params);
          if (bad) throw bad;
          return Reflect.construct(target, args, newTarget);
        },
      });
    } else if (typeof value === 'function' && !UNGUARDED.test(exportName)) {
      const params = namesOnce(value);
      api[exportName] = {
        [exportName](...args) {
          const bad = badArgument(args, params);
          if (bad) throw bad;
          return value.apply(this, args);
        },
      }[exportName];
    } else {
      api[exportName] = value;
    }
  }
  return api;
}

/** Wraps every method of a glue class (see guardExports). */
function guardMethods(className, cls) {
  const proto = cls.prototype;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const original = Object.getOwnPropertyDescriptor(proto, name).value;
    if (NOT_CALLS.has(name) || typeof original !== 'function') continue;
    const params = namesOnce(original);
    const fail = !PROMISE_CLASSES.has(className) || IMMEDIATE.test(name)
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
        const bad = badArgument(args, params);
        return bad ? fail(bad) : original.apply(this, args);
      },
    }[name];
    Object.defineProperty(proto, name, { value: guarded, writable: true, enumerable: false, configurable: true });
    if (typeof Symbol.dispose === 'symbol' && proto[Symbol.dispose] === original) proto[Symbol.dispose] = guarded;
  }
}
