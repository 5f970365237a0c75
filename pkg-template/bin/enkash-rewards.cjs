#!/usr/bin/env node
'use strict';
// enkash-rewards: pay rewards to everyone in a CSV file, safely re-runnable.
const { readFileSync, writeFileSync } = require('node:fs');
const { EnKashClient, parseRecipientsCsv, outcomesToCsv, isEnKashError, sdkVersion } = require('../node/index.cjs');

const HELP = `enkash-rewards ${sdkVersion()}: pay EnKash reward points to everyone in a CSV file.

Usage:
  enkash-rewards allocate <file.csv> --company <companyId> --card-account <cardAccountId> [options]
  enkash-rewards --help | --version

Options:
  --company <id>          Company id (e.g. CEK1PU9AOO). Required.
  --card-account <id>     Reward account id (e.g. CAQL8YCV3). Required.
  --points-allocation     Existing and new users get points (isPointsAllocation=true).
                          Without it, only new users are created and funded.
  --run-id <id>           Names this run (1-32 letters, digits, - or _). Rows without a
                          uniqueReferenceNumber get a reference derived from it and from the
                          row's position and content, so running the same file again with
                          the same --run-id cannot pay anyone twice: rows already paid come
                          back as "alreadyAllocated". Required unless every row has its own
                          reference. Re-run the file unchanged (or appended to only).
  --dry-run               Check the file and plan the run; send nothing.
  --out <results.csv>     Write one line per input row: line, status, reference, reason,
                          card, transaction, balance.
  --batch-size <n>        Rows per request, 1-1000 (default 100).
  --concurrency <n>       Requests in flight, 1-16 (default 2).
  --timeout-ms <n>        Time limit of each request (default 30000).

CSV columns (header names case-insensitive): title (Mr/Mrs/Ms), name, email, mobile
(10 digits), loadAmount (rupees, at most 2 decimals); optional remarks and
uniqueReferenceNumber. Quoted fields, a BOM and CRLF line ends are fine.

Configuration comes from the environment (never from arguments, so that secrets stay out
of shell history and process lists):
  ENKASH_BASE_URL       API host, e.g. https://pay-en-uat.enkash.in (no default)
  ENKASH_PARTNER_ID     partner id
  ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD

Exit codes: 0 when every row was allocated or already allocated (for --dry-run: every
row is valid); 1 when any row failed, was invalid or was not attempted; 2 for usage or
configuration errors. Secrets are never printed.
`;

function usage(message) {
  process.stderr.write(`enkash-rewards: ${message}\nRun "enkash-rewards --help" for usage.\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { flags: new Set(), values: {}, positional: [] };
  const valued = new Set(['--company', '--card-account', '--run-id', '--out', '--batch-size', '--concurrency', '--timeout-ms']);
  const flags = new Set(['--points-allocation', '--dry-run', '--help', '-h', '--version']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (valued.has(a)) {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      opts.values[a] = argv[++i];
    } else if (flags.has(a)) {
      opts.flags.add(a);
    } else if (a.startsWith('-')) {
      usage(`unknown option ${a}`);
    } else {
      opts.positional.push(a);
    }
  }
  return opts;
}

function integer(opts, name) {
  const v = opts.values[name];
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) usage(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

const csvCell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function progressPrinter() {
  const tty = Boolean(process.stderr.isTTY);
  let last = '';
  return {
    update(p) {
      const pct = p.total ? Math.floor((100 * p.done) / p.total) : 0;
      if (tty) {
        const width = 30;
        const filled = Math.round((width * pct) / 100);
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${p.done}/${p.total}  allocated ${p.allocated}  failed ${p.failed}  invalid ${p.invalid}`);
      } else {
        const line = `progress: ${p.done}/${p.total} done, ${p.allocated} allocated, ${p.failed} failed, ${p.invalid} invalid`;
        if (line !== last) process.stderr.write(line + '\n');
        last = line;
      }
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}

