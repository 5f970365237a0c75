// The sandbox as users get it: `enkash-rewards/sandbox` and `enkash-rewards sandbox` from the
// installed tarball (node_modules/enkash-rewards), used with the SDK the way a user's own
// tests would: configure the client from the handle, pay, inspect, inject faults, reset, close.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnKashClient, RedemptionClient, isEnKashError } from 'enkash-rewards';
import { startSandbox, FAULT_KINDS } from 'enkash-rewards/sandbox';
import { allocation, ref } from './helpers.mjs';
import { freePort } from '../runtimes/helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(root, 'node_modules/enkash-rewards/bin/enkash-rewards.cjs');

/** One allocation to the sandbox's funded account (the request maker of the other node tests). */
const person = (sandbox, overrides = {}) => allocation({ companyId: sandbox.companyId, cardAccountId: sandbox.cardAccountId, uniqueReferenceNumber: ref('PKG'), ...overrides });

/** Whether something can listen on the port (i.e. nothing holds it). */
const portIsFree = (port) =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

test('enkash-rewards/sandbox resolves to the installed package, not the repository', () => {
  assert.match(import.meta.resolve('enkash-rewards/sandbox'), /node_modules\/enkash-rewards\/sandbox\/server\.mjs$/);
  assert.ok(FAULT_KINDS.includes('reset-after'));
});

test("require('enkash-rewards/sandbox') gives the same module where Node can require ES modules, else says to import it", () => {
  const require = createRequire(import.meta.url);
  assert.match(require.resolve('enkash-rewards/sandbox'), /node_modules\/enkash-rewards\/sandbox\/require\.cjs$/);
  if (process.features.require_module) {
    assert.equal(require('enkash-rewards/sandbox').startSandbox, startSandbox);
  } else {
    assert.throws(() => require('enkash-rewards/sandbox'), /is an ES module .* await import\('enkash-rewards\/sandbox'\)/);
  }
});

test('a client configured from the handle pays; the payment is in the ledger; reset forgets it; close frees the port', async () => {
  const sandbox = await startSandbox();
  assert.equal(sandbox.url, `http://127.0.0.1:${sandbox.port}`);
  assert.equal(sandbox.baseUrl, sandbox.url);
  assert.ok(sandbox.port > 0, 'a free port was chosen');
  assert.equal(await portIsFree(sandbox.port), false, 'the sandbox holds its port');
  assert.deepEqual(Object.keys(sandbox.clientOptions).sort(), ['baseUrl', 'credentials', 'partnerId']);
  const ledgerAtStart = sandbox.ledger().length;
  const balanceAtStart = sandbox.account(sandbox.cardAccountId).balance;

  const client = new EnKashClient(sandbox.clientOptions);
  const req = person(sandbox);
  const card = await client.createAndAllocatePoints(req);
  const paid = sandbox.ledger().filter((p) => p.reference === req.uniqueReferenceNumber);
  assert.equal(paid.length, 1, 'paid once');
  assert.equal(paid[0].amount, 10.25);
  assert.equal(paid[0].type, 'CR');
  assert.equal(paid[0].email, req.email);
  assert.equal(paid[0].cardAccountId, sandbox.cardAccountId);
  assert.equal(paid[0].enKashCardId, card.enKashCardId);
  assert.equal(sandbox.ledger().length, ledgerAtStart + 1);
  assert.equal(sandbox.account(sandbox.cardAccountId).balance, balanceAtStart - 10.25);
  assert.deepEqual(sandbox.snapshot().ledger, sandbox.ledger());
  // The keys server.d.mts declares.
  assert.deepEqual(Object.keys(sandbox.snapshot()).sort(), ['accounts', 'cards', 'coins', 'counts', 'encryptPayloads', 'faults', 'ledger', 'locked', 'orders']);
  assert.deepEqual(Object.keys(paid[0]).sort(), ['amount', 'at', 'cardAccountId', 'email', 'enKashCardId', 'kind', 'mobile', 'reference', 'txnId', 'type']);

  // The store's end user, from the handle too.
  const shop = new RedemptionClient(sandbox.redemptionClientOptions);
  assert.equal((await shop.searchCatalog()).recordsCount, 4);

  // Runtime control: an empty account refuses the next payment.
  sandbox.setBalance(sandbox.cardAccountId, 0);
  await assert.rejects(client.createAndAllocatePoints(person(sandbox)), (e) => isEnKashError(e) && /balance/i.test(e.message));
  assert.equal(sandbox.ledger().length, ledgerAtStart + 1, 'the refused payment is not in the ledger');

  sandbox.reset();
  assert.equal(sandbox.ledger().length, ledgerAtStart);
  assert.ok(!sandbox.ledger().some((p) => p.reference === req.uniqueReferenceNumber), 'reset forgets the payment');
  assert.equal(sandbox.account(sandbox.cardAccountId).balance, balanceAtStart);
  // The old token is gone with the reset: a new client authenticates again and pays.
  await new EnKashClient(sandbox.clientOptions).createAndAllocatePoints(person(sandbox));
  assert.equal(sandbox.ledger().length, ledgerAtStart + 1);

  // Encrypted payloads: clientOptions says so, and such a client pays; a plain one is refused.
  sandbox.configure({ encryptPayloads: true });
  assert.equal(sandbox.clientOptions.encryptPayloads, true);
  await new EnKashClient(sandbox.clientOptions).createAndAllocatePoints(person(sandbox));
  assert.equal(sandbox.ledger().length, ledgerAtStart + 2);
  const { encryptPayloads, ...plain } = sandbox.clientOptions;
  await assert.rejects(new EnKashClient(plain).createAndAllocatePoints(person(sandbox)), (e) => isEnKashError(e) && /encrypted/.test(e.message));
  assert.equal(sandbox.ledger().length, ledgerAtStart + 2);

  const { port, url } = sandbox;
  await sandbox.close();
  assert.equal(await portIsFree(port), true, 'the port is free after close');
  await assert.rejects(fetch(`${url}/__sandbox/state`));
  await sandbox.close(); // a second close is harmless
});

