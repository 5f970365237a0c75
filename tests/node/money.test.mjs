// Never pay twice, never misreport a payment, through the packed package against the sandbox:
// edited files re-run under one run id, shards, a lost answer followed by a duplicate
// refusal, the one retry policy in bulk runs, token providers that never answer, and
// findAllocation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EnKashClient, isEnKashError } from 'enkash-rewards';
import { sandbox, allocation, SANDBOX_CREDENTIALS as CREDS, SANDBOX_PARTNER_ID as PARTNER } from './helpers.mjs';

let s;
before(async () => { s = await sandbox(); });
after(async () => { await s.close(); });

const ACCOUNT = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true };
const client = (extra = {}) => new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS, ...extra });
const faults = (f) => s.control({ faults: f });

/** Payments per person (email) in the sandbox's ledger, for references of this run. */
function paymentsByEmail(runId) {
  const snap = s.snapshot();
  const emailOf = new Map(snap.cards.map((c) => [c.enKashCardId, c.email.toLowerCase()]));
  const counts = new Map();
  for (const e of snap.ledger) {
    if (!e.reference.startsWith(`${runId}-`)) continue;
    const who = emailOf.get(e.enKashCardId);
    counts.set(who, (counts.get(who) ?? 0) + 1);
  }
  return counts;
}

const appearances = (rows) => {
  const counts = new Map();
  for (const r of rows) {
    if (!/^[6-9]\d{9}$/.test(r.mobile)) continue; // the invalid rows
    const who = r.email.trim().toLowerCase();
    counts.set(who, (counts.get(who) ?? 0) + 1);
  }
  return counts;
};

test('re-running an edited file under one run id pays nobody twice (fix a row, insert, delete, swap, change an amount)', async () => {
  const runId = `edit-${process.pid}`;
  const pid = process.pid % 1000;
  let file = Array.from({ length: 200 }, (_, i) => ({
    title: 'Ms', name: `Edit ${i}`, email: `edit${i}.${pid}@example.com`, mobile: `9${String(i * 7919 + pid).padStart(9, '0')}`, loadAmount: 3, remarks: 'x',
  }));
  // A few people appear twice.
  file[150] = { ...file[10] };
  file[160] = { ...file[20], loadAmount: 4 };
  file[50] = { ...file[50], mobile: '12345' }; // a typo: invalid
  const c = client();
  const runAndCheck = async (label) => {
    const before = paymentsByEmail(runId);
    const now = appearances(file);
    const report = await c.allocateRewards(file, { ...ACCOUNT, runId, batchSize: 25 });
    assert.equal(report.totals.failed, 0, label);
    const paid = paymentsByEmail(runId);
    // This run never takes anyone past the number of times they appear in the file being run.
    for (const [who, n] of paid) assert.ok(n <= Math.max(before.get(who) ?? 0, now.get(who) ?? 0), `${label}: ${who} paid ${n} times, appears ${now.get(who) ?? 0} times, paid ${before.get(who) ?? 0} times before`);
    for (const [who, n] of appearances(file)) assert.ok((paid.get(who) ?? 0) >= n, `${label}: ${who} paid ${paid.get(who) ?? 0} times, appears ${n} times`);
    return report;
  };
  const first = await runAndCheck('first run');
  assert.equal(first.totals.invalid, 1);
  assert.equal(first.totals.allocated, 199);
  const ledgerAfterFirst = s.snapshot().ledger.length;

  file[50] = { ...file[50], mobile: '9000000050' }; // fix the typo
  const fixed = await runAndCheck('typo fixed');
  assert.equal(fixed.totals.allocated, 1, 'only the fixed row is paid');
  assert.equal(s.snapshot().ledger.length, ledgerAfterFirst + 1);

  file.unshift({ title: 'Mr', name: 'New Top', email: `top.${pid}@example.com`, mobile: '9111111111', loadAmount: 2 });
  const inserted = await runAndCheck('row inserted at the top');
  assert.equal(inserted.totals.allocated, 1, 'only the new row is paid');

  file.splice(100, 1);
  const deleted = await runAndCheck('row 100 deleted');
  assert.equal(deleted.totals.allocated, 0);

  [file[3], file[170]] = [file[170], file[3]];
  file[4] = { ...file[4], loadAmount: 9.5 };
  const swapped = await runAndCheck('rows swapped, an amount changed');
  assert.equal(swapped.totals.allocated, 0);
  const edited = swapped.outcomes[4];
  assert.equal(edited.status, 'alreadyAllocated');
  assert.match(edited.reason, /amount/, 'the outcome says the amount paid may differ');
});

