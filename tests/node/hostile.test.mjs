// Hostile input against every public function: each gets a typed validation error (or a
// plain result), nothing is sent, and the wasm module keeps working afterwards (a panic
// would kill the instance: every later call would fail).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
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
/** A revoked Proxy: every operation on it throws a TypeError (even Array.isArray). */
function revokedProxy(target = {}) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}
/** Converting it to a string or number throws (and so does its toString). */
const primitiveThrower = { [Symbol.toPrimitive]() { throw 42; }, toString() { throw 43; } };
/** An object whose getter throws `value`, which need not be an Error. */
const throwsOnRead = (value) => ({ get companyId() { throw value; } });
/** The values a getter throws: not one of them is an Error. */
const NON_ERRORS = [42, null, undefined, 'text', Symbol('thrown'), 10n, primitiveThrower, revokedProxy()];
const arrayWithThrowingTraps = new Proxy([1, 2], { get() { throw 7; }, ownKeys() { throw 8; } });
const prototypeTrapThrows = new Proxy({}, { getPrototypeOf() { throw 9; } });

/** Values that every field and argument gets. */
const HOSTILE = [
  undefined, null, true, 0, -1, -0, 1.5, NaN, Infinity, -Infinity, 1e308, Number.MAX_SAFE_INTEGER + 2, 10n,
  '', ' ', '\u0000', '\u202e1234567890', '９６００９８８８６７', '𝟗𝟔𝟎𝟎𝟎𝟗𝟖𝟖𝟔𝟕', 'Ｍｒ', '<script>alert(1)</script>', "'; DROP TABLE users; --", 'a'.repeat(5000), BIG,
  [], [1, 2, 3], {}, Object.create(null), () => 1, Symbol('s'), new Date(0), Promise.resolve(1), throwing, circular, nested(5000),
  revokedProxy(), revokedProxy([]), revokedProxy(() => 1), primitiveThrower, arrayWithThrowingTraps, prototypeTrapThrows,
  ...NON_ERRORS.map(throwsOnRead), { nested: { deeper: revokedProxy() } }, [revokedProxy()],
];
/** Options (and filters) that cannot be read: even a method whose arguments are all optional refuses them. */
const UNREADABLE_OPTIONS = [revokedProxy(), revokedProxy([]), throwing, { get timeoutMs() { throw 42; } }, { get signal() { throw null; } }, { get maxRetries() { throw undefined; } }];

