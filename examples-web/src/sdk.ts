// The reads behind the cards, transactions and chart views, and the one place that spells the
// SDK's paging words (`pageSize`/`offset`, of a page request and of an iterator alike) and its
// card id (`enKashCardId`). When those names change, only this file changes.
import type { Card, IterateOptions, PageRequest, Transaction, TransactionFilter } from 'enkash-rewards';
import type { App } from './main';

/** A card's id, as the SDK spells it. */
export const cardIdOf = (card: Card): string => card.enKashCardId ?? '';

/** A transaction's card id, as the SDK spells it. */
export const txnCardIdOf = (t: Transaction): string => t.enKashCardId ?? '';

/** The SDK's request for `pageSize` records from `offset`. */
export function pageRequest(pageSize: number, offset: number): PageRequest {
  return { pageSize, offset };
}

/** The SDK's iterator options: `pageSize` records per request. */
export function iterateOptions(pageSize: number, signal?: AbortSignal): IterateOptions {
  return { pageSize, signal };
}

/** What the transaction views narrow by (sent to the server as the search's filter). */
export interface TxnQuery {
  /** `CR` or `DR`; all when absent. */
  type?: 'CR' | 'DR';
  /** First day (yyyy-mm-dd), local time, from its start. */
  from?: string;
  /** Last day (yyyy-mm-dd), local time, to its end. */
  to?: string;
}

/** The transaction search's filter for one card (dates as ISO local date-times, as the API takes them). */
export function txnFilter({ config }: App, enKashCardId: string, q: TxnQuery): TransactionFilter {
  return {
    companyId: config.companyId,
    cardAccountId: config.cardAccountId,
    enKashCardId,
    cardTransactionType: q.type,
    txnDateFrom: q.from ? `${q.from}T00:00:00` : undefined,
    txnDateTo: q.to ? `${q.to}T23:59:59` : undefined,
  };
}

/**
 * Every card of the account. Get User Details has no paging in the SDK (one answer holds
 * every card), so the cards view pages and searches this list in the page.
 */
export async function loadCards({ client, config }: App, signal?: AbortSignal): Promise<Card[]> {
  const page = await client.getUserDetails({ companyId: config.companyId, cardAccountId: config.cardAccountId }, { signal });
  return page.data;
}

/** One page of one card's transactions, paged by the server (the SDK's page method). */
export async function cardTransactionsPage(app: App, enKashCardId: string, q: TxnQuery, pageSize: number, offset: number, signal?: AbortSignal): Promise<{ rows: Transaction[]; total: number | undefined }> {
  const page = await app.client.getRewardTransactionDetails(txnFilter(app, enKashCardId, q), pageRequest(pageSize, offset), { signal });
  return { rows: page.data, total: page.recordsCount };
}

/**
 * Every transaction of the account that matches `q`. The API searches one card at a time,
 * so this walks each card's transactions with the SDK's iterator (`pageSize` per request),
 * a few cards at once.
 */
export async function accountTransactions(app: App, cards: Card[], q: TxnQuery, signal?: AbortSignal): Promise<Transaction[]> {
  const ids = cards.map(cardIdOf).filter((id) => id !== '');
  const found: Transaction[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      for await (const t of app.client.iterateRewardTransactions(txnFilter(app, id, q), iterateOptions(100, signal))) found.push(t);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, ids.length) }, worker));
  return found;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * When a transaction happened. The answer's `createdOn` is the portal's text
 * ("Jun 20, 2024 2:56:47 PM", local time) or ISO; `undefined` when unreadable.
 */
export function when(t: Transaction): Date | undefined {
  const text = (t.createdOn ?? '').trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(text);
  if (iso) {
    const [y, mo, d, hh, mm, ss] = iso.slice(1).map(Number);
    return /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? new Date(text) : new Date(y, mo - 1, d, hh, mm, ss);
  }
  const portal = /^([A-Za-z]{3})[a-z]*\s+(\d{1,2}),\s*(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AP]M)$/i.exec(text);
  if (!portal) return undefined;
  const month = MONTHS.indexOf(portal[1].toLowerCase());
  if (month < 0) return undefined;
  const hour = (Number(portal[4]) % 12) + (portal[7].toUpperCase() === 'PM' ? 12 : 0);
  return new Date(Number(portal[3]), month, Number(portal[2]), hour, Number(portal[5]), Number(portal[6]));
}

/** yyyy-mm-dd of a local date. */
export function dayKey(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Newest first (ties by reference, newest-looking last), for a stable order across loads. */
export function newestFirst(a: Transaction, b: Transaction): number {
  const diff = (when(b)?.getTime() ?? 0) - (when(a)?.getTime() ?? 0);
  return diff !== 0 ? diff : (b.pgReferenceNumber ?? '').localeCompare(a.pgReferenceNumber ?? '');
}
