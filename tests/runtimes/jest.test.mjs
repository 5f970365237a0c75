// Jest with testEnvironment 'jsdom' (CommonJS tests): the SDK loads without the TextDecoder
// and TextEncoder globals jsdom lacks; with Node's fetch added to the environment (the
// documented jsdom-with-fetch.cjs), an allocation against the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, here, root, run, params, assertChecked, seconds } from './helpers.mjs';

let sandbox;
before(async () => (sandbox = await startSandbox()));
after(() => sandbox?.close());

test('Jest + jsdom: loads, validates, parses; with fetch added, allocates against the sandbox', async (t) => {
  const t0 = performance.now();
  const p = params(sandbox, 'jest');
  const result = join(here('jest'), '.result.json');
  rmSync(result, { force: true });
  const output = await run(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--config', join(here('jest'), 'jest.config.cjs'), '--ci', '--no-watchman'], {
    env: { RUNTIME_PARAMS: JSON.stringify(p), RUNTIME_RESULT: result },
    timeout: 90_000,
  });
  // Both files ran: sdk.jest.cjs (plain jsdom, 2 tests) and call.jest.cjs (jsdom with fetch).
  assert.match(output, /Tests:\s+3 passed, 3 total/);
  assertChecked(JSON.parse(readFileSync(result, 'utf8')), p, sandbox);
  t.diagnostic(`time jest jsdom: ${seconds(t0)} s`);
});