test('shards: three runs with shard {index, count} pay each person exactly as often as they appear, and a re-run pays nobody', async () => {
  const runId = `shard-${process.pid}`;
  const pid = process.pid % 1000;
  const rows = [];
  for (let i = 0; i < 60; i++) rows.push({ title: 'Mr', name: `Shard ${i}`, email: `shard${i}.${pid}@example.com`, mobile: `8${String(i * 104729 + pid).padStart(9, '0')}`, loadAmount: 1 });
  rows.push({ ...rows[3] }, { ...rows[3] }, { ...rows[7] });
  const run = (index) => client().allocateRewards(rows, { ...ACCOUNT, runId, batchSize: 10, shard: { index, count: 3 } });
  const reports = await Promise.all([run(0), run(1), run(2)]);
  for (const r of reports) assert.equal(r.totals.total, rows.length);
  rows.forEach((_, i) => {
    const mine = reports.filter((r) => r.outcomes[i].status !== 'otherShard');
    assert.equal(mine.length, 1, `row ${i} belongs to exactly one shard`);
    assert.equal(mine[0].outcomes[i].status, 'allocated');
  });
  assert.equal(reports.reduce((n, r) => n + r.totals.otherShard, 0), rows.length * 2);
  const paid = paymentsByEmail(runId);
  for (const [who, n] of appearances(rows)) assert.equal(paid.get(who), n, who);
  const again = await Promise.all([run(0), run(1), run(2)]);
  assert.equal(again.reduce((n, r) => n + r.totals.allocated, 0), 0);
  const bad = await client().allocateRewards(rows, { ...ACCOUNT, runId, shard: { index: 3, count: 3 } }).catch((e) => e);
  assert.ok(isEnKashError(bad) && bad.fieldErrors.some((f) => f.field === 'shard.index'), String(bad));
});

test('a payment whose answer was lost is reported as already applied when its retry is refused as a duplicate', async () => {
  const c = client({ hooks: { onRetry: () => { faults(null).catch(() => {}); } } });
  await c.authenticate();
  await faults({ share: 1, kinds: ['reset-after'], routes: ['create-allocate-points'] });
  const req = allocation();
  const e = await c.createAndAllocatePoints(req).catch((x) => x);
  await faults(null);
  assert.ok(isEnKashError(e), String(e));
  assert.equal(e.kind, 'duplicateReference');
  assert.equal(e.alreadyApplied, true);
  assert.equal(e.mayHaveBeenApplied, true);
  assert.equal(s.snapshot().ledger.filter((x) => x.reference === req.uniqueReferenceNumber).length, 1, 'paid once');
  // Refused on the first attempt: the reference was used before this call.
  const again = await c.createAndAllocatePoints(req).catch((x) => x);
  assert.equal(again.kind, 'duplicateReference');
  assert.equal(again.alreadyApplied, false);
  assert.equal(again.mayHaveBeenApplied, false);
  // findAllocation confirms it.
  const entry = s.snapshot().ledger.find((x) => x.reference === req.uniqueReferenceNumber);
  const lookup = { companyId: req.companyId, cardAccountId: req.cardAccountId, enKashCardId: entry.enKashCardId };
  const found = await c.findAllocation({ ...lookup, reference: req.uniqueReferenceNumber });
  assert.equal(found.pgReferenceNumber, req.uniqueReferenceNumber);
  assert.equal(found.amount, req.loadAmount);
  assert.equal(await c.findAllocation({ ...lookup, reference: 'NEVER-SENT-1' }), null);
  const invalid = await c.findAllocation({ ...lookup, reference: '' }).catch((x) => x);
  assert.equal(invalid.kind, 'validation');
});

test('allocateRewards follows the one retry policy: Retry-After and maxRetries', async () => {
  const retries = [];
  const c = client({ hooks: { onRetry: (r) => { retries.push(r); faults(null).catch(() => {}); } } });
  await c.authenticate();
  const pid = process.pid % 1000;
  const rows = Array.from({ length: 4 }, (_, i) => ({ title: 'Mr', name: `Retry ${i}`, email: `retry${i}.${pid}@example.com`, mobile: `7${String(i + pid * 10).padStart(9, '0')}`, loadAmount: 1 }));
  await faults({ share: 1, kinds: ['429'], routes: ['bulk-create-allocate-points-json'] });
  const report = await c.allocateRewards(rows, { ...ACCOUNT, runId: `ra-${process.pid}`, batchSize: 4 });
  assert.equal(report.totals.allocated, 4);
  assert.equal(retries[0]?.delayMs, 1000, `Retry-After: 1 honoured: ${JSON.stringify(retries)}`);
  // maxRetries 0: one attempt per batch, and the rows say they may have been paid (a 503).
  const quiet = client();
  await quiet.authenticate();
  await faults({ share: 1, kinds: ['503'], routes: ['bulk-create-allocate-points-json'] });
  const before = s.snapshot().counts.byRoute['POST /api/v0/partner/enKashCard/bulk-create-allocate-points-json'] ?? 0;
  const failed = await quiet.allocateRewards(rows, { ...ACCOUNT, runId: `mr-${process.pid}`, batchSize: 2, maxRetries: 0 });
  await faults(null);
  const after = s.snapshot().counts.byRoute['POST /api/v0/partner/enKashCard/bulk-create-allocate-points-json'];
  assert.equal(after - before, 2, 'two batches, no retry');
  assert.equal(failed.totals.failed, 4);
  assert.match(failed.outcomes[0].reason, /may have been paid/);
});

