// esbuild: a Node program bundled for --platform=node in cjs and esm (run from a directory
// without node_modules), and a browser page bundled as esm and run in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { startSandbox, SANDBOX_CREDENTIALS, here, root, run, params, assertChecked, seconds } from './helpers.mjs';
import { serveStatic, launchChromium, mintToken } from '../browser/static.mjs';

const dir = here('esbuild');
const out = join(dir, 'out');
let sandbox;
before(async () => {
  rmSync(out, { recursive: true, force: true });
  sandbox = await startSandbox();
});
after(() => sandbox?.close());

// The third: an ES module app (so the package's `import` entry, index.mjs) bundled into CommonJS,
// esbuild's default for --platform=node: it holds only if that entry has no top-level await.
for (const [app, format] of [['node-app.cjs', 'cjs'], ['node-app.mjs', 'esm'], ['node-app-no-tla.mjs', 'cjs']]) {
  test(`esbuild --platform=node --format=${format} (${app}): the bundle runs alone`, async (t) => {
    const t0 = performance.now();
    const outfile = join(out, `${app.replace(/\.\w+$/, '')}-${format}.${format === 'cjs' ? 'cjs' : 'mjs'}`);
    // esbuild.build rejects when the build has errors.
    await esbuild.build({
      entryPoints: [join(dir, app)],
      bundle: true,
      platform: 'node',
      format,
      outfile,
      logLevel: 'silent',
    });
    // Moved away from the project: nothing may be read from node_modules or beside the package.
    const alone = mkdtempSync(join(tmpdir(), 'enkash-esbuild-'));
    try {
      const copy = join(alone, `app.${format === 'cjs' ? 'cjs' : 'mjs'}`);
      cpSync(outfile, copy);
      const p = params(sandbox, `esbuild-${format}`);
      const stdout = await run(process.execPath, [copy], { cwd: alone, env: { RUNTIME_PARAMS: JSON.stringify(p) }, timeout: 30_000 });
      assertChecked(JSON.parse(stdout.trim().split('\n').pop()), p, sandbox);
    } finally {
      rmSync(alone, { recursive: true, force: true });
    }
    t.diagnostic(`time esbuild node ${app} ${format}: ${seconds(t0)} s`);
  });
}

test('esbuild browser bundle (--format=esm, the wasm copied beside it) in headless Chromium', async (t) => {
  const t0 = performance.now();
  const site = join(out, 'site');
  mkdirSync(site, { recursive: true });
  await esbuild.build({ entryPoints: [join(dir, 'browser-app.mjs')], bundle: true, platform: 'browser', format: 'esm', outfile: join(site, 'app.js'), logLevel: 'silent' });
  // The documented step: esbuild does not follow new URL('./x.wasm', import.meta.url).
  cpSync(join(root, 'node_modules/enkash-rewards/web/enkash_rewards_bg.wasm'), join(site, 'enkash_rewards_bg.wasm'));
  const server = await serveStatic({ routes: { '/': site }, pages: { '/index.html': '<!doctype html><meta charset="utf-8"><script type="module" src="/app.js"></script>' } });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + '/index.html');
    await page.waitForFunction(() => window.ready === true, null, { timeout: 15_000 });
    const token = (await mintToken(sandbox.url)).access_token;
    const p = { ...params(sandbox, 'esbuild-browser'), credentials: undefined, accessToken: token };
    const result = await page.evaluate((x) => window.runCheck(x), p);
    assertChecked(result, p, sandbox);
    assert.deepEqual(errors, []);
    assert.ok(server.served.includes('/enkash_rewards_bg.wasm'), 'the wasm is fetched as its own file');
  } finally {
    await browser.close();
    await server.close();
  }
  t.diagnostic(`time esbuild browser: ${seconds(t0)} s`);
});
