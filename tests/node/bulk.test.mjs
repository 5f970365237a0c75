// allocateRewards through the packed package against the sandbox: every status, re-runs,
// cancel and resume, lost answers, 10,000 rows from an async iterable, CSV in and out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { EnKashClient, isEnKashError, parseRecipientsCsv, outcomesToCsv } from 'enkash-rewards';
import { sandbox, SANDBOX_CREDENTIALS as CREDS, SANDBOX_PARTNER_ID as PARTNER } from './helpers.mjs';

let s;
before(async () => { s = await sandbox(); });
after(async () => { await s.close(); });

const ACCOUNT = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true };
const client = (sb = s) => new EnKashClient({ baseUrl: sb.url, partnerId: PARTNER, credentials: CREDS });
let people = 0;
const person = (overrides = {}) => {
  const n = ++people;
  return { title: 'Mr', name: `Bulk Person ${n}`, email: `bulk${n}.${process.pid}@example.com`, mobile: `7${String(n).padStart(9, '0')}`, loadAmount: 1, remarks: 'bulk', ...overrides };
};
const ledgerCount = (sb = s) => sb.snapshot().ledger.length;
const accountBalance = (sb = s) => sb.account('CAQL8YCV3').balance;
const accounted = (report, n) => {
  assert.equal(report.outcomes.length, n);
  report.outcomes.forEach((o, i) => assert.equal(o.index, i));
  const t = report.totals;
  assert.equal(t.total, n);
  assert.equal(t.allocated + t.alreadyAllocated + t.failed + t.invalid + t.notAttempted, n);
  for (const o of report.outcomes) if (o.status !== 'allocated') assert.ok(o.reason, JSON.stringify(o));
};

test('every outcome status, in input order, with progress', async () => {
  const c = client();
  const paid = person({ uniqueReferenceNumber: `PAID-${process.pid}` });
  await c.bulkCreateAndAllocateRewards({ ...ACCOUNT, rows: [paid] });
  const rows = [person(), person({ mobile: '123' }), { ...paid }, person({ loadAmount: 10_000_000 }), person({ uniqueReferenceNumber: paid.uniqueReferenceNumber })];
  const progress = [];
  const report = await c.allocateRewards(rows, { ...ACCOUNT, runId: `every-${process.pid}`, batchSize: 2, onProgress: (p) => progress.push(p) });
  assert.deepEqual(report.outcomes.map((o) => o.status), ['allocated', 'invalid', 'alreadyAllocated', 'failed', 'invalid']);
  accounted(report, 5);
  assert.match(report.outcomes[0].enKashCardId, /^EKC/);
  assert.match(report.outcomes[0].enKashTransactionId, /^ECT/);
  assert.equal(report.outcomes[0].balance, 1);
  assert.match(report.outcomes[1].reason, /mobile/);
  assert.equal(report.outcomes[3].reason, 'Insufficient balance in card account');
  assert.ok(progress.length >= 2);
  assert.equal(progress.at(-1).done, 5);
  assert.equal(progress.at(-1).total, 5);
  const controller = new AbortController();
  controller.abort();
  const cancelled = await c.allocateRewards([person(), person()], { ...ACCOUNT, runId: `cancel-${process.pid}`, signal: controller.signal });
  assert.deepEqual(cancelled.outcomes.map((o) => o.status), ['notAttempted', 'notAttempted']);
  assert.equal(cancelled.cancelled, true);
});

test('a finished file run again moves no money', async () => {
  const c = client();
  const rows = Array.from({ length: 120 }, () => person({ loadAmount: 2.5 }));
  const options = { ...ACCOUNT, runId: `rerun-${process.pid}`, batchSize: 25, concurrency: 3 };
  const first = await c.allocateRewards(rows, options);
  assert.equal(first.totals.allocated, 120);
  const balance = accountBalance();
  const ledger = ledgerCount();
  const again = await c.allocateRewards(rows, options);
  assert.equal(again.totals.alreadyAllocated, 120);
  accounted(again, 120);
  assert.equal(accountBalance(), balance);
  assert.equal(ledgerCount(), ledger);
});

