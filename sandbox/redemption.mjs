// Redemption routes: an end user's cart, catalog, orders and vouchers. The user is the one
// the bearer token was issued to; orders are paid from that user's reward card.
import { CATALOG, digits, fail, id, ok, page, paging, portalDate, rfail, rok, rupees } from './data.mjs';

const product = (catalogId) => CATALOG.find((p) => String(p.productCatalogId) === String(catalogId));

function cartView(cart) {
  const p = product(cart.productCatalogId);
  const items = {};
  let totalQuantity = 0;
  let totalAmount = 0;
  let totalSavings = 0;
  for (const [configId, line] of Object.entries(cart.lines)) {
    const cfg = p.configResponses.find((c) => String(c.productConfigId) === configId);
    const total = Math.round(cfg.sellRate * line.quantity * 100) / 100;
    const savings = Math.round((cfg.mrp - cfg.sellRate) * line.quantity * 100) / 100;
    items[configId] = { productConfigId: cfg.productConfigId, mrp: cfg.mrp, sellRate: cfg.sellRate, enkashDiscount: cfg.enkashDiscount, savings, quantity: line.quantity, total };
    totalQuantity += line.quantity;
    totalAmount += total;
    totalSavings += savings;
  }
  return {
    id: cart.id,
    ekUserId: cart.ekUserId,
    productCatalogId: cart.productCatalogId,
    name: p.brand,
    logoUrl: p.images.LOGO_IMAGE,
    items,
    totalQuantity,
    totalAmount: Math.round(totalAmount * 100) / 100,
    totalSavings: Math.round(totalSavings * 100) / 100,
    termsAndCondition: p.termsAndCondition,
    productConfigs: p.configResponses,
    howToRedeem: p.howToRedeem,
  };
}

function productParam(url) {
  const p = url.searchParams.get('product');
  return p ? undefined : [400, rfail("Required request parameter 'product' is not present")];
}

export function getCart({ state, url, user }) {
  const bad = productParam(url);
  if (bad) return bad;
  const carts = [...state.carts.values()].filter((c) => c.ekUserId === user.ekUserId && c.product === url.searchParams.get('product'));
  return [200, rok(carts.map(cartView))];
}

function checkItems(p, items, allowZero) {
  if (!items || typeof items !== 'object' || Array.isArray(items) || Object.keys(items).length === 0) return 'items must be a non-empty object';
  for (const [configId, line] of Object.entries(items)) {
    if (!p.configResponses.some((c) => String(c.productConfigId) === configId)) return `Unknown productConfigId ${configId}`;
    if (!Number.isInteger(line?.quantity) || line.quantity < (allowZero ? 0 : 1)) return `Invalid quantity for ${configId}`;
  }
  return undefined;
}

export function addToCart({ state, url, body: b, user }) {
  const bad = productParam(url);
  if (bad) return bad;
  const p = product(b?.productCatalogId);
  if (!p) return [404, rfail(`Product not found: ${b?.productCatalogId}`)];
  const problem = checkItems(p, b.items, false);
  if (problem) return [422, rfail(problem)];
  const productCode = url.searchParams.get('product');
  let cart = [...state.carts.values()].find((c) => c.ekUserId === user.ekUserId && c.product === productCode && String(c.productCatalogId) === String(p.productCatalogId));
  if (!cart) {
    cart = { id: state.nextCartId++, ekUserId: user.ekUserId, product: productCode, productCatalogId: p.productCatalogId, lines: {} };
    state.carts.set(cart.id, cart);
  }
  for (const [configId, line] of Object.entries(b.items)) {
    cart.lines[configId] = { quantity: (cart.lines[configId]?.quantity ?? 0) + line.quantity, description: line.description };
  }
  return [200, rok(cartView(cart))];
}

export function updateCart({ state, url, body: b, user }) {
  const bad = productParam(url);
  if (bad) return bad;
  const cart = state.carts.get(b?.cartId);
  if (!cart || cart.ekUserId !== user.ekUserId) return [404, rfail(`Cart not found: ${b?.cartId}`)];
  const problem = checkItems(product(cart.productCatalogId), b.items, true);
  if (problem) return [422, rfail(problem)];
  for (const [configId, line] of Object.entries(b.items)) {
    if (line.quantity === 0) delete cart.lines[configId];
    else cart.lines[configId] = { quantity: line.quantity, description: line.description };
  }
  return [200, rok(cartView(cart))];
}

