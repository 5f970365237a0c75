// The same program written in CommonJS (require), bundled by esbuild --platform=node --format=cjs.
const sdk = require('enkash-rewards');

(async () => {
  const { check } = await import('../check.mjs');
  console.log(JSON.stringify(await check(sdk, JSON.parse(process.env.RUNTIME_PARAMS))));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
