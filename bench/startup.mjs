// Start-up: from import to the first validated request, in a fresh Node process (SDK vs
// zod doing the same first check) and in headless Chromium (the browser entry, wasm
// streamed from its own file).
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
  const zod = node(`const t=performance.now(); const { z } = await import('zod'); const s=z.object({companyId:z.string().min(1),email:z.string().email(),loadAmount:z.number().positive()}); if(!s.safeParse(${REQ}).success) throw 1; console.log(performance.now()-t);`);
  let chromium;
  try {
    const { launchChromium, serveStatic } = await import('../tests/browser/static.mjs');
    const page = `<!doctype html><script type="module">const t0 = performance.now(); const { validateAllocation } = await import('/sdk/web/index.js'); validateAllocation(${REQ}); window.done = { fromNavigation: performance.now(), fromImport: performance.now() - t0 };</script>`;
    const site = await serveStatic({ routes: { '/sdk/': join(root, 'node_modules/enkash-rewards') }, pages: { '/': page } });
    const browser = await launchChromium();
    const times = [];
    for (let i = 0; i < 5; i++) {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(site.url + '/');
      await p.waitForFunction(() => window.done);
      times.push((await p.evaluate(() => window.done)).fromImport);
      await ctx.close();
    }
    await browser.close();
    await site.close();
    chromium = median(times);
  } catch (e) {
    chromium = `not measured: ${e.message}`;
  }
  return { nodeMs: sdk, nodeZodMs: zod, chromiumMs: chromium };
}
