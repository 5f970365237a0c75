// TypeScript 5.0 and 5.1 (npm aliases typescript-5.0, typescript-5.1) and the project's own,
// skipLibCheck off, no lib esnext.disposable: the package's types stand alone (ESM and CJS).
// On the project's TypeScript with lib esnext.disposable, `using` types.
import { test } from 'node:test';
import { join } from 'node:path';
import { root, here, run, seconds } from './helpers.mjs';

const tsc = (pkg) => join(root, 'node_modules', pkg, 'bin/tsc');

for (const pkg of ['typescript-5.0', 'typescript-5.1', 'typescript']) {
  test(`${pkg}: the types check without skipLibCheck and without lib esnext.disposable`, async (t) => {
    const t0 = performance.now();
    await run(process.execPath, [tsc(pkg), '-p', join(here('ts'), 'tsconfig.json')], { timeout: 90_000 });
    t.diagnostic(`time tsc ${pkg}: ${seconds(t0)} s`);
  });
}

test('typescript with lib esnext.disposable: `using` a client types', async (t) => {
  const t0 = performance.now();
  await run(process.execPath, [tsc('typescript'), '-p', join(here('ts'), 'tsconfig.using.json')], { timeout: 90_000 });
  t.diagnostic(`time tsc using: ${seconds(t0)} s`);
});
