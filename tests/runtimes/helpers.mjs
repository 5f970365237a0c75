// Shared by the runtime tests: bounded child processes (each in its own process group, killed
// with it), a server started and waited for, free loopback ports, the sandbox, and the checks
// every consumer's answer must pass.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID } from '../../sandbox/server.mjs';

export { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID };
export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const here = (name) => join(root, 'tests/runtimes', name);
export const bin = (name) => join(root, 'node_modules/.bin', name);

/** No telemetry, no update checks, no downloads from any tool. */
export const QUIET_ENV = {
  NEXT_TELEMETRY_DISABLED: '1',
  NEXT_IGNORE_INCORRECT_LOCKFILE: '1',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  DENO_NO_UPDATE_CHECK: '1',
  DENO_NO_PROMPT: '1',
  BUN_DISABLE_TELEMETRY: '1',
  DO_NOT_TRACK: '1',
  CI: '1',
};

function start(cmd, args, { cwd = root, env = {} } = {}) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...QUIET_ENV, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  // A tool that cannot be started (missing binary) ends the test with its reason, not a crash.
  const exited = new Promise((resolve) => {
    child.on('error', (err) => {
      output += `\ncould not start ${cmd}: ${err.message}`;
      resolve({ code: null, signal: 'ERROR' });
    });
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  const kill = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return { child, exited, kill, output: () => output };
}

/** Runs `cmd` to its end, at most `timeout` ms (then its whole process group is killed). */
export async function run(cmd, args, { timeout = 120_000, ...options } = {}) {
  const p = start(cmd, args, options);
  const timer = setTimeout(p.kill, timeout);
  const { code, signal } = await p.exited;
  clearTimeout(timer);
  p.kill();
  const out = p.output();
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}${signal === 'SIGKILL' ? ` (timeout ${timeout} ms)` : ''}\n${out.slice(-6000)}`);
  return out;
}

/** Starts a server and waits until `url` answers (any status); `stop()` kills its process group. */
export async function serve(cmd, args, { url, timeout = 60_000, ...options }) {
  const p = start(cmd, args, options);
  const deadline = Date.now() + timeout;
  let exited = false;
  p.exited.then(() => (exited = true));
  for (;;) {
    if (exited) {
      p.kill(); // the group may outlive its leader (workerd under wrangler)
      throw new Error(`${cmd} exited before serving ${url}\n${p.output().slice(-6000)}`);
    }
    if (Date.now() > deadline) {
      p.kill();
      throw new Error(`${cmd} did not serve ${url} within ${timeout} ms\n${p.output().slice(-6000)}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return { output: p.output, stop: async () => { p.kill(); await Promise.race([p.exited, new Promise((r) => setTimeout(r, 5000))]); } };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

let n = 0;
export const reference = (name) => `RT-${name}-${process.pid}-${Date.now()}-${++n}`;

/** The parameters a consumer passes to check.mjs's check(). */
export function params(sandbox, name) {
  const ref = reference(name);
  // A new recipient each time (a new card whose balance is this one payment).
  const mobile = `9${String(process.pid % 10000).padStart(4, '0')}${String(n).padStart(5, '0')}`;
  return { baseUrl: sandbox.url, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS, reference: ref, email: `rt${n}.${process.pid}@example.com`, mobile, loadAmount: 4.5 };
}

/** The answer every consumer must give for `p` (see check.mjs), and the sandbox's ledger to match: one payment. */
export function assertChecked(result, p, sandbox) {
  assert.match(result.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(result.invalid, ['email']);
  assert.match(result.card.id, /^EKC/);
  assert.equal(result.card.balance, p.loadAmount);
  assert.deepEqual(result.duplicate, { kind: 'duplicateReference', isEnKashError: true, instanceOf: true, isError: true });
  assert.equal(sandbox.snapshot().ledger.filter((e) => e.reference === p.reference).length, 1, 'exactly one payment in the sandbox');
}

/** Elapsed seconds since `t0`, for the per-environment times the driver prints. */
export const seconds = (t0) => ((performance.now() - t0) / 1000).toFixed(1);
