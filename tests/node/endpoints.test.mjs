// Every endpoint beyond allocation, through the packed package against the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { EnKashClient, RedemptionClient, isEnKashError, ssoRedirectUrl, encryptPayload, decryptPayload } from 'enkash-rewards';
import { sandbox, allocation, ref, SANDBOX_CREDENTIALS as CREDS, SANDBOX_PARTNER_ID as PARTNER } from './helpers.mjs';
import { SANDBOX_EMPLOYEE as EMPLOYEE } from '../../sandbox/server.mjs';

let s;
before(async () => { s = await sandbox(); });
after(async () => { await s.close(); });

const ACCOUNT = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' };
const partner = (extra = {}) => new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS, ssoHost: 'https://invoice-uat.enkash.in', ...extra });
const shopper = (extra = {}) => new RedemptionClient({ baseUrl: s.url, credentials: { ...CREDS, username: EMPLOYEE.username, password: EMPLOYEE.password }, ...extra });
const routeCount = (key) => s.snapshot().counts.byRoute[key] ?? 0;

async function rejects(promise, kind) {
  try {
    await promise;
  } catch (e) {
    assert.ok(isEnKashError(e), String(e));
    if (kind) assert.equal(e.kind, kind, e.message);
    return e;
  }
  assert.fail('expected a rejection');
}

async function newCard(c) {
  const card = await c.createAndAllocatePoints(allocation({ email: `${ref('c').toLowerCase()}@example.com`, mobile: '9' + String(Date.now()).slice(-9) }));
  return card.enKashCardId;
}

test('SSO: a token for a card, and the landing URL', async () => {
  const c = partner();
  const card = await newCard(c);
  const sso = await c.ssoToken({ ...ACCOUNT, enkashCardId: card });
  assert.match(sso.accessToken, /^[0-9a-f]{32}$/);
  assert.equal(sso.extra.expires_in, 300, 'unknown fields are kept, under extra');
  assert.equal(sso.expires_in, undefined, 'and only there');
  assert.equal(c.ssoRedirectUrl({ accessToken: sso.accessToken, audience: 'employee_rewards', partner: 'hrms' }), `https://invoice-uat.enkash.in/sso/${sso.accessToken}/employee_rewards/hrms`);
  assert.equal(ssoRedirectUrl({ ssoHost: 'https://home.enkash.com/', accessToken: 'a/b', audience: 'reward_account', partner: 'hrms' }), 'https://home.enkash.com/sso/a%2Fb/reward_account/hrms');
  assert.throws(() => ssoRedirectUrl({ ssoHost: 'home.enkash.com', accessToken: 't', audience: 'employee_rewards', partner: 'hrms' }), (e) => e.kind === 'validation' && e.fieldErrors[0].field === 'ssoHost');
  assert.throws(() => ssoRedirectUrl({ ssoHost: 'https://x', accessToken: 't', audience: 'admin', partner: 'hrms' }), (e) => e.fieldErrors[0].field === 'audience');
  assert.equal((await rejects(c.ssoToken({ ...ACCOUNT, enKashCardId: 'EKCNOPE' }), 'api')).status, 404);
  assert.deepEqual((await rejects(c.ssoToken({ ...ACCOUNT }), 'validation')).fieldErrors.map((f) => f.field), ['enKashCardId']);
});

test('account details follow allocations', async () => {
  const c = partner();
  const before = await c.getRewardAccountDetails(ACCOUNT);
  assert.equal(before.availableBalance, s.account('CAQL8YCV3').balance);
  assert.equal(before.companyName, 'Sandbox Rewards Pvt Ltd');
  assert.equal(typeof before.primaryEnKashCard, 'object');
  await c.createAndAllocatePoints(allocation({ loadAmount: 12.5 }));
  const after = await c.getRewardAccountDetails(ACCOUNT);
  assert.equal(Math.round((before.availableBalance - after.availableBalance) * 100), 1250);
  assert.equal(Math.round((after.totalAllocationPoint - before.totalAllocationPoint) * 100), 1250);
  assert.equal((await rejects(c.getRewardAccountDetails({ companyId: 'X', cardAccountId: 'Y' }), 'api')).status, 404);
  assert.deepEqual((await rejects(c.getRewardAccountDetails({ companyId: '' }), 'validation')).fieldErrors.map((f) => f.field), ['cardAccountId']);
  assert.deepEqual((await rejects(c.getRewardAccountDetails({ companyId: ' ', cardAccountId: 'A' }), 'validation')).fieldErrors.map((f) => f.field), ['companyId']);
});

