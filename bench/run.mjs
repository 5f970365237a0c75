#!/usr/bin/env node
// Benchmarks, each printed beside its baseline from the same run:
// - size of what each entry loads (browser, worker, Node ESM and CommonJS), raw / gzip / brotli,
//   and where the browser wasm's bytes go by area (bench/size-by-area.mjs, twiggy);
// - one allocation through the SDK vs the same request with raw fetch, alternated, against the
//   sandbox on loopback (in this process, and in a child process): medians, p99, ratio;
// - the SDK's own cost per call with fetch faked out (bench/overhead.mjs);
// - 100,000 rows through allocateRewards vs the same batches with raw fetch (both setups);
// - validation against zod 4 and ajv; start-up in Node and Chromium with baselines.
// Writes bench/results.json and the "Last run" table of bench/README.md.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
// Before the package: it catches the wasm instance, to read the size of its memory.
import { wasmMemoryBytes } from './wasm-memory.mjs';
import { EnKashClient } from 'enkash-rewards';
import { spawn } from 'node:child_process';
import { childSandbox } from './child-sandbox.mjs';
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID } from '../sandbox/server.mjs';
import { benchValidation } from './validation.mjs';
import { benchStartup } from './startup.mjs';
import { benchOverhead } from './overhead.mjs';
import { GOALS, summaryTable, updatePage } from './table.mjs';
import { packageSizes } from './sizes.mjs';
import { sizeByArea, areaTable, printAreas } from './size-by-area.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'node_modules/enkash-rewards');
const KB = (n) => `${(n / 1024).toFixed(1)} KB`;

// Sizes first (deterministic): what each entry loads, and the browser wasm by area.
const sizes = packageSizes(pkg);
const byArea = sizeByArea();

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

// Where the sandbox runs: in this process (it then shares this thread with the SDK and the
// baseline), or in a child process (like a real server: its work overlaps the client's).
const SETUPS = ['in-process', 'child-process'];
async function sandboxIn(setup) {
  return setup === 'in-process' ? startSandbox() : childSandbox();
}

const ITER = Number(process.env.BENCH_ITER ?? 400);
const WARMUP = 50;
async function callBench(setup) {
  const sandbox = await sandboxIn(setup);
  try {
  const client = new EnKashClient({ baseUrl: sandbox.url, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
  const { accessToken } = await client.authenticate();
  const url = `${sandbox.url}/api/v0/partner/enKashCard/create-allocate-points`;
  const headers = { Authorization: `Bearer ${accessToken}`, partnerId: SANDBOX_PARTNER_ID, 'Content-Type': 'application/json', Accept: 'application/json' };
  const body = (i, who) => ({
    companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionCode: 'ALLOCATION', transactionType: 'CR', type: 'ALLOCATE_POINT',
    email: `bench${who}@example.com`, mobile: who === 'sdk' ? '9000000001' : '9000000002', title: 'Mr', firstName: 'Bench', gender: 'M',
    loadAmount: 0.01, uniqueReferenceNumber: `BENCH-${who}-${i}`,
  });
  const viaSdk = async (i) => client.createAndAllocatePoints(body(i, 'sdk'));
  const viaFetch = async (i) => {
    const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body(i, 'raw')) });
    const json = await r.json();
    if (json.code !== 0) throw new Error(json.message);
    return json.payload;
  };
  const sdk = [];
  const raw = [];
  for (let i = 0; i < WARMUP + ITER; i++) {
    // Alternate which goes first, so neither always follows the other.
    const order = i % 2 === 0 ? [[viaSdk, sdk], [viaFetch, raw]] : [[viaFetch, raw], [viaSdk, sdk]];
    for (const [f, out] of order) {
      const t = performance.now();
      await f(i);
      if (i >= WARMUP) out.push(performance.now() - t);
    }
  }
  const calls = {
    setup,
    iterations: ITER,
    sdk: { median: quantile(sdk, 0.5), p99: quantile(sdk, 0.99) },
    rawFetch: { median: quantile(raw, 0.5), p99: quantile(raw, 0.99) },
  };
  calls.medianRatio = calls.sdk.median / calls.rawFetch.median;
  calls.p99Ratio = calls.sdk.p99 / calls.rawFetch.p99;
  return calls;
  } finally {
    await sandbox.close();
  }
}
const callsBySetup = [];
for (const setup of SETUPS) callsBySetup.push(await callBench(setup));

