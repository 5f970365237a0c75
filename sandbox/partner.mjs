// Partner routes: allocation (single, bulk, incentive), account reads, transactions, SSO, coins.
// Each handler takes the request context and returns [status, body].
import { randomBytes } from 'node:crypto';
import { ACCOUNTS, DUPLICATE_REFERENCE, EMAIL, MOBILE, fail, historyPlan, id, ok, page, paging, portalDate, rfail, rok, rupees, toPaise } from './data.mjs';

export function findAccount(state, companyId, cardAccountId) {
  const a = state.accounts.get(cardAccountId);
  return a && a.companyId === companyId ? a : undefined;
}

const notFound = (companyId, cardAccountId) => [404, fail(`Card account not found for companyId: ${companyId} and cardAccountId: ${cardAccountId}`)];

function findCard(state, account, { enkashCardId, enKashCardId, email, mobile }) {
  const cardId = enkashCardId || enKashCardId;
  if (cardId) {
    const c = state.cards.get(cardId);
    return c && c.cardAccountId === account.cardAccountId ? c : undefined;
  }
  return state.cardIndex.get(`${account.cardAccountId}|${email}|${mobile}`);
}

export function newCard(state, account, person, fixed = {}) {
  const card = {
    enKashCardId: fixed.enKashCardId ?? id('EKC', 7),
    userId: fixed.userId ?? id('EKI', 5),
    cardAccountId: account.cardAccountId,
    companyId: account.companyId,
    companyName: account.companyName,
    email: person.email,
    mobile: person.mobile,
    title: person.title,
    firstName: person.firstName ?? person.name,
    gender: person.gender,
    balance: 0,
    rewards: 0,
    received: 0,
    createdOn: portalDate(fixed.createdAt === undefined ? undefined : new Date(fixed.createdAt)),
  };
  state.cards.set(card.enKashCardId, card);
  state.cardIndex.set(`${account.cardAccountId}|${card.email}|${card.mobile}`, card);
  return card;
}

export function cardSummary(card) {
  return {
    enKashCardId: card.enKashCardId,
    userId: card.userId,
    cardAccountId: card.cardAccountId,
    expiryMonth: '06',
    expiryYear: '2031',
    email: card.email,
    mobile: card.mobile,
    title: card.title,
    firstName: card.firstName,
    gender: card.gender,
    otbBalance: rupees(card.balance),
    cardStatus: { name: 'UL', label: 'UnLocked' },
    companyId: card.companyId,
    createdOn: card.createdOn,
  };
}

function cardPayload(card, account, entry) {
  return {
    ...cardSummary(card),
    token: randomBytes(10).toString('hex'),
    maskedNumber: `XXXX XXXX XXXX ${card.mobile ? card.mobile.slice(-4) : '0000'}`,
    primaryCard: false,
    prepaidCard: true,
    modifiedOn: portalDate(),
    kycStatus: { name: 'VERIFIED', label: 'Verified' },
    binType: { name: 'REWARD', label: 'Reward Card' },
    accountType: { name: 'EMPLOYEE_REWARDS', label: 'Employee Rewards', description: 'Reward' },
    loadAmount: rupees(entry.amount),
    companyName: account.companyName,
    accountBalance: rupees(account.balance),
    enkashCardTxnId: entry.txnId,
    pgReferenceNumber: entry.reference,
    totalRewardsReceived: card.rewards,
    rewardPointsReceived: rupees(card.received),
  };
}

function record(state, account, card, reference, amount, type, kind, at = Date.now(), txnId = id('ECT', 10)) {
  const entry = { reference, txnId, amount, type, kind, enKashCardId: card.enKashCardId, cardAccountId: account.cardAccountId, at };
  state.ledger.set(reference, entry);
  if (type === 'CR') account.allocated += amount;
  else account.allocated -= amount;
  return entry;
}

