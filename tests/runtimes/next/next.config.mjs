// A plain Next.js app: nothing about the SDK here (no serverExternalPackages, no webpack or
// Turbopack rule). The test builds it twice, with Turbopack (into .next) and with webpack
// (NEXT_DIST_DIR=.next-webpack, NEXT_APP_EDGE=0).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

export default {
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // app/api/edge/route.edge.js (an App Router edge route handler) is left out of the webpack
  // build: Next 16.4's webpack build fails on any such route, one without this package too
  // (ENOENT route_client-reference-manifest.js). pages/api/edge-pages.js covers edge there.
  pageExtensions: process.env.NEXT_APP_EDGE === '0' ? ['js', 'jsx'] : ['edge.js', 'js', 'jsx'],
  // The project root (its node_modules and ../../check.mjs), where Next would find it from the lockfile.
  turbopack: { root },
  outputFileTracingRoot: root,
};
