#!/usr/bin/env node
// EnKash Reward API sandbox: a stateful local server that speaks the wire contract of the
// EnKash Reward APIs (all 27 endpoints). Written from the contract alone, independently of
// the SDK, so that a wrong field name in the SDK fails a test. Shipped in the npm package as
// `enkash-rewards/sandbox` (types and docs: server.d.mts, README.md next to this file).
//
//   node sandbox/server.mjs [--port 8787] [--host 127.0.0.1] [--token-ttl 300] [--encrypt]
//                           [--bulk-omit-share 0.1] [--bulk-lose-share 0.2] [--seed 1] [--history-days 30]
//                           [--fault-share 0.2 --fault-kinds 500,429,hang --fault-routes bulk]
// (the same as `npx enkash-rewards sandbox`; `--help` lists every flag; see cli.mjs).
// Fault kinds: 500 502 503 429 (Retry-After: 1) reset-before reset-after hang truncated
// not-json slow-body bad-envelope token-expiry; "after" kinds apply the request first.
//
// Test control (not part of EnKash's API): the handle's methods in process, or over HTTP
// GET /__sandbox/state, POST /__sandbox/control.
// The API routes allow CORS (browser pages call them); the control routes do not, and refuse
// preflights and any request carrying an Origin (a web page's).

import http from 'node:http';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ACCOUNTS, SANDBOX_CREDENTIALS, SANDBOX_EMPLOYEE, SANDBOX_PARTNER_ID, DUPLICATE_REFERENCE, fail, prng as seeded, rupees, send } from './data.mjs';
import * as partner from './partner.mjs';
import * as store from './redemption.mjs';

export { SANDBOX_CREDENTIALS, SANDBOX_EMPLOYEE, SANDBOX_PARTNER_ID, DUPLICATE_REFERENCE };

const USERS = new Map([
  [SANDBOX_CREDENTIALS.username, { password: SANDBOX_CREDENTIALS.password, kind: 'partner' }],
  [SANDBOX_EMPLOYEE.username, { password: SANDBOX_EMPLOYEE.password, kind: 'user', ekUserId: SANDBOX_EMPLOYEE.ekUserId, enKashCardId: SANDBOX_EMPLOYEE.enKashCardId }],
]);

/** The fault sequence's seed: the faults' own, else the sandbox's, else 1. */
const faultSeed = (faults, options) => faults?.seed ?? options.seed ?? 1;
const FAULT_LOG_SIZE = 1000;

function freshState(options) {
  const state = {
    tokenTtlSeconds: options.tokenTtlSeconds ?? 300,
    delayMs: options.delayMs ?? 0,
    encryptPayloads: Boolean(options.encryptPayloads),
    tokens: new Map(), // token -> { expiresAt, username }
    failures: new Map(), // username -> consecutive failures
    locked: new Set(),
    accounts: new Map(ACCOUNTS.map((a) => [a.cardAccountId, { ...a, allocated: 0, redeemed: 0 }])),
    cards: new Map(),
    cardIndex: new Map(), // "cardAccountId|email|mobile" -> card
    ledger: new Map(), // uniqueReferenceNumber -> entry
    ssoTokens: new Map(),
    coinEvents: new Map(),
    nextCoinConfigId: 1,
    coinRequests: new Map(),
    coinBalances: new Map(),
    carts: new Map(),
    nextCartId: 1,
    orders: new Map(),
    counts: { token: 0, tokenRejected: 0, createAllocate: 0, bulk: 0, bulkOmitted: 0, bulkLost: 0, unauthorized: 0, total: 0, partnerIdOnUserRoutes: 0, byRoute: {}, faults: {} },
    faults: options.faults,
    faultRandom: seeded(faultSeed(options.faults, options)),
    faultLog: [], // the last FAULT_LOG_SIZE injected faults, oldest first
    bulkOmitShare: options.bulkOmitShare ?? 0,
    bulkLoseShare: options.bulkLoseShare ?? 0,
    random: seeded(options.seed ?? 1),
  };
  // The store's end user has a reward card with points to spend.
  const card = partner.newCard(state, state.accounts.get('CAQL8YCV3'), { email: SANDBOX_EMPLOYEE.username, mobile: '9000011111', title: 'Ms', firstName: 'Esha', gender: 'F' }, { enKashCardId: SANDBOX_EMPLOYEE.enKashCardId, userId: SANDBOX_EMPLOYEE.ekUserId });
  card.balance = 5_000_00;
  if (options.history) partner.seedHistory(state, options.history);
  return state;
}