export function createAllocate(ctx, kind = 'reward') {
  const { state, body: b } = ctx;
  state.counts.createAllocate++;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return [400, fail('Request body must be an object')];
  const byCard = typeof b.enkashCardId === 'string' && b.enkashCardId !== '';
  const mandatory = ['companyId', 'cardAccountId', 'transactionCode', 'transactionType', 'type', 'loadAmount', 'uniqueReferenceNumber'];
  if (!byCard) mandatory.push('email', 'mobile', 'title', 'firstName', 'gender');
  for (const f of mandatory) {
    if (b[f] === undefined || b[f] === null || b[f] === '') return [400, fail(`${f} is mandatory`)];
  }
  const pairs = { CR: 'ALLOCATE_POINT', DR: 'UNALLOCATE_POINT' };
  if (b.transactionCode !== 'ALLOCATION' || pairs[b.transactionType] !== b.type) return [422, fail('Invalid transactionCode, transactionType or type')];
  if (!byCard && (!EMAIL.test(b.email) || !MOBILE.test(b.mobile) || !['Mr', 'Mrs', 'Ms'].includes(b.title) || !['M', 'F'].includes(b.gender))) {
    return [422, fail('Invalid email, mobile, title or gender')];
  }
  const amount = toPaise(b.loadAmount);
  if (amount === undefined) return [422, fail('Invalid loadAmount')];
  const account = findAccount(state, b.companyId, b.cardAccountId);
  if (!account) return notFound(b.companyId, b.cardAccountId);
  if (state.ledger.has(b.uniqueReferenceNumber)) return [200, fail(DUPLICATE_REFERENCE)];
  let card = findCard(state, account, b);
  if (b.transactionType === 'CR') {
    if (byCard && !card) return [404, fail(`Card not found: ${b.enkashCardId}`)];
    if (account.balance < amount) return [200, rfail('Insufficient balance in card account')];
    card ??= newCard(state, account, b);
    account.balance -= amount;
    card.balance += amount;
    card.rewards += 1;
    card.received += amount;
  } else {
    if (!card) return [404, fail('Card not found for unallocation')];
    if (card.balance < amount) return [200, rfail('Insufficient balance in card')];
    card.balance -= amount;
    account.balance += amount;
  }
  const entry = record(state, account, card, b.uniqueReferenceNumber, amount, b.transactionType, kind);
  return [200, ok(cardPayload(card, account, entry))];
}

export function bulk(ctx) {
  const { state, url, body: rows } = ctx;
  state.counts.bulk++;
  const q = url.searchParams;
  for (const f of ['companyId', 'cardAccountId', 'isPointsAllocation']) {
    if (!q.get(f)) return [400, fail(`Required request parameter '${f}' is not present`)];
  }
  const account = findAccount(state, q.get('companyId'), q.get('cardAccountId'));
  if (!account) {
    if (state.accounts.has(q.get('cardAccountId'))) return [422, fail('Card Account does not exist for this partner')];
    return notFound(q.get('companyId'), q.get('cardAccountId'));
  }
  if (account.noPrimaryCard) return [422, fail('Primary Enkash card is not present. So bulk upload cannot be done')];
  if (account.kycPending) return [422, fail('KYC is not uploaded or under review for the primary card. So bulk upload cannot be done')];
  if (account.binUnmapped) return [422, fail('Bin Type is not mapped on PlanMaster')];
  if (!Array.isArray(rows)) return [400, fail('Request body must be an array')];
  const pointsAllocation = q.get('isPointsAllocation') === 'true';
  const successes = [];
  const failures = [];
  for (const row of rows) {
    const echo = { email: row?.email, name: row?.name, mobile: row?.mobile, title: row?.title, loadAmount: row?.loadAmount, companyId: account.companyId, cardAccountId: account.cardAccountId };
    const refuse = (reason) => failures.push({ ...echo, ...(row?.uniqueReferenceNumber ? { uniqueReferenceNumber: row.uniqueReferenceNumber } : {}), failureReason: reason });
    const amount = toPaise(row?.loadAmount);
    if (!row || typeof row !== 'object' || !row.name || !EMAIL.test(row.email ?? '') || !MOBILE.test(row.mobile ?? '') || amount === undefined) {
      refuse('Invalid name, email, mobile or loadAmount');
      continue;
    }
    const reference = row.uniqueReferenceNumber || `AUTO-${id('', 12)}`;
    if (state.ledger.has(reference)) {
      refuse(DUPLICATE_REFERENCE);
      continue;
    }
    let card = findCard(state, account, row);
    if (card && !pointsAllocation) {
      refuse('User already exists');
      continue;
    }
    if (account.balance < amount) {
      refuse('Insufficient balance in card account');
      continue;
    }
    card ??= newCard(state, account, row);
    account.balance -= amount;
    card.balance += amount;
    card.rewards += 1;
    card.received += amount;
    const entry = record(state, account, card, reference, amount, 'CR', 'reward');
    // As in the portal's sample, success items carry no uniqueReferenceNumber.
    successes.push({ ...echo, enkashCardId: card.enKashCardId, userId: card.userId, accountBalance: rupees(account.balance), enkashCardTxnId: entry.txnId, otbBalance: rupees(card.balance) });
  }
  // Fault modes (test control): leave some applied rows out of the answer, or lose the
  // whole answer after applying it (the worst case: money moved, answer lost).
  const answered = state.bulkOmitShare > 0 ? successes.filter(() => state.random() >= state.bulkOmitShare) : successes;
  state.counts.bulkOmitted += successes.length - answered.length;
  if (state.bulkLoseShare > 0 && state.random() < state.bulkLoseShare) {
    state.counts.bulkLost++;
    return state.random() < 0.5 ? [502, '<html><body>502 Bad Gateway</body></html>'] : [200, '{"code":0,"message":"Success","payload":{"successBulkEnKa'];
  }
  return [200, ok({ successBulkEnKashCardCreateDTOs: answered, failureBulkEnKashCardCreateDTOs: failures, successCount: answered.length, failureCount: failures.length, totalCount: rows.length })];
}

