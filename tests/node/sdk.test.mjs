// The built package (ESM entry) against the sandbox: what a Node user gets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EnKashClient, EnKashError, isEnKashError, validateAllocation, validateBulkRows, parsePortalDate } from 'enkash-rewards';
import { sandbox, allocation, row, ref, SANDBOX_CREDENTIALS as CREDS, SANDBOX_PARTNER_ID as PARTNER } from './helpers.mjs';

let s;
before(async () => { s = await sandbox(); });
after(async () => { await s.close(); });

const client = (extra = {}) => new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS, ...extra });

async function rejects(promise) {
  try {
    await promise;
  } catch (e) {
    assert.ok(isEnKashError(e), `not an EnKashError: ${e}`);
    assert.ok(e instanceof EnKashError && e instanceof Error);
    assert.equal(e.name, 'EnKashError');
    return e;
  }
  assert.fail('expected a rejection');
}

test('authenticate fetches a token explicitly', async () => {
  const before = s.snapshot().counts.token;
  const info = await client().authenticate();
  assert.equal(typeof info.accessToken, 'string');
  assert.equal(info.tokenType, 'bearer');
  assert.equal(info.expiresIn, 300);
  assert.equal(s.snapshot().counts.token, before + 1);
});

test('allocating to one person creates the card and moves exactly the amount', async () => {
  const c = client();
  const account = s.account('CAQL8YCV3').balance;
  const req = allocation({ loadAmount: 10.25 });
  const card = await c.createAndAllocatePoints(req);
  assert.match(card.enKashCardId, /^EKC/);
  assert.equal(card.otbBalance, 10.25);
  assert.deepEqual(card.cardStatus, { name: 'UL', label: 'UnLocked', extra: {} });
  assert.equal(card.pgReferenceNumber, req.uniqueReferenceNumber);
  assert.equal(parsePortalDate(card.createdOn)?.length, 19);
  assert.equal(s.account('CAQL8YCV3').balance, Math.round((account - 10.25) * 100) / 100);
  assert.equal(card.accountBalance, s.account('CAQL8YCV3').balance);
  const entry = s.snapshot().ledger.find((e) => e.reference === req.uniqueReferenceNumber);
  assert.equal(entry.amount, 10.25);
  // A top-up by card id needs no person fields.
  const topUp = await c.createAndAllocatePoints({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionType: 'CR', type: 'ALLOCATE_POINT', enkashCardId: card.enKashCardId, loadAmount: 1, uniqueReferenceNumber: ref('TOPUP') });
  assert.equal(topUp.enKashCardId, card.enKashCardId);
  assert.equal(topUp.otbBalance, 11.25);
  // And a debit takes points back.
  const debit = await c.createAndAllocatePoints({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionType: 'DR', type: 'UNALLOCATE_POINT', enKashCardId: card.enKashCardId, loadAmount: 0.25, uniqueReferenceNumber: ref('DEBIT') });
  assert.equal(debit.otbBalance, 11);
});

test('a repeated reference is refused and moves no money', async () => {
  const c = client();
  const req = allocation();
  await c.createAndAllocatePoints(req);
  const balance = s.account('CAQL8YCV3').balance;
  const e = await rejects(c.createAndAllocatePoints({ ...req, loadAmount: 99 }));
  assert.equal(e.kind, 'duplicateReference');
  assert.equal(e.alreadyApplied, false);
  assert.equal(e.mayHaveBeenApplied, false);
  assert.equal(e.status, 200);
  assert.equal(e.code, 1);
  assert.equal(e.message, 'The transaction associated with the given Unique reference Number already exists');
  assert.equal(s.account('CAQL8YCV3').balance, balance);
});

test('insufficient balance is an api error with the server message (response_code envelope)', async () => {
  const e = await rejects(client().createAndAllocatePoints(allocation({ companyId: 'CEKLOWBAL1', cardAccountId: 'CALOWBAL1', loadAmount: 51 })));
  assert.equal(e.kind, 'api');
  assert.equal(e.code, 1);
  assert.equal(e.message, 'Insufficient balance in card account');
  assert.match(e.body, /response_code/);
});

