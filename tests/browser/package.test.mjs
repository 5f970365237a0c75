// The packed package's browser entry in headless Chromium: ESM import, the wasm streamed
// from its own file, an allocation against the sandbox (CORS), and validation in the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID, SANDBOX_EMPLOYEE } from '../../sandbox/server.mjs';
import { serveStatic, launchChromium, mintToken } from './static.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let sandbox, site, browser;

const PAGE = `<!doctype html><meta charset="utf-8"><title>enkash-rewards browser check</title>
<script type="module">
  import * as all from '/sdk/web/index.js';
  const { EnKashClient, validateAllocation, isEnKashError } = all;
  window.sdk = { EnKashClient, validateAllocation, isEnKashError, all };
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
  const token = await mintToken(sandbox.url);
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
  assert.deepEqual(result.duplicate, { isError: true, kind: 'duplicateReference', code: 1, message: 'The transaction associated with the given Unique reference Number already exists', proto: true });
  assert.ok(site.served.includes('/sdk/web/enkash_rewards_bg.wasm'), 'the wasm is fetched as its own file');
  assert.equal(sandbox.snapshot().ledger.filter((e) => e.reference === 'WEB-1').length, 1);
  await page.close();
});

test('the browser entry reaches every area: account, SSO, transactions, coins, redemption', async () => {
  const partnerToken = (await mintToken(sandbox.url)).access_token;
  const userToken = (await mintToken(sandbox.url, SANDBOX_EMPLOYEE.username, SANDBOX_EMPLOYEE.password)).access_token;
  const page = await browser.newPage();
  await page.goto(site.url + '/');
  await page.waitForFunction(() => window.ready === true, null, { timeout: 15000 });
  const out = await page.evaluate(async ({ baseUrl, partnerId, partnerToken, userToken }) => {
    const { EnKashClient, RedemptionClient } = window.sdk.all;
    const account = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' };
    const c = new EnKashClient({ baseUrl, partnerId, ssoHost: 'https://invoice-uat.enkash.in', tokenProvider: () => ({ accessToken: partnerToken }) });
    const details = await c.getRewardAccountDetails(account);
    const users = await c.getUserDetails(account);
    const card = await c.createAndAllocatePoints({ ...account, transactionType: 'CR', type: 'ALLOCATE_POINT', email: 'page@example.com', mobile: '9123400000', title: 'Mr', firstName: 'Page', gender: 'M', loadAmount: 3, uniqueReferenceNumber: 'WEB-AREA-1' });
    await c.incentiveCreateAndAllocate({ ...account, transactionType: 'CR', type: 'ALLOCATE_POINT', enkashCardId: card.enKashCardId, loadAmount: 2, uniqueReferenceNumber: 'WEB-AREA-2' });
    const sso = await c.ssoToken({ ...account, enkashCardId: card.enKashCardId });
    const url = c.ssoRedirectUrl({ accessToken: sso.accessToken, audience: 'employee_rewards', partner: 'hrms' });
    const txns = [];
    for await (const t of c.iterateRewardTransactions({ ...account, enKashCardId: card.enKashCardId }, { pageSize: 1 })) txns.push(t.amount);
    const event = await c.createCoinEvent({ configuration: 'DEFAULT', companyId: account.companyId, event: 'WEB_EVENT', amount: 7 });
    await c.allocateCoins({ companyId: account.companyId, event: 'WEB_EVENT', requestId: 'WEB-COIN-1', userId: 'WEBUSER' });
    const coins = await c.getCoinBalance('WEBUSER');
    const shop = new RedemptionClient({ baseUrl, tokenProvider: async () => ({ accessToken: userToken, expiresIn: 300 }) });
    const configs = await shop.getProductConfigs(102);
    const cart = await shop.addToCart({ product: 'VOUCHER', productCatalogId: 102, items: { [configs.configResponses[0].productConfigId]: { quantity: 1 } } });
    const order = await shop.createOrder({ denomination: configs.configResponses[0].mrp, orderReferenceId: 'WEB-ORDER-1', productCatalogId: 102, quantity: 1 });
    const orders = [];
    for await (const o of shop.iterateOrders({}, { pageSize: 5 })) orders.push(o.orderId);
    const info = await shop.fetchOrderInfo(order.orderId);
    let encryption;
    try {
      new EnKashClient({ baseUrl, partnerId, credentials: { clientId: 'a', clientSecret: 'b', username: 'c', password: 'd' }, encryptPayloads: true });
    } catch (e) {
      encryption = e.message;
    }
    return {
      balance: details.availableBalance, users: users.recordsCount, url, txns: txns.sort(), event: event.amount, coins,
      cart: cart.totalQuantity, orders: orders.includes(order.orderId), vouchers: info.voucherDetailsList.length,
      encryptExported: 'encryptPayload' in window.sdk.all, encryption,
    };
  }, { baseUrl: sandbox.url, partnerId: SANDBOX_PARTNER_ID, partnerToken, userToken });
  assert.equal(typeof out.balance, 'number');
  assert.ok(out.users >= 1);
  assert.match(out.url, /^https:\/\/invoice-uat\.enkash\.in\/sso\/[0-9a-f]{32}\/employee_rewards\/hrms$/);
  assert.deepEqual(out.txns, [2, 3]);
  assert.equal(out.event, 7);
  assert.equal(out.coins, 7);
  assert.equal(out.cart, 1);
  assert.equal(out.orders, true);
  assert.equal(out.vouchers, 1);
  assert.equal(out.encryptExported, false, 'no encryption in the browser build');
  assert.match(out.encryption, /not available in this build/);
  await page.close();
});