// Bulk throughput: N rows through allocateRewards vs the same batches sent with raw fetch
// (same batch size and concurrency), each against a fresh sandbox; peak memory sampled.
const BULK_ROWS = Number(process.env.BENCH_BULK_ROWS ?? 100_000);
const BATCH = 500;
const CONCURRENCY = 4;
const bulkRows = (tag) => Array.from({ length: BULK_ROWS }, (_, i) => ({ title: 'Mr', name: `Bench ${i}`, email: `b${i}@example.com`, mobile: `9${String(i).padStart(9, '0')}`, loadAmount: 1, uniqueReferenceNumber: `${tag}-${i}` }));

// Peak memory of this (client) process during the run, sampled every 20 ms: RSS, JS heap, and
// the SDK's wasm memory (which never shrinks: its start value is kept beside it).
async function measure(fn) {
  global.gc?.();
  const base = process.memoryUsage();
  const wasmStart = wasmMemoryBytes();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  let peakWasm = wasmStart;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakWasm = Math.max(peakWasm, wasmMemoryBytes());
  };
  const timer = setInterval(sample, 20);
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  // The client process's CPU time (user + system), all its threads: in the child-process
  // setup the client is the side that limits throughput when this is near the wall time.
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  sample();
  const mb = (b) => b / 1048576;
  return {
    ms, rowsPerSecond: (BULK_ROWS / ms) * 1000, clientCpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: mb(peakRss), peakRssDeltaMb: mb(peakRss - base.rss), peakHeapDeltaMb: mb(peakHeap - base.heapUsed),
    wasmStartMb: mb(wasmStart), wasmPeakMb: mb(peakWasm),
  };
}

async function withSandbox(setup, fn) {
  const sb = await sandboxIn(setup);
  try {
    await fetch(`${sb.url}/__sandbox/control`, { method: 'POST', body: JSON.stringify({ cardAccountId: 'CAQL8YCV3', balance: 1e12 }) });
    return await fn(sb);
  } finally {
    await sb.close();
  }
}

const BULK_ROUNDS = Number(process.env.BENCH_BULK_ROUNDS ?? 3);
const medianBy = (runs) => [...runs].sort((a, b) => a.rowsPerSecond - b.rowsPerSecond)[Math.floor(runs.length / 2)];

// Each round measures both, in alternating order, on fresh sandboxes; the median run of each
// side is reported (single runs vary by about +-0.05 in ratio on this machine).
async function bulkBench(setup) {
  const raws = [];
  const sdks = [];
  for (let round = 0; round < BULK_ROUNDS; round++) {
    for (const side of round % 2 ? ['sdk', 'raw'] : ['raw', 'sdk']) {
      if (side === 'raw') raws.push(await rawBulkRun(setup, round));
      else sdks.push(await sdkBulkRun(setup, round));
    }
  }
  const rawBulk = medianBy(raws);
  const sdkBulk = medianBy(sdks);
  return {
    setup, rows: BULK_ROWS, batchSize: BATCH, concurrency: CONCURRENCY, rounds: BULK_ROUNDS, sdk: sdkBulk, rawFetch: rawBulk,
    throughputRatio: sdkBulk.rowsPerSecond / rawBulk.rowsPerSecond,
    allRuns: { sdk: sdks.map((r) => Math.round(r.rowsPerSecond)), rawFetch: raws.map((r) => Math.round(r.rowsPerSecond)) },
  };
}

