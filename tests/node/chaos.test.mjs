// The chaos run at CI size: 10,000 rows, 20 % of bulk requests faulted across every kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChaos } from '../../scripts/chaos.mjs';

test('chaos: 10,000 rows with 20 % of requests faulted: every row accounted, nothing paid twice', { timeout: 300_000 }, async () => {
  const { first, settled, kinds } = await runChaos({ rows: 10_000, share: 0.2, seed: 7 });
  console.log(`chaos figures: ${JSON.stringify(first)}`);
  console.log(`chaos settle: ${JSON.stringify(settled)}`);
  assert.equal(first.totals.total, 10_000);
  const t = first.totals;
  assert.equal(t.allocated + t.alreadyAllocated + t.failed + t.invalid + t.notAttempted, 10_000);
  assert.equal(t.invalid + t.notAttempted, 0);
  assert.equal(first.outcomesWithoutReason, 0);
  assert.ok(first.faultsTotal >= 10, `faults injected: ${first.faultsTotal}`);
  assert.ok(Object.keys(first.faults).length >= kinds.length - 5, `kinds seen: ${Object.keys(first.faults)}`);
  assert.ok(t.alreadyAllocated > 0, 'answers lost after applying come back as already allocated');
  assert.equal(first.duplicatesInLedger, 0, 'no reference applied twice');
  assert.equal(first.reportedPaidNotInLedger, 0, 'nothing reported paid that was not');
  assert.equal(first.accountMovedPaise, first.ledgerPaise, 'the account moved exactly what the ledger holds');
  assert.equal(settled.ledgerRows, 10_000);
  assert.equal(settled.accountMovedPaise, settled.expectedPaise, 'after settling, exactly one payment per row');
  assert.equal(settled.totals.allocated + settled.totals.alreadyAllocated, 10_000);
});
