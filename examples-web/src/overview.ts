// Reward account overview: balance, cards, this month's allocation and redemption, and the
// points allocated per day.
import type { App } from './main';
import { h, inr, explain, banner } from './ui';
import { allocationChart } from './chart';

export function overview(app: App): HTMLElement {
  const { client, config } = app;
  const cards = h('div', { class: 'cards' }, h('p', { class: 'muted' }, 'Loading…'));
  const section = h('div', { 'data-testid': 'overview' }, h('h2', {}, 'Reward account'), cards, allocationChart(app));
  const card = (label: string, value: string, id: string) => h('div', { class: 'card' }, h('div', { class: 'label' }, label), h('div', { class: 'value', 'data-testid': id }, value));
  client
    .getRewardAccountDetails({ companyId: config.companyId, cardAccountId: config.cardAccountId })
    .then((a) => {
      cards.replaceChildren(
        card('Available balance', inr(a.availableBalance), 'balance'),
        card('Cards', `${a.totalCards ?? '–'} (${a.activeCards ?? '–'} active)`, 'cards'),
        card('Allocated this month', inr(a.currentMonthAllocationPoint), 'month-allocated'),
        card('Redeemed this month', inr(a.currentMonthRedemptionPoint), 'month-redeemed'),
      );
    })
    .catch((e) => cards.replaceChildren(banner('error', explain(e))));
  return section;
}
