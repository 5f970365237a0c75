// The README's first command runs scripts/demo.mjs: it must finish and print real values,
// never `undefined` (a renamed field the demo still reads would print that silently).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const demo = fileURLToPath(new URL('../../scripts/demo.mjs', import.meta.url));

test('the demo runs against its embedded sandbox and prints no undefined value', async () => {
  const out = await new Promise((resolve, reject) => {
    execFile(process.execPath, [demo], { timeout: 60_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => (err ? reject(Object.assign(err, { stderr })) : resolve(stdout)));
  });
  assert.doesNotMatch(out, /undefined|NaN|\[object Object\]/);
  assert.match(out, /card EKC\w+, balance ₹[\d,.]+, status \w+, txn \w+/);
  assert.match(out, /paid, card EKC\w+/);
  assert.match(out, /no reference applied twice: yes/);
});
