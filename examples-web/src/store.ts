// An employee's voucher store: catalog, denominations, cart, order, and order info with the
// voucher PIN hidden until asked for.
import type { Cart, Product } from 'enkash-rewards';
import type { App } from './main';
import { h, inr, explain, banner } from './ui';

export function storePage({ store }: App): HTMLElement {
  const catalog = h('div', { class: 'products', 'data-testid': 'catalog' }, h('p', { class: 'muted' }, 'Loading the catalog…'));
  const detail = h('div', { 'data-testid': 'product' });
  const cartBox = h('div', { 'data-testid': 'cart' });
  const orderBox = h('div', { 'data-testid': 'order' });
  const fail = (where: HTMLElement) => (e: unknown) => where.replaceChildren(banner('error', explain(e)));
  let carts: Cart[] = [];

  const renderCart = async () => {
    carts = (await store.getCart({ product: 'VOUCHER' })).filter((c) => (c.totalQuantity ?? 0) > 0);
    if (!carts.length) {
      cartBox.replaceChildren(h('p', { class: 'muted' }, 'The cart is empty.'));
      return;
    }
    const lines = carts.flatMap((c) => Object.values(c.items ?? {}).map((i) => ({ cart: c, item: i })));
    const order = h('button', { 'data-testid': 'place-order', onclick: () => placeOrder().catch(fail(orderBox)) }, 'Place order');
    cartBox.replaceChildren(
      h('h2', {}, 'Cart'),
      h('table', {}, h('tr', {}, h('th', {}, 'Product'), h('th', {}, 'Value'), h('th', {}, 'Qty'), h('th', {}, 'You pay')), ...lines.map(({ cart, item }) => h('tr', {}, h('td', {}, cart.name ?? ''), h('td', {}, inr(item.mrp)), h('td', { 'data-testid': 'cart-qty' }, String(item.quantity)), h('td', {}, inr(item.total))))),
      h('p', {}, `Total ${inr(carts.reduce((s, c) => s + (c.totalAmount ?? 0), 0))}, you save ${inr(carts.reduce((s, c) => s + (c.totalSavings ?? 0), 0))}.`),
      order,
    );
  };

  const placeOrder = async () => {
    orderBox.replaceChildren(h('p', { class: 'muted' }, 'Placing the order…'));
    const placed = [];
    for (const cart of carts) {
      for (const item of Object.values(cart.items ?? {})) {
        // One order per denomination; the reference makes a repeated click harmless.
        const order = await store.createOrder({ denomination: item.mrp ?? 0, orderReferenceId: `WEB-${cart.cartId}-${item.productConfigId}-${Date.now()}`, productCatalogId: cart.productCatalogId ?? '', quantity: item.quantity ?? 1 });
        placed.push(order);
        await store.updateCart({ product: 'VOUCHER', cartId: Number(cart.cartId), items: { [String(item.productConfigId)]: { quantity: 0 } } });
      }
    }
    const infos = await Promise.all(placed.map((o) => store.fetchOrderInfo(o.orderId ?? '')));
    orderBox.replaceChildren(
      h('h2', {}, 'Your vouchers'),
      ...infos.flatMap((info) =>
        (info.voucherDetailsList ?? []).map((v) => {
          const pin = h('code', { 'data-testid': 'voucher-pin' }, '••••••');
          const reveal = h('button', { class: 'secondary', 'data-testid': 'show-pin', onclick: () => { pin.textContent = v.pin ?? ''; reveal.remove(); } }, 'Show PIN');
          const last4 = (v.cardNumber ?? '').slice(-4);
          return h('div', { class: 'card' }, h('div', { class: 'label' }, `Order ${info.orderId} · ${info.orderStatus}`), h('div', {}, `Card ending ${last4} · PIN `, pin, ' ', reveal), h('div', { class: 'muted' }, `Valid until ${v.expiryDate ?? '–'}`));
        }),
      ),
    );
    await renderCart();
  };

  const open = async (p: Product) => {
    const full = await store.getProductConfigs(String(p.productCatalogId));
    detail.replaceChildren(
      h('h2', {}, `${full.brand} vouchers`),
      h('p', { class: 'muted' }, full.description ?? ''),
      h(
        'div',
        { class: 'row' },
        ...(full.configResponses ?? []).map((c) =>
          h(
            'button',
            {
              class: 'secondary',
              'data-testid': `add-${c.mrp}`,
              onclick: () =>
                store
                  .addToCart({ product: 'VOUCHER', productCatalogId: full.productCatalogId ?? '', items: { [String(c.productConfigId)]: { quantity: 1 } } })
                  .then(renderCart)
                  .catch(fail(cartBox)),
            },
            `Add ${inr(c.mrp)} (pay ${inr(c.sellRate)})`,
          ),
        ),
      ),
    );
  };

  store
    .searchCatalog({})
    .then((page) => {
      catalog.replaceChildren(
        ...page.data.map((p) =>
          h('div', { class: 'card' }, h('div', { class: 'value' }, p.brand ?? ''), h('div', { class: 'label' }, `${p.discount ?? 0}% off`), h('button', { 'data-testid': `product-${p.productCatalogId}`, onclick: () => open(p).catch(fail(detail)) }, 'Choose')),
        ),
      );
    })
    .catch(fail(catalog));
  renderCart().catch(fail(cartBox));
  return h('div', {}, h('h2', {}, 'Voucher store (as employee@sandbox.test)'), catalog, detail, cartBox, orderBox);
}