async function allocate(opts) {
  const [command, file, ...rest] = opts.positional;
  if (command !== 'allocate') usage(command ? `unknown command ${command}` : 'a command is required');
  if (!file) usage('the CSV file is required');
  if (rest.length) usage(`unexpected argument ${rest[0]}`);
  const companyId = opts.values['--company'];
  const cardAccountId = opts.values['--card-account'];
  if (!companyId) usage('--company is required');
  if (!cardAccountId) usage('--card-account is required');
  const dryRun = opts.flags.has('--dry-run');

  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    usage(`cannot read ${file}: ${e.code ?? e.message}`);
  }
  const parsed = parseRecipientsCsv(text);
  for (const e of parsed.errors) process.stderr.write(`${file}:${e.line}: ${e.field ? `${e.field}: ` : ''}${e.message}\n`);
  if (parsed.errors.some((e) => e.line === 1)) process.exit(2);

  const env = process.env;
  const missing = ['ENKASH_BASE_URL', 'ENKASH_PARTNER_ID', 'ENKASH_CLIENT_ID', 'ENKASH_CLIENT_SECRET', 'ENKASH_USERNAME', 'ENKASH_PASSWORD'].filter((k) => !env[k]);
  if (missing.length && !dryRun) usage(`set ${missing.join(', ')} in the environment`);
  let client;
  try {
    client = new EnKashClient({
      baseUrl: env.ENKASH_BASE_URL || 'http://127.0.0.1:9',
      partnerId: env.ENKASH_PARTNER_ID || 'dry-run',
      credentials: { clientId: env.ENKASH_CLIENT_ID || 'x', clientSecret: env.ENKASH_CLIENT_SECRET || 'x', username: env.ENKASH_USERNAME || 'x', password: env.ENKASH_PASSWORD || 'x' },
      timeoutMs: integer(opts, '--timeout-ms'),
    });
  } catch (e) {
    usage(isEnKashError(e) ? e.message : String(e));
  }

  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: finishing the requests in flight, sending nothing more (Ctrl-C again to force)\n');
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const bar = progressPrinter();
  let report;
  try {
    report = await client.allocateRewards(parsed.rows, {
      companyId,
      cardAccountId,
      isPointsAllocation: opts.flags.has('--points-allocation'),
      runId: opts.values['--run-id'],
      dryRun,
      batchSize: integer(opts, '--batch-size'),
      concurrency: integer(opts, '--concurrency'),
      onProgress: (p) => bar.update(p),
      signal: controller.signal,
    });
  } catch (e) {
    bar.end();
    usage(isEnKashError(e) ? e.message : String(e));
  }
  bar.end();

  if (opts.values['--out']) {
    let csv = outcomesToCsv(report.outcomes, parsed.lines);
    for (const e of parsed.errors) csv += [String(e.line), '', 'invalid', '', csvCell(`${e.field ? `${e.field}: ` : ''}${e.message}`), '', '', ''].join(',') + '\r\n';
    writeFileSync(opts.values['--out'], csv);
  }

  const t = report.totals;
  const invalid = t.invalid + parsed.errors.length;
  const lines = [
    '',
    `${dryRun ? 'Dry run (nothing sent)' : 'Run'} of ${file}${report.runId ? ` (run id ${report.runId})` : ''}: ${t.total + parsed.errors.length} rows`,
    `  allocated          ${t.allocated}`,
    `  already allocated  ${t.alreadyAllocated}`,
    `  failed             ${t.failed}`,
    `  invalid            ${invalid}`,
    `  not attempted      ${t.notAttempted}`,
    `  requests           ${report.requests}${report.retries ? ` (${report.retries} retries)` : ''}`,
  ];
  if (report.stopped) lines.push(`  stopped early: ${report.stopped}`);
  const problems = report.outcomes.filter((o) => o.status === 'failed' || o.status === 'invalid');
  for (const o of problems.slice(0, 20)) lines.push(`  line ${parsed.lines[o.index]}: ${o.status}: ${o.reason}`);
  if (problems.length > 20) lines.push(`  ... and ${problems.length - 20} more${opts.values['--out'] ? ` (see ${opts.values['--out']})` : ''}`);
  if (t.failed || t.notAttempted) lines.push(`  To settle failed or unsent rows, run the same file again with the same --run-id: paid rows are never paid twice.`);
  process.stdout.write(lines.join('\n') + '\n');
  const ok = dryRun ? invalid === 0 : t.allocated + t.alreadyAllocated === t.total && invalid === 0;
  process.exit(ok ? 0 : 1);
}

const opts = parseArgs(process.argv.slice(2));
if (opts.flags.has('--help') || opts.flags.has('-h')) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (opts.flags.has('--version')) {
  process.stdout.write(`${sdkVersion()}\n`);
  process.exit(0);
}
allocate(opts).catch((e) => {
  process.stderr.write(`enkash-rewards: ${isEnKashError(e) ? e.message : e && e.stack ? e.stack : String(e)}\n`);
  process.exit(1);
});
