// Client behaviour under faults, through the packed package against the sandbox's fault
// injection: retries only where repeating cannot apply anything twice, Retry-After,
// mayHaveBeenApplied, aborting a wait, time limits that cover slow bodies, hooks with
// secrets redacted, early token expiry, and a bounded load test with no token storm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EnKashClient, RedemptionClient, isEnKashError } from 'enkash-rewards';
import { sandbox, allocation, SANDBOX_CREDENTIALS as CREDS, SANDBOX_PARTNER_ID as PARTNER } from './helpers.mjs';
import { SANDBOX_EMPLOYEE as EMPLOYEE } from '../../sandbox/server.mjs';

let s;
before(async () => { s = await sandbox(); });
after(async () => { await s.close(); });

const faults = (f) => s.control({ faults: f });
const client = (extra = {}) => new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS, ...extra });
const route = (k) => s.snapshot().counts.byRoute[k] ?? 0;
const ALLOC = 'POST /api/v0/partner/enKashCard/create-allocate-points';
const EVENT = 'POST /api/v0/enkash-coins/create-coins-config';

test('a keyed allocation is retried through 5xx and 429 (Retry-After honoured) and pays once', async () => {
  const retries = [];
  const c = client({ hooks: { onRetry: (e) => retries.push(e) } });
  await c.authenticate();
  const before = route(ALLOC);
  await faults({ share: 1, kinds: ['503'], routes: ['create-allocate-points'], seed: 1 });
  const req = allocation();
  const pending = c.createAndAllocatePoints(req, { maxRetries: 3 });
  setTimeout(() => faults({ share: 1, kinds: ['429'], routes: ['create-allocate-points'] }).catch(() => {}), 150);
  setTimeout(() => faults(null).catch(() => {}), 700);
  const card = await pending;
  assert.match(card.enKashCardId, /^EKC/);
  assert.ok(route(ALLOC) - before >= 3, 'retried');
  assert.ok(retries.some((r) => r.delayMs === 1000), `Retry-After: 1 honoured: ${JSON.stringify(retries)}`);
  assert.equal(s.snapshot().ledger.filter((e) => e.reference === req.uniqueReferenceNumber).length, 1);
});

test('a write without an idempotency key is not repeated after a fault that may have reached the server', async () => {
  const c = client();
  await c.authenticate();
  await faults({ share: 1, kinds: ['503'], routes: ['create-coins-config'] });
  const before = route(EVENT);
  try {
    await c.createCoinEvent({ configuration: 'DEFAULT', companyId: 'CEK1PU9AOO', event: 'E', amount: 1 });
    assert.fail('expected a failure');
  } catch (e) {
    assert.ok(isEnKashError(e));
    assert.equal(e.status, 503);
    assert.equal(e.mayHaveBeenApplied, true);
  } finally {
    await faults(null);
  }
  assert.equal(route(EVENT) - before, 1);
  // A refusal is final and says nothing was applied.
  const refused = await c.createAndAllocatePoints(allocation({ cardAccountId: 'CANOPE' })).catch((e) => e);
  assert.equal(refused.mayHaveBeenApplied, false);
});

test('aborting during a retry wait ends the call at once; a slow body counts against the time limit', async () => {
  const c = client({ maxRetries: 5 });
  await c.authenticate();
  await faults({ share: 1, kinds: ['429'], routes: ['coins/balance'] });
  const controller = new AbortController();
  const started = Date.now();
  setTimeout(() => controller.abort(), 300);
  const e = await c.getCoinBalance('U', { signal: controller.signal }).catch((err) => err);
  assert.equal(e.kind, 'aborted');
  assert.ok(Date.now() - started < 900, `aborted while waiting to retry (${Date.now() - started} ms)`);
  await faults({ share: 1, kinds: ['slow-body'], routes: ['coins/balance'] });
  const slow = await c.getCoinBalance('U', { timeoutMs: 100, maxRetries: 0 }).catch((err) => err);
  assert.equal(slow.kind, 'timeout', 'the limit covers reading the body');
  assert.equal(await c.getCoinBalance('U', { timeoutMs: 2000 }), 0, 'a slow body within the limit is fine');
  await faults({ share: 1, kinds: ['hang'], routes: ['coins/balance'] });
  const hung = await c.getCoinBalance('U', { timeoutMs: 200, maxRetries: 1 }).catch((err) => err);
  assert.equal(hung.kind, 'timeout');
  await faults(null);
});

