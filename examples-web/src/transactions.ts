// Recent transactions: newest first, paged, narrowed by type (credit/debit), date range and
// card. The filter goes to the server (the transaction search's own fields). One card's
// transactions are paged by the server; all cards' are gathered card by card with the SDK's
// iterator and paged here.
import type { Card, Transaction } from 'enkash-rewards';
import type { App } from './main';
import { h, inr, banner, explain } from './ui';
import { pagedTable, type PageOf } from './pager';
import { accountTransactions, cardIdOf, cardTransactionsPage, dayKey, loadCards, newestFirst, txnCardIdOf, when, type TxnQuery } from './sdk';

const TYPES: [string, string][] = [
  ['', 'Credits and debits'],
  ['CR', 'Credits (points allocated)'],
  ['DR', 'Debits (points taken back)'],
];

export const typeLabel = (t: Transaction) => (t.cardTransactionType === 'CR' ? 'Credit' : t.cardTransactionType === 'DR' ? 'Debit' : (t.cardTransactionType ?? '–'));

/** Local date and time of a transaction, yyyy-mm-dd hh:mm. */
export function shownDate(t: Transaction): string {
  const d = when(t);
  return d ? `${dayKey(d)} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}` : (t.createdOn ?? '–');
}

export function transactionsPage(app: App): HTMLElement {
  const type = h('select', { id: 'txn-type', 'data-testid': 'txn-type' }, ...TYPES.map(([v, l]) => h('option', { value: v }, l)));
  const from = h('input', { id: 'txn-from', type: 'date', 'data-testid': 'txn-from' });
  const to = h('input', { id: 'txn-to', type: 'date', 'data-testid': 'txn-to' });
  const card = h('select', { id: 'txn-card', 'data-testid': 'txn-card' }, h('option', { value: '' }, 'All cards'));
  const problem = h('div');
  const names = new Map<string, string>();
  let cards: Card[] = [];
  const ready = loadCards(app).then((list) => {
    cards = list;
    for (const c of list) {
      names.set(cardIdOf(c), c.firstName ?? c.email ?? '');
      card.append(h('option', { value: cardIdOf(c) }, `${c.firstName ?? ''} · ${c.email ?? cardIdOf(c)}`));
    }
  });

  // The filter applied last (the form's fields count once "Apply" is pressed).
  const read = () => ({ card: card.value, q: { type: (type.value || undefined) as TxnQuery['type'], from: from.value || undefined, to: to.value || undefined } as TxnQuery });
  let applied = read();
  // All cards: one walk per filter, kept while paging through it.
  let gathered: { key: string; rows: Promise<Transaction[]> } | undefined;
  const allCards = (q: TxnQuery): Promise<Transaction[]> => {
    const key = JSON.stringify(q);
    if (gathered?.key !== key) gathered = { key, rows: accountTransactions(app, cards, q).then((rows) => rows.sort(newestFirst)) };
    return gathered.rows;
  };

  const table = pagedTable<Transaction>({
    id: 'txns',
    caption: 'Transactions, newest first',
    empty: 'No transaction matches.',
    columns: [
      { label: 'Date', cell: shownDate },
      { label: 'Card holder', cell: (t) => t.cardHolderName ?? names.get(txnCardIdOf(t)) ?? '–' },
      { label: 'Card', cell: (t) => h('code', {}, txnCardIdOf(t) || '–') },
      { label: 'Type', cell: typeLabel },
      { label: 'Points', cell: (t) => inr(t.amount), className: 'num' },
      { label: 'Reference', cell: (t) => t.pgReferenceNumber ?? '–' },
      { label: 'Status', cell: (t) => t.status ?? '–' },
    ],
    rowAttrs: (t) => ({ 'data-reference': t.pgReferenceNumber ?? '' }),
    load: async (offset, pageSize, signal): Promise<PageOf<Transaction>> => {
      await ready;
      const { card: one, q } = applied;
      if (one) return cardTransactionsPage(app, one, q, pageSize, offset, signal);
      const rows = await allCards(q);
      return { rows: rows.slice(offset, offset + pageSize), total: rows.length };
    },
  });
  ready.catch((e) => problem.replaceChildren(banner('error', explain(e))));

  const apply = h('button', { type: 'submit', 'data-testid': 'txn-apply' }, 'Apply');
  const form = h(
    'form',
    {
      class: 'filters',
      'data-testid': 'txn-filters',
      onsubmit: (e: Event) => {
        e.preventDefault();
        if (from.value && to.value && from.value > to.value) {
          problem.replaceChildren(banner('error', 'The range starts after it ends: pick a "from" day on or before the "to" day.'));
          return;
        }
        problem.replaceChildren();
        applied = read();
        table.reload();
      },
    },
    h('label', {}, 'Type ', type),
    h('label', {}, 'From ', from),
    h('label', {}, 'To ', to),
    h('label', {}, 'Card ', card),
    apply,
  );
  return h('div', { 'data-testid': 'transactions-view' }, h('h2', {}, 'Transactions'), form, problem, table.element);
}
