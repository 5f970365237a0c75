// Validation benchmark: 100,000 bulk rows checked by the SDK (validateBulkRows, in chunks of
// 10,000, its per-call limit) against the same rules written with zod 4 and with ajv, in the
// same process, alternating, best of several rounds.
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import Ajv from 'ajv';
import { validateBulkRows } from 'enkash-rewards';
import { createRequire } from 'node:module';

const version = (name) => createRequire(import.meta.url)(`${name}/package.json`).version;

const N = Number(process.env.BENCH_VALIDATION_ROWS ?? 100_000);
const rows = Array.from({ length: N }, (_, i) => ({
  title: ['Mr', 'Mrs', 'Ms'][i % 3],
  name: `Person ${i}`,
  email: i % 97 === 0 ? 'not-an-email' : `p${i}@example.com`,
  mobile: i % 89 === 0 ? '12345' : `9${String(i).padStart(9, '0')}`,
  loadAmount: i % 101 === 0 ? 1.005 : (i % 500) + 0.5,
  remarks: 'bench',
  uniqueReferenceNumber: `REF-${i % 50_000 === 0 && i ? 0 : i}`,
}));

const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const MOBILE = /^[6-9]\d{9}$/;
const paise = (v) => Math.abs(v * 100 - Math.round(v * 100)) <= 1e-6 * Math.max(1, Math.abs(Math.round(v * 100)));

const zRow = z.object({
  title: z.enum(['Mr', 'Mrs', 'Ms']),
  name: z.string().trim().min(1),
  email: z.string().regex(EMAIL),
  mobile: z.string().regex(MOBILE),
  // zod 4's z.number() refuses Infinity and NaN itself (zod 3 needed .finite()).
  loadAmount: z.number().positive().refine(paise, 'at most 2 decimals'),
  remarks: z.string().optional(),
  uniqueReferenceNumber: z.string().trim().min(1).optional(),
});

const ajv = new Ajv({ allErrors: true });
ajv.addKeyword({ keyword: 'paise', type: 'number', validate: (_s, v) => paise(v) });
const aRow = ajv.compile({
  type: 'object',
  required: ['title', 'name', 'email', 'mobile', 'loadAmount'],
  properties: {
    title: { enum: ['Mr', 'Mrs', 'Ms'] },
    name: { type: 'string', minLength: 1 },
    email: { type: 'string', pattern: EMAIL.source },
    mobile: { type: 'string', pattern: MOBILE.source },
    loadAmount: { type: 'number', exclusiveMinimum: 0, paise: true },
    remarks: { type: 'string' },
    uniqueReferenceNumber: { type: 'string', minLength: 1 },
  },
});

/** Duplicate references: the same post-pass for the two baselines. */
function duplicates(list) {
  const seen = new Set();
  let dup = 0;
  for (const r of list) {
    if (r.uniqueReferenceNumber === undefined) continue;
    if (seen.has(r.uniqueReferenceNumber)) dup++;
    seen.add(r.uniqueReferenceNumber);
  }
  return dup;
}

const runners = {
  sdk: () => {
    let errors = 0;
    for (let i = 0; i < rows.length; i += 10_000) errors += validateBulkRows(rows.slice(i, i + 10_000)).length;
    return errors;
  },
  zod: () => rows.reduce((n, r) => n + (zRow.safeParse(r).success ? 0 : 1), 0) + duplicates(rows),
  ajv: () => rows.reduce((n, r) => n + (aRow(r) ? 0 : 1), 0) + duplicates(rows),
  // The SDK's unavoidable first step, alone: the rows as one JSON text per call (how JS
  // input reaches the wasm). No validation at all: the floor of any wasm-side validator.
  stringify: () => {
    let n = 0;
    for (let i = 0; i < rows.length; i += 10_000) n += JSON.stringify(rows.slice(i, i + 10_000)).length;
    return n;
  },
};

export function benchValidation(rounds = 5) {
  const best = { sdk: Infinity, zod: Infinity, ajv: Infinity, stringify: Infinity };
  const found = {};
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? ['stringify', 'ajv', 'zod', 'sdk'] : ['sdk', 'zod', 'ajv', 'stringify']) {
      const t = performance.now();
      found[name] = runners[name]();
      best[name] = Math.min(best[name], performance.now() - t);
    }
  }
  delete found.stringify;
  return { rows: N, zodVersion: version('zod'), ajvVersion: version('ajv'), ms: best, problemsFound: found, ratioToZod: best.sdk / best.zod, ratioToAjv: best.sdk / best.ajv, stringifyToAjv: best.stringify / best.ajv };
}