test('a tokenProvider that never settles is bounded by each call\'s timeout and signal; a later call asks again', async () => {
  let asked = 0;
  const c = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, tokenProvider: () => { asked++; return new Promise(() => {}); } });
  const account = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' };
  const t0 = Date.now();
  const [a, b] = await Promise.all([
    c.getRewardAccountDetails(account, { timeoutMs: 300 }).catch((e) => e),
    c.getRewardAccountDetails(account, { timeoutMs: 300 }).catch((e) => e),
  ]);
  for (const e of [a, b]) {
    assert.ok(isEnKashError(e), String(e));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.mayHaveBeenApplied, false, 'nothing was sent');
  }
  assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const aborted = await c.getRewardAccountDetails(account, { signal: controller.signal }).catch((e) => e);
  assert.equal(aborted.kind, 'aborted');
  const pid = process.pid % 1000;
  const report = await c.allocateRewards([{ title: 'Mr', name: 'Hung', email: `hung.${pid}@example.com`, mobile: '9222222222', loadAmount: 1 }], { ...ACCOUNT, runId: `hung-${process.pid}`, timeoutMs: 300 });
  assert.equal(report.totals.failed, 1);
  assert.match(report.outcomes[0].reason, /not paid/);
  assert.ok(asked >= 3, `the provider was asked again by later calls (${asked})`);
});

test('a run stopped by rejected credentials says so as typed values (stoppedBy)', async () => {
  const c = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: { ...CREDS, password: 'wrong-password' } });
  const report = await c.allocateRewards([{ title: 'Mr', name: 'Locked', email: 'locked@example.com', mobile: '9333333333', loadAmount: 1 }], { ...ACCOUNT, runId: `locked-${process.pid}` });
  await s.control({ unlock: true });
  assert.deepEqual(report.stoppedBy, { kind: 'auth', status: report.stoppedBy.status, credentialsRejected: true });
  assert.ok(report.stopped);
  assert.equal(report.totals.failed, 1);
});

test('a signal ends a bulk run that waits on a hung row iterator or between retries', async () => {
  const c = client();
  await c.authenticate();
  const pid = process.pid % 1000;
  const one = (i) => ({ title: 'Mr', name: `Abort ${i}`, email: `abort${i}.${pid}@example.com`, mobile: `6${String(i + pid * 10).padStart(9, '0')}`, loadAmount: 1 });
  // The iterator gives one row, then never answers.
  const hung = new AbortController();
  setTimeout(() => hung.abort(), 200);
  async function* rows() {
    yield one(1);
    await new Promise(() => {});
  }
  const t0 = Date.now();
  const report = await c.allocateRewards(rows(), { ...ACCOUNT, runId: `abort-${process.pid}`, signal: hung.signal });
  assert.ok(Date.now() - t0 < 3000, `ended ${Date.now() - t0} ms after the start`);
  assert.equal(report.cancelled, true);
  assert.equal(report.totals.total, 1);
  // A batch waiting between retries (503s) ends at the abort, and says its rows may have been paid.
  await faults({ share: 1, kinds: ['503'], routes: ['bulk-create-allocate-points-json'] });
  const waiting = new AbortController();
  setTimeout(() => waiting.abort(), 300);
  const t1 = Date.now();
  const stopped = await c.allocateRewards([one(2)], { ...ACCOUNT, runId: `abort2-${process.pid}`, maxRetries: 10, signal: waiting.signal });
  await faults(null);
  assert.ok(Date.now() - t1 < 3000, `ended ${Date.now() - t1} ms after the start`);
  assert.equal(stopped.outcomes[0].status, 'failed');
  assert.match(stopped.outcomes[0].reason, /may have been paid/);
});
