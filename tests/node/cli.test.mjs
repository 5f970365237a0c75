// The command-line tool end to end: help, exit codes, dry run, output file, re-run, a
// 10,001-row file, a results file that survives a crash, formula-safe cells, bytes that are
// not UTF-8, every problem of a line, rejected credentials, shards, and no secret in
// anything it prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandbox, SANDBOX_CREDENTIALS as CREDS, SANDBOX_PARTNER_ID as PARTNER } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(root, 'node_modules/enkash-rewards/bin/enkash-rewards.cjs');
let s;
let dir;
before(async () => {
  s = await sandbox();
  await s.control({ cardAccountId: 'CAQL8YCV3', balance: 1e9 });
  dir = mkdtempSync(join(tmpdir(), 'enkash-cli-'));
});
after(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

function cliEnv(env = {}) {
  const full = { PATH: process.env.PATH, ENKASH_BASE_URL: s.url, ENKASH_PARTNER_ID: PARTNER, ENKASH_CLIENT_ID: CREDS.clientId, ENKASH_CLIENT_SECRET: CREDS.clientSecret, ENKASH_USERNAME: CREDS.username, ENKASH_PASSWORD: CREDS.password, ...env };
  for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
  return full;
}

function cli(args, env = {}) {
  const full = { PATH: process.env.PATH, ENKASH_BASE_URL: s.url, ENKASH_PARTNER_ID: PARTNER, ENKASH_CLIENT_ID: CREDS.clientId, ENKASH_CLIENT_SECRET: CREDS.clientSecret, ENKASH_USERNAME: CREDS.username, ENKASH_PASSWORD: CREDS.password, ...env };
  for (const k of Object.keys(full)) if (full[k] === undefined) delete full[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: full });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function file(name, rows) {
  const p = join(dir, name);
  writeFileSync(p, ['title,name,email,mobile,loadAmount,remarks', ...rows].join('\r\n') + '\r\n');
  return p;
}

const ACCOUNT = ['--company', 'CEK1PU9AOO', '--card-account', 'CAQL8YCV3', '--points-allocation'];
const secrets = [CREDS.clientSecret, CREDS.password];

test('--help explains everything and exits 0; usage errors exit 2', async () => {
  const help = await cli(['--help']);
  assert.equal(help.code, 0);
  for (const word of ['allocate', '--run-id', '--dry-run', '--out', '--batch-size', '--concurrency', '--encoding', 'latin1', '--shard', 'JOB_COMPLETION_INDEX', 'ENKASH_CLIENT_SECRET', 'Exit codes', 'lock']) assert.ok(help.stdout.includes(word), word);
  assert.equal((await cli(['allocate'])).code, 2);
  assert.equal((await cli(['allocate', 'x.csv', '--bogus'])).code, 2);
  const noEnv = await cli(['allocate', file('a.csv', ['Mr,A,a@example.com,9876543210,1,']), ...ACCOUNT, '--run-id', 'r'], { ENKASH_PASSWORD: undefined, ENKASH_CLIENT_SECRET: undefined });
  assert.equal(noEnv.code, 2);
  assert.match(noEnv.stderr, /ENKASH_CLIENT_SECRET, ENKASH_PASSWORD/);
  const badOption = await cli(['allocate', file('c.csv', ['Mr,A,a@example.com,9876543210,1,']), ...ACCOUNT, '--run-id', 'r', '--batch-size', '5000']);
  assert.equal(badOption.code, 2, 'options the run refuses are a usage error');
  assert.match(badOption.stderr, /batchSize/);
  assert.match(badOption.stdout, /Run of .*c\.csv.*\n[\s\S]*not attempted\s+1/, 'the summary is printed even when the run is refused');
  const noRunId = await cli(['allocate', file('b.csv', ['Mr,A,a@example.com,9876543210,1,']), ...ACCOUNT]);
  assert.equal(noRunId.code, 1, 'rows without a reference and no --run-id are not sent');
  assert.match(noRunId.stdout, /runId/);
});

test('a dry run checks and plans but sends nothing', async () => {
  const sent = s.snapshot().counts.total;
  const ok = await cli(['allocate', file('dry.csv', ['Mr,Dry One,dry1@example.com,9876543210,1,', 'Ms,Dry Two,dry2@example.com,9876543211,2,']), ...ACCOUNT, '--dry-run', '--run-id', 'dry-1'], { ENKASH_PASSWORD: undefined });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Dry run \(nothing sent\)/);
  assert.match(ok.stdout, /not attempted\s+2/);
  const bad = await cli(['allocate', file('dry-bad.csv', ['Mr,Dry One,dry1@example.com,123,1,']), ...ACCOUNT, '--dry-run', '--run-id', 'dry-2']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /dry-bad\.csv:2: mobile/);
  assert.equal(s.snapshot().counts.total, sent);
});