test('seeded faults are reproducible: the same seed and requests fail the same way, after reset too', async (t) => {
  const sandbox = await startSandbox({ seed: 42, faults: { share: 0.5, kinds: ['500', '503'], routes: ['create-allocate-points'] } });
  t.after(() => sandbox[Symbol.asyncDispose]()); // what `await using` calls
  const run = async () => {
    const client = new EnKashClient({ ...sandbox.clientOptions, maxRetries: 0 });
    const outcomes = [];
    for (let i = 0; i < 12; i++) {
      try {
        await client.createAndAllocatePoints(person(sandbox));
        outcomes.push('paid');
      } catch (e) {
        assert.ok(isEnKashError(e), String(e));
        outcomes.push(`status ${e.status}`);
      }
    }
    return { outcomes, faults: sandbox.snapshot().faults, paid: sandbox.ledger().length };
  };
  const first = await run();
  assert.ok(first.outcomes.includes('paid') && first.outcomes.some((o) => o !== 'paid'), `both outcomes: ${first.outcomes}`);
  assert.equal(first.faults.length, first.outcomes.filter((o) => o !== 'paid').length, 'one fault per failed call');
  for (const f of first.faults) {
    assert.ok(['500', '503'].includes(f.kind));
    assert.match(f.path, /create-allocate-points$/);
  }
  sandbox.reset();
  const second = await run();
  assert.deepEqual(second, first, 'the same faults after reset');

  // Faults at run time: the same faults from configure({ seed }) (the faults have no seed of
  // their own), none, and a kind for every request.
  sandbox.reset();
  await run(); // the fault sequence moves on
  sandbox.configure({ seed: 42 });
  assert.deepEqual((await run()).outcomes, first.outcomes, 'configure({ seed }) restarts the fault sequence');
  sandbox.reset();
  sandbox.setFaults(null);
  const clean = await run();
  assert.deepEqual(clean.outcomes, Array(12).fill('paid'));
  assert.equal(clean.faults.length, 0);
  sandbox.reset();
  sandbox.setFaults({ share: 1, kinds: ['429'] });
  await assert.rejects(new EnKashClient({ ...sandbox.clientOptions, maxRetries: 0 }).createAndAllocatePoints(person(sandbox)), (e) => isEnKashError(e) && e.status === 429);
});

test('bad options are refused with an error naming the option', async (t) => {
  await assert.rejects(startSandbox({ faults: { share: 2 } }), (e) => e instanceof RangeError && /faults\.share/.test(e.message));
  await assert.rejects(startSandbox({ faults: { share: 0.1, kinds: ['boom'] } }), (e) => e instanceof RangeError && /"boom"/.test(e.message));
  await assert.rejects(startSandbox({ prot: 1 }), (e) => e instanceof TypeError && /"prot"/.test(e.message));
  await assert.rejects(startSandbox({ port: -1 }), (e) => e instanceof RangeError && /port/.test(e.message));
  const sandbox = await startSandbox();
  t.after(() => sandbox[Symbol.asyncDispose]()); // what `await using` calls
  assert.throws(() => sandbox.setFaults({ share: 0.1, routes: 'bulk' }), (e) => e instanceof TypeError && /routes/.test(e.message));
  assert.throws(() => sandbox.configure({ tokenTtlSeconds: 0 }), (e) => e instanceof RangeError && /tokenTtlSeconds/.test(e.message));
  assert.throws(() => sandbox.setBalance('NOPE', 1), (e) => e instanceof RangeError && /NOPE/.test(e.message));
  await assert.rejects(startSandbox({ port: sandbox.port }), (e) => e.code === 'EADDRINUSE' && /in use/.test(e.message));
});