let inputs = 0;
const show = (v) => {
  try {
    return String(v).slice(0, 80);
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
    // Only the SDK's own error: never a raw TypeError from the glue, nor a wasm trap.
    assert.ok(isEnKashError(e), `not an EnKashError: ${show(e)} (${show(e?.constructor?.name)})`);
    assert.ok(!/unreachable|panicked|RuntimeError|null pointer/.test(e.message), `the wasm module failed: ${e.message}`);
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
  const writer = new sdk.OutcomesCsvWriter();
  for (const v of HOSTILE) {
    await expectRejectedOrValue(() => new sdk.OutcomesCsvWriter(v));
    for (const m of ['header', 'rows', 'lineErrors']) await expectRejectedOrValue(() => writer[m](v, v));
  }
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
  await store.authenticateUser();
  const sent = s.snapshot().counts.total;
  // Every method of both clients (a method added later is covered without editing this list).
  const methods = (obj) => Object.getOwnPropertyNames(Object.getPrototypeOf(obj)).filter((m) => !['constructor', 'free', '__destroy_into_raw'].includes(m));
  assert.ok(methods(client).length >= 20 && methods(store).length >= 10, 'the methods were found');
  const OPTIONAL_ARGS = new Set(['authenticate', 'authenticateUser', 'iterateOrders', 'searchOrders', 'searchCatalog']);
  for (const v of HOSTILE) {
    for (const [obj, m] of [...methods(client).map((m) => [client, m]), ...methods(store).map((m) => [store, m])]) {
      // Methods whose arguments may all be left out (or be any object) would send a request
      // for most values: they get the options that cannot be read (below).
      if (OPTIONAL_ARGS.has(m)) continue;
      // An iterator reports bad input on its first next().
      const call = /^iterate/.test(m) ? () => obj[m](v, v).next() : () => obj[m](v, v, v);
      const e = await expectRejectedOrValue(call);
      assert.ok(isEnKashError(e) && e.kind === 'validation', `${m}(${show(v)}): ${show(e)}`);
    }
    // A good request with hostile options is refused too (the options are checked first).
    if (v !== undefined && v !== null) await expectRejectedOrValue(() => client.createAndAllocatePoints(allocation(), { timeoutMs: v, maxRetries: v, signal: v }));
  }
  for (const v of UNREADABLE_OPTIONS) {
    for (const [obj, m] of [...methods(client).map((m) => [client, m]), ...methods(store).map((m) => [store, m])]) {
      const call = /^iterate/.test(m) ? () => obj[m](v, v).next() : () => obj[m](v, v, v);
      const e = await expectRejectedOrValue(call);
      assert.ok(isEnKashError(e) && e.kind === 'validation', `${m}(${show(v)}): ${show(e)}`);
    }
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

/** The typed refusal `fn` gives (thrown or rejected), or a failed assertion. */
async function refusal(fn, what) {
  try {
    const r = fn();
    if (r && typeof r.then === 'function') await r;
  } catch (e) {
    assert.ok(isEnKashError(e), `${what}: not an EnKashError: ${show(e)}`);
    assert.equal(e.kind, 'validation', `${what}: ${e.message}`);
    assert.ok(!/null pointer|unreachable|RuntimeError|unknown JavaScript error/.test(e.message), `${what}: ${e.message}`);
    return e;
  }
  assert.fail(`${what}: accepted`);
}

test('revoked Proxies and getters that throw non-Errors are refused with a typed error naming the argument; nothing is sent', async () => {
  const good = { baseUrl: s.url, partnerId: PARTNER, credentials: CREDS };
  const client = new EnKashClient(good);
  const store = new RedemptionClient({ baseUrl: s.url, credentials: CREDS });
  const sent = s.snapshot().counts.total;
  const field = async (fn, name, what) => {
    const e = await refusal(fn, what);
    assert.equal(e.fieldErrors[0]?.field, name, `${what}: ${e.message}`);
    return e;
  };
  for (const ctor of [EnKashClient, RedemptionClient]) {
    await field(() => new ctor(revokedProxy()), 'config', `new ${ctor.name}(revoked)`);
    await field(() => new ctor({ ...good, hooks: revokedProxy() }), 'hooks', `new ${ctor.name}({ hooks: revoked })`);
    await field(() => new ctor({ ...good, credentials: revokedProxy() }), 'credentials', `new ${ctor.name}({ credentials: revoked })`);
  }
  // A getter that throws only on its second read (after the first look at the config).
  let reads = 0;
  await field(() => new EnKashClient({ ...good, get timeoutMs() { if (reads++ > 0) throw 42; return 1000; } }), 'config', 'a getter that throws later');
  await field(() => client.createAndAllocatePoints(revokedProxy()), 'request', 'createAndAllocatePoints(revoked)');
  await field(() => client.createAndAllocatePoints(allocation(), revokedProxy()), 'options', 'createAndAllocatePoints(ok, revoked)');
  await field(() => client.allocateRewards([row(1)], revokedProxy()), 'options', 'allocateRewards(rows, revoked)');
  await field(() => client.allocateRewards(revokedProxy(), { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true }), 'rows', 'allocateRewards(revoked, options)');
  await field(() => client.getCoinEvent(revokedProxy()), 'coinConfigId', 'getCoinEvent(revoked)');
  await field(() => client.ssoRedirectUrl(revokedProxy()), 'input', 'client.ssoRedirectUrl(revoked)');
  await field(() => client.ssoRedirectUrl(throwing), 'input', 'client.ssoRedirectUrl(throwing traps)');
  await field(() => client.iterateRewardTransactions(revokedProxy()), 'filter', 'iterateRewardTransactions(revoked)');
  await field(() => store.searchOrders({}, revokedProxy()), 'page', 'searchOrders({}, revoked)');
  await field(() => store.authenticateUser(revokedProxy()), 'options', 'authenticateUser(revoked)');
  await field(() => client.authenticate({ get signal() { throw null; } }), 'signal', 'authenticate({ signal: throws null })');
  await field(() => client.createAndAllocatePoints(allocation(), { get timeoutMs() { throw undefined; } }), 'timeoutMs', 'options.timeoutMs throws undefined');
  for (const thrown of NON_ERRORS) {
    const what = `a getter that throws ${typeof thrown === 'symbol' ? 'a symbol' : show(thrown)}`;
    const e = await field(() => client.createAndAllocatePoints(throwsOnRead(thrown)), 'request', what);
    await field(() => new EnKashClient({ ...good, credentials: throwsOnRead(thrown) }), 'credentials', `config: ${what}`);
    // allocateRewards reports such a row as invalid (one outcome per row) and sends nothing.
    const report = await client.allocateRewards([throwsOnRead(thrown)], { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true });
    assert.deepEqual([report.outcomes[0].status, report.totals.invalid, report.requests], ['invalid', 1, 0], `rows: ${what}`);
    if (thrown === 42 || thrown === null || thrown === undefined) assert.match(e.message, new RegExp(`threw ${thrown}`), e.message);
  }
  // Free functions: the validators answer with field errors, the others throw.
  for (const [fn, name] of [[sdk.validateAllocation, 'request'], [sdk.validateBulkRows, 'rows']]) {
    for (const v of [revokedProxy(), revokedProxy([]), throwsOnRead(null), [throwsOnRead(42)], arrayWithThrowingTraps]) {
      const errors = fn(v);
      assert.ok(Array.isArray(errors) && errors[0]?.field === name && errors[0].code === 'invalid_type', `${fn.name}(${show(v)}): ${JSON.stringify(errors)}`);
    }
  }
  await field(() => sdk.outcomesToCsv(revokedProxy()), 'outcomes', 'outcomesToCsv(revoked)');
  await field(() => sdk.outcomesToCsv(arrayWithThrowingTraps), 'outcomes', 'outcomesToCsv(array whose traps throw)');
  await field(() => sdk.outcomesToCsv([], revokedProxy()), 'lines', 'outcomesToCsv([], revoked)');
  await field(() => new sdk.OutcomesCsvWriter(revokedProxy()), 'lines', 'new OutcomesCsvWriter(revoked)');
  await field(() => new sdk.OutcomesCsvWriter().rows(arrayWithThrowingTraps), 'outcomes', 'writer.rows(array whose traps throw)');
  await field(() => client.allocateRewards(arrayWithThrowingTraps, { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true }), 'rows', 'allocateRewards(array whose traps throw)');
  await field(() => sdk.ssoRedirectUrl(revokedProxy()), 'request', 'ssoRedirectUrl(revoked)');
  await field(() => sdk.parseRecipientsCsv(primitiveThrower), 'text', 'parseRecipientsCsv(toPrimitive throws)');
  assert.equal(s.snapshot().counts.total, sent, 'nothing was sent');
  await stillWorks(client);
});

test('every method of a freed client, store or iterator gives a typed error (Promise methods reject), and the module keeps working', async () => {
  const config = { baseUrl: s.url, partnerId: PARTNER, credentials: CREDS };
  const make = {
    EnKashClient: () => new EnKashClient(config),
    RedemptionClient: () => new RedemptionClient({ baseUrl: s.url, credentials: CREDS }),
    PageIterator: () => new EnKashClient(config).iterateRewardTransactions({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' }),
    OutcomesCsvWriter: () => new sdk.OutcomesCsvWriter(),
  };
  // Every class the package exports is here (a class added later fails this line until it is).
  const exported = Object.entries(sdk).filter(([, v]) => typeof v === 'function' && typeof v.prototype?.free === 'function').map(([k]) => k);
  assert.deepEqual(exported.sort(), Object.keys(make).sort());
  const sent = s.snapshot().counts.total;
  let checked = 0;
  for (const [className, create] of Object.entries(make)) {
    const proto = Object.getPrototypeOf(create());
    const names = Object.getOwnPropertyNames(proto).filter((m) => !['constructor', '__destroy_into_raw', 'free'].includes(m) && typeof proto[m] === 'function');
    assert.ok(names.length >= 2, className);
    for (const m of names) {
      // How the method answers on a live object (a bad argument: nothing is sent).
      const live = create();
      let liveAnswer;
      try {
        liveAnswer = live[m](revokedProxy(), revokedProxy(), revokedProxy());
      } catch {
        liveAnswer = 'threw';
      }
      const livePromise = typeof liveAnswer?.then === 'function';
      if (livePromise) liveAnswer.catch(() => {});
      const freed = create();
      freed.free();
      let answer;
      try {
        answer = freed[m](allocation());
      } catch (e) {
        answer = { thrown: e };
      }
      // A method that answers with a Promise rejects; the others throw.
      assert.equal(typeof answer?.then === 'function', livePromise, `${className}.${m}: Promise on a live object: ${livePromise}`);
      const e = await refusal(() => (answer?.thrown ? Promise.reject(answer.thrown) : answer), `freed ${className}.${m}`);
      assert.equal(e.fieldErrors[0].field, className);
      assert.match(e.message, /freed/);
      // A method called on something that is not one of these objects.
      await refusal(() => proto[m].call({ __wbg_ptr: 8 }, allocation()), `${className}.${m} on a plain object`);
      checked++;
    }
    // Freeing twice (or `using` after free) is harmless; `Symbol.dispose` is the same guarded free.
    const twice = create();
    twice.free();
    assert.doesNotThrow(() => twice.free());
    if (Symbol.dispose) assert.doesNotThrow(() => twice[Symbol.dispose]());
    await refusal(() => proto.free.call({}), `${className}.free on a plain object`);
  }
  // A call in flight when its client is freed still completes.
  const client = new EnKashClient(config);
  const pending = client.createAndAllocatePoints(allocation());
  client.free();
  assert.match((await pending).enKashCardId, /^EKC/);
  assert.ok(checked >= 33, `${checked} methods checked`);
  assert.equal(s.snapshot().counts.total, sent + 2, 'only the call in flight was sent (token and allocation)');
  await stillWorks(new EnKashClient(config));
});

test('isEnKashError never throws, whatever it is given', () => {
  const hostile = [
    revokedProxy(), revokedProxy(() => 1), prototypeTrapThrows, Object.create(null), primitiveThrower, throwing,
    { get kind() { throw 1; }, get name() { throw 2; } },
    Object.defineProperty(new Error('x'), 'name', { get() { throw 3; } }),
    new Proxy(new Error('x'), { get() { throw 4; } }),
    new Proxy(new Error('x'), { getPrototypeOf() { throw 5; } }),
    undefined, null, 0, '', Symbol('s'), 10n, () => 1,
  ];
  for (const v of hostile) assert.equal(isEnKashError(v), false, show(v));
  const real = (() => {
    try {
      sdk.validateAllocation; // the module is loaded
      new EnKashClient(null);
    } catch (e) {
      return e;
    }
  })();
  assert.equal(isEnKashError(real), true);
  assert.equal(isEnKashError(Object.assign(new Error('from another copy'), { name: 'EnKashError', kind: 'api' })), true);
});

test('a bulk row that cannot be read is invalid with what went wrong, and the rest of the run goes on', async () => {
  const c = new sdk.EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS });
  const bad = { title: 'Mr', name: 'Getter', mobile: '9444444444', loadAmount: 1, get email() { throw 42; } };
  const rows = [row(1, { uniqueReferenceNumber: undefined }), bad];
  for (const input of [rows, (function* () { yield* rows; })()]) {
    const report = await c.allocateRewards(input, { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true, runId: `unreadable-${process.pid}`, dryRun: true });
    assert.equal(report.outcomes[1].status, 'invalid');
    assert.match(report.outcomes[1].reason, /could not be read: .*42/);
    assert.equal(report.outcomes[0].status, 'notAttempted');
  }
});

test('an error thrown from another realm (vm, jsdom, an edge sandbox) is reported with its message', async () => {
  // `instanceof Error` fails across realms: the message must still reach the caller.
  const foreign = runInNewContext('new TypeError("fetch failed in another realm")');
  assert.equal(foreign instanceof Error, false);
  const c = new sdk.EnKashClient({ baseUrl: s.url, partnerId: PARTNER, tokenProvider: () => { throw foreign; } });
  const err = await c.getRewardAccountDetails({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' }).catch((e) => e);
  assert.equal(isEnKashError(err), true);
  assert.match(err.message, /fetch failed in another realm/);
});
