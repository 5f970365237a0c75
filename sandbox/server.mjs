#!/usr/bin/env node
// EnKash Reward API sandbox: a stateful local server that speaks the wire contract of
// ../shared/enkash-api/SPEC.md (token, create-allocate-points, bulk). Written from the spec
// alone, independently of the SDK, so that a wrong field name in the SDK fails a test.
//
//   node sandbox/server.mjs [--port 8787] [--host 127.0.0.1] [--token-ttl 300]
//
// Test control (not part of EnKash's API): GET /__sandbox/state, POST /__sandbox/control.

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

export const SANDBOX_CREDENTIALS = Object.freeze({
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-client-secret',
  username: 'hr@sandbox.test',
  password: 'sandbox-password',
});
export const SANDBOX_PARTNER_ID = 'CRMXWB3ZM';
export const DUPLICATE_REFERENCE = 'The transaction associated with the given Unique reference Number already exists';

// Seeded reward accounts (balances in paise). Each shows one documented case.
const ACCOUNTS = [
  { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', companyName: 'Sandbox Rewards Pvt Ltd', balance: 100_000_00 },
  { companyId: 'CEKLOWBAL1', cardAccountId: 'CALOWBAL1', companyName: 'Thin Wallet Ltd', balance: 50_00 },
  { companyId: 'CEKNOPRIM1', cardAccountId: 'CANOPRIM1', companyName: 'No Primary Ltd', balance: 1_000_00, noPrimaryCard: true },
  { companyId: 'CEKKYCPND1', cardAccountId: 'CAKYCPND1', companyName: 'KYC Pending Ltd', balance: 1_000_00, kycPending: true },
  { companyId: 'CEKNOBIN01', cardAccountId: 'CANOBIN01', companyName: 'No Bin Ltd', balance: 1_000_00, binUnmapped: true },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function portalDate(d = new Date()) {
  const h = d.getHours() % 12 || 12;
  const pad = (n) => String(n).padStart(2, '0');
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()} ${h}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}
const id = (prefix, n) => prefix + randomBytes(8).toString('hex').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, n);
const rupees = (paise) => paise / 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const MOBILE = /^[6-9]\d{9}$/;

function freshState(options) {
  return {
    tokenTtlSeconds: options.tokenTtlSeconds ?? 300,
    delayMs: 0,
    tokens: new Map(), // token -> expiresAt ms
    failures: new Map(), // username -> consecutive failures
    locked: new Set(),
    accounts: new Map(ACCOUNTS.map((a) => [a.cardAccountId, { ...a }])),
    cards: new Map(), // enKashCardId -> card
    ledger: new Map(), // uniqueReferenceNumber -> entry
    counts: { token: 0, tokenRejected: 0, createAllocate: 0, bulk: 0, unauthorized: 0, total: 0 },
  };
}

