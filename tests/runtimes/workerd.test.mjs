// Cloudflare Workers: `wrangler dev` (local workerd, the binary of the workerd npm package),
// the package's `workerd` entry (the wasm imported as a module, no compiling from bytes, no
// I/O at global scope), an allocation against the sandbox from inside the worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { startSandbox, here, bin, serve, freePort, params, assertChecked, seconds } from './helpers.mjs';

let sandbox, worker;
before(async () => (sandbox = await startSandbox()));
after(async () => {
  await worker?.stop();
  await sandbox?.close();
});

test('Cloudflare Workers (wrangler dev, workerd): an allocation against the sandbox', async (t) => {
  const t0 = performance.now();
  const dir = here('workerd');
  const state = join(dir, '.wrangler');
  rmSync(state, { recursive: true, force: true });
  const [port, inspector] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}/`;
  worker = await serve(bin('wrangler'), ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--log-level', 'warn', '--show-interactive-dev-session=false'], {
    cwd: dir,
    url,
    timeout: 60_000,
    env: { WRANGLER_LOG_PATH: join(state, 'logs'), XDG_CONFIG_HOME: join(state, 'config') },
  });
  const p = params(sandbox, 'workerd');
  const r = await fetch(url, { method: 'POST', body: JSON.stringify(p), signal: AbortSignal.timeout(30_000) });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assertChecked(body, p, sandbox);
  assert.doesNotMatch(worker.output(), /Uncaught|Invalid URL|ERROR/);
  t.diagnostic(`time workerd: ${seconds(t0)} s`);
});