test('an unknown reward account is a 404 api error', async () => {
  const e = await rejects(client().createAndAllocatePoints(allocation({ cardAccountId: 'CANOPE' })));
  assert.equal(e.kind, 'api');
  assert.equal(e.status, 404);
  assert.equal(e.message, 'Card account not found for companyId: CEK1PU9AOO and cardAccountId: CANOPE');
});

test('invalid input is rejected with field errors and nothing is sent', async () => {
  const c = client();
  await c.authenticate();
  const sent = s.snapshot().counts.total;
  const cases = [
    [allocation({ email: 'not-an-email' }), 'email', 'invalid_format'],
    [allocation({ mobile: '+919600098867' }), 'mobile', 'invalid_format'],
    [allocation({ loadAmount: 0 }), 'loadAmount', 'out_of_range'],
    [allocation({ loadAmount: -3 }), 'loadAmount', 'out_of_range'],
    [allocation({ loadAmount: NaN }), 'loadAmount', 'out_of_range'],
    [allocation({ loadAmount: Infinity }), 'loadAmount', 'out_of_range'],
    [allocation({ loadAmount: 1.005 }), 'loadAmount', 'too_precise'],
    [allocation({ loadAmount: '10' }), 'loadAmount', 'invalid_type'],
    [allocation({ title: 'Dr' }), 'title', 'invalid_value'],
    [allocation({ gender: 'X' }), 'gender', 'invalid_value'],
    [allocation({ type: 'UNALLOCATE_POINT' }), 'type', 'mismatch'],
    [allocation({ uniqueReferenceNumber: '' }), 'uniqueReferenceNumber', 'required'],
    [allocation({ companyId: undefined }), 'companyId', 'required'],
  ];
  for (const [req, field, code] of cases) {
    const e = await rejects(c.createAndAllocatePoints(req));
    assert.equal(e.kind, 'validation', field);
    assert.deepEqual(e.fieldErrors.map((f) => [f.field, f.code]), [[field, code]], `${field}: ${JSON.stringify(e.fieldErrors)}`);
    assert.deepEqual(validateAllocation(req).map((f) => f.field), [field]);
  }
  for (const bad of [null, undefined, 42, 'x', [], () => 1]) {
    const e = await rejects(c.createAndAllocatePoints(bad));
    assert.equal(e.kind, 'validation');
  }
  assert.equal(s.snapshot().counts.total, sent, 'nothing may reach the server');
  assert.deepEqual(validateAllocation(allocation()), []);
});

test('validateBulkRows names the row of each problem', () => {
  const rows = [row(1), row(2, { email: 'x' }), row(3, { uniqueReferenceNumber: undefined }), row(4, { loadAmount: 2.001 })];
  rows.push(row(5, { uniqueReferenceNumber: rows[0].uniqueReferenceNumber }));
  const errors = validateBulkRows(rows);
  assert.deepEqual(errors.map((e) => [e.row, e.field, e.code]), [[1, 'email', 'invalid_format'], [3, 'loadAmount', 'too_precise'], [4, 'uniqueReferenceNumber', 'duplicate']]);
  assert.deepEqual(validateBulkRows([]).map((e) => e.code), ['empty']);
  assert.deepEqual(validateBulkRows('rows').map((e) => e.code), ['invalid_type']);
  assert.deepEqual(validateBulkRows([row(1), 7]).map((e) => [e.row, e.code]), [[1, 'invalid_type']]);
});

test('bulk: successes, a duplicate failed by the server, and the counts', async () => {
  const c = client();
  const paid = allocation();
  await c.createAndAllocatePoints(paid);
  const rows = [row(10), row(11, { uniqueReferenceNumber: paid.uniqueReferenceNumber }), row(12, { loadAmount: 2.5 })];
  const balance = s.account('CAQL8YCV3').balance;
  const result = await c.bulkCreateAndAllocateRewards({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true, rows });
  assert.equal(result.successCount, 2);
  assert.equal(result.failureCount, 1);
  assert.equal(result.totalCount, 3);
  assert.deepEqual(result.successBulkEnKashCardCreateDTOs.map((r) => r.email), ['p10@example.com', 'p12@example.com']);
  assert.ok(result.successBulkEnKashCardCreateDTOs.every((r) => /^EKC/.test(r.enKashCardId) && /^ECT/.test(r.enKashTransactionId)));
  const [failure] = result.failureBulkEnKashCardCreateDTOs;
  assert.equal(failure.uniqueReferenceNumber, paid.uniqueReferenceNumber);
  assert.equal(failure.failureReason, 'The transaction associated with the given Unique reference Number already exists');
  assert.equal(s.account('CAQL8YCV3').balance, Math.round((balance - 7.5) * 100) / 100);
});