test('cancelled halfway, then resumed with the same run id', async () => {
  const c = client();
  const rows = Array.from({ length: 60 }, () => person());
  const controller = new AbortController();
  const options = { ...ACCOUNT, runId: `resume-${process.pid}`, batchSize: 10, concurrency: 1 };
  const first = await c.allocateRewards(rows, { ...options, onProgress: (p) => { if (p.done >= 20) controller.abort(); }, signal: controller.signal });
  assert.ok(first.cancelled);
  assert.equal(first.totals.allocated, 20);
  assert.equal(first.totals.notAttempted, 40);
  accounted(first, 60);
  const resumed = await c.allocateRewards(rows, options);
  assert.deepEqual([resumed.totals.alreadyAllocated, resumed.totals.allocated], [20, 40]);
  const refs = s.snapshot().ledger.filter((e) => e.reference.startsWith(options.runId));
  assert.equal(refs.length, 60, 'each row paid exactly once');
});

test('lost answers and partial answers: no row paid twice, every row accounted', async () => {
  const faulty = await sandbox({ bulkLoseShare: 0.35, bulkOmitShare: 0.1, seed: 7 });
  try {
    const c = client(faulty);
    const rows = Array.from({ length: 300 }, () => person({ loadAmount: 3 }));
    const before = accountBalance(faulty);
    const options = { ...ACCOUNT, runId: `chaos-${process.pid}`, batchSize: 20, concurrency: 3 };
    const report = await c.allocateRewards(rows, options);
    accounted(report, 300);
    const counts = faulty.snapshot().counts;
    assert.ok(counts.bulkLost > 0 && counts.bulkOmitted > 0, JSON.stringify(counts));
    assert.ok(report.retries > 0);
    const ledger = faulty.snapshot().ledger;
    assert.equal(new Set(ledger.map((e) => e.reference)).size, ledger.length, 'no reference applied twice');
    const paidByLedger = ledger.filter((e) => e.reference.startsWith(options.runId)).length;
    const reported = report.totals.allocated + report.totals.alreadyAllocated;
    assert.ok(paidByLedger >= reported, 'nothing reported paid that was not');
    assert.equal(Math.round((before - accountBalance(faulty)) * 100), paidByLedger * 300, 'the account moved exactly what the ledger holds');
    // The rows left unsettled are settled by a re-run on a healthy server.
    await faulty.control({ bulkLoseShare: 0, bulkOmitShare: 0 });
    const settled = await c.allocateRewards(rows, options);
    assert.equal(settled.totals.allocated + settled.totals.alreadyAllocated, 300);
    assert.equal(faulty.snapshot().ledger.filter((e) => e.reference.startsWith(options.runId)).length, 300);
  } finally {
    await faulty.close();
  }
});

test('an unknown card account stops the run early with one reason for every row', async () => {
  const c = client();
  const sent = s.snapshot().counts.bulk;
  const report = await c.allocateRewards(Array.from({ length: 30 }, () => person()), { ...ACCOUNT, cardAccountId: 'CANOPE', runId: `stop-${process.pid}`, batchSize: 5, concurrency: 1 });
  assert.equal(report.totals.failed, 30);
  assert.match(report.stopped, /Card account not found/);
  assert.equal(s.snapshot().counts.bulk - sent, 1);
});

test('10,000 rows from an async iterable, memory bounded by batch size and concurrency', async () => {
  const big = await sandbox();
  try {
    const c = client(big);
    await big.control({ cardAccountId: 'CAQL8YCV3', balance: 1e9 });
    async function* rows() {
      for (let i = 0; i < 10_000; i++) yield { title: 'Ms', name: `Many ${i}`, email: `many${i}@example.com`, mobile: `6${String(i).padStart(9, '0')}`, loadAmount: 0.5 };
    }
    const report = await c.allocateRewards(rows(), { ...ACCOUNT, runId: 'ten-k', batchSize: 200, concurrency: 4 });
    assert.equal(report.totals.allocated, 10_000);
    assert.ok(report.peakBufferedRows <= 200 * 6, `peak ${report.peakBufferedRows}`);
    assert.equal(big.snapshot().ledger.length, 10_000);
  } finally {
    await big.close();
  }
});