function rawBulkRun(setup, round) {
return withSandbox(setup, async (sb) => {
  const c = new EnKashClient({ baseUrl: sb.url, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
  const { accessToken } = await c.authenticate();
  const rows = bulkRows(`RAW${round}`);
  const url = `${sb.url}/api/v0/partner/enKashCard/bulk-create-allocate-points-json?companyId=CEK1PU9AOO&cardAccountId=CAQL8YCV3&isPointsAllocation=true`;
  const headers = { Authorization: `Bearer ${accessToken}`, partnerId: SANDBOX_PARTNER_ID, 'Content-Type': 'application/json' };
  return measure(async () => {
    let next = 0;
    let paid = 0;
    const worker = async () => {
      while (next < rows.length) {
        const batch = rows.slice(next, (next += BATCH));
        const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(batch) });
        paid += (await r.json()).payload.successCount;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (paid !== BULK_ROWS) throw new Error(`raw baseline paid ${paid}`);
  });
});
}

function sdkBulkRun(setup, round) {
return withSandbox(setup, async (sb) => {
  const c = new EnKashClient({ baseUrl: sb.url, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
  await c.authenticate();
  const rows = bulkRows(`SDK${round}`);
  let report;
  const m = await measure(async () => {
    report = await c.allocateRewards(rows, { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true, batchSize: BATCH, concurrency: CONCURRENCY });
  });
  if (report.totals.allocated !== BULK_ROWS) throw new Error(`SDK paid ${report.totals.allocated}`);
  return { ...m, peakBufferedRows: report.peakBufferedRows };
});
}
const bulkBySetup = [];
for (const setup of SETUPS) bulkBySetup.push(await bulkBench(setup));

// Peak wasm memory of a 1,000,000-row run from an async iterable (its own process, so that
// nothing else has grown the module's memory).
async function benchMemory() {
  const out = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bench/memory.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d) => { text += d; });
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench/memory.mjs exited with ${code}`))));
  });
  return JSON.parse(out.trim().split('\n').pop());
}
const bulkMemory = await benchMemory();

const overhead = await benchOverhead();
const validation = benchValidation();
const startup = await benchStartup();
const results = { date: new Date().toISOString(), node: process.version, sizes: { ...sizes, browserWasmByArea: byArea }, allocationCall: callsBySetup, callOverheadWithoutNetwork: overhead, bulk: bulkBySetup, bulkMemory, validation, startup };
writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
updatePage(join(root, 'bench/README.md'), results);
if (!byArea.error) updatePage(join(root, 'bench/README.md'), byArea, areaTable, 'size-by-area');
updatePage(join(root, 'README.md'), results, summaryTable);

const mark = (ok) => (ok ? 'met' : 'NOT met');
const browser = sizes.browser;
console.log('\nenkash-rewards benchmarks (bench/results.json)\n');
console.log('Size: the files each entry loads (its imports, followed), each compressed alone, summed    raw       gzip -9   brotli');
const sizeLine = (label, s) => console.log(`  ${label.padEnd(86)} ${KB(s.raw).padStart(9)} ${KB(s.gzip).padStart(9)} ${KB(s.brotli).padStart(9)}`);
sizeLine(`browser: what the web/ entry downloads (${browser.files.length} files: index.js, the glue, error.js, the wasm)`, browser);
sizeLine('  of which the wasm (browser build: no payload encryption)', browser.wasm);
sizeLine('  of which JS (entry, glue, error class)', browser.js);
sizeLine('worker/ entry (workers, edge): the full wasm, imported as a module', sizes.worker);
sizeLine('node/ ESM entry in a bundle: the full wasm as base64 in a JS module (index.mjs)', sizes.nodeEsm);
sizeLine('node/ CommonJS entry (index.cjs): the same, in a bundle', sizes.nodeCjs);
console.log(`  goal: browser entry <= ${KB(GOALS.gzip)} gzip: ${KB(browser.gzip)} (${(browser.gzip / GOALS.gzip).toFixed(2)}x the goal) -> ${mark(browser.gzip <= GOALS.gzip)}`);
printAreas(byArea);
for (const c of callsBySetup) {
  console.log(`\nOne allocation call, ${ITER} alternated pairs on loopback, sandbox ${c.setup}    median      p99`);
  console.log(`  through the SDK                                ${c.sdk.median.toFixed(3).padStart(7)} ms ${c.sdk.p99.toFixed(3).padStart(7)} ms`);
  console.log(`  baseline: raw fetch + JSON.stringify + json()  ${c.rawFetch.median.toFixed(3).padStart(7)} ms ${c.rawFetch.p99.toFixed(3).padStart(7)} ms`);
  console.log(`  ratio SDK / raw fetch                          ${c.medianRatio.toFixed(3).padStart(7)}    ${c.p99Ratio.toFixed(3).padStart(7)}`);
  console.log(`  goal: median ratio <= ${GOALS.callRatio}: ${c.medianRatio.toFixed(3)} -> ${mark(c.medianRatio <= GOALS.callRatio)}`);
}
console.log(`\nThe SDK's own cost per call, fetch faked out (answers at once, ${overhead.answerBytes}-byte answer), best of 3 x ${overhead.calls}`);
console.log(`  SDK ${overhead.sdkUs.toFixed(1)} us; raw fetch + JSON.stringify + json() ${overhead.rawUs.toFixed(1)} us: the SDK adds ${overhead.overheadUs.toFixed(1)} us per call (goal <= ${GOALS.overheadUs} us: ${mark(overhead.overheadUs <= GOALS.overheadUs)})`);
console.log(`  beside it, one call on loopback, SDK / raw fetch (medians): ${callsBySetup.map((c) => `${c.medianRatio.toFixed(2)} (sandbox ${c.setup})`).join(', ')}`);
for (const b of bulkBySetup) {
  console.log(`\nBulk: ${BULK_ROWS} rows, batches of ${BATCH}, ${CONCURRENCY} in flight, sandbox ${b.setup}, median of ${b.rounds}   rows/s     peak RSS   peak heap`);
  console.log(`  allocateRewards                             ${b.sdk.rowsPerSecond.toFixed(0).padStart(8)} ${b.sdk.peakRssDeltaMb.toFixed(1).padStart(8)} MB ${b.sdk.peakHeapDeltaMb.toFixed(1).padStart(8)} MB  (peak rows held by the engine: ${b.sdk.peakBufferedRows})`);
  console.log(`  baseline: the same batches with raw fetch   ${b.rawFetch.rowsPerSecond.toFixed(0).padStart(8)} ${b.rawFetch.peakRssDeltaMb.toFixed(1).padStart(8)} MB ${b.rawFetch.peakHeapDeltaMb.toFixed(1).padStart(8)} MB`);
  console.log(`  throughput ratio SDK / raw fetch: ${b.throughputRatio.toFixed(3)} (${b.setup === 'child-process' ? `goal >= ${GOALS.bulkRatio}: ${mark(b.throughputRatio >= GOALS.bulkRatio)}` : 'the goal is measured in the child process'}); every run, rows/s: SDK ${b.allRuns.sdk.join(', ')}; raw ${b.allRuns.rawFetch.join(', ')}`);
  console.log(`  client CPU time (user + system) of the median runs: SDK ${(b.sdk.clientCpuMs / 1000).toFixed(2)} s in ${(b.sdk.ms / 1000).toFixed(2)} s, raw fetch ${(b.rawFetch.clientCpuMs / 1000).toFixed(2)} s in ${(b.rawFetch.ms / 1000).toFixed(2)} s${b.setup === 'in-process' ? ' (the sandbox runs in this process too)' : ''}`);
  console.log(`  peak memory of the client process in the SDK run: RSS ${b.sdk.peakRssMb.toFixed(1)} MB (${b.sdk.peakRssDeltaMb >= 0 ? '+' : ''}${b.sdk.peakRssDeltaMb.toFixed(1)} MB over its start); wasm memory ${b.sdk.wasmPeakMb.toFixed(1)} MB (${b.sdk.wasmStartMb.toFixed(1)} MB at its start; it never shrinks)`);
}
console.log(`\nBulk memory: ${bulkMemory.rows} rows from an async iterable (derived references), sandbox in a child process`);
console.log(`  peak wasm memory ${bulkMemory.wasmPeakMb.toFixed(1)} MB (start ${bulkMemory.wasmStartMb.toFixed(1)} MB): ${bulkMemory.perMillionMb.toFixed(1)} MB per million rows; ${(bulkMemory.ms / 1000).toFixed(1)} s`);
console.log(`\nValidation of ${validation.rows} bulk rows, best of 5       ms`);
console.log(`  SDK (validateBulkRows, 10,000 a call)       ${validation.ms.sdk.toFixed(0).padStart(6)}`);
console.log(`  ${`baseline: zod ${validation.zodVersion}, the same rules`.padEnd(42)}  ${validation.ms.zod.toFixed(0).padStart(6)}   SDK/zod ${validation.ratioToZod.toFixed(2)} (goal < ${GOALS.zodRatio}: ${mark(validation.ratioToZod < GOALS.zodRatio)})`);
console.log(`  ${`baseline: ajv ${validation.ajvVersion}, the same rules`.padEnd(42)}  ${validation.ms.ajv.toFixed(0).padStart(6)}   SDK/ajv ${validation.ratioToAjv.toFixed(2)} (goal <= ${GOALS.ajvRatio}: ${mark(validation.ratioToAjv <= GOALS.ajvRatio)})`);
console.log(`  floor: JSON.stringify of the rows alone     ${validation.ms.stringify.toFixed(0).padStart(6)}   /ajv ${validation.stringifyToAjv.toFixed(2)} (the text every wasm-side check starts from)`);
console.log(`\nStart-up: import to the first validated request (median)`);
console.log(`  Node, fresh process: SDK ${startup.nodeMs.toFixed(1)} ms; baseline zod ${startup.nodeZodMs.toFixed(1)} ms, ratio ${(startup.nodeMs / startup.nodeZodMs).toFixed(2)} (goal ${GOALS.nodeStartMs} ms: ${mark(startup.nodeMs <= GOALS.nodeStartMs)})`);
if (typeof startup.chromiumMs === 'number') {
  console.log(`  headless Chromium, fresh context: SDK ${startup.chromiumMs.toFixed(1)} ms; baselines: a bare 1 KB module ${startup.chromiumFloorMs.toFixed(1)} ms, zod ${startup.chromiumZodMs.toFixed(1)} ms (goal ${GOALS.chromiumStartMs} ms: ${mark(startup.chromiumMs <= GOALS.chromiumStartMs)})`);
} else {
  console.log(`  headless Chromium: ${startup.chromiumMs}`);
}
