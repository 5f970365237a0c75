#!/usr/bin/env node
// Benchmarks, each printed beside its baseline from the same run:
// - size of the browser entry (wasm + JS glue + shims) and of the Node entry, raw / gzip / brotli;
// - one allocation through the SDK vs the same request with raw fetch, alternated, against the
//   sandbox on loopback: medians, p99 and their ratio.
// Writes bench/results.json.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { EnKashClient } from 'enkash-rewards';
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID } from '../sandbox/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = join(root, 'node_modules/enkash-rewards');
const KB = (n) => `${(n / 1024).toFixed(1)} KB`;

function sizeOf(dir, files) {
  const bytes = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
  return {
    files,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
const runtimeFiles = (dir) => readdirSync(join(pkg, dir)).filter((f) => !f.endsWith('.d.ts') && !f.endsWith('.d.cts') && !f.endsWith('.d.mts'));
const browser = sizeOf(join(pkg, 'web'), runtimeFiles('web'));
const node = sizeOf(join(pkg, 'node'), runtimeFiles('node'));

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const sandbox = await startSandbox();
const ITER = Number(process.env.BENCH_ITER ?? 400);
const WARMUP = 50;
let calls;
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
  calls = {
    iterations: ITER,
    sdk: { median: quantile(sdk, 0.5), p99: quantile(sdk, 0.99) },
    rawFetch: { median: quantile(raw, 0.5), p99: quantile(raw, 0.99) },
  };
  calls.medianRatio = calls.sdk.median / calls.rawFetch.median;
  calls.p99Ratio = calls.sdk.p99 / calls.rawFetch.p99;
} finally {
  await sandbox.close();
}

const results = { date: new Date().toISOString(), node: process.version, sizes: { browser, node }, allocationCall: calls };
writeFileSync(join(root, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');

const GOAL_GZIP = 64 * 1024;
const GOAL_RATIO = 1.1;
const mark = (ok) => (ok ? 'met' : 'NOT met');
console.log('\nenkash-rewards benchmarks (bench/results.json)\n');
console.log('Size (runtime files of each entry)          raw        gzip      brotli');
console.log(`  browser entry (${browser.files.length} files)              ${KB(browser.raw).padStart(9)}  ${KB(browser.gzip).padStart(9)}  ${KB(browser.brotli).padStart(9)}`);
console.log(`  node entry (${node.files.length} files)                 ${KB(node.raw).padStart(9)}  ${KB(node.gzip).padStart(9)}  ${KB(node.brotli).padStart(9)}`);
console.log(`  goal: browser entry <= ${KB(GOAL_GZIP)} gzip: ${KB(browser.gzip)} -> ${mark(browser.gzip <= GOAL_GZIP)}`);
console.log(`\nOne allocation call, ${ITER} alternated pairs on loopback    median      p99`);
console.log(`  through the SDK                                ${calls.sdk.median.toFixed(3).padStart(7)} ms ${calls.sdk.p99.toFixed(3).padStart(7)} ms`);
console.log(`  baseline: raw fetch + JSON.stringify + json()  ${calls.rawFetch.median.toFixed(3).padStart(7)} ms ${calls.rawFetch.p99.toFixed(3).padStart(7)} ms`);
console.log(`  ratio SDK / raw fetch                          ${calls.medianRatio.toFixed(3).padStart(7)}    ${calls.p99Ratio.toFixed(3).padStart(7)}`);
console.log(`  goal: median ratio <= ${GOAL_RATIO}: ${calls.medianRatio.toFixed(3)} -> ${mark(calls.medianRatio <= GOAL_RATIO)}`);
