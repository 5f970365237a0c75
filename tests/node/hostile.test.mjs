// Hostile input against every public function: each gets a typed validation error (or a
// plain result), nothing is sent, and the wasm module keeps working afterwards (a panic
// would kill the instance: every later call would fail).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from 'enkash-rewards';
import { sandbox, allocation, row, SANDBOX_CREDENTIALS as CREDS, SANDBOX_PARTNER_ID as PARTNER } from './helpers.mjs';

const { EnKashClient, RedemptionClient, isEnKashError } = sdk;
let s;
before(async () => { s = await sandbox(); });
after(async () => { await s.close(); });

const BIG = 'x'.repeat(10 * 1024 * 1024);
function nested(depth) {
  let v = {};
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}
const throwing = new Proxy({}, { get() { throw new Error('hostile getter'); }, ownKeys() { throw new Error('hostile keys'); } });
const circular = {};
circular.self = circular;

/** Values that every field and argument gets. */
const HOSTILE = [
  undefined, null, true, 0, -1, -0, 1.5, NaN, Infinity, -Infinity, 1e308, Number.MAX_SAFE_INTEGER + 2, 10n,
  '', ' ', '\u0000', '\u202e1234567890', '９６００９８８８６７', '𝟗𝟔𝟎𝟎𝟎𝟗𝟖𝟖𝟔𝟕', 'Ｍｒ', '<script>alert(1)</script>', "'; DROP TABLE users; --", 'a'.repeat(5000), BIG,
  [], [1, 2, 3], {}, Object.create(null), () => 1, Symbol('s'), new Date(0), Promise.resolve(1), throwing, circular, nested(5000),
];

let inputs = 0;
const show = (v) => {
  try {
    return String(v).slice(0, 20);
  } catch {
    return typeof v;
  }
};

async function expectRejectedOrValue(fn) {
  inputs++;
  let result;
  try {
    result = fn();
    if (result && typeof result.then === 'function') result = await result;
  } catch (e) {
    assert.ok(isEnKashError(e) || e instanceof TypeError || e instanceof RangeError || e instanceof Error, `not an Error: ${e}`);
    assert.ok(!/unreachable|panicked|RuntimeError/.test(String(e)), `the wasm module failed: ${e}`);
    return e;
  }
  return result;
}

async function stillWorks(client) {
  const card = await client.createAndAllocatePoints(allocation());
  assert.match(card.enKashCardId, /^EKC/, 'the module still works');
}

test('free functions take every hostile value', async () => {
  const fns = [sdk.validateAllocation, sdk.validateBulkRows, sdk.parseRecipientsCsv, sdk.parsePortalDate, sdk.ssoRedirectUrl, sdk.outcomesToCsv, sdk.encryptPayload, sdk.decryptPayload];
  for (const fn of fns) for (const v of HOSTILE) await expectRejectedOrValue(() => fn(v, v));
  for (const field of Object.keys(allocation())) {
    for (const v of HOSTILE) {
      const errors = await expectRejectedOrValue(() => sdk.validateAllocation({ ...allocation(), [field]: v }));
      assert.ok(Array.isArray(errors) || isEnKashError(errors), `${field}`);
    }
  }
  assert.deepEqual(sdk.validateAllocation({ ...allocation(), companyId: BIG }).map((e) => [e.field, e.code]), [['companyId', 'out_of_range']]);
  assert.deepEqual(sdk.validateAllocation({ ...allocation(), loadAmount: -Infinity }).map((e) => e.field), ['loadAmount']);
  const csv = sdk.parseRecipientsCsv(BIG);
  assert.ok(csv.errors.length >= 1 && csv.rows.length === 0);
});

