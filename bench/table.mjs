// The "Last run" table of bench/README.md, from bench/results.json: `npm run bench` rewrites
// the block between the last-run markers after each run, so the page always shows the
// figures of the committed results.json.
import { readFileSync, writeFileSync } from 'node:fs';

const KB = (n) => `${(n / 1024).toFixed(1)} KB`;
const rps = (n) => Math.round(n).toLocaleString('en-US');

/** The goals of the figures, written once: bench/run.mjs prints against the same. */
export const GOALS = { gzip: 128 * 1024, callRatio: 1.1, overheadUs: 40, bulkRatio: 0.95, zodRatio: 1, ajvRatio: 2, nodeStartMs: 20, chromiumStartMs: 50 };

export function lastRunTable(r) {
  const b = r.sizes.browser;
  const rows = [
    '| figure | SDK | baseline (same run) | ratio | goal | met |',
    '| --- | --- | --- | --- | --- | --- |',
    `| browser: what the web entry downloads (its JS files + the wasm), every endpoint; each file gzip -9, summed | ${KB(b.raw)} raw, **${KB(b.gzip)} gzip**, ${KB(b.brotli)} brotli (wasm ${KB(b.wasm.gzip)}, JS ${KB(b.js.gzip)} gzip) | | ${(b.gzip / GOALS.gzip).toFixed(2)}× the goal | ≤ ${KB(GOALS.gzip)} gzip | ${b.gzip <= GOALS.gzip ? '**yes**' : 'no'} |`,
    `| worker/ entry (workers, edge: the full wasm, as a module) | ${KB(r.sizes.worker.raw)} raw, ${KB(r.sizes.worker.gzip)} gzip | | | | |`,
    `| node/ entry, ESM (inside a bundle: the full wasm as base64 in a JS module; unbundled Node reads the .wasm file) | ${KB(r.sizes.nodeEsm.raw)} raw, ${KB(r.sizes.nodeEsm.gzip)} gzip | | | | |`,
  ];
  for (const c of r.allocationCall) {
    rows.push(`| one allocation call, median, sandbox ${c.setup} | ${c.sdk.median.toFixed(3)} ms | raw \`fetch\` + \`JSON.stringify\` + \`json()\`: ${c.rawFetch.median.toFixed(3)} ms | **${c.medianRatio.toFixed(2)}** | ≤ ${GOALS.callRatio.toFixed(2)} | ${c.medianRatio <= GOALS.callRatio ? '**yes**' : 'no'} |`);
    rows.push(`| one allocation call, p99, sandbox ${c.setup} | ${c.sdk.p99.toFixed(3)} ms | ${c.rawFetch.p99.toFixed(3)} ms | ${c.p99Ratio.toFixed(2)} | | |`);
  }
  const o = r.callOverheadWithoutNetwork;
  if (o) {
    const onLoopback = r.allocationCall.map((c) => `${c.medianRatio.toFixed(2)} (${c.setup})`).join(', ');
    rows.push(`| the SDK's own cost per call, \`fetch\` faked out | ${o.sdkUs.toFixed(0)} µs | raw fetch ${o.rawUs.toFixed(0)} µs; on loopback the call ratio is ${onLoopback} | **+${o.overheadUs.toFixed(0)} µs** | ≤ ${GOALS.overheadUs} µs | ${o.overheadUs <= GOALS.overheadUs ? '**yes**' : 'no'} |`);
  }
  for (const k of r.bulk) {
    rows.push(`| ${k.rows.toLocaleString('en-US')} rows through \`allocateRewards\`, sandbox ${k.setup} (median of ${k.rounds}) | ${rps(k.sdk.rowsPerSecond)} rows/s | the same batches with raw fetch: ${rps(k.rawFetch.rowsPerSecond)} rows/s | **${k.throughputRatio.toFixed(2)}** | ${k.setup === 'child-process' ? `≥ ${GOALS.bulkRatio}` : '(the goal is the child process\'s)'} | ${k.setup === 'child-process' ? (k.throughputRatio >= GOALS.bulkRatio ? '**yes**' : 'no') : ''} |`);
    if (typeof k.sdk.clientCpuMs === 'number') {
      rows.push(`| client process CPU time (user + system) of those runs${k.setup === 'in-process' ? ', sandbox included' : ''} | SDK ${(k.sdk.clientCpuMs / 1000).toFixed(2)} s in ${(k.sdk.ms / 1000).toFixed(2)} s | raw fetch ${(k.rawFetch.clientCpuMs / 1000).toFixed(2)} s in ${(k.rawFetch.ms / 1000).toFixed(2)} s | | | |`);
    }
    if (typeof k.sdk.peakRssMb === 'number') {
      rows.push(`| peak memory of that SDK run, client process | RSS ${k.sdk.peakRssMb.toFixed(1)} MB (+${k.sdk.peakRssDeltaMb.toFixed(1)} MB); wasm memory ${k.sdk.wasmPeakMb.toFixed(1)} MB | raw fetch run: RSS ${k.rawFetch.peakRssMb.toFixed(1)} MB (+${k.rawFetch.peakRssDeltaMb.toFixed(1)} MB) | | | |`);
    }
  }
  const m = r.bulkMemory;
  if (m) rows.push(`| peak wasm memory, ${m.rows.toLocaleString('en-US')} rows through \`allocateRewards\` from an async iterable | ${m.wasmPeakMb.toFixed(1)} MB (${m.perMillionMb.toFixed(1)} MB per million rows) | | | compact per-run state | |`);
  const v = r.validation;
  rows.push(`| validating ${v.rows.toLocaleString('en-US')} bulk rows (best of 5) | ${v.ms.sdk.toFixed(0)} ms | zod ${v.zodVersion ?? ''} ${v.ms.zod.toFixed(0)} ms | **${v.ratioToZod.toFixed(2)}** | < ${GOALS.zodRatio} | ${v.ratioToZod < GOALS.zodRatio ? '**yes**' : 'no'} |`);
  rows.push(`| the same | | ajv ${v.ms.ajv.toFixed(0)} ms (floor: \`JSON.stringify\` alone ${v.ms.stringify.toFixed(0)} ms = ${v.stringifyToAjv.toFixed(2)}× ajv) | ${v.ratioToAjv.toFixed(2)} | ≤ ${GOALS.ajvRatio} | ${v.ratioToAjv <= GOALS.ajvRatio ? '**yes**' : 'no'} |`);
  const s = r.startup;
  rows.push(`| start-up in Node (fresh process, import to first validated request, median of 7) | ${s.nodeMs.toFixed(1)} ms | zod ${s.nodeZodMs.toFixed(1)} ms | ${(s.nodeMs / s.nodeZodMs).toFixed(2)} | ≤ ${GOALS.nodeStartMs} ms | ${s.nodeMs <= GOALS.nodeStartMs ? '**yes**' : 'no'} |`);
  if (typeof s.chromiumMs === 'number') {
    rows.push(`| start-up in headless Chromium (fresh context, median of 7) | ${s.chromiumMs.toFixed(1)} ms | bare 1 KB module ${s.chromiumFloorMs.toFixed(1)} ms; zod ${s.chromiumZodMs.toFixed(1)} ms | ${(s.chromiumMs / s.chromiumFloorMs).toFixed(1)}× the floor | ≤ ${GOALS.chromiumStartMs} ms | ${s.chromiumMs <= GOALS.chromiumStartMs ? '**yes**' : 'no'} |`);
  }
  return `${r.date.slice(0, 10)}, Node ${r.node}:\n\n${rows.join('\n')}`;
}

