// What the package's types promise, at run time: unknown option and field keys refused with
// the closest valid key, unknown answer fields under `extra`, one spelling of the card id
// (both read), and paging in pageSize + offset.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EnKashClient, RedemptionClient, isEnKashError, validateAllocation, validateBulkRows, parseRecipientsCsv } from 'enkash-rewards';
import { sandbox, allocation, row, ref, SANDBOX_CREDENTIALS as CREDS, SANDBOX_PARTNER_ID as PARTNER } from './helpers.mjs';

let s;
before(async () => { s = await sandbox(); });
after(async () => { await s.close(); });

const ACCOUNT = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' };
const base = () => ({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS });

/** The EnKashError thrown (sync) or rejected (async) by `f`, checked to be a validation error naming `field`. */
async function refused(f, field, closest) {
  let error;
  try {
    await f();
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected ${field} to be refused`);
  assert.ok(isEnKashError(error), String(error));
  assert.equal(error.kind, 'validation', error.message);
  const fe = error.fieldErrors.find((x) => x.field === field);
  assert.ok(fe, `${field} not named in ${JSON.stringify(error.fieldErrors)}`);
  assert.equal(fe.code, 'unknown_field');
  if (closest) assert.ok(fe.message.includes(`did you mean "${closest}"?`), fe.message);
  else assert.ok(fe.message.includes('; known: '), `no close key: the known ones are listed (${fe.message})`);
  assert.ok(error.message.includes(field), error.message);
  return fe;
}

test('unknown config keys are refused, naming the closest valid key', async () => {
  const top = await refused(() => new EnKashClient({ ...base(), onRequest: () => {} }), 'onRequest', 'hooks.onRequest');
  assert.equal(top.message, 'unknown option "onRequest"; did you mean "hooks.onRequest"?');
  await refused(() => new EnKashClient({ ...base(), timeout: 5000 }), 'timeout', 'timeoutMs');
  await refused(() => new EnKashClient({ ...base(), hooks: { onRequst: () => {} } }), 'hooks.onRequst', 'hooks.onRequest');
  await refused(() => new EnKashClient({ ...base(), credentials: { ...CREDS, clientSecrett: 'x' } }), 'credentials.clientSecrett', 'credentials.clientSecret');
  await refused(() => new EnKashClient({ ...base(), clientId: 'c' }), 'clientId', 'credentials.clientId');
  // RedemptionClient takes no partner-only keys; EnKashClient no redemption-only ones.
  await refused(() => new RedemptionClient({ baseUrl: s.url, accessToken: 't', partnerId: PARTNER }), 'partnerId', null);
  await refused(() => new EnKashClient({ ...base(), legacyOrderInfo: true }), 'legacyOrderInfo', null);
  // The valid ones still work.
  const seen = [];
  const c = new EnKashClient({ ...base(), timeoutMs: 5000, maxRetries: 1, hooks: { onRequest: (e) => seen.push(e.method), includeBodies: false } });
  await c.getRewardAccountDetails(ACCOUNT);
  assert.ok(seen.length > 0);
});

test('unknown call, iterate, page and run options are refused; paging says pageSize everywhere', async () => {
  const c = new EnKashClient(base());
  const card = await c.createAndAllocatePoints(allocation({ email: `${ref('t').toLowerCase()}@example.com`, mobile: '9' + String(Date.now()).slice(-9) }));
  const filter = { ...ACCOUNT, enKashCardId: card.enKashCardId };
  const sent = s.snapshot().counts.total;
  const limit = await refused(() => c.getRewardTransactionDetails(filter, { limit: 10 }), 'limit', 'pageSize');
  assert.equal(limit.message, 'unknown option "limit"; did you mean "pageSize"?');
  await refused(() => c.getRewardTransactionDetails(filter, { pageSize: 10, skip: 2 }), 'skip', 'offset');
  await refused(() => c.getRewardAccountDetails(ACCOUNT, { timeout: 10 }), 'timeout', 'timeoutMs');
  await refused(() => c.getRewardAccountDetails(ACCOUNT, { retries: 1 }), 'retries', 'maxRetries');
  await refused(() => c.iterateRewardTransactions(filter, { limit: 5 }).next(), 'limit', 'pageSize');
  await refused(() => c.allocateRewards([row(1)], { ...ACCOUNT, isPointsAllocation: true, runID: 'r' }), 'runID', 'runId');
  await refused(() => c.allocateRewards([row(1)], { ...ACCOUNT, isPointsAllocation: true, onProgres: () => {} }), 'onProgres', 'onProgress');
  await refused(() => c.allocateRewards([row(1)], { ...ACCOUNT, isPointsAllocation: true, rowz: 10 }), 'rowz', null);
  await refused(() => parseRecipientsCsv('title,name,email,mobile,loadAmount\n', { encodng: 'latin1' }), 'encodng', 'encoding');
  assert.equal(s.snapshot().counts.total, sent, 'nothing was sent');
  // pageSize + offset work for a page and for an iterator.
  const page = await c.getRewardTransactionDetails(filter, { pageSize: 1, offset: 0 });
  assert.equal(page.data.length, 1);
  const all = [];
  for await (const t of c.iterateRewardTransactions(filter, { pageSize: 1, offset: 0, timeoutMs: 5000 })) all.push(t.enKashTransactionId);
  assert.ok(all.length >= 1 && all.every((id) => /^ECT/.test(id)), JSON.stringify(all));
});

test('unknown request fields are refused naming the closest; validators take anything', async () => {
  const c = new EnKashClient(base());
  const sent = s.snapshot().counts.total;
  await refused(() => c.createAndAllocatePoints({ ...allocation(), emial: 'a@b.co' }), 'emial', 'email');
  await refused(() => c.bulkCreateAndAllocateRewards({ ...ACCOUNT, isPointsAllocation: true, rows: [{ ...row(1), remark: 'x' }] }), 'remark', 'remarks');
  assert.equal(s.snapshot().counts.total, sent, 'nothing was sent');
  const problems = validateAllocation({ ...allocation(), uniqueReferenceNumbr: 'x' });
  assert.deepEqual(problems.map((p) => [p.field, p.code]), [['uniqueReferenceNumbr', 'unknown_field']]);
  assert.ok(validateAllocation({}).length > 0);
  assert.ok(validateAllocation(undefined).length > 0);
  assert.ok(validateBulkRows('not rows').length > 0);
  assert.equal(validateBulkRows([{ ...row(2), remark: 'x' }])[0].code, 'unknown_field');
});

test('answers: unknown fields under extra only, the SDK spelling of ids, both wire spellings accepted', async () => {
  const c = new EnKashClient(base());
  const first = allocation({ email: `${ref('x').toLowerCase()}@example.com`, mobile: '9' + String(Date.now()).slice(-9) });
  const card = await c.createAndAllocatePoints(first);
  assert.match(card.enKashCardId, /^EKC/);
  assert.match(card.enKashTransactionId, /^ECT/);
  assert.equal(card.enkashCardId, undefined);
  assert.equal(card.enkashCardTxnId, undefined);
  assert.equal(typeof card.extra, 'object');
  // The sandbox's primary card and account details keep their unknown fields under extra too.
  const account = await c.getRewardAccountDetails(ACCOUNT);
  assert.equal(typeof account.availableBalance, 'number');
  assert.equal(typeof account.extra, 'object');
  assert.equal(typeof account.primaryEnKashCard.extra.primaryCard, 'boolean', 'primaryCard is kept in the primary card extra');
  // Top-ups by card id in either spelling (the wire gets enkashCardId).
  const top = { ...ACCOUNT, transactionType: 'CR', type: 'ALLOCATE_POINT', loadAmount: 1 };
  const a = await c.createAndAllocatePoints({ ...top, enKashCardId: card.enKashCardId, uniqueReferenceNumber: ref('TA') });
  const b = await c.createAndAllocatePoints({ ...top, enkashCardId: card.enKashCardId, uniqueReferenceNumber: ref('TB') });
  assert.equal(a.enKashCardId, card.enKashCardId);
  assert.equal(b.enKashCardId, card.enKashCardId);
  assert.equal(b.otbBalance, card.otbBalance + 2);
  const inc = await c.incentiveCreateAndAllocate({ ...top, enKashCardId: card.enKashCardId, uniqueReferenceNumber: ref('TI') });
  assert.equal(inc.enKashCardId, card.enKashCardId, 'the incentive top-up sends the wire spelling too');
  assert.equal(inc.otbBalance, card.otbBalance + 3);
  // Bulk answers (the wire says enkashCardId / enkashCardTxnId) and outcomes say it the SDK's way.
  const bulk = await c.bulkCreateAndAllocateRewards({ ...ACCOUNT, isPointsAllocation: true, rows: [row(7)] });
  assert.equal(bulk.totalCount, 1);
  assert.match(bulk.successBulkEnKashCardCreateDTOs[0].enKashCardId, /^EKC/);
  assert.match(bulk.successBulkEnKashCardCreateDTOs[0].enKashTransactionId, /^ECT/);
  assert.equal(bulk.successBulkEnKashCardCreateDTOs[0].enkashCardId, undefined);
  const report = await c.allocateRewards([row(8)], { ...ACCOUNT, isPointsAllocation: true });
  assert.match(report.outcomes[0].enKashCardId, /^EKC/);
  assert.match(report.outcomes[0].enKashTransactionId, /^ECT/);
  // SSO takes either spelling.
  const sso1 = await c.ssoToken({ ...ACCOUNT, enKashCardId: card.enKashCardId });
  const sso2 = await c.ssoToken({ ...ACCOUNT, enkashCardId: card.enKashCardId });
  assert.ok(sso1.accessToken && sso2.accessToken);
});

test('two spellings of one field at once, and unknown keys that are huge, personal or odd', async () => {
  const c = new EnKashClient(base());
  const sent = s.snapshot().counts.total;
  const codes = (problems) => problems.map((p) => [p.field, p.code]);
  // The same value under both spellings is read once; different values are refused naming both.
  assert.deepEqual(validateAllocation({ ...allocation(), enKashCardId: 'EKC1', enkashCardId: 'EKC1' }), []);
  const both = validateAllocation({ ...allocation(), enKashCardId: 'EKC1', enkashCardId: 'EKC2' });
  assert.deepEqual(codes(both), [['enKashCardId', 'mismatch']]);
  assert.ok(both[0].message.includes('enkashCardId') && !both[0].message.includes('duplicate'), both[0].message);
  let error;
  try {
    await c.createAndAllocatePoints({ ...allocation(), enKashCardId: 'EKC1', enkashCardId: 'EKC2' });
  } catch (e) {
    error = e;
  }
  assert.equal(error?.kind, 'validation', String(error));
  // A 2 MB key comes back shortened, with no suggestion searched for.
  const huge = validateAllocation({ ...allocation(), ['k'.repeat(2 << 20)]: 1 });
  assert.deepEqual(codes(huge), [['k'.repeat(32) + '…', 'unknown_field']]);
  assert.ok(huge[0].message.length < 1000, `${huge[0].message.length} characters`);
  // An email-like key is masked; a backtick in a key is named as it is.
  const personal = validateAllocation({ ...allocation(), 'asha.secret@corp.com': 1 });
  assert.equal(personal[0].code, 'unknown_field');
  assert.ok(!JSON.stringify(personal).includes('asha.secret'), JSON.stringify(personal));
  assert.deepEqual(codes(validateAllocation({ ...allocation(), 'emai`l': 'a@b.co' })), [['emai`l', 'unknown_field']]);
  // Suggestions name the SDK's spelling, never another.
  const near = validateAllocation({ ...allocation(), uniqueReferenceNumbr: 'x' });
  assert.ok(near[0].message.includes('did you mean "uniqueReferenceNumber"?'), near[0].message);
  const far = validateAllocation({ ...allocation(), zzzzzzzzzz: 'x' });
  assert.ok(far[0].message.includes('known: ') && !far[0].message.includes('enkashCardId'), far[0].message);
  assert.equal(s.snapshot().counts.total, sent, 'nothing was sent');
});