test('seeded history is in the ledger from the start and again after reset', async (t) => {
  const sandbox = await startSandbox({ history: { days: 3, seed: 5 } });
  t.after(() => sandbox.close());
  const history = sandbox.ledger();
  assert.ok(history.length > 0 && history.every((p) => p.reference.startsWith('HIST-5-')), 'only the seeded history');
  await new EnKashClient(sandbox.clientOptions).createAndAllocatePoints(person(sandbox));
  assert.equal(sandbox.ledger().length, history.length + 1);
  sandbox.reset();
  assert.deepEqual(sandbox.ledger().map((p) => p.reference), history.map((p) => p.reference));
  await assert.rejects(startSandbox({ history: { days: 0 } }), (e) => e instanceof RangeError && /history\.days/.test(e.message));
});

/** Runs the CLI's `sandbox` command until it prints its URL. */
function cli(args) {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /listening on (\S+)/.exec(stdout);
      if (m) resolve(m[1]);
    });
    exited.then((r) => reject(new Error(`the sandbox exited (${r.code}): ${r.stderr}`)));
  });
  ready.catch(() => {}); // awaited only by the runs that start
  return { child, ready, exited, output: () => stdout };
}

test('npx enkash-rewards sandbox: prints the configuration, serves the SDK, exits 0 on SIGTERM in bounded time', async () => {
  const port = await freePort();
  const run = cli(['--port', String(port), '--seed', '7']);
  const url = await run.ready;
  assert.equal(url, `http://127.0.0.1:${port}`);
  const out = run.output();
  for (const expected of ['partnerId', 'CRMXWB3ZM', 'sandbox-client', 'ENKASH_BASE_URL', 'CEK1PU9AOO / CAQL8YCV3']) assert.ok(out.includes(expected), `prints ${expected}`);

  const client = new EnKashClient({ baseUrl: url, partnerId: 'CRMXWB3ZM', credentials: { clientId: 'sandbox-client', clientSecret: 'sandbox-client-secret', username: 'hr@sandbox.test', password: 'sandbox-password' } });
  const req = { ...person({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' }) };
  await client.createAndAllocatePoints(req);
  const state = await (await fetch(`${url}/__sandbox/state`)).json();
  assert.equal(state.ledger.filter((p) => p.reference === req.uniqueReferenceNumber).length, 1);

  const started = Date.now();
  run.child.kill('SIGTERM');
  const result = await run.exited;
  assert.equal(result.code, 0, result.stderr);
  assert.ok(Date.now() - started < 5000, 'stopped within 5 s');
  assert.match(result.stderr, /SIGTERM: the sandbox stopped/);
  assert.equal(await portIsFree(port), true, 'the port is free after exit');
});

test('enkash-rewards sandbox: --help, bad flags (exit 2), a taken port (exit 1), SIGINT (exit 0)', async (t) => {
  const help = cli(['--help']);
  const h = await help.exited;
  assert.equal(h.code, 0);
  for (const flag of ['--port', '--seed', '--fault-share', '--fault-kinds', '--fault-routes', '--bulk-lose-share', '--encrypt', '--token-ttl']) assert.ok(h.stdout.includes(flag), flag);

  const top = spawn(process.execPath, [BIN, '--help']);
  let topOut = '';
  top.stdout.on('data', (d) => (topOut += d));
  assert.equal(await new Promise((r) => top.on('exit', r)), 0);
  assert.match(topOut, /enkash-rewards sandbox/);

  for (const args of [['--fault-share', '1.5'], ['--port', 'eighty'], ['--fault-kinds', 'boom', '--fault-share', '0.1'], ['--nope']]) {
    const bad = await cli(args).exited;
    assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, new RegExp(args[0].replace(/-/g, '\\-')), 'the message names the flag');
  }

  const held = await startSandbox();
  t.after(() => held.close());
  const taken = await cli(['--port', String(held.port)]).exited;
  assert.equal(taken.code, 1);
  assert.match(taken.stderr, /in use/);

  const run = cli(['--port', '0', '--fault-share', '0.3', '--fault-routes', 'bulk']);
  await run.ready;
  assert.match(run.output(), /Faults: 30% of API requests to paths containing bulk/);
  run.child.kill('SIGINT');
  assert.equal((await run.exited).code, 0);
});