test('hooks see each attempt with method, URL, status, duration and request id; secrets never', async () => {
  const seen = [];
  const c = client({ hooks: { onRequest: (e) => seen.push(['request', e]), onResponse: (e) => seen.push(['response', e]), onRetry: (e) => seen.push(['retry', e]), includeBodies: true } });
  await faults({ share: 1, kinds: ['502'], routes: ['cardAccount/get'], seed: 3 });
  setTimeout(() => faults(null).catch(() => {}), 200);
  await c.getRewardAccountDetails({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' });
  const token = seen.find(([k, e]) => k === 'request' && e.endpoint === 'token')[1];
  assert.match(token.body, /password=\*\*\*/);
  const responses = seen.filter(([k, e]) => k === 'response' && e.endpoint === 'getRewardAccountDetails').map(([, e]) => e);
  assert.ok(responses.length >= 2);
  assert.equal(responses[0].status, 502);
  assert.equal(responses.at(-1).status, 200);
  assert.ok(responses.every((r) => r.method === 'POST' && r.url.endsWith('/cardAccount/get') && typeof r.durationMs === 'number' && r.requestId === responses[0].requestId));
  assert.ok(seen.some(([k]) => k === 'retry'));
  const text = JSON.stringify(seen);
  for (const secret of [CREDS.password, CREDS.clientSecret, ...Array.from(s.state.tokens.keys())]) assert.ok(!text.includes(secret), `leaked ${secret.slice(0, 4)}…`);
  // A hook that throws does not break the call.
  const rude = client({ hooks: { onRequest: () => { throw new Error('rude hook'); } } });
  assert.equal(typeof (await rude.getCoinBalance('U')), 'number');
});

test('voucher numbers and PINs never reach hooks or errors', async () => {
  const events = [];
  const store = new RedemptionClient({ baseUrl: s.url, credentials: { ...CREDS, username: EMPLOYEE.username, password: EMPLOYEE.password }, hooks: { onResponse: (e) => events.push(e), includeBodies: true } });
  const order = await store.createOrder({ denomination: 100, orderReferenceId: `SECRET-${Date.now()}`, productCatalogId: 101, quantity: 2 });
  const info = await store.fetchOrderInfo(order.orderId);
  const secrets = info.voucherDetailsList.flatMap((v) => [v.cardNumber, v.pin]);
  assert.equal(secrets.length, 4);
  const text = JSON.stringify(events);
  assert.ok(text.includes('voucherDetailsList'), 'bodies were included');
  for (const secret of secrets) assert.ok(!text.includes(secret), 'a voucher secret leaked into a hook');
  assert.ok(!text.includes(EMPLOYEE.password));
});

test('load: concurrent callers share one client for a fixed time, no error, no token storm', async () => {
  const short = await sandbox({ tokenTtlSeconds: 1 });
  try {
    const c = new EnKashClient({ baseUrl: short.url, partnerId: PARTNER, credentials: CREDS });
    const DURATION_MS = 2500;
    const CALLERS = 24;
    const end = Date.now() + DURATION_MS;
    let calls = 0;
    const errors = [];
    await Promise.all(Array.from({ length: CALLERS }, async () => {
      while (Date.now() < end) {
        try {
          await c.getCoinBalance('LOAD');
          calls++;
        } catch (e) {
          errors.push(e.message);
        }
      }
    }));
    const counts = short.snapshot().counts;
    console.log(`load: ${CALLERS} callers for ${DURATION_MS} ms on one client: ${calls} calls (${Math.round(calls / (DURATION_MS / 1000))}/s), ${errors.length} errors, ${counts.token} token requests (1 s tokens), ${counts.unauthorized} refused`);
    assert.deepEqual(errors, []);
    assert.ok(calls > 200, `${calls} calls`);
    assert.ok(counts.token <= Math.ceil(DURATION_MS / 900) + 1, `no token storm: ${counts.token} token requests`);
    assert.equal(counts.unauthorized, 0, 'tokens renewed before they expire');
  } finally {
    await short.close();
  }
});

test('tokens revoked mid-bulk are renewed without failing rows', async () => {
  // Revoked every 40 ms: on a loaded machine one batch can meet several revocations, and each
  // renewal after the first counts as a retry, so the run allows enough of them.
  const c = client();
  const rows = Array.from({ length: 2000 }, (_, i) => ({ title: 'Mr', name: `Expiry ${i}`, email: `expiry${i}@example.com`, mobile: `8${String(7e8 + i)}`, loadAmount: 1 }));
  await s.control({ cardAccountId: 'CAQL8YCV3', balance: 1e9 });
  const before = s.snapshot().counts;
  const timer = setInterval(() => s.control({ revokeTokens: true }).catch(() => {}), 40);
  let report;
  try {
    report = await c.allocateRewards(rows, { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true, runId: `expiry-${process.pid}`, batchSize: 50, concurrency: 4, maxRetries: 10 });
  } finally {
    clearInterval(timer);
  }
  const after = s.snapshot().counts;
  console.log(`early expiry: ${after.unauthorized - before.unauthorized} refused tokens, ${after.token - before.token} token requests, ${report.totals.allocated} allocated`);
  assert.ok(after.unauthorized - before.unauthorized > 0, 'tokens were refused mid-run');
  assert.equal(report.totals.allocated, 2000);
  assert.equal(report.stopped, undefined);
});