// Route table: method, path pattern (":id" is a parameter), handler, who may call it.
const ROUTES = [
  ['POST', '/api/v0/partner/enKashCard/create-allocate-points', (c) => partner.createAllocate(c), 'partner'],
  ['POST', '/api/v0/partner/enKashCard/points/allocate', (c) => partner.createAllocate(c, 'incentive'), 'partner'],
  ['POST', '/api/v0/partner/enKashCard/bulk-create-allocate-points-json', partner.bulk, 'partner'],
  ['POST', '/api/v0/partner/enKashCard/sso-token', partner.ssoToken, 'partner'],
  ['POST', '/api/v0/partner/enKashCard/cardAccount/get', partner.accountDetails, 'partner'],
  ['POST', '/api/v0/partner/enKashCard/transaction/all', partner.transactions, 'partner'],
  ['POST', '/api/v0/partner/enKashCard/search', (c) => partner.userSearch(c), 'partner'],
  ['POST', '/api/v0/enkash-coins/create-coins-config', partner.createCoinEvent, 'partner'],
  ['POST', '/api/v0/enkash-coins/allocate-coin', partner.allocateCoins, 'partner'],
  ['GET', '/api/v0/enkash-coins/:id', partner.getCoinEvent, 'partner'],
  ['PATCH', '/api/v0/enkash-coins/:id', partner.updateCoinEvent, 'partner'],
  ['GET', '/api/v0/coins/balance', partner.coinBalance, 'partner'],
  ['GET', '/api/v0/cart', store.getCart, 'user'],
  ['POST', '/api/v0/cart', store.addToCart, 'user'],
  ['PATCH', '/api/v0/cart', store.updateCart, 'user'],
  ['POST', '/api/v0/bolt/searchProducts', store.searchCatalog, 'user'],
  ['GET', '/api/v0/partner/product-catalog/:id', store.productConfigs, 'user'],
  ['GET', '/api/v0/partner/search-config/:id', store.productConfigs, 'user'],
  ['POST', '/api/v0/partner/create-order', store.createOrder, 'user'],
  ['POST', '/api/v0/partner/search-order', store.searchOrders, 'user'],
  ['POST', '/api/v0/order/orderDetails', store.fetchOrderInfo, 'user'],
  ['GET', '/api/v0/partner/fetch-order-details/:id', store.fetchOrderInfoLegacy, 'user'],
].map(([method, pattern, handler, who]) => ({
  method,
  pattern,
  handler,
  who,
  regex: new RegExp('^' + pattern.replace(/:id/, '([^/]+)') + '$'),
}));

function cipherKey() {
  return createHash('sha256').update(SANDBOX_CREDENTIALS.clientSecret).digest().subarray(0, 16);
}
export function sandboxEncrypt(text) {
  const c = createCipheriv('aes-128-ecb', cipherKey(), null);
  return Buffer.concat([c.update(text, 'utf8'), c.final()]).toString('base64');
}
export function sandboxDecrypt(b64) {
  const d = createDecipheriv('aes-128-ecb', cipherKey(), null);
  return Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]).toString('utf8');
}