test('dry run sends nothing; bad options reject; a throwing iterator is reported', async () => {
  const c = client();
  const sent = s.snapshot().counts.total;
  const dry = await c.allocateRewards([person(), person({ email: 'x' })], { ...ACCOUNT, runId: 'dry', dryRun: true });
  assert.deepEqual(dry.outcomes.map((o) => o.status), ['notAttempted', 'invalid']);
  assert.equal(s.snapshot().counts.total, sent);
  for (const bad of [{ ...ACCOUNT, batchSize: 0 }, { ...ACCOUNT, concurrency: 100 }, { companyId: 'C' }, { ...ACCOUNT, runId: 'no spaces please' }]) {
    await assert.rejects(c.allocateRewards([person()], bad), (e) => isEnKashError(e) && e.kind === 'validation');
  }
  await assert.rejects(c.allocateRewards(42, ACCOUNT), (e) => e.kind === 'validation' && e.fieldErrors[0].field === 'rows');
  function* broken() {
    yield person();
    throw new Error('disk read error');
  }
  const report = await c.allocateRewards(broken(), { ...ACCOUNT, runId: `broken-${process.pid}` });
  assert.equal(report.totals.total, 1);
  assert.match(report.stopped, /disk read error/);
});

test('CSV in, outcomes CSV out', async () => {
  const csv = '\ufeffTitle,Name,Email,Mobile,Amount,Remarks\r\n' +
    'Mr,"Kumar, Ravi",ravi.csv@example.com,9876543210,500.50,"Q3 ""star"""\r\n' +
    'Ms,Bad Mobile,bad.csv@example.com,12345,100,\r\n' +
    'Mrs,Meera,meera.csv@example.com,8765432109,1.005,\r\n' +
    'mrs.,Meera Two,meera2.csv@example.com,8765432100,250,\r\n';
  const parsed = parseRecipientsCsv(csv);
  assert.deepEqual(parsed.lines, [2, 5]);
  assert.equal(parsed.rows[0].name, 'Kumar, Ravi');
  assert.equal(parsed.rows[0].loadAmount, 500.5);
  assert.equal(parsed.rows[1].title, 'Mrs');
  assert.deepEqual(parsed.errors.map((e) => [e.line, e.field]), [[3, 'mobile'], [4, 'loadAmount']]);
  const report = await client().allocateRewards(parsed.rows, { ...ACCOUNT, runId: `csv-${process.pid}` });
  const out = outcomesToCsv(report.outcomes, parsed.lines);
  const lines = out.trim().split('\r\n');
  assert.equal(lines[0], 'line,index,status,reference,reason,enKashCardId,enKashTransactionId,balance');
  assert.match(lines[1], /^2,0,allocated,csv-\d+-[0-9a-f]{16},,EKC/);
  assert.match(lines[2], /^5,1,allocated,/);
  assert.throws(() => outcomesToCsv([{ index: 'x' }]), (e) => e.kind === 'validation');
});

test('a 10,000-row CSV paid through the API, then re-run safely', async () => {
  const big = await sandbox();
  try {
    await big.control({ cardAccountId: 'CAQL8YCV3', balance: 1e9 });
    const csv = 'Title,Name,Email,Mobile,Amount,Remarks\r\n' + Array.from({ length: 10_000 }, (_, i) => `Mr,"Csv, ${i}",csv${i}@example.com,7${String(i).padStart(9, '0')},2.25,"x"`).join('\r\n');
    const parsed = parseRecipientsCsv(csv);
    assert.equal(parsed.errors.length, 0);
    assert.equal(parsed.rows.length, 10_000);
    const c = client(big);
    const options = { ...ACCOUNT, runId: 'csv-10k', batchSize: 250, concurrency: 4 };
    const first = await c.allocateRewards(parsed.rows, options);
    assert.equal(first.totals.allocated, 10_000);
    const balance = accountBalance(big);
    const again = await c.allocateRewards(parsed.rows, options);
    assert.equal(again.totals.alreadyAllocated, 10_000);
    assert.equal(accountBalance(big), balance);
    assert.equal(big.snapshot().ledger.length, 10_000);
    assert.equal(outcomesToCsv(again.outcomes, parsed.lines).trim().split('\r\n').length, 10_001);
  } finally {
    await big.close();
  }
});
