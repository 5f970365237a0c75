// Deno (the npm package `deno` ships its binary): `npm:enkash-rewards` from the project's
// node_modules ("nodeModulesDir": "manual"), offline (--cached-only, its own DENO_DIR).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

// Without --allow-read, in a terminal: Deno asks the user before any read it was not granted.
// The package must not make it ask (it takes the wasm from its base64 copy instead): run under
// `script` (a pseudo-terminal, so Deno would prompt) with only the permissions check.mjs needs.
test('Deno without --allow-read, in a terminal: no permission prompt, allocates against the sandbox', { skip: !hasScript() && 'no `script` (util-linux) here' }, async (t) => {
  const t0 = performance.now();
  const p = params(sandbox, 'deno-no-read');
  const dir = here('deno');
  const deno = `'${bin('deno')}' run --cached-only --allow-env=RUNTIME_PARAMS --allow-net=127.0.0.1 main.ts`;
  // env -u: the runtime tests set DENO_NO_PROMPT, which would hide the prompt this test looks for.
  const out = await run('env', ['-u', 'DENO_NO_PROMPT', 'script', '-qec', deno, '/dev/null'], {
    cwd: dir,
    env: { RUNTIME_PARAMS: JSON.stringify(p), DENO_DIR: join(dir, '.deno'), NO_COLOR: '1' },
    timeout: 30_000,
  }).catch((e) => assert.fail(`deno did not finish (a prompt waits for an answer): ${e.message}`));
  assert.doesNotMatch(out, /requests read access/, 'Deno asked for read access');
  assertChecked(JSON.parse(out.trim().split('\n').pop()), p, sandbox);
  t.diagnostic(`time deno without --allow-read: ${seconds(t0)} s`);
});

function hasScript() {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
