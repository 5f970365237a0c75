// The command-line tool end to end: help, exit codes, dry run, output file, re-run, a
// 10,000-row file, and no secret in anything it prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
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
  for (const word of ['allocate', '--run-id', '--dry-run', '--out', '--batch-size', '--concurrency', 'ENKASH_CLIENT_SECRET', 'Exit codes']) assert.ok(help.stdout.includes(word), word);
  assert.equal((await cli(['allocate'])).code, 2);
  assert.equal((await cli(['allocate', 'x.csv', '--bogus'])).code, 2);
  const noEnv = await cli(['allocate', file('a.csv', ['Mr,A,a@example.com,9876543210,1,']), ...ACCOUNT, '--run-id', 'r'], { ENKASH_PASSWORD: undefined, ENKASH_CLIENT_SECRET: undefined });
  assert.equal(noEnv.code, 2);
  assert.match(noEnv.stderr, /ENKASH_CLIENT_SECRET, ENKASH_PASSWORD/);
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
  assert.equal(rows[0], 'line,index,status,reference,reason,enkashCardId,transactionId,balance');
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

test('a 10,000-row file is paid, re-run safely, every row accounted', async () => {
  const rows = Array.from({ length: 10_000 }, (_, i) => `Ms,Row ${i},row${i}.big@example.com,8${String(i).padStart(9, '0')},1.5,bulk`);
  const big = file('big.csv', rows);
  const out = join(dir, 'big-results.csv');
  const before = s.snapshot().ledger.length;
  const run = await cli(['allocate', big, ...ACCOUNT, '--run-id', 'cli-10k', '--batch-size', '500', '--concurrency', '4', '--out', out]);
  assert.equal(run.code, 0, run.stdout + run.stderr.slice(-500));
  assert.match(run.stdout, /allocated\s+10000/);
  assert.match(run.stderr, /progress: 10000\/10000 done/, 'plain progress lines when not on a terminal');
  assert.equal(s.snapshot().ledger.length - before, 10_000);
  assert.equal(readFileSync(out, 'utf8').trim().split('\r\n').length, 10_001);
  const again = await cli(['allocate', big, ...ACCOUNT, '--run-id', 'cli-10k', '--batch-size', '500', '--concurrency', '4']);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already allocated\s+10000/);
  assert.equal(s.snapshot().ledger.length - before, 10_000);
});
