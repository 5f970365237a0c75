// Next.js 16 without any configuration for the SDK (no serverExternalPackages): `next build`
// (Turbopack, then --webpack), `next start`, and route handlers that allocate against the
// sandbox on the Node.js runtime (the `node` entry, bundled) and on the Edge runtime (the
// `edge-light` entry: the wasm imported as a module).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, here, bin, run, serve, freePort, params, assertChecked, seconds } from './helpers.mjs';

const dir = here('next');
let sandbox;
before(async () => (sandbox = await startSandbox()));
after(() => sandbox?.close());

const BUILDS = [
  // App Router route handlers on both runtimes, and a Pages Router edge API route.
  { name: 'Turbopack', args: [], env: { NEXT_DIST_DIR: '.next' }, routes: { '/api/node': 'node', '/api/edge': 'edge', '/api/edge-pages': 'edge' } },
  // Next 16.4's webpack build fails on any App Router edge route handler (one without this
  // package too), so that one is left out here (next.config.mjs) and the Pages Router's covers edge.
  { name: 'webpack', args: ['--webpack'], env: { NEXT_DIST_DIR: '.next-webpack', NEXT_APP_EDGE: '0' }, routes: { '/api/node': 'node', '/api/edge-pages': 'edge' } },
];

for (const build of BUILDS) {
  test(`Next.js (${build.name}): next build, next start, route handlers on the Node.js and Edge runtimes`, async (t) => {
    const t0 = performance.now();
    rmSync(join(dir, build.env.NEXT_DIST_DIR), { recursive: true, force: true });
    await run(bin('next'), ['build', ...build.args, dir], { env: build.env, timeout: 300_000 });
    const tBuilt = performance.now();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await serve(bin('next'), ['start', dir, '-H', '127.0.0.1', '-p', String(port)], { env: build.env, url: `${base}/`, timeout: 60_000 });
    try {
      for (const [route, runtime] of Object.entries(build.routes)) {
        const p = params(sandbox, `next-${build.name}-${runtime}`);
        const r = await fetch(base + route, { method: 'POST', body: JSON.stringify(p), signal: AbortSignal.timeout(30_000) });
        const body = await r.json();
        assert.equal(r.status, 200, `${route}: ${JSON.stringify(body)}`);
        // The Edge runtime defines EdgeRuntime; Node.js has process.versions.node.
        assert.equal(body.runtime, runtime, `${route} ran on the ${runtime} runtime`);
        delete body.runtime;
        assertChecked(body, p, sandbox);
      }
    } finally {
      await server.stop();
    }
    t.diagnostic(`time next ${build.name}: ${seconds(t0)} s (build ${((tBuilt - t0) / 1000).toFixed(1)} s)`);
  });
}
