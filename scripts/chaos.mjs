#!/usr/bin/env node
// Chaos run: bulk rows through allocateRewards while the sandbox faults a share of the bulk
// requests with every kind of fault (5xx, 429 with Retry-After, resets before and after the
// request is applied, hangs past the time limit, truncated, non-JSON and malformed answers,
// slow bodies, tokens expiring early). Checks that every row ends with an outcome, that no
// reference is applied twice, and that the ledger matches the report; then a clean re-run
// settles whatever was left unknown.
//   node scripts/chaos.mjs [--rows 10000] [--share 0.2] [--seed 7]
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { EnKashClient } from 'enkash-rewards';
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID, FAULT_KINDS } from '../sandbox/server.mjs';

export async function runChaos({ rows = 10_000, share = 0.2, seed = 7, batchSize = 100, concurrency = 4, amount = 1.25 } = {}) {
  const sandbox = await startSandbox({ faults: { share, seed, routes: ['bulk-create-allocate-points-json'] } });
  sandbox.account = (id) => sandbox.snapshot().accounts.find((a) => a.cardAccountId === id);
  try {
    await fetch(`${sandbox.url}/__sandbox/control`, { method: 'POST', body: JSON.stringify({ cardAccountId: 'CAQL8YCV3', balance: 1e10 }) });
    const client = new EnKashClient({ baseUrl: sandbox.url, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS, timeoutMs: 1500 });
    const input = Array.from({ length: rows }, (_, i) => ({ title: 'Ms', name: `Chaos ${i}`, email: `chaos${i}@example.com`, mobile: `9${String(i).padStart(9, '0')}`, loadAmount: amount }));
    const options = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true, runId: `chaos-${seed}`, batchSize, concurrency };
    const startBalance = sandbox.account('CAQL8YCV3').balance;
    const t0 = performance.now();
    const report = await client.allocateRewards(input, options);
    const seconds = (performance.now() - t0) / 1000;
    const snap = sandbox.snapshot();
    const ledger = snap.ledger.filter((e) => e.reference.startsWith(options.runId));
    const byRef = new Set(ledger.map((e) => e.reference));
    const paidRefs = report.outcomes.filter((o) => o.status === 'allocated' || o.status === 'alreadyAllocated').map((o) => o.reference);
    const first = {
      rows,
      seconds,
      totals: report.totals,
      requests: report.requests,
      retries: report.retries,
      faults: snap.counts.faults,
      faultsTotal: Object.values(snap.counts.faults).reduce((a, b) => a + b, 0),
      bulkRequestsSeen: snap.counts.bulk,
      tokenRequests: snap.counts.token,
      outcomesWithoutReason: report.outcomes.filter((o) => o.status !== 'allocated' && !o.reason).length,
      duplicatesInLedger: snap.ledger.length - new Set(snap.ledger.map((e) => e.reference)).size,
      reportedPaidNotInLedger: paidRefs.filter((r) => !byRef.has(r)).length,
      ledgerRows: ledger.length,
      accountMovedPaise: Math.round((startBalance - sandbox.account('CAQL8YCV3').balance) * 100),
      ledgerPaise: Math.round(ledger.reduce((s, e) => s + e.amount, 0) * 100),
    };
    // Settle: the same run again on a healthy server.
    await fetch(`${sandbox.url}/__sandbox/control`, { method: 'POST', body: JSON.stringify({ faults: null }) });
    const settle = await client.allocateRewards(input, options);
    const after = sandbox.snapshot().ledger.filter((e) => e.reference.startsWith(options.runId));
    const settled = {
      totals: settle.totals,
      ledgerRows: after.length,
      accountMovedPaise: Math.round((startBalance - sandbox.account('CAQL8YCV3').balance) * 100),
      expectedPaise: Math.round(rows * amount * 100),
    };
    return { first, settled, kinds: FAULT_KINDS };
  } finally {
    await sandbox.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const arg = (n, d) => (args.includes(n) ? Number(args[args.indexOf(n) + 1]) : d);
  const r = await runChaos({ rows: arg('--rows', 10_000), share: arg('--share', 0.2), seed: arg('--seed', 7) });
  console.log(JSON.stringify(r, null, 2));
  const ok = r.first.duplicatesInLedger === 0 && r.first.reportedPaidNotInLedger === 0 && r.first.outcomesWithoutReason === 0 && r.first.totals.total === r.first.rows && r.settled.ledgerRows === r.first.rows && r.settled.accountMovedPaise === r.settled.expectedPaise;
  console.log(ok ? 'chaos: every row accounted, nothing paid twice, ledger and report agree' : 'chaos: FAILED');
  process.exit(ok ? 0 : 1);
}
