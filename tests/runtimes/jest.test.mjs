// Jest with testEnvironment 'jsdom' (CommonJS tests): the SDK loads without the TextDecoder
// and TextEncoder globals jsdom lacks; with Node's fetch added to the environment (the
// documented jsdom-with-fetch.cjs), an allocation against the sandbox.
import { test, before, after } from 'node:test';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, here, root, run, params, assertChecked, seconds } from './helpers.mjs';

let sandbox;
before(async () => (sandbox = await startSandbox()));
after(() => sandbox?.close());

test('Jest + jsdom: loads, validates, parses; with fetch added, allocates against the sandbox', async () => {
  const t0 = performance.now();
  const p = params(sandbox, 'jest');
  const result = join(here('jest'), '.result.json');
  rmSync(result, { force: true });
  await run(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--rootDir', here('jest'), '--ci', '--no-watchman'], {
    env: { RUNTIME_PARAMS: JSON.stringify(p), RUNTIME_RESULT: result },
    timeout: 90_000,
  });
  assertChecked(JSON.parse(readFileSync(result, 'utf8')), p, sandbox);
  console.log(`# time jest jsdom: ${seconds(t0)} s`);
});