/**
 * Seeds a reward account (`options.cardAccountId`, default the first seeded account) with
 * the history of `historyPlan(options)`: a card per person and their credits and debits at
 * past dates, with the balances they imply. The company is taken to have loaded what the
 * history paid out, so the account's available balance stays as seeded.
 */
export function seedHistory(state, options, now = Date.now()) {
  const account = state.accounts.get(options.cardAccountId ?? ACCOUNTS[0].cardAccountId);
  if (!account) throw new RangeError(`history: no seeded account ${options.cardAccountId}`);
  const { people, transactions } = historyPlan(options, now);
  const cards = people.map((p) => newCard(state, account, p, p));
  for (const t of transactions) {
    const card = cards[t.person];
    if (t.type === 'CR') {
      card.balance += t.amount;
      card.rewards += 1;
      card.received += t.amount;
    } else {
      card.balance -= t.amount;
    }
    record(state, account, card, t.reference, t.amount, t.type, t.kind, t.at, t.txnId);
  }
}

const missing = (b, fields) => fields.find((f) => b?.[f] === undefined || b?.[f] === null || b?.[f] === '');

/** Net points allocated (credits less debits) since the start of this month, in paise. */
function monthAllocated(state, account) {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  start.setDate(1);
  let sum = 0;
  for (const e of state.ledger.values()) {
    if (e.cardAccountId === account.cardAccountId && e.at >= start.getTime()) sum += e.type === 'CR' ? e.amount : -e.amount;
  }
  return sum;
}

export function accountDetails({ state, body: b }) {
  const m = missing(b, ['cardAccountId', 'companyId']);
  if (m) return [400, rfail(`${m} is mandatory`)];
  const account = findAccount(state, b.companyId, b.cardAccountId);
  if (!account) return notFound(b.companyId, b.cardAccountId);
  const cards = [...state.cards.values()].filter((c) => c.cardAccountId === account.cardAccountId);
  return [200, rok({
    availableBalance: rupees(account.balance),
    totalCards: cards.length,
    activeCards: cards.length,
    companyName: account.companyName,
    companyId: account.companyId,
    cardAccountId: account.cardAccountId,
    totalAllocationPoint: rupees(account.allocated),
    totalRedemptionPoint: rupees(account.redeemed),
    currentMonthAllocationPoint: rupees(monthAllocated(state, account)),
    currentMonthRedemptionPoint: rupees(account.redeemed),
    creditLimit: 0,
    dynamicLimit: 0,
    usedCreditLimit: 0,
    availableCardBalance: rupees(cards.reduce((s, c) => s + c.balance, 0)),
    primaryEnKashCard: { enKashCardId: `${account.cardAccountId}-PRIMARY`, primaryCard: true, companyId: account.companyId, cardAccountId: account.cardAccountId },
  })];
}