test('clients take hostile configs, requests and options; nothing is sent', async () => {
  for (const v of HOSTILE) {
    for (const ctor of [EnKashClient, RedemptionClient]) {
      const e = await expectRejectedOrValue(() => new ctor(v));
      assert.ok(isEnKashError(e) && e.kind === 'validation', `new ${ctor.name}(${show(v)}): ${e}`);
    }
    for (const key of ['baseUrl', 'partnerId', 'credentials', 'accessToken', 'tokenProvider', 'timeoutMs', 'maxRetries', 'paths', 'hooks', 'redemptionBaseUrl', 'encryptPayloads']) {
      await expectRejectedOrValue(() => new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS, [key]: v }));
    }
  }
  const client = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS });
  const store = new RedemptionClient({ baseUrl: s.url, credentials: CREDS });
  await client.authenticate();
  const sent = s.snapshot().counts.total;
  const partnerMethods = ['createAndAllocatePoints', 'bulkCreateAndAllocateRewards', 'ssoToken', 'getRewardAccountDetails', 'getRewardTransactionDetails', 'getUserDetails', 'getUserCardDetails', 'incentiveCreateAndAllocate', 'getIncentiveTransactionDetails', 'getIncentiveUserDetails', 'createCoinEvent', 'getCoinEvent', 'updateCoinEvent', 'allocateCoins', 'getCoinBalance'];
  const storeMethods = ['getCart', 'getProductCatalogDetails', 'getProductConfigs', 'addToCart', 'updateCart', 'createOrder', 'fetchOrderInfo'];
  for (const v of HOSTILE) {
    for (const m of partnerMethods) {
      const e = await expectRejectedOrValue(() => client[m](v, v, v));
      assert.ok(isEnKashError(e) && e.kind === 'validation', `${m}(${show(v)}): ${e}`);
    }
    for (const m of storeMethods) {
      const e = await expectRejectedOrValue(() => store[m](v, v, v));
      assert.ok(isEnKashError(e) && e.kind === 'validation', `${m}(${show(v)}): ${e}`);
    }
    const it = await expectRejectedOrValue(() => client.iterateRewardTransactions(v, v).next());
    assert.ok(isEnKashError(it), show(it));
    const run = await expectRejectedOrValue(() => client.allocateRewards(v, v));
    assert.ok(isEnKashError(run) && run.kind === 'validation', `allocateRewards(${show(v)}): ${run}`);
    // A good request with hostile options is refused too (the options are checked first).
    if (v !== undefined && v !== null) await expectRejectedOrValue(() => client.createAndAllocatePoints(allocation(), { timeoutMs: v, maxRetries: v, signal: v }));
  }
  const million = Array.from({ length: 1_000_000 }, () => row(1));
  const tooMany = await expectRejectedOrValue(() => client.bulkCreateAndAllocateRewards({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true, rows: million }));
  assert.ok(tooMany.fieldErrors.some((f) => f.field === 'rows' && f.code === 'out_of_range'), tooMany.message);
  assert.ok(sdk.validateBulkRows(million).some((f) => f.code === 'out_of_range'));
  const huge = await expectRejectedOrValue(() => client.createAndAllocatePoints({ ...allocation(), uniqueReferenceNumber: BIG }));
  assert.equal(huge.fieldErrors[0].code, 'out_of_range');
  assert.equal(s.snapshot().counts.total, sent, 'nothing was sent');
  await stillWorks(client);
  console.log(`hostile inputs driven through the wasm module: ${inputs}`);
});

test('a generated corpus (like the Rust property tests) through the wasm build: no panic', async () => {
  // A seeded generator of JSON-ish values and text, as in tests/fuzz.rs.
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const KEYS = ['code', 'response_code', 'payload', 'companyId', 'cardAccountId', 'transactionType', 'type', 'loadAmount', 'uniqueReferenceNumber', 'email', 'mobile', 'title', 'gender', 'firstName', 'enkashCardId', 'rows', 'items', 'quantity', 'product', 'cartId'];
  const LEAVES = [null, true, false, 0, -1, 1.5, 1e308, -1e-308, '', 'CR', 'DR', 'ALLOCATE_POINT', 'Mr', 'F', '9600098867', 'a@b.co', '\u202e', '\u0000', '１２', NaN, Infinity, undefined];
  const text = () => Array.from({ length: Math.floor(rand() * 60) }, () => String.fromCodePoint(Math.floor(rand() * (rand() < 0.9 ? 128 : 0x10ffff)) & 0x10ffff)).join('').replace(/[\ud800-\udfff]/g, '');
  const value = (depth) => {
    const r = rand();
    if (depth > 3 || r < 0.4) return rand() < 0.5 ? pick(LEAVES) : text();
    if (r < 0.7) return Array.from({ length: Math.floor(rand() * 6) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rand() * 8) }, () => [pick(KEYS), value(depth + 1)]));
  };
  const fns = [sdk.validateAllocation, sdk.validateBulkRows, (v) => sdk.parseRecipientsCsv(typeof v === 'string' ? `title,name,email,mobile,loadAmount\n${v}` : v), sdk.parsePortalDate, sdk.ssoRedirectUrl, sdk.outcomesToCsv];
  let n = 0;
  for (let i = 0; i < 5000; i++) {
    const v = value(0);
    for (const fn of fns) {
      n++;
      try {
        fn(v);
      } catch (e) {
        assert.ok(!/unreachable|RuntimeError|memory access/.test(String(e)), `wasm failed on ${JSON.stringify(v)}: ${e}`);
      }
    }
  }
  assert.deepEqual(sdk.validateAllocation(allocation()), [], 'the module still works');
  console.log(`generated corpus: ${n} calls into the wasm build, no panic`);
});

test('config numbers are read from the object itself (JSON would hide NaN) and bad fields are named', () => {
  const base = { baseUrl: 'http://127.0.0.1:9', partnerId: 'P', accessToken: 't' };
  const refused = (extra) => {
    try {
      new EnKashClient({ ...base, ...extra });
    } catch (e) {
      assert.equal(e.kind, 'validation');
      return e.fieldErrors[0];
    }
    assert.fail(`accepted ${JSON.stringify(extra)}`);
  };
  assert.deepEqual(Object.keys(refused({ timeoutMs: NaN })).sort(), ['code', 'field', 'message']);
  assert.equal(refused({ timeoutMs: NaN }).code, 'out_of_range');
  assert.match(refused({ timeoutMs: Infinity }).message, /got inf/);
  assert.equal(refused({ timeoutMs: '5' }).code, 'invalid_type');
  assert.match(refused({ maxRetries: -Infinity }).message, /maxRetries must be a whole number from 0 to 10, got -inf$/);
  assert.equal(refused({ accessToken: undefined, credentials: { clientId: 5, clientSecret: 's', username: 'u', password: 'p' } }).field, 'credentials.clientId');
  assert.equal(refused({ paths: { getCart: 5 } }).field, 'paths.getCart');
  assert.ok(new EnKashClient({ ...base, timeoutMs: 1000, maxRetries: 0 }));
});
