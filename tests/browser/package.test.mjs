// The packed package's browser entry in headless Chromium: ESM import, the wasm streamed
// from its own file, an allocation against the sandbox (CORS), and validation in the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID } from '../../sandbox/server.mjs';
import { serveStatic, launchChromium } from './static.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let sandbox, site, browser;

const PAGE = `<!doctype html><meta charset="utf-8"><title>enkash-rewards browser check</title>
<script type="module">
  import { EnKashClient, validateAllocation, isEnKashError } from '/sdk/web/index.js';
  window.sdk = { EnKashClient, validateAllocation, isEnKashError };
  window.ready = true;
</script>`;

before(async () => {
  sandbox = await startSandbox();
  site = await serveStatic({ routes: { '/sdk/': join(root, 'node_modules/enkash-rewards') }, pages: { '/': PAGE } });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await sandbox?.close();
});

test('the browser entry allocates against the sandbox and validates in the page', async () => {
  // The page gets a token minted server side (as a dashboard's backend would), never credentials.
  const token = await (await fetch(`${sandbox.url}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: 'Basic ' + Buffer.from(`${SANDBOX_CREDENTIALS.clientId}:${SANDBOX_CREDENTIALS.clientSecret}`).toString('base64'),
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ username: SANDBOX_CREDENTIALS.username, password: SANDBOX_CREDENTIALS.password, grant_type: 'password', clientId: SANDBOX_CREDENTIALS.clientId }),
  })).json();
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(site.url + '/');
  await page.waitForFunction(() => window.ready === true, null, { timeout: 15000 });
  const result = await page.evaluate(async ({ baseUrl, partnerId, accessToken }) => {
    const { EnKashClient, validateAllocation, isEnKashError } = window.sdk;
    const client = new EnKashClient({ baseUrl, partnerId, tokenProvider: async () => ({ accessToken, expiresIn: 300 }) });
    const request = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionType: 'CR', type: 'ALLOCATE_POINT', email: 'web@example.com', mobile: '9123456780', title: 'Ms', firstName: 'Web', gender: 'F', loadAmount: 7.5, uniqueReferenceNumber: 'WEB-1' };
    const invalid = validateAllocation({ ...request, email: 'nope' });
    const card = await client.createAndAllocatePoints(request);
    let duplicate;
    try {
      await client.createAndAllocatePoints(request);
    } catch (e) {
      duplicate = { isError: isEnKashError(e), kind: e.kind, code: e.code, message: e.message, proto: Object.getPrototypeOf(Object.getPrototypeOf(e)) === Error.prototype };
    }
    return { invalid, card: { id: card.enKashCardId, balance: card.otbBalance }, duplicate };
  }, { baseUrl: sandbox.url, partnerId: SANDBOX_PARTNER_ID, accessToken: token.access_token });
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(result.invalid.map((e) => e.field), ['email']);
  assert.match(result.card.id, /^EKC/);
  assert.equal(result.card.balance, 7.5);
  assert.deepEqual(result.duplicate, { isError: true, kind: 'api', code: 1, message: 'The transaction associated with the given Unique reference Number already exists', proto: true });
  assert.ok(site.served.includes('/sdk/web/enkash_rewards_bg.wasm'), 'the wasm is fetched as its own file');
  assert.equal(sandbox.snapshot().ledger.filter((e) => e.reference === 'WEB-1').length, 1);
  await page.close();
});
