// The cards of the reward account: a paged table, searched by email or mobile.
import type { Card } from 'enkash-rewards';
import type { App } from './main';
import { h, inr } from './ui';
import { pagedTable } from './pager';
import { cardIdOf, loadCards } from './sdk';

/** Whether `card` matches the search text: part of the email, or digits of the mobile. */
export function matches(card: Card, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) return true;
  if ((card.email ?? '').toLowerCase().includes(q)) return true;
  const digits = q.replace(/[\s+-]/g, '').replace(/^(91|0)(?=\d{10}$)/, '');
  return /^\d+$/.test(digits) && (card.mobile ?? '').includes(digits);
}

export function cardsPage(app: App): HTMLElement {
  // One answer holds every card (see sdk.ts): fetched once, then paged and searched here.
  let all: Promise<Card[]> | undefined;
  const cards = () => (all ??= loadCards(app).catch((e) => ((all = undefined), Promise.reject(e))));
  const search = h('input', { id: 'card-search', type: 'search', 'data-testid': 'card-search', placeholder: 'name@company.com or 98…', autocomplete: 'off' });

  const table = pagedTable<Card>({
    id: 'cards',
    caption: 'Cards of the reward account',
    empty: 'No card matches.',
    columns: [
      { label: 'Name', cell: (c) => [c.title, c.firstName].filter(Boolean).join(' ') || '–' },
      { label: 'Email', cell: (c) => c.email ?? '–' },
      { label: 'Mobile', cell: (c) => c.mobile ?? '–' },
      { label: 'Card', cell: (c) => h('code', {}, cardIdOf(c) || '–') },
      { label: 'Balance', cell: (c) => inr(c.otbBalance), className: 'num' },
      { label: 'Created', cell: (c) => c.createdOn ?? '–' },
    ],
    rowAttrs: (c) => ({ 'data-card': cardIdOf(c) }),
    load: async (offset, pageSize) => {
      const found = (await cards()).filter((c) => matches(c, search.value));
      return { rows: found.slice(offset, offset + pageSize), total: found.length };
    },
  });

  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(table.reload, 200);
  });
  return h(
    'div',
    { 'data-testid': 'cards-view' },
    h('h2', {}, 'Cards'),
    h('div', { class: 'row' }, h('label', { for: 'card-search' }, 'Search by email or mobile'), h('div', { class: 'grow' }, search)),
    table.element,
  );
}