test('a run, its output file, exit codes, and a safe re-run', async () => {
  const out = join(dir, 'results.csv');
  const good = file('pay.csv', ['Mr,"Kumar, Ravi",ravi.cli@example.com,9876500001,500.50,"Q3"', 'Mrs,Meera,meera.cli@example.com,9876500002,250,']);
  const first = await cli(['allocate', good, ...ACCOUNT, '--run-id', 'cli-pay', '--out', out]);
  assert.equal(first.code, 0, first.stdout + first.stderr);
  assert.match(first.stdout, /allocated\s+2/);
  const rows = readFileSync(out, 'utf8').trim().split('\r\n');
  assert.equal(rows[0], 'line,index,status,reference,reason,enKashCardId,enKashTransactionId,balance');
  assert.match(rows[1], /^2,0,allocated,cli-pay-[0-9a-f]{16},,EKC\w+,ECT\w+,500\.5$/);
  assert.match(rows[2], /^3,1,allocated,/);
  const balance = s.account('CAQL8YCV3').balance;
  const again = await cli(['allocate', good, ...ACCOUNT, '--run-id', 'cli-pay', '--out', out]);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already allocated\s+2/);
  assert.equal(s.account('CAQL8YCV3').balance, balance, 'no money moved');
  const mixed = await cli(['allocate', file('mixed.csv', ['Mr,Ok,ok.cli@example.com,9876500003,1,', 'Mr,Bad,bad.cli@example.com,555,1,', 'Mr,Poor,poor.cli@example.com,9876500004,99999999999,']), ...ACCOUNT, '--run-id', 'cli-mixed', '--out', out]);
  assert.equal(mixed.code, 1);
  const lines = readFileSync(out, 'utf8').trim().split('\r\n');
  assert.equal(lines.length, 4, 'every input line is in the output file');
  assert.ok(lines.some((l) => l.startsWith('3,,invalid,')));
  assert.ok(lines.some((l) => /^4,1,failed,.*Insufficient balance/.test(l)));
  for (const r of [first, again, mixed]) for (const secret of secrets) assert.ok(!(r.stdout + r.stderr).includes(secret));
});

test('a 10,001-row file is paid, its results file is complete, re-run safely, every row accounted', async () => {
  const N = 10_001;
  const rows = Array.from({ length: N }, (_, i) => `Ms,Row ${i},row${i}.big@example.com,8${String(i).padStart(9, '0')},1.5,bulk`);
  const big = file('big.csv', rows);
  const out = join(dir, 'big-results.csv');
  const before = s.snapshot().ledger.length;
  const run = await cli(['allocate', big, ...ACCOUNT, '--run-id', 'cli-10k', '--batch-size', '500', '--concurrency', '4', '--out', out]);
  assert.equal(run.code, 0, run.stdout + run.stderr.slice(-500));
  assert.match(run.stdout, new RegExp(`allocated\\s+${N}`));
  assert.match(run.stdout, new RegExp(`results file\\s+.*\\(${N} rows\\)`));
  assert.match(run.stderr, new RegExp(`progress: ${N}/${N} done`), 'plain progress lines when not on a terminal');
  assert.equal(s.snapshot().ledger.length - before, N);
  const lines = readFileSync(out, 'utf8').trim().split('\r\n');
  assert.equal(lines.length, N + 1);
  const fileLines = lines.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b);
  assert.deepEqual(fileLines, Array.from({ length: N }, (_, i) => i + 2), 'every input line exactly once');
  assert.ok(lines.slice(1).every((l) => /^\d+,\d+,allocated,/.test(l)));
  const again = await cli(['allocate', big, ...ACCOUNT, '--run-id', 'cli-10k', '--batch-size', '500', '--concurrency', '4']);
  assert.equal(again.code, 0);
  assert.match(again.stdout, new RegExp(`already allocated\\s+${N}`));
  assert.equal(s.snapshot().ledger.length - before, N);
});

