#!/usr/bin/env node
// Demo: the SDK as a Node script uses it, against the embedded sandbox.
// Authenticate, allocate to one person, then a bulk of five rows where one row is invalid
// (caught before sending) and one repeats a reference (refused by the server).
import { EnKashClient, validateBulkRows, isEnKashError } from 'enkash-rewards';
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID } from '../sandbox/server.mjs';

const COMPANY = 'CEK1PU9AOO';
const ACCOUNT = 'CAQL8YCV3';
const inr = (n) => `₹${n.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

const sandbox = await startSandbox();
try {
  console.log(`Sandbox running at ${sandbox.url} (embedded; nothing leaves this machine)\n`);
  const client = new EnKashClient({ baseUrl: sandbox.url, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
  const startBalance = sandbox.snapshot().accounts.find((a) => a.cardAccountId === ACCOUNT).balance;

  const token = await client.authenticate();
  console.log(`1. Authenticated: ${token.tokenType} token, valid ${token.expiresIn} s (scope "${token.scope}")`);

  const single = {
    companyId: COMPANY, cardAccountId: ACCOUNT, transactionType: 'CR', type: 'ALLOCATE_POINT',
    email: 'asha.rao@example.com', mobile: '9600098867', title: 'Ms', firstName: 'Asha', gender: 'F',
    loadAmount: 1500, uniqueReferenceNumber: 'DIWALI-2026-0001',
  };
  const card = await client.createAndAllocatePoints(single);
  console.log(`2. Allocated ${inr(single.loadAmount)} to ${card.firstName} <${card.email}>: card ${card.enKashCardId}, ` +
    `balance ${inr(card.otbBalance)}, status ${card.cardStatus?.label ?? card.cardStatus}, txn ${card.enKashTransactionId}`);

  const rows = [
    { title: 'Mr', name: 'Ravi Kumar', email: 'ravi.kumar@example.com', mobile: '9876543210', loadAmount: 500, remarks: 'Q3 star', uniqueReferenceNumber: 'DIWALI-2026-0002' },
    { title: 'Mrs', name: 'Meera Iyer', email: 'meera.iyer@example.com', mobile: '8765432109', loadAmount: 750.5, remarks: 'Q3 star', uniqueReferenceNumber: 'DIWALI-2026-0003' },
    { title: 'Mr', name: 'Typo Mobile', email: 'typo@example.com', mobile: '12345', loadAmount: 100, remarks: 'bad row', uniqueReferenceNumber: 'DIWALI-2026-0004' },
    { title: 'Ms', name: 'Asha Rao', email: 'asha.rao@example.com', mobile: '9600098867', loadAmount: 1500, remarks: 'paid twice?', uniqueReferenceNumber: 'DIWALI-2026-0001' },
    { title: 'Ms', name: 'Zoya Khan', email: 'zoya.khan@example.com', mobile: '7654321098', loadAmount: 250, remarks: 'welcome', uniqueReferenceNumber: 'DIWALI-2026-0005' },
  ];
  const problems = validateBulkRows(rows);
  const badRows = new Set(problems.map((p) => p.row));
  console.log(`\n3. Bulk of ${rows.length} rows: validation found ${problems.length} problem(s) before sending:`);
  for (const p of problems) console.log(`   row ${p.row + 1} ${p.field}: ${p.message}`);
  const toSend = rows.filter((_, i) => !badRows.has(i));
  const result = await client.bulkCreateAndAllocateRewards({ companyId: COMPANY, cardAccountId: ACCOUNT, isPointsAllocation: true, rows: toSend });
  console.log(`   sent ${toSend.length} rows: server paid ${result.successCount}, refused ${result.failureCount}`);

  // Match the server's lists back to our rows: by reference where given, else by (email, mobile).
  const failed = new Map(result.failureBulkEnKashCardCreateDTOs.map((f) => [f.uniqueReferenceNumber ?? `${f.email}|${f.mobile}`, f.failureReason]));
  const paid = new Map(result.successBulkEnKashCardCreateDTOs.map((s) => [`${s.email}|${s.mobile}`, s]));
  console.log('\n   #  name           amount      outcome');
  rows.forEach((r, i) => {
    let outcome;
    if (badRows.has(i)) outcome = `invalid, not sent (${problems.filter((p) => p.row === i).map((p) => p.field).join(', ')})`;
    else if (failed.has(r.uniqueReferenceNumber)) outcome = `refused: ${failed.get(r.uniqueReferenceNumber)}`;
    else if (paid.has(`${r.email}|${r.mobile}`)) outcome = `paid, card ${paid.get(`${r.email}|${r.mobile}`).enKashCardId}`;
    else outcome = 'not in the answer';
    console.log(`   ${String(i + 1).padEnd(2)} ${r.name.padEnd(14)} ${inr(r.loadAmount).padStart(10)}  ${outcome}`);
  });

  // One more failure mode, to show what an error looks like.
  try {
    await client.createAndAllocatePoints({ ...single, uniqueReferenceNumber: 'DIWALI-2026-0006', loadAmount: 10_000_000 });
  } catch (e) {
    if (!isEnKashError(e)) throw e;
    console.log(`\n4. A too-large allocation: EnKashError kind=${e.kind} code=${e.code}: ${e.message}`);
  }

  const overview = await client.getRewardAccountDetails({ companyId: COMPANY, cardAccountId: ACCOUNT });
  console.log(`\n5. Account overview: ${overview.companyName}: available ${inr(overview.availableBalance)}, ` +
    `${overview.totalCards} cards, allocated this month ${inr(overview.currentMonthAllocationPoint)}`);

  const team = Array.from({ length: 40 }, (_, i) => ({ title: i % 2 ? 'Mr' : 'Ms', name: `Team Member ${i + 1}`, email: `member${i + 1}@example.com`, mobile: `98${String(76500000 + i)}`, loadAmount: 25, remarks: 'team bonus' }));
  const options = { companyId: COMPANY, cardAccountId: ACCOUNT, isPointsAllocation: true, runId: 'team-bonus-2026', batchSize: 10 };
  const run = await client.allocateRewards(team, options);
  const rerun = await client.allocateRewards(team, options);
  console.log(`6. allocateRewards: ${team.length} rows in batches of 10: ${run.totals.allocated} allocated in ${run.requests} requests; ` +
    `the same file again (same runId): ${rerun.totals.alreadyAllocated} already allocated, ${rerun.totals.allocated} paid twice`);

  const endBalance = sandbox.snapshot().accounts.find((a) => a.cardAccountId === ACCOUNT).balance;
  const ledger = sandbox.snapshot().ledger;
  console.log(`\nSummary: reward account ${ACCOUNT} went from ${inr(startBalance)} to ${inr(endBalance)} ` +
    `(${inr(startBalance - endBalance)} allocated in ${ledger.length} transactions; no reference applied twice: ` +
    `${new Set(ledger.map((e) => e.reference)).size === ledger.length ? 'yes' : 'NO'}).`);
} finally {
  await sandbox.close();
}