test('bulk: whole-request refusals keep the server message and status', async () => {
  const c = client();
  const rows = [row(20)];
  for (const [companyId, cardAccountId, status, message] of [
    ['CEKNOPRIM1', 'CANOPRIM1', 422, 'Primary Enkash card is not present. So bulk upload cannot be done'],
    ['CEKKYCPND1', 'CAKYCPND1', 422, 'KYC is not uploaded or under review for the primary card. So bulk upload cannot be done'],
    ['CEKNOBIN01', 'CANOBIN01', 422, 'Bin Type is not mapped on PlanMaster'],
    ['CEKOTHER01', 'CAQL8YCV3', 422, 'Card Account does not exist for this partner'],
    ['CEKX', 'CAX', 404, 'Card account not found for companyId: CEKX and cardAccountId: CAX'],
  ]) {
    const e = await rejects(c.bulkCreateAndAllocateRewards({ companyId, cardAccountId, isPointsAllocation: true, rows }));
    assert.equal(e.kind, 'api');
    assert.equal(e.status, status);
    assert.equal(e.message, message);
  }
  const e = await rejects(c.bulkCreateAndAllocateRewards({ companyId: 'C', cardAccountId: 'A', isPointsAllocation: true, rows: [] }));
  assert.equal(e.kind, 'validation');
});

test('the token is renewed before it expires, without a 401', async () => {
  const short = await sandbox({ tokenTtlSeconds: 2 });
  try {
    const c = new EnKashClient({ baseUrl: short.url, partnerId: PARTNER, credentials: CREDS });
    await c.createAndAllocatePoints(allocation());
    await c.createAndAllocatePoints(allocation());
    assert.equal(short.snapshot().counts.token, 1);
    await new Promise((r) => setTimeout(r, 1900));
    await c.createAndAllocatePoints(allocation());
    const counts = short.snapshot().counts;
    assert.equal(counts.token, 2, 'renewed within the last 10 % of the lifetime');
    assert.equal(counts.unauthorized, 0);
  } finally {
    await short.close();
  }
});

test('a refused token is renewed once and the call repeated', async () => {
  const c = client();
  await c.createAndAllocatePoints(allocation());
  const before = s.snapshot().counts;
  await s.control({ revokeTokens: true });
  const card = await c.createAndAllocatePoints(allocation());
  assert.match(card.enKashCardId, /^EKC/);
  const after = s.snapshot().counts;
  assert.equal(after.unauthorized - before.unauthorized, 1);
  assert.equal(after.token - before.token, 1);
});

test('concurrent calls share one token request', async () => {
  const c = client();
  const before = s.snapshot().counts.token;
  const cards = await Promise.all(Array.from({ length: 8 }, () => c.createAndAllocatePoints(allocation())));
  assert.equal(cards.length, 8);
  assert.equal(s.snapshot().counts.token - before, 1);
});

test('rejected credentials are an auth error and are never sent again', async () => {
  const own = await sandbox();
  try {
    const c = new EnKashClient({ baseUrl: own.url, partnerId: PARTNER, credentials: { ...CREDS, password: 'wrong-password-123' } });
    const first = await rejects(c.createAndAllocatePoints(allocation()));
    assert.equal(first.kind, 'auth');
    assert.equal(first.status, 400);
    assert.match(first.message, /Bad credentials/);
    for (let i = 0; i < 4; i++) assert.equal((await rejects(c.createAndAllocatePoints(allocation()))).kind, 'auth');
    assert.equal((await rejects(c.authenticate())).kind, 'auth');
    assert.equal(own.snapshot().counts.token, 1, 'one attempt, so the account is not locked');
    assert.deepEqual(own.snapshot().locked, []);
    for (const text of [first.message, first.body ?? '', JSON.stringify(first), String(first.stack)]) {
      assert.ok(!text.includes('wrong-password-123') && !text.includes(CREDS.clientSecret));
    }
  } finally {
    await own.close();
  }
});