test('a run killed mid-way leaves every settled row in the results file; a re-run settles the rest once', async () => {
  const N = 300;
  const rows = Array.from({ length: N }, (_, i) => `Mr,Kill ${i},kill${i}@example.com,7${String(i).padStart(9, '0')},2,`);
  const path = file('kill.csv', rows);
  const out = join(dir, 'kill-results.csv');
  const before = s.snapshot().ledger.length;
  await s.control({ delayMs: 150 });
  const child = spawn(process.execPath, [BIN, 'allocate', path, ...ACCOUNT, '--run-id', 'cli-kill', '--batch-size', '10', '--concurrency', '1', '--out', out], { env: cliEnv() });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const closed = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const settledRows = () => (existsSync(out) ? readFileSync(out, 'utf8').split('\r\n').filter((l) => /^\d/.test(l)).length : 0);
  const deadline = Date.now() + 20_000;
  while (settledRows() < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  child.kill('SIGKILL');
  const end = await closed;
  await s.control({ delayMs: 0 });
  assert.equal(end.signal, 'SIGKILL', 'killed before it finished');
  const onDisk = readFileSync(out, 'utf8').split('\r\n').filter((l) => /^\d/.test(l));
  assert.ok(onDisk.length >= 50 && onDisk.length < N, `settled rows on disk: ${onDisk.length}`);
  const ledger = new Set(s.snapshot().ledger.map((e) => e.reference));
  for (const l of onDisk) {
    const [, , status, reference] = l.split(',');
    assert.equal(status, 'allocated', l);
    assert.ok(ledger.has(reference), `a row reported allocated is in the ledger: ${l}`);
  }
  const paid = s.snapshot().ledger.length - before;
  assert.ok(paid >= onDisk.length && paid - onDisk.length <= 10, `only the batch in flight may be paid without being on disk (paid ${paid}, on disk ${onDisk.length})`);
  const rerun = await cli(['allocate', path, ...ACCOUNT, '--run-id', 'cli-kill', '--batch-size', '50', '--out', out]);
  assert.equal(rerun.code, 0, rerun.stdout + rerun.stderr);
  assert.equal(s.snapshot().ledger.length - before, N, 'everyone paid exactly once');
  assert.equal(readFileSync(out, 'utf8').trim().split('\r\n').length, N + 1);
});

test('results file cells never start a spreadsheet formula; numbers stay numbers', async () => {
  const triggers = ['=', '+', '-', '@'];
  const rows = triggers.map((t, i) => `Mr,Formula ${i},formula${i}@example.com,96000000${10 + i},3,,${t}SUM(A1)${i}`);
  const path = join(dir, 'formula.csv');
  writeFileSync(path, ['title,name,email,mobile,loadAmount,remarks,uniqueReferenceNumber', ...rows].join('\r\n') + '\r\n');
  const out = join(dir, 'formula-results.csv');
  const run = await cli(['allocate', path, ...ACCOUNT, '--out', out]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\r\n').slice(1);
  assert.equal(lines.length, triggers.length);
  for (const l of lines) {
    const cells = l.split(',');
    for (const c of cells) assert.ok(!/^[=+\-@\t\r]/.test(c), `cell ${JSON.stringify(c)} of ${l}`);
    assert.match(cells[3], /^'[=+\-@]SUM\(A1\)\d$/, 'the reference kept, with a leading quote');
    assert.match(cells[7], /^\d+(\.\d+)?$/, 'the balance is a number');
    assert.match(cells[0], /^\d+$/);
  }
});

test('outcomesToCsv: each formula trigger in every text column; any number of outcomes', async () => {
  const { outcomesToCsv, OutcomesCsvWriter } = await import('enkash-rewards');
  const triggers = ['=', '+', '-', '@', '\t', '\r'];
  const outcomes = triggers.map((t, index) => ({ index, status: 'failed', reference: `${t}r`, reason: `${t}why`, enKashCardId: `${t}card`, enKashTransactionId: `${t}txn`, balance: 7.5 }));
  const csv = outcomesToCsv(outcomes, triggers.map((_, i) => i + 2));
  for (const t of triggers) for (const cell of ['r', 'why', 'card', 'txn']) assert.ok(csv.includes(`'${t}${cell}`), `${JSON.stringify(t)}${cell}`);
  assert.ok(!/(^|,)[=+\-@\t]/m.test(csv.replace(/"[^"]*"/g, 'Q')), csv);
  assert.ok(csv.split('\r\n')[1].endsWith(',7.5'), 'the balance is a number');
  const many = Array.from({ length: 12_345 }, (_, index) => ({ index, status: 'allocated', reference: `R${index}` }));
  const text = outcomesToCsv(many);
  assert.equal(text.trim().split('\r\n').length, 12_346);
  const w = new OutcomesCsvWriter();
  assert.equal(w.header() + w.rows(many.slice(0, 5000)) + w.rows(many.slice(5000)), text, 'the writer piece by piece is the same text');
});

test('a file that is not UTF-8 is refused with its line; --encoding latin1 reads it', async () => {
  const head = Buffer.from('title,name,email,mobile,loadAmount,remarks\r\nMr,Ravi,ravi.latin@example.com,9811100001,4,\r\n');
  const jose = Buffer.concat([Buffer.from('Mr,Jos'), Buffer.from([0xe9]), Buffer.from(',jose.latin@example.com,9811100002,4,\r\n')]);
  const path = join(dir, 'latin1.csv');
  writeFileSync(path, Buffer.concat([head, jose]));
  const sent = s.snapshot().counts.total;
  const refused = await cli(['allocate', path, ...ACCOUNT, '--run-id', 'cli-latin']);
  assert.equal(refused.code, 2, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /latin1\.csv: line 3: the file is not UTF-8 text \(byte 0xE9/);
  assert.match(refused.stderr, /--encoding latin1/);
  assert.equal(s.snapshot().counts.total, sent, 'nothing sent');
  const read = await cli(['allocate', path, ...ACCOUNT, '--run-id', 'cli-latin', '--encoding', 'latin1']);
  assert.equal(read.code, 0, read.stdout + read.stderr);
  const { parseRecipientsCsv, isEnKashError, EnKashClient } = await import('enkash-rewards');
  const card = s.snapshot().cards.find((c) => c.email === 'jose.latin@example.com');
  const client = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS });
  const details = await client.getUserCardDetails({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', enKashCardId: card.enKashCardId });
  assert.equal(details.data[0].firstName, 'José', 'the name was sent as written');
  assert.equal((await cli(['allocate', path, ...ACCOUNT, '--run-id', 'cli-latin', '--encoding', 'ebcdic'])).code, 2);
  // The library: bytes are checked, text is read as given.
  const bytes = readFileSync(path);
  assert.throws(() => parseRecipientsCsv(bytes), (e) => isEnKashError(e) && e.kind === 'validation' && e.fieldErrors[0].field === 'text' && /line 3/.test(e.message));
  assert.equal(parseRecipientsCsv(bytes, { encoding: 'latin1' }).rows[1].name, 'José');
  const lossy = parseRecipientsCsv(readFileSync(path, 'utf8'));
  assert.deepEqual([lossy.lines, lossy.errors.map((e) => [e.line, e.field])], [[2], [[3, 'name']]], 'text decoded with U+FFFD elsewhere: the line is refused');
  assert.equal(parseRecipientsCsv(new Uint8Array(Buffer.from('title,name,email,mobile,loadAmount\nMr,Zoë,z@example.com,9811100003,1\n'))).rows[0].name, 'Zoë');
});

test('every problem of a line is reported; the summary counts lines, not problems', async () => {
  const path = file('problems.csv', ['Mr,Many,not-an-email,123,1.005,', 'Mr,Mobile Only,mobile.only@example.com,12,5,', 'Mr,Fine,fine.problems@example.com,9811100004,5,']);
  const out = join(dir, 'problems-results.csv');
  const run = await cli(['allocate', path, ...ACCOUNT, '--run-id', 'cli-problems', '--out', out]);
  assert.equal(run.code, 1);
  for (const field of ['loadAmount', 'email', 'mobile']) assert.match(run.stderr, new RegExp(`problems\\.csv:2: ${field}:`), field);
  assert.match(run.stderr, /problems\.csv:3: mobile:/);
  assert.match(run.stdout, /invalid\s+2\n/, 'two lines with problems (four problems)');
  assert.match(run.stdout, /allocated\s+1\n/);
  const lines = readFileSync(out, 'utf8').trim().split('\r\n');
  assert.equal(lines.length, 4, 'one results line per input line');
  assert.match(lines.find((l) => l.startsWith('2,')), /loadAmount: .*email: .*mobile: |loadAmount: .*mobile: .*email: /);
});

test('a run stopped by the account: every row accounted, the stop explained, no blind "run again"', async () => {
  const out = join(dir, 'stopped-results.csv');
  const run = await cli(['allocate', file('stopped.csv', ['Mr,Stop,stop.cli@example.com,9811100006,1,', 'Ms,Stop Two,stop2.cli@example.com,9811100007,1,']), '--company', 'CEK1PU9AOO', '--card-account', 'CANOSUCH1', '--run-id', 'cli-stop', '--out', out]);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /stopped early: /);
  assert.match(run.stdout, /Fix the cause of the stop before running the same file again/);
  assert.doesNotMatch(run.stdout, /To settle failed or unsent rows/);
  assert.equal(readFileSync(out, 'utf8').trim().split('\r\n').length, 3, 'both rows in the results file');
});

test('rejected credentials: nothing sent, one attempt only, and a clear "do not run again"', async () => {
  const before = s.snapshot();
  const path = file('auth.csv', ['Mr,Auth,auth.cli@example.com,9811100005,1,']);
  const run = await cli(['allocate', path, ...ACCOUNT, '--run-id', 'cli-auth'], { ENKASH_PASSWORD: 'not-the-password' });
  const after = s.snapshot();
  await s.control({ unlock: true });
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /rejected the credentials/);
  assert.match(run.stderr, /DO NOT RUN enkash-rewards AGAIN until .* are fixed: three rejected attempts lock the account/);
  assert.match(run.stdout, /not attempted\s+1/, 'the summary is printed');
  assert.doesNotMatch(run.stdout, /run the same file again/, 'no advice to run it again');
  assert.equal(after.counts.tokenRejected - before.counts.tokenRejected, 1, 'the password was tried once');
  assert.equal(after.ledger.length, before.ledger.length);
  assert.ok(!(run.stdout + run.stderr).includes('not-the-password'));
});

test('check: one token request says whether the credentials are accepted (before starting shards)', async () => {
  const ok = await cli(['check']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /credentials accepted/);
  const before = s.snapshot();
  const bad = await cli(['check'], { ENKASH_PASSWORD: 'not-the-password' });
  const after = s.snapshot();
  await s.control({ unlock: true });
  assert.equal(bad.code, 2, bad.stdout + bad.stderr);
  assert.match(bad.stderr, /DO NOT RUN enkash-rewards AGAIN/);
  assert.equal(after.counts.tokenRejected - before.counts.tokenRejected, 1);
  assert.equal(after.ledger.length, before.ledger.length);
  assert.ok(!(bad.stdout + bad.stderr).includes('not-the-password'));
});

test('--shard: three processes share one file and one run id, each person paid exactly as often as listed', async () => {
  const people = Array.from({ length: 24 }, (_, i) => ({ email: `shard${i}@example.com`, mobile: `95${String(i).padStart(8, '0')}`, times: 1 + (i % 3) }));
  const rows = [];
  for (let round = 0; round < 3; round++) for (const p of people) if (p.times > round) rows.push(`Ms,Shard ${p.email},${p.email},${p.mobile},${1 + round},`);
  const path = file('shard.csv', rows);
  const cardsOf = () => new Map(s.snapshot().cards.map((c) => [c.enKashCardId, c.email]));
  const paidPerPerson = () => {
    const cards = cardsOf();
    const n = new Map();
    for (const e of s.snapshot().ledger) {
      const email = cards.get(e.enKashCardId);
      if (email?.startsWith('shard')) n.set(email, (n.get(email) ?? 0) + 1);
    }
    return n;
  };
  const args = (k) => ['allocate', path, ...ACCOUNT, '--run-id', 'cli-shard', '--batch-size', '5', '--shard', k];
  const runAll = () => Promise.all([cli(args('0/3')), cli(args('1/3')), cli(args('auto/3'), { JOB_COMPLETION_INDEX: '2' })]);
  const first = await runAll();
  for (const r of first) {
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /other shard\s+\d+/);
  }
  const allocated = first.map((r) => Number(/\n  allocated\s+(\d+)/.exec(r.stdout)[1]));
  const other = first.map((r) => Number(/other shard\s+(\d+)/.exec(r.stdout)[1]));
  assert.equal(allocated.reduce((a, b) => a + b), rows.length, 'the three shards together paid every row');
  for (let k = 0; k < 3; k++) assert.equal(allocated[k] + other[k], rows.length);
  assert.ok(allocated.filter((n) => n > 0).length >= 2, `the work is shared: ${allocated}`);
  const paid = paidPerPerson();
  for (const p of people) assert.equal(paid.get(p.email), p.times, p.email);
  const again = await runAll();
  for (const r of again) assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(again.map((r) => Number(/already allocated\s+(\d+)/.exec(r.stdout)[1])).reduce((a, b) => a + b), rows.length);
  assert.deepEqual(paidPerPerson(), paid, 'a re-run of all three pays nobody again');
  for (const bad of [['--shard', '3/3'], ['--shard', '0/65'], ['--shard', 'x/3'], ['--shard', 'auto/3']]) {
    assert.equal((await cli(['allocate', path, ...ACCOUNT, '--run-id', 'cli-shard', ...bad], { JOB_COMPLETION_INDEX: undefined })).code, 2, bad.join(' '));
  }
});