function send(res, status, body) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
  res.end(text);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 50 * 1024 * 1024) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function tokenRoute(state, req, body, res) {
  state.counts.token++;
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  const [clientId, clientSecret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(/:(.*)/s) : [];
  if (clientId !== SANDBOX_CREDENTIALS.clientId || clientSecret !== SANDBOX_CREDENTIALS.clientSecret) {
    state.counts.tokenRejected++;
    return send(res, 401, { error: 'invalid_client', error_description: 'Bad client credentials' });
  }
  if (!/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
    return send(res, 400, { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
  }
  const form = new URLSearchParams(body);
  for (const field of ['username', 'password', 'grant_type', 'clientId']) {
    if (!form.get(field)) return send(res, 400, { error: 'invalid_request', error_description: `Missing ${field}` });
  }
  if (form.get('grant_type') !== 'password') return send(res, 400, { error: 'unsupported_grant_type', error_description: 'grant_type must be password' });
  if (form.get('clientId') !== clientId) return send(res, 400, { error: 'invalid_request', error_description: 'clientId does not match the Basic credentials' });
  const username = form.get('username');
  if (state.locked.has(username)) {
    state.counts.tokenRejected++;
    return send(res, 400, { error: 'invalid_grant', error_description: 'User account is locked' });
  }
  if (username !== SANDBOX_CREDENTIALS.username || form.get('password') !== SANDBOX_CREDENTIALS.password) {
    state.counts.tokenRejected++;
    const n = (state.failures.get(username) ?? 0) + 1;
    state.failures.set(username, n);
    if (n >= 3) state.locked.add(username);
    return send(res, 400, { error: 'invalid_grant', error_description: n >= 3 ? 'User account is locked' : 'Bad credentials' });
  }
  state.failures.delete(username);
  const token = randomBytes(16).toString('hex');
  state.tokens.set(token, Date.now() + state.tokenTtlSeconds * 1000);
  send(res, 200, { access_token: token, token_type: 'bearer', refresh_token: randomBytes(16).toString('hex'), expires_in: state.tokenTtlSeconds, scope: 'read write trust' });
}

function authorized(state, req, res) {
  const header = req.headers.authorization ?? '';
  const token = header.replace(/^Bearer\s+/i, ''); // the bulk page's sample omits "Bearer ": accept both
  const expiresAt = state.tokens.get(token);
  if (!expiresAt || expiresAt <= Date.now()) {
    state.counts.unauthorized++;
    send(res, 401, { error: 'invalid_token', error_description: expiresAt ? 'Access token expired' : 'Invalid access token' });
    return false;
  }
  if (req.headers.partnerid !== SANDBOX_PARTNER_ID) {
    send(res, 400, { code: 1, message: req.headers.partnerid ? 'Invalid partnerId' : 'partnerId header is required' });
    return false;
  }
  return true;
}

function findAccount(state, companyId, cardAccountId) {
  const a = state.accounts.get(cardAccountId);
  return a && a.companyId === companyId ? a : undefined;
}

function findCard(state, account, { enkashCardId, email, mobile }) {
  if (enkashCardId) {
    const c = state.cards.get(enkashCardId);
    return c && c.cardAccountId === account.cardAccountId ? c : undefined;
  }
  for (const c of state.cards.values()) {
    if (c.cardAccountId === account.cardAccountId && c.email === email && c.mobile === mobile) return c;
  }
  return undefined;
}

function newCard(state, account, person) {
  const card = {
    enKashCardId: id('EKC', 7),
    userId: id('EKI', 5),
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
    createdOn: portalDate(),
  };
  state.cards.set(card.enKashCardId, card);
  return card;
}

function cardPayload(card, account, entry) {
  return {
    enKashCardId: card.enKashCardId,
    userId: card.userId,
    cardAccountId: card.cardAccountId,
    token: randomBytes(10).toString('hex'),
    maskedNumber: `XXXX XXXX XXXX ${card.mobile ? card.mobile.slice(-4) : '0000'}`,
    expiryMonth: '06',
    expiryYear: '2031',
    email: card.email,
    mobile: card.mobile,
    title: card.title,
    firstName: card.firstName,
    gender: card.gender,
    otbBalance: rupees(card.balance),
    primaryCard: false,
    prepaidCard: true,
    createdOn: card.createdOn,
    modifiedOn: portalDate(),
    cardStatus: { name: 'UL', label: 'UnLocked' },
    kycStatus: { name: 'VERIFIED', label: 'Verified' },
    binType: { name: 'REWARD', label: 'Reward Card' },
    accountType: { name: 'EMPLOYEE_REWARDS', label: 'Employee Rewards', description: 'Reward' },
    loadAmount: rupees(entry.amount),
    companyId: account.companyId,
    companyName: account.companyName,
    accountBalance: rupees(account.balance),
    enkashCardTxnId: entry.txnId,
    pgReferenceNumber: entry.reference,
    totalRewardsReceived: card.rewards,
    rewardPointsReceived: rupees(card.received),
  };
}

function toPaise(value) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  const p = Math.round(value * 100);
  return Math.abs(p - value * 100) < 1e-6 ? p : undefined;
}

function createAllocate(state, body, res) {
  state.counts.createAllocate++;
  let b;
  try {
    b = JSON.parse(body);
  } catch {
    return send(res, 400, { code: 1, message: 'Malformed JSON request' });
  }
  if (!b || typeof b !== 'object' || Array.isArray(b)) return send(res, 400, { code: 1, message: 'Request body must be an object' });
  const byCard = typeof b.enkashCardId === 'string' && b.enkashCardId !== '';
  const mandatory = ['companyId', 'cardAccountId', 'transactionCode', 'transactionType', 'type', 'loadAmount', 'uniqueReferenceNumber'];
  if (!byCard) mandatory.push('email', 'mobile', 'title', 'firstName', 'gender');
  for (const f of mandatory) {
    if (b[f] === undefined || b[f] === null || b[f] === '') return send(res, 400, { code: 1, message: `${f} is mandatory` });
  }
  const pairs = { CR: 'ALLOCATE_POINT', DR: 'UNALLOCATE_POINT' };
  if (b.transactionCode !== 'ALLOCATION' || pairs[b.transactionType] !== b.type) {
    return send(res, 422, { code: 1, message: 'Invalid transactionCode, transactionType or type' });
  }
  if (!byCard && (!EMAIL.test(b.email) || !MOBILE.test(b.mobile) || !['Mr', 'Mrs', 'Ms'].includes(b.title) || !['M', 'F'].includes(b.gender))) {
    return send(res, 422, { code: 1, message: 'Invalid email, mobile, title or gender' });
  }
  const amount = toPaise(b.loadAmount);
  if (amount === undefined) return send(res, 422, { code: 1, message: 'Invalid loadAmount' });
  const account = findAccount(state, b.companyId, b.cardAccountId);
  if (!account) return send(res, 404, { code: 1, message: `Card account not found for companyId: ${b.companyId} and cardAccountId: ${b.cardAccountId}` });
  if (state.ledger.has(b.uniqueReferenceNumber)) return send(res, 200, { code: 1, message: DUPLICATE_REFERENCE, payload: null });
  let card = findCard(state, account, b);
  if (b.transactionType === 'CR') {
    if (byCard && !card) return send(res, 404, { code: 1, message: `Card not found: ${b.enkashCardId}` });
    if (account.balance < amount) {
      const msg = 'Insufficient balance in card account';
      return send(res, 200, { response_code: 1, response_message: msg, payload: msg });
    }
    card ??= newCard(state, account, b);
    account.balance -= amount;
    card.balance += amount;
    card.rewards += 1;
    card.received += amount;
  } else {
    if (!card) return send(res, 404, { code: 1, message: 'Card not found for unallocation' });
    if (card.balance < amount) {
      const msg = 'Insufficient balance in card';
      return send(res, 200, { response_code: 1, response_message: msg, payload: msg });
    }
    card.balance -= amount;
    account.balance += amount;
  }
  const entry = { reference: b.uniqueReferenceNumber, txnId: id('ECT', 10), amount, type: b.transactionType, enKashCardId: card.enKashCardId, cardAccountId: account.cardAccountId, at: Date.now() };
  state.ledger.set(entry.reference, entry);
  send(res, 200, { code: 0, message: 'Success', payload: cardPayload(card, account, entry) });
}

function bulk(state, url, body, res) {
  state.counts.bulk++;
  const q = url.searchParams;
  for (const f of ['companyId', 'cardAccountId', 'isPointsAllocation']) {
    if (!q.get(f)) return send(res, 400, { code: 1, message: `Required request parameter '${f}' is not present` });
  }
  const account = findAccount(state, q.get('companyId'), q.get('cardAccountId'));
  if (!account) {
    if (state.accounts.has(q.get('cardAccountId'))) return send(res, 422, { code: 1, message: 'Card Account does not exist for this partner' });
    return send(res, 404, { code: 1, message: `Card account not found for companyId: ${q.get('companyId')} and cardAccountId: ${q.get('cardAccountId')}` });
  }
  if (account.noPrimaryCard) return send(res, 422, { code: 1, message: 'Primary Enkash card is not present. So bulk upload cannot be done' });
  if (account.kycPending) return send(res, 422, { code: 1, message: 'KYC is not uploaded or under review for the primary card. So bulk upload cannot be done' });
  if (account.binUnmapped) return send(res, 422, { code: 1, message: 'Bin Type is not mapped on PlanMaster' });
  let rows;
  try {
    rows = JSON.parse(body);
  } catch {
    return send(res, 400, { code: 1, message: 'Malformed JSON request' });
  }
  if (!Array.isArray(rows)) return send(res, 400, { code: 1, message: 'Request body must be an array' });
  const pointsAllocation = q.get('isPointsAllocation') === 'true';
  const successes = [];
  const failures = [];
  for (const row of rows) {
    const echo = { email: row?.email, name: row?.name, mobile: row?.mobile, title: row?.title, loadAmount: row?.loadAmount, companyId: account.companyId, cardAccountId: account.cardAccountId };
    const fail = (reason) => failures.push({ ...echo, ...(row?.uniqueReferenceNumber ? { uniqueReferenceNumber: row.uniqueReferenceNumber } : {}), failureReason: reason });
    const amount = toPaise(row?.loadAmount);
    if (!row || typeof row !== 'object' || !row.name || !EMAIL.test(row.email ?? '') || !MOBILE.test(row.mobile ?? '') || amount === undefined) {
      fail('Invalid name, email, mobile or loadAmount');
      continue;
    }
    const reference = row.uniqueReferenceNumber || `AUTO-${id('', 12)}`;
    if (state.ledger.has(reference)) {
      fail(DUPLICATE_REFERENCE);
      continue;
    }
    let card = findCard(state, account, row);
    if (card && !pointsAllocation) {
      fail('User already exists');
      continue;
    }
    if (account.balance < amount) {
      fail('Insufficient balance in card account');
      continue;
    }
    card ??= newCard(state, account, row);
    account.balance -= amount;
    card.balance += amount;
    card.rewards += 1;
    card.received += amount;
    const entry = { reference, txnId: id('ECT', 10), amount, type: 'CR', enKashCardId: card.enKashCardId, cardAccountId: account.cardAccountId, at: Date.now() };
    state.ledger.set(reference, entry);
    // As in the portal's sample, success items carry no uniqueReferenceNumber.
    successes.push({ ...echo, enkashCardId: card.enKashCardId, userId: card.userId, accountBalance: rupees(account.balance), enkashCardTxnId: entry.txnId, otbBalance: rupees(card.balance) });
  }
  send(res, 200, {
    code: 0,
    message: 'Success',
    payload: { successBulkEnKashCardCreateDTOs: successes, failureBulkEnKashCardCreateDTOs: failures, successCount: successes.length, failureCount: failures.length, totalCount: rows.length },
  });
}

function snapshot(state) {
  return {
    accounts: [...state.accounts.values()].map((a) => ({ companyId: a.companyId, cardAccountId: a.cardAccountId, balance: rupees(a.balance) })),
    cards: [...state.cards.values()].map((c) => ({ enKashCardId: c.enKashCardId, cardAccountId: c.cardAccountId, email: c.email, mobile: c.mobile, balance: rupees(c.balance) })),
    ledger: [...state.ledger.values()].map((e) => ({ ...e, amount: rupees(e.amount) })),
    counts: { ...state.counts },
    locked: [...state.locked],
  };
}

async function control(state, body, res, options) {
  let c;
  try {
    c = JSON.parse(body || '{}');
  } catch {
    return send(res, 400, { error: 'bad json' });
  }
  if (c.reset) Object.assign(state, freshState(options));
  if (c.revokeTokens) state.tokens.clear();
  if (typeof c.tokenTtlSeconds === 'number') state.tokenTtlSeconds = c.tokenTtlSeconds;
  if (typeof c.delayMs === 'number') state.delayMs = c.delayMs;
  if (c.unlock) {
    state.locked.clear();
    state.failures.clear();
  }
  send(res, 200, snapshot(state));
}

/** Starts the sandbox. Resolves to { url, port, state, snapshot(), close() }. */
export function startSandbox(options = {}) {
  const state = freshState(options);
  const server = http.createServer(async (req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, partnerId, Accept');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, OPTIONS');
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      return res.end();
    }
    let body;
    try {
      body = await readBody(req);
    } catch {
      return send(res, 413, { code: 1, message: 'Request too large' });
    }
    const url = new URL(req.url, 'http://sandbox');
    if (url.pathname.startsWith('/__sandbox/')) {
      if (url.pathname === '/__sandbox/state') return send(res, 200, snapshot(state));
      if (url.pathname === '/__sandbox/control' && req.method === 'POST') return control(state, body, res, options);
      return send(res, 404, { error: 'not found' });
    }
    state.counts.total++;
    if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
    if (res.destroyed) return;
    if (req.method === 'POST' && url.pathname === '/oauth/token') return tokenRoute(state, req, body, res);
    if (req.method === 'POST' && url.pathname === '/api/v0/partner/enKashCard/create-allocate-points') {
      return authorized(state, req, res) && createAllocate(state, body, res);
    }
    if (req.method === 'POST' && url.pathname === '/api/v0/partner/enKashCard/bulk-create-allocate-points-json') {
      return authorized(state, req, res) && bulk(state, url, body, res);
    }
    send(res, 404, { code: 1, message: `No route for ${req.method} ${url.pathname}` });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port } = server.address();
      const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
      resolve({
        url,
        port,
        state,
        snapshot: () => snapshot(state),
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const arg = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const sandbox = await startSandbox({ port: Number(arg('--port', 8787)), host: arg('--host', '127.0.0.1'), tokenTtlSeconds: Number(arg('--token-ttl', 300)) });
  console.log(`EnKash sandbox listening on ${sandbox.url}`);
  console.log(`  partnerId ${SANDBOX_PARTNER_ID}; credentials ${JSON.stringify(SANDBOX_CREDENTIALS)}`);
  console.log(`  accounts: ${ACCOUNTS.map((a) => `${a.companyId}/${a.cardAccountId}`).join(', ')}`);
  const stop = () => sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