test('a fixed access token works and a refusal of it is final', async () => {
  const { accessToken } = await client().authenticate();
  const c = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, accessToken });
  await c.createAndAllocatePoints(allocation());
  await s.control({ revokeTokens: true });
  const e = await rejects(c.createAndAllocatePoints(allocation()));
  assert.equal(e.kind, 'auth');
  assert.equal(e.status, 401);
  assert.ok(!e.message.includes(accessToken));
});

test('a token provider is asked once, and again after a refusal', async () => {
  const minter = client();
  let calls = 0;
  const c = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, tokenProvider: async () => { calls++; const t = await minter.authenticate(); return { accessToken: t.accessToken, expiresIn: t.expiresIn }; } });
  await c.createAndAllocatePoints(allocation());
  await c.createAndAllocatePoints(allocation());
  assert.equal(calls, 1);
  await s.control({ revokeTokens: true });
  await c.createAndAllocatePoints(allocation());
  assert.equal(calls, 2);
  const failing = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, tokenProvider: () => { throw new Error('backend down'); } });
  const e = await rejects(failing.createAndAllocatePoints(allocation()));
  assert.equal(e.kind, 'auth');
  assert.match(e.message, /backend down/);
  const wrongShape = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, tokenProvider: async () => ({ token: 'x' }) });
  assert.equal((await rejects(wrongShape.createAndAllocatePoints(allocation()))).kind, 'auth');
});

test('AbortSignal cancels at once, timeouts are their own kind, a dead host is a network error', async () => {
  const c = client();
  await c.authenticate();
  const aborted = AbortSignal.abort();
  const sent = s.snapshot().counts.total;
  assert.equal((await rejects(c.createAndAllocatePoints(allocation(), { signal: aborted }))).kind, 'aborted');
  assert.equal(s.snapshot().counts.total, sent, 'an aborted signal sends nothing');
  await s.control({ delayMs: 1500 });
  try {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    assert.equal((await rejects(c.createAndAllocatePoints(allocation(), { signal: controller.signal }))).kind, 'aborted');
    assert.ok(Date.now() - started < 1000, 'aborted before the server answered');
    const t = await rejects(c.createAndAllocatePoints(allocation(), { timeoutMs: 100 }));
    assert.equal(t.kind, 'timeout');
    assert.match(t.message, /100 ms/);
  } finally {
    await s.control({ delayMs: 0 });
  }
  const dead = new EnKashClient({ baseUrl: 'http://127.0.0.1:9', partnerId: PARTNER, credentials: CREDS });
  assert.equal((await rejects(dead.authenticate())).kind, 'network');
  assert.equal((await rejects(c.createAndAllocatePoints(allocation(), { signal: 'nope' }))).kind, 'validation');
  assert.equal((await rejects(c.createAndAllocatePoints(allocation(), { timeoutMs: -1 }))).kind, 'validation');
});

test('configuration mistakes throw at construction', () => {
  const bad = [
    {},
    { baseUrl: s.url, partnerId: PARTNER },
    { baseUrl: s.url, partnerId: PARTNER, credentials: CREDS, accessToken: 't' },
    { baseUrl: 'ftp://x', partnerId: PARTNER, accessToken: 't' },
    { baseUrl: s.url, accessToken: 't' },
    { baseUrl: s.url, partnerId: PARTNER, accessToken: 't', timeoutMs: 0 },
    { baseUrl: s.url, partnerId: PARTNER, credentials: { ...CREDS, password: '' } },
    { baseUrl: s.url, partnerId: PARTNER, tokenProvider: 'not a function' },
    null,
  ];
  for (const config of bad) {
    assert.throws(() => new EnKashClient(config), (e) => isEnKashError(e) && e.kind === 'validation', JSON.stringify(config));
  }
});