export function userSearch({ state, url, body: b }, cardRequired = false) {
  const m = missing(b, cardRequired ? ['companyId', 'cardAccountId', 'enKashCardId'] : ['companyId', 'cardAccountId']);
  if (m) return [400, fail(`${m} is mandatory`)];
  const account = findAccount(state, b.companyId, b.cardAccountId);
  if (!account) return notFound(b.companyId, b.cardAccountId);
  const cards = [...state.cards.values()].filter((c) => c.cardAccountId === account.cardAccountId && (!b.enKashCardId || c.enKashCardId === b.enKashCardId));
  // Paged when the query asks (`limit`/`offset`, as the other searches); every card otherwise.
  const paged = url.searchParams.has('limit') || url.searchParams.has('offset');
  return [200, ok(paged ? page(cards.map(cardSummary), paging(url)) : { recordsCount: cards.length, data: cards.map(cardSummary) })];
}

/**
 * A transaction search date (SPEC: ISO date-time), as ms since the epoch: a date-time without
 * an offset is local time; a bare date is the start of that day, or its end when `end`.
 * A whole second ends at its last millisecond. `undefined` when absent, NaN when unreadable.
 */
export function searchDate(text, end) {
  if (text === undefined || text === null || text === '') return undefined;
  if (typeof text !== 'string') return NaN;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const [y, mo, d] = date.slice(1).map(Number);
    const start = new Date(y, mo - 1, d);
    if (start.getMonth() !== mo - 1 || start.getDate() !== d) return NaN;
    return end ? new Date(y, mo - 1, d + 1).getTime() - 1 : start.getTime();
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/.test(text)) return NaN;
  const at = Date.parse(text);
  return end && !/\.\d/.test(text) ? at + 999 : at;
}

export function transactions({ state, url, body: b }) {
  const m = missing(b, ['companyId', 'cardAccountId', 'enKashCardId']);
  if (m) return [400, fail(`${m} is mandatory`)];
  const account = findAccount(state, b.companyId, b.cardAccountId);
  if (!account) return notFound(b.companyId, b.cardAccountId);
  const from = searchDate(b.txnDateFrom, false);
  const to = searchDate(b.txnDateTo, true);
  if (Number.isNaN(from)) return [400, fail('txnDateFrom must be an ISO date-time (yyyy-MM-ddTHH:mm:ss)')];
  if (Number.isNaN(to)) return [400, fail('txnDateTo must be an ISO date-time (yyyy-MM-ddTHH:mm:ss)')];
  if (b.cardTransactionType !== undefined && b.cardTransactionType !== null && !['CR', 'DR'].includes(b.cardTransactionType)) return [400, fail('cardTransactionType must be CR or DR')];
  const all = [...state.ledger.values()]
    .filter((e) => e.cardAccountId === account.cardAccountId && e.enKashCardId === b.enKashCardId)
    .filter((e) => !b.pgReferenceNumber || e.reference === b.pgReferenceNumber)
    .filter((e) => !b.pgReferenceNumbers?.length || b.pgReferenceNumbers.includes(e.reference))
    .filter((e) => !b.enKashTransactionId || e.txnId === b.enKashTransactionId)
    .filter((e) => !b.enKashTransactionIds?.length || b.enKashTransactionIds.includes(e.txnId))
    .filter((e) => !b.cardTransactionType || e.type === b.cardTransactionType)
    .filter((e) => b.amountFrom === undefined || b.amountFrom === null || rupees(e.amount) >= b.amountFrom)
    .filter((e) => b.amountTo === undefined || b.amountTo === null || rupees(e.amount) <= b.amountTo)
    .filter((e) => (from === undefined || e.at >= from) && (to === undefined || e.at <= to))
    .filter((e) => !b.status || b.status === 'SUCCESS')
    .filter((e) => !b.userId || state.cards.get(e.enKashCardId)?.userId === b.userId)
    .filter((e) => !b.cardHolderName || state.cards.get(e.enKashCardId)?.firstName === b.cardHolderName)
    .filter((e) => !b.companyName || account.companyName === b.companyName)
    .sort((x, y) => y.at - x.at) // newest first, as a list of recent transactions
    .map((e) => {
      const card = state.cards.get(e.enKashCardId);
      return {
        enKashTransactionId: e.txnId,
        pgReferenceNumber: e.reference,
        amount: rupees(e.amount),
        cardTransactionType: e.type,
        status: 'SUCCESS',
        enKashCardId: e.enKashCardId,
        userId: card?.userId,
        cardHolderName: card?.firstName,
        companyName: account.companyName,
        createdOn: portalDate(new Date(e.at)),
        transactionKind: e.kind,
      };
    });
  return [200, ok(page(all, paging(url)))];
}

