// Peak wasm memory of one allocateRewards run of BENCH_MEMORY_ROWS rows (default 1,000,000)
// read from an async iterable, with derived references (runId, no row references), against
// the sandbox in a child process. Prints one JSON line: { rows, ms, wasmStartMb, wasmPeakMb,
// perMillionMb, totals }. Run by bench/run.mjs; alone: node bench/memory.mjs
import { childSandbox } from './child-sandbox.mjs';
// Catches the SDK's wasm instance (before the package is imported below) to read its memory.
import { wasmMemoryBytes } from './wasm-memory.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROWS = Number(process.env.BENCH_MEMORY_ROWS ?? 1_000_000);

const { EnKashClient } = await import('enkash-rewards');
const { SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID } = await import(join(root, 'sandbox/data.mjs'));

const sandbox = await childSandbox();
const url = sandbox.url;
try {
  await fetch(`${url}/__sandbox/control`, { method: 'POST', body: JSON.stringify({ cardAccountId: 'CAQL8YCV3', balance: 1e12 }) });
  const client = new EnKashClient({ baseUrl: url, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
  await client.authenticate();
  const bytes = wasmMemoryBytes;
  const start = bytes();
  let peak = start;
  const timer = setInterval(() => { peak = Math.max(peak, bytes()); }, 50);
  async function* rows() {
    for (let i = 0; i < ROWS; i++) {
      // Every 10th person appears twice, so occurrence counting is exercised.
      const who = i % 10 === 9 ? i - 1 : i;
      yield { title: 'Mr', name: `Mem ${who}`, email: `m${who}@example.com`, mobile: `9${String(who).padStart(9, '0')}`, loadAmount: 1 };
    }
  }
  const t = performance.now();
  const report = await client.allocateRewards(rows(), { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true, runId: 'memory-bench', batchSize: 500, concurrency: 4 });
  const ms = performance.now() - t;
  clearInterval(timer);
  peak = Math.max(peak, bytes());
  const mb = (b) => b / 1048576;
  console.log(JSON.stringify({ rows: ROWS, ms, wasmStartMb: mb(start), wasmPeakMb: mb(peak), perMillionMb: (mb(peak) * 1e6) / ROWS, totals: report.totals }));
} finally {
  await sandbox.close();
}
