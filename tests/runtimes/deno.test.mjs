// Deno (the npm package `deno` ships its binary): `npm:enkash-rewards` from the project's
// node_modules ("nodeModulesDir": "manual"), offline (--cached-only, its own DENO_DIR).
import { test, before, after } from 'node:test';
import { join } from 'node:path';
import { startSandbox, here, bin, run, params, assertChecked, seconds } from './helpers.mjs';

let sandbox;
before(async () => (sandbox = await startSandbox()));
after(() => sandbox?.close());

test('Deno: npm:enkash-rewards allocates against the sandbox', async (t) => {
  const t0 = performance.now();
  const p = params(sandbox, 'deno');
  const dir = here('deno');
  const stdout = await run(bin('deno'), ['run', '--cached-only', '--no-prompt', '--allow-env=RUNTIME_PARAMS', '--allow-net=127.0.0.1', '--allow-read', 'main.ts'], {
    cwd: dir,
    env: { RUNTIME_PARAMS: JSON.stringify(p), DENO_DIR: join(dir, '.deno'), NO_COLOR: '1' },
    timeout: 60_000,
  });
  assertChecked(JSON.parse(stdout.trim().split('\n').pop()), p, sandbox);
  t.diagnostic(`time deno: ${seconds(t0)} s`);
});
