// What the types promise and refuse, checked by `tsc --strict`: every @ts-expect-error line
// must be an error (tsc fails on an unused one), every other line must compile.
import {
  EnKashClient,
  RedemptionClient,
  validateAllocation,
  validateBulkRows,
  parsePortalDate,
  parseRecipientsCsv,
  type AccountDetails,
  type AllocationRequest,
  type BulkResult,
  type BulkResultRow,
  type Card,
  type Cart,
  type ClientConfig,
  type FieldError,
  type IterateOptions,
  type PageRequest,
  type PrimaryCard,
  type RowOutcome,
  type SsoRequest,
  type Transaction,
  type TransactionFilter,
} from 'enkash-rewards';

// Validators and parsers take untrusted input as it comes.
const formValues: unknown = JSON.parse('{"companyId": "C"}');
export const problems: FieldError[] = [
  ...validateAllocation({}),
  ...validateAllocation(formValues),
  ...validateBulkRows(formValues),
  ...validateBulkRows([{ name: 'no email' }]),
];
export const when: string | undefined = parsePortalDate(formValues);
export const parsed = parseRecipientsCsv(formValues as unknown);

// Results: the fields the API guarantees are required, the SDK's spellings only, unknown fields in `extra`.
export function results(card: Card, bulk: BulkResult, row: BulkResultRow, outcome: RowOutcome, account: AccountDetails, cart: Cart, txn: Transaction) {
  // A card requires only its id: a paid answer may leave out the echo fields.
  const id: string = card.enKashCardId;
  const user: string | undefined = card.userId;
  const cardAccount: string | undefined = card.cardAccountId;
  // @ts-expect-error: userId may be missing (a user search, an incentive top-up)
  const userRequired: string = card.userId;
  // @ts-expect-error: cardAccountId may be missing
  const cardAccountRequired: string = card.cardAccountId;
  const txnId: string | undefined = card.enKashTransactionId;
  const unknownFields: Record<string, unknown> = card.extra;
  // @ts-expect-error: the SDK spells the card id enKashCardId
  void card.enkashCardId;
  // @ts-expect-error: the SDK spells the transaction id enKashTransactionId
  void card.enkashCardTxnId;
  // @ts-expect-error: a field the SDK does not model is in card.extra, not on the card
  void card.somethingNew;
  // @ts-expect-error: otbBalance may be missing (a user search leaves it out)
  const balance: number = card.otbBalance;

  const available: number = account.availableBalance;
  const accountId: string = account.cardAccountId;
  const primary: PrimaryCard | undefined = account.primaryEnKashCard;
  const primaryId: string | undefined = primary?.enKashCardId;
  // @ts-expect-error: every primary card field is optional (seen only in examples)
  const primaryIdRequired: string = account.primaryEnKashCard!.enKashCardId;

  const paid: BulkResultRow[] = bulk.successBulkEnKashCardCreateDTOs;
  const refused: BulkResultRow[] = bulk.failureBulkEnKashCardCreateDTOs;
  const counts: number = bulk.successCount + bulk.failureCount + bulk.totalCount;
  const rowCard: string | undefined = row.enKashCardId;
  const rowTxn: string | undefined = row.enKashTransactionId;
  const rowExtra: Record<string, unknown> = row.extra;
  // @ts-expect-error: enKashCardId, as everywhere in the SDK
  void row.enkashCardId;

  const outcomeCard: string | undefined = outcome.enKashCardId;
  const outcomeTxn: string | undefined = outcome.enKashTransactionId;
  // @ts-expect-error: enKashCardId
  void outcome.enkashCardId;
  // @ts-expect-error: enKashTransactionId
  void outcome.transactionId;

  const cartUser: string | undefined = cart.userId;
  const cartId: string | number = cart.cartId;
  const catalog: string | number = cart.productCatalogId;
  // @ts-expect-error: the SDK spells the cart id cartId
  void cart.id;
  // @ts-expect-error: the SDK spells the user id userId
  void cart.ekUserId;
  const txnCard: string | undefined = txn.enKashCardId;

  return [userRequired, cardAccountRequired, primaryIdRequired, cartId, catalog, id, user, cardAccount, txnId, unknownFields, balance, available, accountId, primaryId, paid, refused, counts, rowCard, rowTxn, rowExtra, outcomeCard, outcomeTxn, cartUser, txnCard];
}

// Requests: the SDK's spelling of the card id.
const topUp: AllocationRequest = { companyId: 'C', cardAccountId: 'A', transactionType: 'CR', type: 'ALLOCATE_POINT', enKashCardId: 'EKC1', loadAmount: 1, uniqueReferenceNumber: 'R1' };
const sso: SsoRequest = { companyId: 'C', cardAccountId: 'A', enKashCardId: 'EKC1' };
// @ts-expect-error: enKashCardId (the wire's enkashCardId is accepted at run time, but not typed)
const ssoWire: SsoRequest = { companyId: 'C', cardAccountId: 'A', enkashCardId: 'EKC1' };
// @ts-expect-error: an unknown field in a request body
const typo: AllocationRequest = { ...topUp, emial: 'a@b.co' };

// Options: one paging vocabulary (pageSize, offset) and no unknown keys.
const page: PageRequest = { pageSize: 10, offset: 20 };
// @ts-expect-error: the SDK says pageSize
const limitPage: PageRequest = { limit: 10 };
const iterate: IterateOptions = { pageSize: 50, offset: 0, timeoutMs: 1000 };
// @ts-expect-error: the SDK says pageSize
const limitIterate: IterateOptions = { limit: 50 };

const withHooks: ClientConfig = { baseUrl: 'x', partnerId: 'p', accessToken: 't', hooks: { onRequest: (e) => console.log(e.method) } };
// @ts-expect-error: onRequest belongs inside hooks
const topLevelHook: ClientConfig = { baseUrl: 'x', partnerId: 'p', accessToken: 't', onRequest: () => {} };
// @ts-expect-error: hooks has onRequest, onResponse, onRetry, includeBodies
new EnKashClient({ baseUrl: 'x', partnerId: 'p', accessToken: 't', hooks: { onRequst: () => {} } });
// @ts-expect-error: RedemptionClient takes no partnerId
new RedemptionClient({ baseUrl: 'x', accessToken: 't', partnerId: 'p' });

export async function calls(client: EnKashClient, filter: TransactionFilter, signal: AbortSignal) {
  await client.getRewardTransactionDetails(filter, { pageSize: 10 }, { signal });
  // @ts-expect-error: the SDK says pageSize
  await client.getRewardTransactionDetails(filter, { limit: 10 });
  // @ts-expect-error: a call takes { signal, timeoutMs, maxRetries }
  await client.getRewardAccountDetails({ companyId: 'C', cardAccountId: 'A' }, { signal, timeout: 5 });
  for await (const t of client.iterateRewardTransactions(filter, { pageSize: 100, signal })) console.log(t.enKashTransactionId);
  // @ts-expect-error: the SDK says pageSize
  client.iterateRewardTransactions(filter, { limit: 100 });
  const run = { companyId: 'C', cardAccountId: 'A', isPointsAllocation: true } as const;
  await client.allocateRewards([], { ...run, runId: 'diwali', batchSize: 100, onProgress: (p) => console.log(p.done) });
  // @ts-expect-error: runId
  await client.allocateRewards([], { ...run, runID: 'diwali' });
  return [page, iterate, withHooks, sso, ssoWire, typo, limitPage, limitIterate, topLevelHook];
}
