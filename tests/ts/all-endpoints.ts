// Calls every function of the package with its generated types; checked by `tsc --strict`.
import {
  EnKashClient,
  RedemptionClient,
  ssoRedirectUrl,
  parsePortalDate,
  sdkVersion,
  type AccountDetails,
  type Card,
  type Cart,
  type CoinEvent,
  type Order,
  type Page,
  type Product,
  type SsoToken,
  type TokenInfo,
  type Transaction,
  type TransactionFilter,
  type OrderFilter,
} from 'enkash-rewards';

export async function everyEndpoint(signal: AbortSignal): Promise<string[]> {
  const opts = { signal, timeoutMs: 10_000 };
  const account = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' };
  const c = new EnKashClient({
    baseUrl: 'http://127.0.0.1:8787',
    redemptionBaseUrl: 'http://127.0.0.1:8787',
    ssoHost: 'https://invoice-uat.enkash.in',
    partnerId: 'CRMXWB3ZM',
    credentials: { clientId: 'c', clientSecret: 's', username: 'u', password: 'p' },
    paths: { incentiveCreateAndAllocate: '/api/v0/partner/enKashCard/points/allocate' },
  });
  const token: TokenInfo = await c.authenticate(opts);
  const alloc = { ...account, transactionType: 'CR', type: 'ALLOCATE_POINT', enKashCardId: 'EKC1', loadAmount: 5, uniqueReferenceNumber: 'R1' } as const;
  const card: Card = await c.createAndAllocatePoints(alloc, opts);
  const bulk = await c.bulkCreateAndAllocateRewards({ ...account, isPointsAllocation: true, rows: [{ title: 'Ms', name: 'A', email: 'a@b.co', mobile: '9876543210', loadAmount: 1 }] });
  const sso: SsoToken = await c.ssoToken({ ...account, enKashCardId: 'EKC1' });
  const url: string = c.ssoRedirectUrl({ accessToken: sso.accessToken, audience: 'employee_rewards', partner: 'hrms' });
  const url2: string = ssoRedirectUrl({ ssoHost: 'https://home.enkash.com', accessToken: 't', audience: 'reward_account', partner: 'hrms' });
  const details: AccountDetails = await c.getRewardAccountDetails(account);
  const filter: TransactionFilter = { ...account, enKashCardId: 'EKC1', cardTransactionType: 'CR', txnDateFrom: '2024-01-01T00:00:00' };
  const txns: Page<Transaction> = await c.getRewardTransactionDetails(filter, { pageSize: 10, offset: 0 }, opts);
  for await (const t of c.iterateRewardTransactions(filter, { pageSize: 20 })) console.log(t.amount);
  const users: Page<Card> = await c.getUserDetails(account);
  const one: Page<Card> = await c.getUserCardDetails({ ...account, enKashCardId: 'EKC1' });
  const incentive: Card = await c.incentiveCreateAndAllocate(alloc);
  const itx: Page<Transaction> = await c.getIncentiveTransactionDetails(filter);
  for await (const t of c.iterateIncentiveTransactions(filter)) console.log(t.enKashTransactionId);
  const iusers: Page<Card> = await c.getIncentiveUserDetails({ ...account, enKashCardId: 'EKC1' });
  const event: CoinEvent = await c.createCoinEvent({ configuration: 'DEFAULT', companyId: account.companyId, event: 'MEAL_CARD_PAYMENT', amount: 10 });
  const got: CoinEvent = await c.getCoinEvent(event.coinConfigId ?? 1);
  const updated: CoinEvent = await c.updateCoinEvent(7, { amount: 20 });
  const message: string = await c.allocateCoins({ companyId: account.companyId, event: 'MEAL_CARD_PAYMENT', requestId: 'REQ-1', userId: 'EKIQB4L2' });
  const coins: number = await c.getCoinBalance('EKIQB4L2');

  const r = new RedemptionClient({ baseUrl: 'http://127.0.0.1:8787', tokenProvider: async () => ({ accessToken: 'user', expiresIn: 300 }), legacyOrderInfo: false });
  const userToken: TokenInfo = await r.authenticateUser();
  const carts: Cart[] = await r.getCart({ product: 'VOUCHER' });
  const found: Page<Product> = await r.searchCatalog({ brand: 'amazon' });
  const product: Product = await r.getProductCatalogDetails(101);
  const configs: Product = await r.getProductConfigs('101');
  const cart: Cart = await r.addToCart({ product: 'VOUCHER', productCatalogId: 101, items: { '1011': { quantity: 1 } } });
  const cart2: Cart = await r.updateCart({ product: 'VOUCHER', cartId: 5, items: { '1011': { quantity: 0 } } });
  const order: Order = await r.createOrder({ denomination: 500, orderReferenceId: 'O-1', productCatalogId: 101, quantity: 1 });
  const orderFilter: OrderFilter = { brand: ['Amazon Pay'], direction: 'DESC' };
  const orders: Page<Order> = await r.searchOrders(orderFilter, { pageSize: 5, offset: 0 });
  for await (const o of r.iterateOrders(orderFilter, { pageSize: 5 })) console.log(o.orderStatus);
  const info: Order = await r.fetchOrderInfo(order.orderId ?? 'ORD1');
  const pin: string | undefined = info.voucherDetailsList?.[0]?.pin;

  return [
    token.accessToken, String(card.otbBalance), String(bulk.successCount), url, url2, String(details.availableBalance),
    String(txns.recordsCount), String(users.data.length), String(one.data[0]?.email), String(incentive.loadAmount),
    String(itx.data.length), String(iusers.recordsCount), String(got.amount), String(updated.amount), message, String(coins),
    userToken.accessToken, String(carts.length), String(found.data.length), String(product.brand), String(configs.configResponses?.length),
    String(cart.totalQuantity), String(cart2.cartId), String(orders.recordsCount), String(pin), parsePortalDate('Jun 20, 2024 2:56:47 PM') ?? '', sdkVersion(),
  ];
}

// @ts-expect-error: RedemptionClient takes no partner-only options
new RedemptionClient({ baseUrl: 'x', accessToken: 't', ssoHost: 'https://x' });
// @ts-expect-error: audience is employee_rewards or reward_account
ssoRedirectUrl({ ssoHost: 'https://x', accessToken: 't', audience: 'admin', partner: 'p' });
// @ts-expect-error: paths only take known endpoint names
new EnKashClient({ baseUrl: 'x', partnerId: 'p', accessToken: 't', paths: { nope: '/x' } });