function tokenRoute(state, req, body) {
  state.counts.token++;
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  const [clientId, clientSecret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(/:(.*)/s) : [];
  if (clientId !== SANDBOX_CREDENTIALS.clientId || clientSecret !== SANDBOX_CREDENTIALS.clientSecret) {
    state.counts.tokenRejected++;
    return [401, { error: 'invalid_client', error_description: 'Bad client credentials' }];
  }
  if (!/application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '')) {
    return [400, { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' }];
  }
  const form = new URLSearchParams(body);
  for (const field of ['username', 'password', 'grant_type', 'clientId']) {
    if (!form.get(field)) return [400, { error: 'invalid_request', error_description: `Missing ${field}` }];
  }
  if (form.get('grant_type') !== 'password') return [400, { error: 'unsupported_grant_type', error_description: 'grant_type must be password' }];
  if (form.get('clientId') !== clientId) return [400, { error: 'invalid_request', error_description: 'clientId does not match the Basic credentials' }];
  const username = form.get('username');
  if (state.locked.has(username)) {
    state.counts.tokenRejected++;
    return [400, { error: 'invalid_grant', error_description: 'User account is locked' }];
  }
  const user = USERS.get(username);
  if (!user || form.get('password') !== user.password) {
    state.counts.tokenRejected++;
    const n = (state.failures.get(username) ?? 0) + 1;
    state.failures.set(username, n);
    if (n >= 3) state.locked.add(username);
    return [400, { error: 'invalid_grant', error_description: n >= 3 ? 'User account is locked' : 'Bad credentials' }];
  }
  state.failures.delete(username);
  const token = randomBytes(16).toString('hex');
  state.tokens.set(token, { expiresAt: Date.now() + state.tokenTtlSeconds * 1000, username });
  return [200, { access_token: token, token_type: 'bearer', refresh_token: randomBytes(16).toString('hex'), expires_in: state.tokenTtlSeconds, scope: 'read write trust' }];
}

/** The caller's user, or a refusal [status, body]. */
function authorize(state, req, who) {
  const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''); // the bulk page's sample omits "Bearer ": accept both
  const t = state.tokens.get(token);
  if (!t || t.expiresAt <= Date.now()) {
    state.counts.unauthorized++;
    return { refusal: [401, { error: 'invalid_token', error_description: t ? 'Access token expired' : 'Invalid access token' }] };
  }
  const user = { username: t.username, ...USERS.get(t.username) };
  if (who === 'partner') {
    if (user.kind !== 'partner') return { refusal: [403, { error: 'access_denied', error_description: "This endpoint needs the partner's token" }] };
    if (req.headers.partnerid !== SANDBOX_PARTNER_ID) return { refusal: [400, fail(req.headers.partnerid ? 'Invalid partnerId' : 'partnerId header is required')] };
  } else if (req.headers.partnerid !== undefined) {
    state.counts.partnerIdOnUserRoutes++;
  }
  if (who === 'user' && user.kind !== 'user') {
    return { refusal: [403, { error: 'access_denied', error_description: "This endpoint needs the end user's token" }] };
  }
  return { user };
}

/** The payments made (allocations and unallocations, single and bulk), oldest first, in rupees. */
function ledger(state) {
  return [...state.ledger.values()].map((e) => {
    const card = state.cards.get(e.enKashCardId);
    return { ...e, amount: rupees(e.amount), email: card?.email, mobile: card?.mobile };
  });
}

function snapshot(state) {
  return {
    accounts: [...state.accounts.values()].map((a) => ({ companyId: a.companyId, cardAccountId: a.cardAccountId, balance: rupees(a.balance), allocated: rupees(a.allocated), redeemed: rupees(a.redeemed) })),
    cards: [...state.cards.values()].map((c) => ({ enKashCardId: c.enKashCardId, userId: c.userId, cardAccountId: c.cardAccountId, email: c.email, mobile: c.mobile, balance: rupees(c.balance) })),
    ledger: ledger(state),
    coins: { balances: Object.fromEntries(state.coinBalances), requests: state.coinRequests.size, events: [...state.coinEvents.values()] },
    orders: [...state.orders.values()].map(({ vouchers, ...o }) => ({ ...o, vouchers: vouchers.length })),
    counts: { ...state.counts, byRoute: { ...state.counts.byRoute }, faults: { ...state.counts.faults } },
    faults: state.faultLog.map((f) => ({ ...f })),
    locked: [...state.locked],
    encryptPayloads: state.encryptPayloads,
  };
}

function control(state, body, options) {
  let c;
  try {
    c = JSON.parse(body || '{}');
  } catch {
    return [400, { error: 'bad json' }];
  }
  if (c === null || typeof c !== 'object') return [400, { error: 'the control body must be a JSON object' }];
  applyControl(state, c, options);
  return [200, snapshot(state)];
}

/** Applies a control request (the HTTP route's body, or the handle's methods). */
function applyControl(state, c, options) {
  if (c.reset) Object.assign(state, freshState(options));
  if (c.revokeTokens) state.tokens.clear();
  if (typeof c.tokenTtlSeconds === 'number') state.tokenTtlSeconds = c.tokenTtlSeconds;
  if (typeof c.delayMs === 'number') state.delayMs = c.delayMs;
  if (typeof c.encryptPayloads === 'boolean') state.encryptPayloads = c.encryptPayloads;
  if (typeof c.bulkOmitShare === 'number') state.bulkOmitShare = c.bulkOmitShare;
  if (typeof c.bulkLoseShare === 'number') state.bulkLoseShare = c.bulkLoseShare;
  if (typeof c.seed === 'number') state.random = seeded(c.seed);
  if (c.faults !== undefined) {
    state.faults = c.faults;
    state.faultRandom = seeded(faultSeed(c.faults, { seed: typeof c.seed === 'number' ? c.seed : options.seed }));
  }
  if (typeof c.balance === 'number' && state.accounts.get(c.cardAccountId)) state.accounts.get(c.cardAccountId).balance = Math.round(c.balance * 100);
  if (c.unlock) {
    state.locked.clear();
    state.failures.clear();
  }
}

/** Fault kinds: before the route runs (nothing applied) or after (applied, answer damaged). */
export const FAULT_KINDS = ['500', '502', '503', '429', 'reset-before', 'reset-after', 'hang', 'truncated', 'not-json', 'slow-body', 'bad-envelope', 'token-expiry'];
const APPLIED_FAULTS = new Set(['reset-after', 'truncated', 'slow-body', 'bad-envelope']);

/** Picks a fault for this request, or none. */
function pickFault(state, route, method, path) {
  const f = state.faults;
  if (!f || !(f.share > 0)) return undefined;
  if (f.routes?.length && !f.routes.some((r) => route.pattern.includes(r))) return undefined;
  if (state.faultRandom() >= f.share) return undefined;
  const kinds = f.kinds?.length ? f.kinds : FAULT_KINDS;
  const kind = kinds[Math.floor(state.faultRandom() * kinds.length)];
  state.counts.faults[kind] = (state.counts.faults[kind] ?? 0) + 1;
  state.faultLog.push({ request: state.counts.total, method, path, kind });
  if (state.faultLog.length > FAULT_LOG_SIZE) state.faultLog.shift();
  return kind;
}

/** Whether the request is for `/__sandbox/*` (read the way `handle` reads it). */
function isControlRoute(req) {
  try {
    return new URL(req.url, 'http://sandbox').pathname.startsWith('/__sandbox/');
  } catch {
    return false;
  }
}

async function handle(state, options, req, raw) {
  const url = new URL(req.url, 'http://sandbox');
  if (url.pathname === '/__sandbox/state') return { reply: [200, snapshot(state)] };
  if (url.pathname === '/__sandbox/control' && req.method === 'POST') return { reply: control(state, raw, options) };
  state.counts.total++;
  if (state.delayMs > 0) await new Promise((r) => setTimeout(r, state.delayMs));
  if (req.method === 'POST' && url.pathname === '/oauth/token') return { reply: tokenRoute(state, req, raw) };
  const route = ROUTES.find((r) => r.method === req.method && r.regex.test(url.pathname));
  if (!route) return { reply: [404, fail(`No route for ${req.method} ${url.pathname}`)] };
  state.counts.byRoute[`${route.method} ${route.pattern}`] = (state.counts.byRoute[`${route.method} ${route.pattern}`] ?? 0) + 1;
  const { user, refusal } = authorize(state, req, route.who);
  if (refusal) return { reply: refusal };
  const fault = pickFault(state, route, req.method, url.pathname);
  if (fault && !APPLIED_FAULTS.has(fault)) {
    switch (fault) {
      case '429':
        return { reply: [429, { message: 'Too many requests' }], headers: { 'Retry-After': '1' } };
      case 'reset-before':
      case 'hang':
        return { fault };
      case 'not-json':
        return { reply: [200, '<html><body>Service temporarily unavailable</body></html>'] };
      case 'token-expiry': {
        const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        const t = state.tokens.get(token);
        if (t) t.expiresAt = Date.now() - 1;
        state.counts.unauthorized++;
        return { reply: [401, { error: 'invalid_token', error_description: 'Access token expired' }] };
      }
      default:
        return { reply: [Number(fault), fail(`Injected fault ${fault}`)] };
    }
  }
  const encrypted = state.encryptPayloads;
  let text = raw;
  if (encrypted && text) {
    try {
      const wrapped = JSON.parse(text);
      if (typeof wrapped?.request !== 'string') throw new Error('not wrapped');
      text = sandboxDecrypt(wrapped.request);
    } catch {
      return { reply: [400, fail('The request body must be encrypted as {"request": "<base64>"}')] };
    }
  }
  let body;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      return { reply: [400, fail('Malformed JSON request')] };
    }
  }
  const params = { id: decodeURIComponent(route.regex.exec(url.pathname)?.[1] ?? '') };
  const reply = route.handler({ state, req, url, body, params, user });
  if (fault === 'bad-envelope') return { reply: [200, { result: 'ok', data: reply[1]?.payload ?? null }] };
  return { reply, encrypted, fault };
}

