#!/usr/bin/env node
'use strict';
// enkash-rewards: pay rewards to everyone in a CSV file, safely re-runnable.
const { readFileSync, openSync, writeSync, fsyncSync, closeSync } = require('node:fs');
const { EnKashClient, parseRecipientsCsv, OutcomesCsvWriter, isEnKashError, sdkVersion } = require('../node/index.cjs');

const HELP = `enkash-rewards ${sdkVersion()}: pay EnKash reward points to everyone in a CSV file.

Usage:
  enkash-rewards allocate <file.csv> --company <companyId> --card-account <cardAccountId> [options]
  enkash-rewards check     Try the credentials once (one token request) and say whether they
                           are accepted: run it once before starting several processes
                           (--shard), since three rejected attempts lock the account.
  enkash-rewards sandbox [--port 8787] [--seed 1] [--fault-share 0.2] ...
                           Run a local double of the EnKash Reward APIs for your tests
                           (fake credentials; prints the configuration to use). See
                           "enkash-rewards sandbox --help" for its options.
  enkash-rewards --help | --version

Options:
  --company <id>          Company id (e.g. CEK1PU9AOO). Required.
  --card-account <id>     Reward account id (e.g. CAQL8YCV3). Required.
  --points-allocation     Existing and new users get points (isPointsAllocation=true).
                          Without it, only new users are created and funded.
  --run-id <id>           Names this run (1-32 letters, digits, - or _). Rows without a
                          uniqueReferenceNumber get a reference derived from it and from the
                          row's person and content, so running the same file again with
                          the same --run-id cannot pay anyone twice: rows already paid come
                          back as "alreadyAllocated". Required unless every row has its own
                          reference.
  --dry-run               Check the file and plan the run; send nothing.
  --out <results.csv>     Write one line per input line: line, index, status, reference,
                          reason, card, transaction, balance. Lines are written as rows
                          settle (so a crash or Ctrl-C leaves every settled row in the file):
                          lines the file refused come first, then rows in the order they
                          settled, not file order (sort by "line"). Any number of rows. Text
                          cells starting with = + - @ tab or CR get a leading ' so that a
                          spreadsheet never runs them as formulas.
  --encoding <enc>        The CSV's encoding: utf8 (default) or latin1 (ISO-8859-1). A file
                          that is not valid in its encoding is refused (exit 2) with the
                          line of the first bad byte; nothing is sent.
  --shard <K>/<N>         Pay only shard K (0-based) of N (1-64): N processes, each with its
                          own K and all with the same file and --run-id, share the work and
                          never pay anyone twice (all rows of one person are in one shard).
                          Rows of other shards are counted as "other shard" (not failures).
                          --shard auto/<N> takes K from JOB_COMPLETION_INDEX (a Kubernetes
                          Indexed Job).
  --batch-size <n>        Rows per request, 1-1000 (default 100).
  --concurrency <n>       Requests in flight, 1-16 (default 2).
  --timeout-ms <n>        Time limit of each request (default 30000).

CSV columns (header names case-insensitive): title (Mr/Mrs/Ms), name, email, mobile
(10 digits), loadAmount (rupees, at most 2 decimals); optional remarks and
uniqueReferenceNumber. Quoted fields, a BOM and CRLF line ends are fine. Every problem of a
line is listed; the summary counts lines with problems.

Configuration comes from the environment (never from arguments, so that secrets stay out
of shell history and process lists):
  ENKASH_BASE_URL       API host, e.g. https://pay-en-uat.enkash.in (no default)
  ENKASH_PARTNER_ID     partner id
  ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME, ENKASH_PASSWORD
The credentials are checked once before anything is sent. If the token endpoint rejects
them, nothing is sent and the tool exits 2: do not run it again until they are fixed,
because three rejected attempts lock the account.

A summary is always printed, also when the run stops on an error or is interrupted.

Exit codes: 0 when every row was allocated, already allocated, or left to another shard (for
--dry-run: every row is valid); 1 when any row failed, was invalid or was not attempted; 2
for usage or configuration errors (also rejected credentials and a file that is not text in
its encoding); 130 when interrupted twice. Secrets are never printed.
`;