test('user details and user card details', async () => {
  const c = partner();
  const card = await newCard(c);
  const all = await c.getUserDetails(ACCOUNT);
  assert.ok(all.recordsCount >= 2);
  assert.ok(all.data.some((u) => u.enKashCardId === EMPLOYEE.enKashCardId));
  const one = await c.getUserCardDetails({ ...ACCOUNT, enKashCardId: card });
  assert.equal(one.recordsCount, 1);
  assert.equal(one.data[0].enKashCardId, card);
  assert.deepEqual(one.data[0].cardStatus, { name: 'UL', label: 'UnLocked', extra: {} });
  const incentive = await c.getIncentiveUserDetails({ ...ACCOUNT, enKashCardId: card });
  assert.equal(incentive.data.length, 1);
  assert.deepEqual((await rejects(c.getIncentiveUserDetails(ACCOUNT), 'validation')).fieldErrors.map((f) => f.field), ['enKashCardId']);
});

test('incentive allocation on the reference path, and on the guide path when configured', async () => {
  const reference = routeCount('POST /api/v0/partner/enKashCard/create-allocate-points');
  const guide = routeCount('POST /api/v0/partner/enKashCard/points/allocate');
  await partner().incentiveCreateAndAllocate(allocation());
  assert.equal(routeCount('POST /api/v0/partner/enKashCard/create-allocate-points'), reference + 1);
  const viaGuide = partner({ paths: { incentiveCreateAndAllocate: '/api/v0/partner/enKashCard/points/allocate' } });
  const req = allocation();
  const card = await viaGuide.incentiveCreateAndAllocate(req);
  assert.equal(routeCount('POST /api/v0/partner/enKashCard/points/allocate'), guide + 1);
  assert.equal(s.snapshot().ledger.find((e) => e.reference === req.uniqueReferenceNumber).kind, 'incentive');
  assert.match(card.enKashCardId, /^EKC/);
  assert.throws(() => partner({ paths: { noSuchEndpoint: '/x' } }), (e) => e.kind === 'validation' && /noSuchEndpoint/.test(e.message));
  assert.throws(() => partner({ paths: { getCart: 'relative/path' } }), (e) => e.kind === 'validation');
});

test('transaction search pages, and the iterator walks them without an extra request', async () => {
  const c = partner();
  const card = await newCard(c);
  const base = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionType: 'CR', type: 'ALLOCATE_POINT', enkashCardId: card };
  for (let i = 0; i < 4; i++) await c.createAndAllocatePoints({ ...base, loadAmount: i + 1, uniqueReferenceNumber: ref('TOP') });
  const filter = { ...ACCOUNT, enKashCardId: card };
  const first = await c.getRewardTransactionDetails(filter, { pageSize: 2, offset: 0 });
  assert.equal(first.recordsCount, 5);
  assert.equal(first.data.length, 2);
  assert.equal(first.data[0].cardTransactionType, 'CR');
  assert.equal(typeof first.data[0].enKashTransactionId, 'string');
  const narrowed = await c.getRewardTransactionDetails({ ...filter, amountFrom: 3, amountTo: 4 });
  assert.deepEqual(narrowed.data.map((t) => t.amount).sort(), [3, 4]);
  const key = 'POST /api/v0/partner/enKashCard/transaction/all';
  const before = routeCount(key);
  const seen = [];
  for await (const t of c.iterateRewardTransactions(filter, { pageSize: 2 })) seen.push(t.enKashTransactionId);
  assert.equal(seen.length, 5);
  assert.equal(new Set(seen).size, 5);
  assert.equal(routeCount(key) - before, 3, '2 + 2 + 1: the total says when to stop');
  const incentive = [];
  for await (const t of c.iterateIncentiveTransactions(filter, { pageSize: 5 })) incentive.push(t);
  assert.equal(incentive.length, 5);
  assert.equal(routeCount(key) - before, 4, 'one full page that reaches the total: no second request');
  // Breaking out stops fetching.
  const atBreak = routeCount(key);
  for await (const t of c.iterateRewardTransactions(filter, { pageSize: 1 })) {
    assert.ok(t);
    break;
  }
  assert.equal(routeCount(key) - atBreak, 1);
  // Bad input rejects on the first step, before any request.
  const sent = s.snapshot().counts.total;
  await rejects(c.iterateRewardTransactions({ ...ACCOUNT }).next(), 'validation');
  await rejects(c.iterateRewardTransactions(filter, { pageSize: 0 }).next(), 'validation');
  await rejects(c.getRewardTransactionDetails(filter, { pageSize: 5000 }), 'validation');
  await rejects(c.getRewardTransactionDetails({ ...filter, txnDateFrom: 'yesterday' }), 'validation');
  await rejects(c.getIncentiveTransactionDetails({ ...filter, amountFrom: 5, amountTo: 1 }), 'validation');
  assert.equal(s.snapshot().counts.total, sent);
});