/**
 * Starts the sandbox. Resolves to its handle (documented in server.d.mts): url, the ids and
 * credentials to configure a client with, state inspection (snapshot, ledger, account),
 * runtime control (setFaults, configure, setBalance, revokeTokens, unlock, reset) and close.
 * Bad options reject with a TypeError or RangeError naming the option.
 */
export async function startSandbox(options = {}) {
  checkOptions(options);
  // A copy: changing the caller's objects later changes nothing here (reset() starts from it).
  const copy = (o) => (o ? { ...o, ...(o.kinds ? { kinds: [...o.kinds] } : {}), ...(o.routes ? { routes: [...o.routes] } : {}) } : o);
  options = { ...options, faults: copy(options.faults), history: copy(options.history) };
  const state = freshState(options);
  const hanging = new Set();
  const server = http.createServer(async (req, res) => {
    if (isControlRoute(req)) {
      // Test control is for the test process, never for a web page: no CORS header, no
      // preflight, and no request a browser marked with its page's Origin (a "simple" POST
      // needs no preflight, so the missing header alone would not stop it).
      if (req.method === 'OPTIONS' || req.headers.origin !== undefined) {
        req.resume();
        return send(res, 403, fail('The sandbox control routes take no requests from web pages'));
      }
    } else {
      // The API routes answer browser pages (the SDK's browser build calls them directly).
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, partnerId, Accept');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, OPTIONS');
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
      if (req.method === 'OPTIONS') {
        res.writeHead(204);
        return res.end();
      }
    }
    const chunks = [];
    let size = 0;
    try {
      for await (const c of req) {
        size += c.length;
        if (size > 50 * 1024 * 1024) throw new Error('too large');
        chunks.push(c);
      }
    } catch {
      return send(res, 413, fail('Request too large'));
    }
    const { reply, encrypted, fault, headers } = await handle(state, options, req, Buffer.concat(chunks).toString('utf8'));
    if (res.destroyed) return;
    if (fault === 'reset-before' || fault === 'reset-after') return req.socket.destroy();
    if (fault === 'hang') return hanging.add(res); // answered never; closed with the server
    const [status, body] = reply;
    const payload = encrypted && status < 400 ? { response: sandboxEncrypt(JSON.stringify(body)) } : body;
    if (fault === 'truncated') {
      const text = JSON.stringify(payload);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    if (fault === 'slow-body') {
      const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      const parts = [text.slice(0, text.length / 3), text.slice(text.length / 3, (2 * text.length) / 3), text.slice((2 * text.length) / 3)];
      for (const part of parts) {
        await new Promise((r) => setTimeout(r, 60));
        if (res.destroyed) return;
        res.write(part);
      }
      return res.end();
    }
    for (const [k, v] of Object.entries(headers ?? {})) res.setHeader(k, v);
    send(res, status, payload);
  });
  // Idle keep-alive connections stay open longer than clients keep them, so a client never
  // reuses a socket the server is closing.
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise((resolve, reject) => {
    server.once('error', (e) => reject(e.code === 'EADDRINUSE' ? Object.assign(new Error(`The sandbox could not listen on ${host}:${options.port}: the port is in use (port 0 picks a free one)`), { code: e.code }) : e));
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closed;
  const close = () =>
    (closed ??= new Promise((r) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections?.();
      server.close(() => r());
    }));
  const control = (c) => applyControl(state, c, options);
  const sandbox = {
    url,
    baseUrl: url,
    host,
    port,
    partnerId: SANDBOX_PARTNER_ID,
    credentials: { ...SANDBOX_CREDENTIALS },
    employee: { ...SANDBOX_EMPLOYEE },
    companyId: ACCOUNTS[0].companyId,
    cardAccountId: ACCOUNTS[0].cardAccountId,
    accounts: ACCOUNTS.map(describeAccount),
    get clientOptions() {
      return { baseUrl: url, partnerId: SANDBOX_PARTNER_ID, credentials: { ...SANDBOX_CREDENTIALS }, ...(state.encryptPayloads ? { encryptPayloads: true } : {}) };
    },
    get redemptionClientOptions() {
      return { baseUrl: url, credentials: { clientId: SANDBOX_CREDENTIALS.clientId, clientSecret: SANDBOX_CREDENTIALS.clientSecret, username: SANDBOX_EMPLOYEE.username, password: SANDBOX_EMPLOYEE.password } };
    },
    snapshot: () => snapshot(state),
    ledger: () => ledger(state),
    account: (cardAccountId) => snapshot(state).accounts.find((a) => a.cardAccountId === cardAccountId),
    setFaults(faults) {
      const f = faults ?? null;
      if (f !== null) checkFaults(f, 'setFaults(faults)');
      control({ faults: f === null ? null : { ...f } });
    },
    configure(settings) {
      checkSettings(settings);
      const { tokenTtlSeconds, delayMs, encryptPayloads, bulkOmitShare, bulkLoseShare, seed } = settings;
      // A new seed also restarts the faults that have no seed of their own.
      const faults = seed !== undefined && state.faults ? { faults: state.faults } : {};
      control({ tokenTtlSeconds, delayMs, encryptPayloads, bulkOmitShare, bulkLoseShare, seed, ...faults });
    },
    setBalance(cardAccountId, rupeesAmount) {
      if (!state.accounts.has(cardAccountId)) throw new RangeError(`setBalance: unknown cardAccountId ${JSON.stringify(cardAccountId)} (the sandbox has ${[...state.accounts.keys()].join(', ')})`);
      if (typeof rupeesAmount !== 'number' || !Number.isFinite(rupeesAmount) || rupeesAmount < 0) throw new RangeError('setBalance: balance must be a finite number of rupees, 0 or more');
      control({ cardAccountId, balance: rupeesAmount });
    },
    revokeTokens: () => control({ revokeTokens: true }),
    unlock: () => control({ unlock: true }),
    reset: () => control({ reset: true }),
    close,
  };
  // The live state, for the project's own tests (not part of the documented API).
  Object.defineProperty(sandbox, 'state', { value: state, enumerable: false });
  if (typeof Symbol.asyncDispose === 'symbol') sandbox[Symbol.asyncDispose] = close;
  return sandbox;
}

/** The seeded accounts, each with the case it shows. */
function describeAccount(a) {
  const note = a.noPrimaryCard
    ? 'bulk refused: no primary card'
    : a.kycPending
      ? 'bulk refused: KYC pending'
      : a.binUnmapped
        ? 'bulk refused: bin type not mapped'
        : a.balance < 1000_00
          ? 'low balance: payments above it are refused'
          : 'funded: payments succeed';
  return { companyId: a.companyId, cardAccountId: a.cardAccountId, companyName: a.companyName, balance: rupees(a.balance), note };
}

const OPTION_NAMES = ['port', 'host', 'seed', 'tokenTtlSeconds', 'delayMs', 'encryptPayloads', 'bulkOmitShare', 'bulkLoseShare', 'faults', 'history'];
const SETTING_NAMES = ['seed', 'tokenTtlSeconds', 'delayMs', 'encryptPayloads', 'bulkOmitShare', 'bulkLoseShare'];

function checkObject(value, where, names) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`${where} must be an object`);
  const unknown = Object.keys(value).find((k) => !names.includes(k));
  if (unknown !== undefined) throw new TypeError(`${where}: unknown option ${JSON.stringify(unknown)} (known: ${names.join(', ')})`);
}