/** Replaces the block between the `marker` markers in `page` with `make(results)`. */
export function updatePage(page, results, make = lastRunTable, marker = 'last-run') {
  const text = readFileSync(page, 'utf8');
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${page}: ${marker} markers not found`);
  writeFileSync(page, `${text.slice(0, i + start.length)}\n${make(results)}\n${text.slice(j)}`);
}

/** The short table of the project README. */
export function summaryTable(r) {
  const b = r.sizes.browser;
  const [c0, c1] = r.allocationCall;
  const [k0, k1] = r.bulk;
  const v = r.validation;
  const s = r.startup;
  const o = r.callOverheadWithoutNetwork;
  const met = (ok) => (ok ? 'met' : 'not met');
  const chromium = typeof s.chromiumMs === 'number' ? `, Chromium ${s.chromiumMs.toFixed(1)} ms` : '';
  return [
    `Last run (${r.date.slice(0, 10)}, this machine, 2 cores):`,
    '',
    '| figure | SDK | baseline | ratio | goal |',
    '| --- | --- | --- | --- | --- |',
    `| browser entry (what the web entry downloads: JS + wasm), every endpoint | ${KB(b.raw)} raw, ${KB(b.gzip)} gzip | | | ≤ ${KB(GOALS.gzip)} gzip: ${met(b.gzip <= GOALS.gzip)} |`,
    `| allocation call, median (sandbox in-process / child process) | ${c0.sdk.median.toFixed(2)} / ${c1.sdk.median.toFixed(2)} ms | raw fetch ${c0.rawFetch.median.toFixed(2)} / ${c1.rawFetch.median.toFixed(2)} ms | ${c0.medianRatio.toFixed(2)} / ${c1.medianRatio.toFixed(2)} | ≤ ${GOALS.callRatio.toFixed(2)}: ${met(c0.medianRatio <= GOALS.callRatio && c1.medianRatio <= GOALS.callRatio)} |`,
    ...(o ? [`| the SDK's own cost per call, \`fetch\` faked out | ${o.sdkUs.toFixed(0)} µs | raw fetch ${o.rawUs.toFixed(0)} µs | +${o.overheadUs.toFixed(0)} µs | ≤ ${GOALS.overheadUs} µs: ${met(o.overheadUs <= GOALS.overheadUs)} |`] : []),
    `| 100,000 rows through \`allocateRewards\` (in-process / child process) | ${rps(k0.sdk.rowsPerSecond)} / ${rps(k1.sdk.rowsPerSecond)} rows/s | same batches, raw fetch | ${k0.throughputRatio.toFixed(2)} / ${k1.throughputRatio.toFixed(2)} | child process ≥ ${GOALS.bulkRatio}: ${met(k1.throughputRatio >= GOALS.bulkRatio)} in this run (runs vary: see bench/README.md) |`,
    `| validating 100,000 rows | ${v.ms.sdk.toFixed(0)} ms | zod ${v.zodVersion ?? ''} ${v.ms.zod.toFixed(0)} ms, ajv ${v.ms.ajv.toFixed(0)} ms | ${v.ratioToZod.toFixed(2)} / ${v.ratioToAjv.toFixed(2)} | faster than zod: ${met(v.ratioToZod < GOALS.zodRatio)}; ≤ ${GOALS.ajvRatio}× ajv: ${met(v.ratioToAjv <= GOALS.ajvRatio)} |`,
    `| start-up, import to first validated request | Node ${s.nodeMs.toFixed(1)} ms${chromium} | Chromium bare-module floor ${(s.chromiumFloorMs ?? NaN).toFixed(1)} ms, zod ${(s.chromiumZodMs ?? NaN).toFixed(1)} ms | | ${GOALS.nodeStartMs} ms: ${met(s.nodeMs <= GOALS.nodeStartMs)}; ${GOALS.chromiumStartMs} ms: ${met(s.chromiumMs <= GOALS.chromiumStartMs)} |`,
  ].join('\n');
}