test('coins: events, one allocation per requestId, balance', async () => {
  const c = partner();
  const event = await c.createCoinEvent({ configuration: 'DEFAULT', companyId: 'CEK1PU9AOO', event: 'MEAL_CARD_PAYMENT', amount: 25 });
  assert.equal(typeof event.coinConfigId, 'string', 'ids are kept as text');
  assert.equal(event.amount, 25);
  assert.deepEqual(await c.getCoinEvent(Number(event.coinConfigId)), await c.getCoinEvent(event.coinConfigId));
  const updated = await c.updateCoinEvent(event.coinConfigId, { amount: 40 });
  assert.equal(updated.amount, 40);
  const userId = 'EKU' + Date.now();
  const requestId = ref('COIN');
  assert.equal(await c.getCoinBalance(userId), 0);
  assert.match(await c.allocateCoins({ companyId: 'CEK1PU9AOO', event: 'MEAL_CARD_PAYMENT', requestId, userId }), /Allocated 40 coins/);
  assert.match(await c.allocateCoins({ companyId: 'CEK1PU9AOO', event: 'MEAL_CARD_PAYMENT', requestId, userId }), /already allocated/);
  assert.equal(await c.getCoinBalance(userId), 40, 'the same requestId never earns twice');
  const unknown = await rejects(c.allocateCoins({ companyId: 'CEK1PU9AOO', event: 'NO_SUCH_EVENT', requestId: ref('C'), userId }), 'api');
  assert.equal(unknown.code, 1);
  assert.equal((await rejects(c.getCoinEvent('999999'), 'api')).status, 404);
  const sent = s.snapshot().counts.total;
  assert.deepEqual((await rejects(c.allocateCoins({ companyId: 'C', event: 'E', userId }), 'validation')).fieldErrors.map((f) => f.field), ['requestId']);
  assert.equal((await rejects(c.createCoinEvent({ configuration: 'DEFAULT', companyId: 'C', event: 'E', amount: 0 }), 'validation')).fieldErrors[0].code, 'out_of_range');
  assert.equal((await rejects(c.createCoinEvent({ configuration: 'DEFAULT', companyId: 'C', event: 'E', amount: 1.5 }), 'validation')).fieldErrors[0].code, 'invalid_type');
  assert.equal((await rejects(c.updateCoinEvent(event.coinConfigId, {}), 'validation')).fieldErrors[0].code, 'empty');
  assert.equal((await rejects(c.getCoinEvent(''), 'validation')).fieldErrors[0].field, 'coinConfigId');
  assert.equal((await rejects(c.getCoinBalance(-1), 'validation')).fieldErrors[0].field, 'userId');
  assert.equal(s.snapshot().counts.total, sent);
});