function checkNumber(o, name, where, { min = -Infinity, max = Infinity, integer = false } = {}) {
  const v = o[name];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    throw new RangeError(`${where}.${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
}

function checkSettings(o, where = 'configure(settings)', names = SETTING_NAMES) {
  checkObject(o, where, names);
  checkNumber(o, 'seed', where, { min: 0, max: 2 ** 32 - 1, integer: true });
  checkNumber(o, 'tokenTtlSeconds', where, { min: 1, max: 365 * 24 * 3600 });
  checkNumber(o, 'delayMs', where, { min: 0, max: 600_000 });
  checkNumber(o, 'bulkOmitShare', where, { min: 0, max: 1 });
  checkNumber(o, 'bulkLoseShare', where, { min: 0, max: 1 });
  if (o.encryptPayloads !== undefined && typeof o.encryptPayloads !== 'boolean') throw new TypeError(`${where}.encryptPayloads must be true or false`);
}

function checkFaults(f, where) {
  checkObject(f, where, ['share', 'kinds', 'routes', 'seed']);
  if (typeof f.share !== 'number' || !(f.share >= 0 && f.share <= 1)) throw new RangeError(`${where}.share must be a number from 0 to 1 (the share of requests that fail), got ${JSON.stringify(f.share)}`);
  checkNumber(f, 'seed', where, { min: 0, max: 2 ** 32 - 1, integer: true });
  if (f.kinds !== undefined) {
    if (!Array.isArray(f.kinds)) throw new TypeError(`${where}.kinds must be an array of fault kinds`);
    const bad = f.kinds.find((k) => !FAULT_KINDS.includes(k));
    if (bad !== undefined) throw new RangeError(`${where}.kinds: unknown fault kind ${JSON.stringify(bad)} (known: ${FAULT_KINDS.join(', ')})`);
  }
  if (f.routes !== undefined && (!Array.isArray(f.routes) || f.routes.some((r) => typeof r !== 'string' || r === ''))) {
    throw new TypeError(`${where}.routes must be an array of non-empty strings (parts of the API path, e.g. "bulk-create-allocate-points-json")`);
  }
}

function checkOptions(o) {
  const where = 'startSandbox(options)';
  checkSettings(o, where, OPTION_NAMES);
  checkNumber(o, 'port', where, { min: 0, max: 65535, integer: true });
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) throw new TypeError(`${where}.host must be a non-empty string`);
  if (o.faults !== undefined && o.faults !== null) checkFaults(o.faults, `${where}.faults`);
  if (o.history !== undefined && o.history !== null) {
    const h = `${where}.history`;
    checkObject(o.history, h, ['days', 'seed', 'people', 'cardAccountId']);
    checkNumber(o.history, 'days', h, { min: 1, max: 3660, integer: true });
    checkNumber(o.history, 'seed', h, { min: 0, max: 2 ** 32 - 1, integer: true });
    checkNumber(o.history, 'people', h, { min: 1, max: 10_000, integer: true });
    const account = o.history.cardAccountId;
    if (account !== undefined && !ACCOUNTS.some((a) => a.cardAccountId === account)) {
      throw new RangeError(`${h}.cardAccountId must be one of the sandbox's accounts (${ACCOUNTS.map((a) => a.cardAccountId).join(', ')}), got ${JSON.stringify(account)}`);
    }
  }
}

// Run as a program: the same command line as `enkash-rewards sandbox` (no top-level await,
// so that Node's require() of this module works where Node supports it).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  import('./cli.mjs')
    .then(({ runSandboxCli }) => runSandboxCli(process.argv.slice(2), { command: 'node sandbox/server.mjs' }))
    .then((code) => process.exit(code));
}