export function searchCatalog({ url, body: b }) {
  const term = (v) => String(v ?? '').toLowerCase();
  const all = CATALOG.filter((p) => !b?.brand || term(p.brand).includes(term(b.brand)))
    .filter((p) => !b?.category || p.category.some((c) => term(c) === term(b.category)));
  return [200, rok(page(all, paging(url)))];
}

export function productConfigs({ params }) {
  const p = product(params.id);
  return p ? [200, rok(p)] : [404, rfail(`Product not found: ${params.id}`)];
}

function orderSummary(o) {
  const { vouchers, ...rest } = o;
  return rest;
}

export function createOrder({ state, body: b, user }) {
  for (const f of ['denomination', 'orderReferenceId', 'productCatalogId', 'quantity']) {
    if (b?.[f] === undefined || b?.[f] === null || b?.[f] === '') return [400, fail(`${f} is mandatory`)];
  }
  const p = product(b.productCatalogId);
  if (!p) return [404, fail(`Product not found: ${b.productCatalogId}`)];
  const cfg = p.configResponses.find((c) => c.mrp === b.denomination);
  if (!cfg) return [422, fail(`Denomination ${b.denomination} is not available for ${p.brand}`)];
  if (!Number.isInteger(b.quantity) || b.quantity < 1 || b.quantity > cfg.maxQuantity) return [422, fail(`quantity must be from 1 to ${cfg.maxQuantity}`)];
  if ([...state.orders.values()].some((o) => o.partnerOrderReferenceId === b.orderReferenceId)) return [200, fail('Order reference id already exists')];
  const card = state.cards.get(user.enKashCardId);
  const cost = Math.round(cfg.sellRate * 100) * b.quantity;
  if (!card || card.balance < cost) return [200, fail('Insufficient balance')];
  card.balance -= cost;
  const account = state.accounts.get(card.cardAccountId);
  if (account) account.redeemed += cost;
  const order = {
    orderId: id('ORD', 10),
    ekUserId: user.ekUserId,
    productCatalogId: p.productCatalogId,
    brand: p.brand,
    category: p.category,
    denomination: b.denomination,
    paymentStatus: 'SUCCESS',
    orderStatus: 'COMPLETED',
    totalQuantity: b.quantity,
    totalAmount: b.denomination * b.quantity,
    orderAmount: rupees(cost),
    paidAmount: rupees(cost),
    partnerOrderReferenceId: b.orderReferenceId,
    createdOn: portalDate(),
    createdAt: Date.now(),
    vouchers: Array.from({ length: b.quantity }, () => ({ cardNumber: digits(16), pin: digits(6), expiryDate: '2027-12-31' })),
  };
  state.orders.set(order.orderId, order);
  return [200, ok(orderSummary(order))];
}

export function searchOrders({ state, url, body: b, user }) {
  const from = b?.createdOnFrom ? Date.parse(b.createdOnFrom) : -Infinity;
  const to = b?.createdOnTo ? Date.parse(b.createdOnTo) : Infinity;
  const all = [...state.orders.values()]
    .filter((o) => o.ekUserId === user.ekUserId)
    .filter((o) => !b?.brand?.length || b.brand.includes(o.brand))
    .filter((o) => !b?.category?.length || o.category.some((c) => b.category.includes(c)))
    .filter((o) => b?.amountFrom === undefined || o.totalAmount >= b.amountFrom)
    .filter((o) => b?.amountTo === undefined || o.totalAmount <= b.amountTo)
    .filter((o) => o.createdAt >= from && o.createdAt <= to)
    .sort((x, y) => (String(b?.direction).toUpperCase() === 'DESC' ? y.createdAt - x.createdAt : x.createdAt - y.createdAt))
    .map(orderSummary);
  return [200, ok(page(all, paging(url)))];
}

function orderInfo(state, orderId, user) {
  const o = state.orders.get(String(orderId));
  if (!o || o.ekUserId !== user.ekUserId) return [404, fail(`Order not found: ${orderId}`)];
  const { vouchers, ...rest } = o;
  return [200, ok({ ...rest, voucherDetailsList: vouchers })];
}

export const fetchOrderInfo = ({ state, body: b, user }) => (b?.orderId ? orderInfo(state, b.orderId, user) : [400, fail('orderId is mandatory')]);
export const fetchOrderInfoLegacy = ({ state, params, user }) => orderInfo(state, params.id, user);
