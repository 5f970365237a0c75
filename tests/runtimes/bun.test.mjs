// Bun (the npm package `bun` ships its binary): import and require from node_modules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, here, bin, run, params, assertChecked, seconds } from './helpers.mjs';

let sandbox;
before(async () => (sandbox = await startSandbox()));
after(() => sandbox?.close());

test('Bun: import and require, an allocation against the sandbox', async (t) => {
  const t0 = performance.now();
  const p = params(sandbox, 'bun');
  const stdout = await run(bin('bun'), ['main.mjs'], { cwd: here('bun'), env: { RUNTIME_PARAMS: JSON.stringify(p), NO_COLOR: '1' }, timeout: 60_000 });
  const result = JSON.parse(stdout.trim().split('\n').pop());
  assert.equal(result.cjsInvalid, 6, 'require() gives a working SDK too');
  delete result.cjsInvalid;
  assertChecked(result, p, sandbox);
  t.diagnostic(`time bun: ${seconds(t0)} s`);
});
