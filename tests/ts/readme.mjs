#!/usr/bin/env node
// Checks README.md's TypeScript: every ```ts block is written to its own module under
// target/readme-ts/ and `tsc --strict` runs over them against the installed package
// (node_modules/enkash-rewards, from scripts/pack.mjs). A block opened with ```ts fragment
// is left out: only for a deliberate fragment. Exits 1 on any type error, naming the
// README line of each.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'target/readme-ts');
const readme = process.argv[2] ?? join(root, 'README.md'); // another file: to check this checker
const lines = readFileSync(readme, 'utf8').split('\n');

const blocks = [];
let open = null;
lines.forEach((line, i) => {
  const fence = /^```(\S*)\s*(.*)$/.exec(line);
  if (!fence) {
    if (open) open.body.push(line);
    return;
  }
  if (open) {
    if (fence[1] === '') {
      if (open.lang === 'ts' && open.tag !== 'fragment') blocks.push(open);
      open = null;
    } else open.body.push(line);
    return;
  }
  open = { lang: fence[1], tag: fence[2].trim(), start: i + 2, body: [] };
});
if (open) throw new Error(`README.md: a code block opened at line ${open.start - 1} is never closed`);
if (blocks.length === 0) throw new Error('README.md has no ```ts block: nothing would be checked');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = blocks.map((b) => {
  const name = `line-${b.start}.mts`;
  // `export {}` keeps each block a module of its own (top-level await, no shared names).
  writeFileSync(join(out, name), `${b.body.join('\n')}\nexport {};\n`);
  return name;
});
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['es2022', 'dom'],
        skipLibCheck: false,
        types: [],
      },
      files: [...files, join(root, 'tests/ts/readme-node.d.ts')],
    },
    null,
    2,
  ),
);

const tsc = join(root, 'node_modules/typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', join(out, 'tsconfig.json')], { cwd: out, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
} catch (e) {
  // tsc reports `line-N.mts(l,c)`: the README line is N + l - 1.
  const text = `${e.stdout ?? ''}${e.stderr ?? ''}`.replace(/line-(\d+)\.mts\((\d+),(\d+)\)/g, (_, start, l, c) => `${basename(readme)}:${Number(start) + Number(l) - 1}:${c}`);
  process.stderr.write(text);
  process.stderr.write(`${basename(readme)}: the TypeScript blocks do not compile under tsc --strict (${blocks.length} checked)\n`);
  process.exit(1);
}
console.log(`${basename(readme)}: ${blocks.length} TypeScript blocks compile under tsc --strict (lines ${blocks.map((b) => b.start).join(', ')})`);