test('redemption: catalog, configs, cart, order, order info with vouchers', async () => {
  const r = shopper();
  const token = await r.authenticateUser();
  assert.equal(token.tokenType, 'bearer');
  const found = await r.searchCatalog({ brand: 'amazon' });
  assert.deepEqual(found.data.map((p) => p.brand), ['Amazon Pay']);
  const all = await r.searchCatalog();
  assert.equal(all.recordsCount, 4);
  const details = await r.getProductCatalogDetails(101);
  const configs = await r.getProductConfigs('101');
  assert.deepEqual(details, configs);
  assert.deepEqual(configs.configResponses.map((c) => c.mrp), [100, 500, 1000]);
  assert.equal(configs.images.LOGO_IMAGE.endsWith('logo.png'), true);
  const cfg = configs.configResponses[1];
  const cart = await r.addToCart({ product: 'VOUCHER', productCatalogId: 101, items: { [cfg.productConfigId]: { quantity: 2 } } });
  assert.equal(cart.totalQuantity, 2);
  assert.equal(cart.items[cfg.productConfigId].total, cfg.sellRate * 2);
  const again = await r.addToCart({ product: 'VOUCHER', productCatalogId: 101, items: { [cfg.productConfigId]: { quantity: 1, description: 'gift' } } });
  assert.equal(again.cartId, cart.cartId);
  assert.equal(cart.id, undefined, 'the SDK spells the cart id cartId');
  assert.equal(again.totalQuantity, 3);
  const carts = await r.getCart({ product: 'VOUCHER' });
  assert.ok(carts.some((c) => c.cartId === cart.cartId && c.totalQuantity === 3));
  const updated = await r.updateCart({ product: 'VOUCHER', cartId: cart.cartId, items: { [cfg.productConfigId]: { quantity: 1 } } });
  assert.equal(updated.totalQuantity, 1);
  const emptied = await r.updateCart({ product: 'VOUCHER', cartId: cart.cartId, items: { [cfg.productConfigId]: { quantity: 0 } } });
  assert.equal(emptied.totalQuantity, 0);

  const cardBefore = s.snapshot().cards.find((c) => c.enKashCardId === EMPLOYEE.enKashCardId).balance;
  const orderReferenceId = ref('ORDER');
  const order = await r.createOrder({ denomination: 500, orderReferenceId, productCatalogId: 101, quantity: 2 });
  assert.equal(order.orderReferenceId, orderReferenceId);
  assert.equal(order.partnerOrderReferenceId, undefined, 'the SDK spells it as createOrder takes it');
  assert.equal(order.totalAmount, 1000);
  assert.equal(order.voucherDetailsList, undefined, 'no secrets in the order answer');
  const cardAfter = s.snapshot().cards.find((c) => c.enKashCardId === EMPLOYEE.enKashCardId).balance;
  assert.equal(Math.round((cardBefore - cardAfter) * 100), Math.round(cfg.sellRate * 2 * 100), 'the order debits the user');
  const dup = await rejects(r.createOrder({ denomination: 500, orderReferenceId, productCatalogId: 101, quantity: 1 }), 'duplicateReference');
  assert.equal(dup.message, 'Order reference id already exists');
  assert.equal(dup.alreadyApplied, false, 'refused on the first attempt: an earlier call used the reference');

  const info = await r.fetchOrderInfo(order.orderId);
  assert.equal(info.orderStatus, 'COMPLETED');
  assert.equal(info.voucherDetailsList.length, 2);
  assert.match(info.voucherDetailsList[0].cardNumber, /^\d{16}$/);
  assert.match(info.voucherDetailsList[0].pin, /^\d{6}$/);
  const legacyKey = 'GET /api/v0/partner/fetch-order-details/:id';
  const legacyBefore = routeCount(legacyKey);
  const legacy = await shopper({ legacyOrderInfo: true }).fetchOrderInfo(order.orderId);
  assert.deepEqual(legacy.voucherDetailsList, info.voucherDetailsList);
  assert.equal(routeCount(legacyKey), legacyBefore + 1);
  assert.equal((await rejects(r.fetchOrderInfo('ORDNOPE'), 'api')).status, 404);
  assert.equal(s.snapshot().counts.partnerIdOnUserRoutes, 0, 'the redemption client never sends partnerId');
});

test('redemption: order search pages and iterates', async () => {
  const r = shopper();
  for (let i = 0; i < 3; i++) await r.createOrder({ denomination: 200, orderReferenceId: ref('PAGED'), productCatalogId: 103, quantity: 1 });
  const swiggy = await r.searchOrders({ brand: ['Swiggy'] }, { pageSize: 2, offset: 0 });
  assert.equal(swiggy.recordsCount, 3);
  assert.equal(swiggy.data.length, 2);
  const key = 'POST /api/v0/partner/search-order';
  const before = routeCount(key);
  const refs = [];
  for await (const o of r.iterateOrders({ brand: ['Swiggy'], direction: 'DESC' }, { pageSize: 2 })) refs.push(o.orderReferenceId);
  assert.equal(refs.length, 3);
  assert.equal(routeCount(key) - before, 2);
  const sent = s.snapshot().counts.total;
  await rejects(r.searchOrders({ direction: 'SIDEWAYS' }), 'validation');
  await rejects(r.searchOrders({}, { offset: -1 }), 'validation');
  await rejects(r.searchOrders({ amountFrom: 10, amountTo: 1 }), 'validation');
  await rejects(r.iterateOrders({ createdOnFrom: 'soon' }).next(), 'validation');
  assert.equal(s.snapshot().counts.total, sent);
});