function usage(message) {
  process.stderr.write(`enkash-rewards: ${message}\nRun "enkash-rewards --help" for usage.\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { flags: new Set(), values: {}, positional: [] };
  const valued = new Set(['--company', '--card-account', '--run-id', '--out', '--batch-size', '--concurrency', '--timeout-ms', '--encoding', '--shard']);
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

const MAX_SHARDS = 64;

/** `--shard K/N` or `--shard auto/N` (K from JOB_COMPLETION_INDEX) as `{ index, count }`. */
function shardOption(opts) {
  const v = opts.values['--shard'];
  if (v === undefined) return undefined;
  const m = /^(\d+|auto)\/(\d+)$/.exec(v);
  if (!m) usage(`--shard must be K/N (K from 0 to N-1) or auto/N, got ${JSON.stringify(v)}`);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) usage(`--shard: N must be from 1 to ${MAX_SHARDS}, got ${m[2]}`);
  let k = m[1];
  if (k === 'auto') {
    k = process.env.JOB_COMPLETION_INDEX;
    if (k === undefined || !/^\d+$/.test(k)) usage(`--shard auto/${count} needs JOB_COMPLETION_INDEX (a whole number) in the environment, got ${k === undefined ? 'nothing' : JSON.stringify(k)}`);
  }
  const index = Number(k);
  if (index >= count) usage(`--shard: K must be from 0 to ${count - 1}, got ${index}`);
  return { index, count };
}

const ENCODINGS = { utf8: 'utf8', 'utf-8': 'utf8', latin1: 'latin1', 'latin-1': 'latin1', 'iso-8859-1': 'latin1' };

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

/** The results file, written as outcomes arrive (each piece written and synced before the next). */
function resultsFile(path, lines) {
  let fd;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    usage(`cannot write ${path}: ${e.code ?? e.message}`);
  }
  const writer = new OutcomesCsvWriter(lines);
  const file = {
    path,
    rows: 0,
    error: null,
    write(text) {
      if (file.error || fd === undefined) return;
      try {
        writeSync(fd, text);
        fsyncSync(fd);
      } catch (e) {
        file.error = e.code ?? e.message;
      }
    },
    outcomes(batch) {
      try {
        file.write(writer.rows(batch));
        file.rows += batch.length;
      } catch (e) {
        // The SDK ignores what its callback throws: remember it, so the summary says so.
        file.error ??= e && e.message ? e.message : String(e);
      }
    },
    lineErrors(errors) {
      if (errors.length) file.write(writer.lineErrors(errors));
    },
    close() {
      if (fd === undefined) return;
      try {
        closeSync(fd);
      } catch (e) {
        file.error ??= e.code ?? e.message;
      }
      fd = undefined;
    },
  };
  file.write(writer.header());
  return file;
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
  const shard = shardOption(opts);
  const encoding = ENCODINGS[(opts.values['--encoding'] ?? 'utf8').toLowerCase()];
  if (!encoding) usage(`--encoding must be utf8 or latin1, got ${JSON.stringify(opts.values['--encoding'])}`);
  const batchSize = integer(opts, '--batch-size');
  const concurrency = integer(opts, '--concurrency');
  const timeoutMs = integer(opts, '--timeout-ms');

  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    usage(`cannot read ${file}: ${e.code ?? e.message}`);
  }
  let parsed;
  try {
    parsed = parseRecipientsCsv(bytes, { encoding });
  } catch (e) {
    // The file is not text in its encoding: nothing of it is read, nothing is sent.
    process.stderr.write(`enkash-rewards: ${file}: ${isEnKashError(e) && e.fieldErrors?.length ? e.fieldErrors[0].message : e.message}\n`);
    process.exit(2);
  }
  for (const e of parsed.errors) process.stderr.write(`${file}:${e.line}: ${e.field ? `${e.field}: ` : ''}${e.message}\n`);
  if (parsed.errors.some((e) => e.line === 1)) process.exit(2);
  const invalidLines = new Set(parsed.errors.map((e) => e.line)).size;

  const client = clientFromEnv({ dryRun, timeoutMs });

  // From here on, whatever happens, the summary is printed (and the results file closed).
  const out = opts.values['--out'] ? resultsFile(opts.values['--out'], parsed.lines) : null;
  out?.lineErrors(parsed.errors);
  const seen = { allocated: 0, alreadyAllocated: 0, failed: 0, invalid: 0, notAttempted: 0, otherShard: 0, problems: [], problemCount: 0 };
  const run = { report: null, error: null, notes: [], code: null };

  const summary = () => {
    out?.close();
    const all = parsed.rows.length;
    // Without a report (the run did not finish), the counts of the outcomes handed over so far;
    // rows without an outcome yet are counted as not attempted.
    const t = run.report
      ? run.report.totals
      : { total: all, allocated: seen.allocated, alreadyAllocated: seen.alreadyAllocated, failed: seen.failed, invalid: seen.invalid, notAttempted: seen.notAttempted, otherShard: seen.otherShard };
    const unsettled = all - (t.allocated + t.alreadyAllocated + t.failed + t.invalid + t.notAttempted + (t.otherShard ?? 0));
    if (!run.report) t.notAttempted += Math.max(0, unsettled);
    const lines = [
      '',
      `${dryRun ? 'Dry run (nothing sent)' : 'Run'} of ${file}${run.report?.runId ?? opts.values['--run-id'] ? ` (run id ${run.report?.runId ?? opts.values['--run-id']})` : ''}${shard ? ` shard ${shard.index}/${shard.count}` : ''}: ${all + invalidLines} rows`,
      `  allocated          ${t.allocated}`,
      `  already allocated  ${t.alreadyAllocated}`,
    ];
    if (shard) lines.push(`  other shard        ${t.otherShard ?? 0}`);
    lines.push(`  failed             ${t.failed}`, `  invalid            ${t.invalid + invalidLines}`, `  not attempted      ${t.notAttempted}`);
    if (run.report) lines.push(`  requests           ${run.report.requests}${run.report.retries ? ` (${run.report.retries} retries)` : ''}`);
    else lines.push(`  (the run did not finish: counts are of the rows settled so far${unsettled > 0 ? `; ${unsettled} rows without an outcome are counted as not attempted` : ''})`);
    if (run.report?.stopped) lines.push(`  stopped early: ${run.report.stopped}`);
    for (const o of seen.problems) lines.push(`  line ${parsed.lines[o.index]}: ${o.status}: ${o.reason}`);
    if (seen.problemCount > seen.problems.length) lines.push(`  ... and ${seen.problemCount - seen.problems.length} more${out ? ` (see ${out.path})` : ''}`);
    if (out) lines.push(`  results file       ${out.path} (${out.rows} rows${invalidLines ? ` and ${invalidLines} invalid lines` : ''})`);
    if (out?.error) lines.push(`  THE RESULTS FILE COULD NOT BE WRITTEN IN FULL: ${out.error}`);
    lines.push(...run.notes.map((n) => `  ${n}`));
    if (run.report?.stopped && !run.credentialsRejected) lines.push(`  Fix the cause of the stop before running the same file again with the same --run-id (paid rows are never paid twice).`);
    else if (!dryRun && !run.credentialsRejected && (t.failed || t.notAttempted || !run.report)) lines.push(`  To settle failed or unsent rows, run the same file again with the same --run-id: paid rows are never paid twice.`);
    process.stdout.write(lines.join('\n') + '\n');
    const ok = dryRun ? invalidLines === 0 && t.invalid === 0 : run.report && t.allocated + t.alreadyAllocated + (t.otherShard ?? 0) === t.total && invalidLines === 0 && !out?.error;
    return ok ? 0 : 1;
  };
  const finish = (code) => {
    const status = summary();
    process.exit(code ?? status);
  };
  process.once('uncaughtException', (e) => {
    process.stderr.write(`enkash-rewards: ${isEnKashError(e) ? e.message : e && e.stack ? e.stack : String(e)}\n`);
    finish(1);
  });

  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: finishing the requests in flight, sending nothing more (Ctrl-C again to force)\n');
    controller.abort();
    process.once('SIGINT', () => {
      run.notes.push('forced to stop: rows in flight have no outcome here; re-run the same file with the same --run-id to settle them');
      finish(130);
    });
  });

  const credentialsRejected = (status, what) => {
    warnRejected(status, what);
    run.credentialsRejected = true;
    run.notes.push('credentials rejected: fix them before running again (three rejected attempts lock the account)');
    finish(2);
  };

  // The credentials are tried once, before anything is sent. `authenticate` calls only the
  // token endpoint, so an `auth` error here is the token endpoint rejecting them.
  if (!dryRun) {
    try {
      await client.authenticate();
    } catch (e) {
      if (isEnKashError(e) && e.kind === 'auth') {
        credentialsRejected(e.status, 'Nothing was sent.');
        return;
      }
      // Anything else (network, timeout): the run itself retries and reports it.
    }
  }

  const bar = progressPrinter();
  try {
    run.report = await client.allocateRewards(parsed.rows, {
      companyId,
      cardAccountId,
      isPointsAllocation: opts.flags.has('--points-allocation'),
      runId: opts.values['--run-id'],
      dryRun,
      batchSize,
      concurrency,
      shard,
      onOutcomes: (batch) => {
        for (const o of batch) {
          seen[o.status] = (seen[o.status] ?? 0) + 1;
          if (o.status === 'failed' || o.status === 'invalid') {
            seen.problemCount++;
            if (seen.problems.length < 20) seen.problems.push(o);
          }
        }
        out?.outcomes(batch);
      },
      onProgress: (p) => bar.update(p),
      signal: controller.signal,
    });
  } catch (e) {
    bar.end();
    process.stderr.write(`enkash-rewards: ${isEnKashError(e) ? e.message : String(e)}\n`);
    finish(isEnKashError(e) && e.kind === 'validation' ? 2 : 1);
    return;
  }
  bar.end();
  // A token renewal during the run can be rejected too (the credentials changed meanwhile):
  // the run stops and says so as a typed value.
  if (run.report.stoppedBy?.credentialsRejected) {
    credentialsRejected(run.report.stoppedBy.status, 'The run stopped; the rows sent before are settled in the results.');
    return;
  }
  finish();
}

/**
 * The client from the environment (the only place configuration comes from). A dry run
 * needs none of it: it sends nothing.
 */
function clientFromEnv({ dryRun, timeoutMs }) {
  const env = process.env;
  const missing = ['ENKASH_BASE_URL', 'ENKASH_PARTNER_ID', 'ENKASH_CLIENT_ID', 'ENKASH_CLIENT_SECRET', 'ENKASH_USERNAME', 'ENKASH_PASSWORD'].filter((k) => !env[k]);
  if (missing.length && !dryRun) usage(`set ${missing.join(', ')} in the environment`);
  try {
    return new EnKashClient({
      baseUrl: env.ENKASH_BASE_URL || 'http://127.0.0.1:9',
      partnerId: env.ENKASH_PARTNER_ID || 'dry-run',
      credentials: { clientId: env.ENKASH_CLIENT_ID || 'x', clientSecret: env.ENKASH_CLIENT_SECRET || 'x', username: env.ENKASH_USERNAME || 'x', password: env.ENKASH_PASSWORD || 'x' },
      timeoutMs,
    });
  } catch (e) {
    usage(isEnKashError(e) ? e.message : String(e));
  }
}

/** The warning after the token endpoint rejected the credentials (`what`: what happened to the run). */
function warnRejected(status, what) {
  process.stderr.write(
    `enkash-rewards: the token endpoint rejected the credentials${status ? ` (HTTP ${status})` : ''}.${what ? ` ${what}` : ''}\n` +
      `DO NOT RUN enkash-rewards AGAIN until ENKASH_CLIENT_ID, ENKASH_CLIENT_SECRET, ENKASH_USERNAME and ENKASH_PASSWORD are fixed: three rejected attempts lock the account (if it is locked already, ask EnKash to unlock it).\n`,
  );
}

/** `check`: one token request with the environment's credentials; exit 0, 2 (rejected) or 1. */
async function check(opts) {
  if (opts.positional.length > 1) usage(`unexpected argument ${opts.positional[1]}`);
  const client = clientFromEnv({ dryRun: false });
  try {
    const token = await client.authenticate();
    process.stdout.write(`credentials accepted${token.expiresIn ? ` (token valid for ${token.expiresIn} s)` : ''}\n`);
    process.exit(0);
  } catch (e) {
    if (isEnKashError(e) && e.kind === 'auth') {
      warnRejected(e.status, '');
      process.exit(2);
    }
    process.stderr.write(`enkash-rewards: the credentials could not be checked: ${isEnKashError(e) ? e.message : String(e)}\n`);
    process.exit(1);
  }
}

// `sandbox` takes its own flags (the sandbox's command line, an ES module run in this process).
if (process.argv[2] === 'sandbox') {
  import('../sandbox/cli.mjs')
    .then(({ runSandboxCli }) => runSandboxCli(process.argv.slice(3)))
    .then((code) => process.exit(code), (e) => {
      process.stderr.write(`enkash-rewards sandbox: ${e && e.stack ? e.stack : String(e)}\n`);
      process.exit(1);
    });
  return;
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
(opts.positional[0] === 'check' ? check(opts) : allocate(opts)).catch((e) => {
  process.stderr.write(`enkash-rewards: ${isEnKashError(e) ? e.message : e && e.stack ? e.stack : String(e)}\n`);
  process.exit(1);
});
