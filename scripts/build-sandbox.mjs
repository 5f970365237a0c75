#!/usr/bin/env node
// Copies the sandbox (sandbox/*.mjs, its CommonJS entry require.cjs, its types server.d.mts and
// its README.md) into <pkg>/sandbox/, where the package exports it as `enkash-rewards/sandbox`
// and the CLI's `sandbox` command runs it. Also writes the types for require() (server.d.cts,
// the same declarations) and sandbox/package.json (for resolvers that ignore "exports"). The sandbox is written from the wire contract alone: it must
// import nothing but Node's built-ins and its own files (never the SDK), which is checked here.
//   node scripts/build-sandbox.mjs [pkgDir]   (default pkg/; scripts/build.mjs runs it)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'sandbox');
const pkg = resolve(process.argv[2] ?? join(root, 'pkg'));
const to = join(pkg, 'sandbox');

const files = readdirSync(from).filter((f) => f.endsWith('.mjs') || f.endsWith('.d.mts') || f === 'require.cjs' || f === 'README.md');
for (const required of ['server.mjs', 'server.d.mts', 'require.cjs', 'cli.mjs', 'README.md']) {
  if (!files.includes(required)) throw new Error(`build-sandbox: sandbox/${required} is missing`);
}

// The sandbox must import nothing but Node's built-ins and its own files (never the SDK): load
// every module of it from a copy in a fresh temporary directory, where no node_modules is
// reachable and no file outside the sandbox exists, so any other import fails.
const scratch = mkdtempSync(join(tmpdir(), 'enkash-sandbox-'));
try {
  for (let dir = scratch; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) throw new Error(`build-sandbox: ${dir}/node_modules exists: cannot check the sandbox's imports in isolation`);
    if (dirname(dir) === dir) break;
  }
  const copy = join(scratch, 'sandbox');
  mkdirSync(copy);
  for (const f of files) cpSync(join(from, f), join(copy, f));
  const load = [
    ...files.filter((f) => f.endsWith('.mjs')).map((f) => `await import(${JSON.stringify(pathToFileURL(join(copy, f)).href)});`),
    `createRequire(import.meta.url)(${JSON.stringify(join(copy, 'require.cjs'))});`,
  ].join('\n');
  execFileSync(process.execPath, ['--input-type=module', '-e', `import { createRequire } from 'node:module';\n${load}`], { cwd: scratch, stdio: ['ignore', 'ignore', 'pipe'] });
} catch (e) {
  throw new Error(`build-sandbox: the sandbox does not load on its own (it may only import node: built-ins and its own files):\n${e.stderr ?? e.message}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (!existsSync(pkg)) throw new Error(`build-sandbox: ${pkg} does not exist (run scripts/build.mjs)`);
rmSync(to, { recursive: true, force: true });
mkdirSync(to, { recursive: true });
for (const f of files) cpSync(join(from, f), join(to, f));
writeFileSync(join(to, 'server.d.cts'), readFileSync(join(from, 'server.d.mts'), 'utf8'));
writeFileSync(join(to, 'package.json'), JSON.stringify({ main: './require.cjs', types: './server.d.cts' }, null, 2) + '\n');
console.log(`sandbox: ${files.length} files copied into ${to}`);