test('redemption input rules: nothing sent when wrong', async () => {
  const r = shopper();
  await r.authenticateUser();
  const sent = s.snapshot().counts.total;
  const cases = [
    [r.getCart({ product: 'voucher' }), 'product', 'invalid_format'],
    [r.getCart({}), 'product', 'required'],
    [r.addToCart({ product: 'VOUCHER', productCatalogId: 101, items: { 1012: { quantity: 0 } } }), 'items.1012.quantity', 'out_of_range'],
    [r.addToCart({ product: 'VOUCHER', productCatalogId: 101, items: {} }), 'items', 'empty'],
    [r.addToCart({ product: 'VOUCHER', productCatalogId: '', items: { 1012: { quantity: 1 } } }), 'productCatalogId', 'required'],
    [r.updateCart({ product: 'VOUCHER', cartId: 0, items: { 1012: { quantity: 1 } } }), 'cartId', 'out_of_range'],
    [r.updateCart({ product: 'VOUCHER', cartId: 1.5, items: { 1012: { quantity: 1 } } }), 'cartId', 'invalid_type'],
    [r.createOrder({ denomination: -500, orderReferenceId: 'x', productCatalogId: 101, quantity: 1 }), 'denomination', 'out_of_range'],
    [r.createOrder({ denomination: 500, orderReferenceId: ' ', productCatalogId: 101, quantity: 1 }), 'orderReferenceId', 'required'],
    [r.createOrder({ denomination: 500, orderReferenceId: 'x', productCatalogId: 101, quantity: 0 }), 'quantity', 'out_of_range'],
    [r.fetchOrderInfo(''), 'orderId', 'required'],
    [r.getProductConfigs(undefined), 'productCatalogId', 'required'],
    [r.searchCatalog({ product: 'x y' }), 'product', 'invalid_format'],
  ];
  for (const [promise, field, code] of cases) {
    const e = await rejects(promise, 'validation');
    assert.deepEqual([e.fieldErrors[0].field, e.fieldErrors[0].code], [field, code], e.message);
  }
  assert.equal(s.snapshot().counts.total, sent);
});

test('redemption host: token and calls go to redemptionBaseUrl', async () => {
  const r = new RedemptionClient({ baseUrl: 'http://127.0.0.1:9', redemptionBaseUrl: s.url, credentials: { ...CREDS, username: EMPLOYEE.username, password: EMPLOYEE.password } });
  const carts = await r.getCart({ product: 'VOUCHER' });
  assert.ok(Array.isArray(carts));
});

test('payload encryption matches Node crypto and works end to end', async () => {
  const key = createHash('sha256').update(CREDS.clientSecret).digest().subarray(0, 16);
  for (const text of ['', 'a', '{"companyId":"CEK1PU9AOO","loadAmount":11}', 'x'.repeat(16), 'ünïcödé ₹ 🎁'.repeat(7)]) {
    const c = createCipheriv('aes-128-ecb', key, null);
    const expected = Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('base64');
    assert.equal(encryptPayload(CREDS.clientSecret, text), expected);
    assert.equal(decryptPayload(CREDS.clientSecret, expected), text);
  }
  assert.throws(() => decryptPayload('another-secret', encryptPayload(CREDS.clientSecret, 'hello world')), (e) => isEnKashError(e) && e.kind === 'decode');

  const sealed = await sandbox({ encryptPayloads: true });
  try {
    const plain = new EnKashClient({ baseUrl: sealed.url, partnerId: PARTNER, credentials: CREDS });
    const refused = await rejects(plain.createAndAllocatePoints(allocation()), 'api');
    assert.equal(refused.status, 400);
    const c = new EnKashClient({ baseUrl: sealed.url, partnerId: PARTNER, credentials: CREDS, encryptPayloads: true });
    const card = await c.createAndAllocatePoints(allocation({ loadAmount: 9 }));
    assert.equal(card.otbBalance, 9);
    const account = await c.getRewardAccountDetails(ACCOUNT);
    assert.equal(account.availableBalance, sealed.account('CAQL8YCV3').balance);
    assert.equal(await c.getCoinBalance('nobody'), 0, 'a GET answer is decrypted too');
  } finally {
    await sealed.close();
  }
  assert.throws(() => new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, accessToken: 't', encryptPayloads: true }), (e) => e.kind === 'validation' && /credentials/.test(e.message));
});