export function ssoToken({ state, body: b }) {
  const m = missing(b, ['cardAccountId', 'companyId', 'enkashCardId']);
  if (m) return [400, fail(`${m} is mandatory`)];
  const account = findAccount(state, b.companyId, b.cardAccountId);
  if (!account) return notFound(b.companyId, b.cardAccountId);
  const card = state.cards.get(b.enkashCardId);
  if (!card || card.cardAccountId !== account.cardAccountId) return [404, fail(`Card not found: ${b.enkashCardId}`)];
  const token = randomBytes(16).toString('hex');
  state.ssoTokens.set(token, card.enKashCardId);
  return [200, ok({ access_token: token, token_type: 'bearer', expires_in: 300 })];
}

// Coins ---------------------------------------------------------------------------------

export function createCoinEvent({ state, body: b }) {
  const m = missing(b, ['configuration', 'companyId', 'event', 'amount']);
  if (m) return [400, rfail(`${m} is mandatory`)];
  if (!Number.isInteger(b.amount) || b.amount <= 0) return [422, rfail('amount must be a positive integer')];
  const event = { coinConfigId: state.nextCoinConfigId++, configuration: b.configuration, companyId: b.companyId, event: b.event, amount: b.amount };
  state.coinEvents.set(String(event.coinConfigId), event);
  return [200, rok(event)];
}

export function getCoinEvent({ state, params }) {
  const event = state.coinEvents.get(params.id);
  return event ? [200, rok(event)] : [404, rfail(`Coin configuration not found: ${params.id}`)];
}

export function updateCoinEvent({ state, params, body: b }) {
  const event = state.coinEvents.get(params.id);
  if (!event) return [404, rfail(`Coin configuration not found: ${params.id}`)];
  if (b?.amount !== undefined && (!Number.isInteger(b.amount) || b.amount <= 0)) return [422, rfail('amount must be a positive integer')];
  for (const k of ['amount', 'configuration', 'companyId', 'event']) if (b?.[k] !== undefined) event[k] = b[k];
  return [200, rok({ coinConfigId: event.coinConfigId, configuration: event.configuration, event: event.event, amount: event.amount })];
}

export function allocateCoins({ state, body: b }) {
  const m = missing(b, ['companyId', 'event', 'requestId', 'userId']);
  if (m) return [400, rfail(`${m} is mandatory`)];
  const config = [...state.coinEvents.values()].reverse().find((e) => e.companyId === b.companyId && e.event === b.event);
  if (!config) return [200, rfail(`No coin configuration for event ${b.event}`)];
  if (state.coinRequests.has(b.requestId)) return [200, rok(`Coins already allocated for requestId ${b.requestId}`)];
  state.coinRequests.set(b.requestId, { userId: String(b.userId), amount: config.amount });
  state.coinBalances.set(String(b.userId), (state.coinBalances.get(String(b.userId)) ?? 0) + config.amount);
  return [200, rok(`Allocated ${config.amount} coins to user ${b.userId}`)];
}

export function coinBalance({ state, url }) {
  const userId = url.searchParams.get('userId');
  if (!userId) return [400, rfail("Required request parameter 'userId' is not present")];
  return [200, rok(state.coinBalances.get(userId) ?? 0)];
}
