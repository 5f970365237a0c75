#!/usr/bin/env node
// Packs pkg/ into a tarball (as `npm publish` would) and installs that tarball into
// node_modules/enkash-rewards, so tests, demo and bench use the package exactly as users get it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'target/pack');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const json = execFileSync('npm', ['pack', '--json', '--pack-destination', out, './pkg'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const [{ filename, size, unpackedSize, entryCount }] = JSON.parse(json);
const tarball = join(out, filename);
const dest = join(root, 'node_modules/enkash-rewards');
rmSync(dest, { recursive: true, force: true });
mkdirSync(dest, { recursive: true });
execFileSync('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1']);
console.log(`packed ${filename}: ${entryCount} files, ${size} bytes (${unpackedSize} unpacked); installed into node_modules/enkash-rewards`);
console.log(tarball);
