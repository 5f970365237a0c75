// Start-up: from import to the first validated request, in a fresh Node process (SDK vs
// zod doing the same first check) and in headless Chromium (the browser entry, wasm
// streamed from its own file; baselines: a bare module import, and zod).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const REQ = `{companyId:'C',cardAccountId:'A',transactionType:'CR',type:'ALLOCATE_POINT',email:'a@b.co',mobile:'9600098867',title:'Ms',firstName:'A',gender:'F',loadAmount:5,uniqueReferenceNumber:'R'}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function node(script, runs = 7) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    times.push(Number(out.trim()));
  }
  return median(times);
}

export async function benchStartup() {
  const sdk = node(`const t=performance.now(); const { validateAllocation } = await import('enkash-rewards'); if (validateAllocation(${REQ}).length) throw 1; console.log(performance.now()-t);`);
  const zod = node(`const t=performance.now(); const { z } = await import('zod'); const s=z.object({companyId:z.string().min(1),email:z.email(),loadAmount:z.number().positive()}); if(!s.safeParse(${REQ}).success) throw 1; console.log(performance.now()-t);`);
  // Chromium: each page load in a fresh browser context (no cache), from the same loopback
  // server, against two baselines: the floor (one 1 KB module with no imports: what any
  // import costs here) and zod doing the same first check.
  let chromium;
  let chromiumFloor;
  let chromiumZod;
  try {
    const { launchChromium, serveStatic } = await import('../tests/browser/static.mjs');
    const pages = {
      '/sdk': `<!doctype html><script type="module">const t0 = performance.now(); const { validateAllocation } = await import('/sdk/web/index.js'); if (validateAllocation(${REQ}).length) throw 1; window.done = performance.now() - t0;</script>`,
      '/floor': `<!doctype html><script type="module">const t0 = performance.now(); await import('/sdk/web/error.js'); window.done = performance.now() - t0;</script>`,
      '/zod': `<!doctype html><script type="module">const t0 = performance.now(); const { z } = await import('/zod/index.js'); const s = z.object({ companyId: z.string().min(1), email: z.email(), loadAmount: z.number().positive() }); if (!s.safeParse(${REQ}).success) throw 1; window.done = performance.now() - t0;</script>`,
    };
    const site = await serveStatic({ routes: { '/sdk/': join(root, 'node_modules/enkash-rewards'), '/zod/': join(root, 'node_modules/zod') }, pages });
    const browser = await launchChromium();
    const times = { '/sdk': [], '/floor': [], '/zod': [] };
    for (let i = 0; i < 7; i++) {
      for (const path of Object.keys(pages)) {
        const ctx = await browser.newContext();
        const p = await ctx.newPage();
        await p.goto(site.url + path);
        await p.waitForFunction(() => window.done !== undefined);
        times[path].push(await p.evaluate(() => window.done));
        await ctx.close();
      }
    }
    await browser.close();
    await site.close();
    chromium = median(times['/sdk']);
    chromiumFloor = median(times['/floor']);
    chromiumZod = median(times['/zod']);
  } catch (e) {
    chromium = `not measured: ${e.message}`;
  }
  return { nodeMs: sdk, nodeZodMs: zod, chromiumMs: chromium, chromiumFloorMs: chromiumFloor, chromiumZodMs: chromiumZod };
}
