#!/usr/bin/env node
// EnKash Reward API sandbox: a stateful local server that speaks the wire contract of the
// EnKash Reward APIs (all 27 endpoints). Written from the contract alone, independently of
// the SDK, so that a wrong field name in the SDK fails a test.
//
//   node sandbox/server.mjs [--port 8787] [--host 127.0.0.1] [--token-ttl 300] [--encrypt]
//                           [--bulk-omit-share 0.1] [--bulk-lose-share 0.2] [--seed 1] [--history-days 30]
//                           [--fault-share 0.2 --fault-kinds 500,429,hang --fault-routes bulk]
// Fault kinds: 500 502 503 429 (Retry-After: 1) reset-before reset-after hang truncated
// not-json slow-body bad-envelope token-expiry; "after" kinds apply the request first.
//
// Test control (not part of EnKash's API): GET /__sandbox/state, POST /__sandbox/control.
// The API routes allow CORS (browser pages call them); the control routes do not, and refuse
// preflights and any request carrying an Origin (a web page's).

import http from 'node:http';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { ACCOUNTS, SANDBOX_CREDENTIALS, SANDBOX_EMPLOYEE, SANDBOX_PARTNER_ID, DUPLICATE_REFERENCE, fail, rupees, send } from './data.mjs';
import * as partner from './partner.mjs';
import * as store from './redemption.mjs';

export { SANDBOX_CREDENTIALS, SANDBOX_EMPLOYEE, SANDBOX_PARTNER_ID, DUPLICATE_REFERENCE };

const USERS = new Map([
  [SANDBOX_CREDENTIALS.username, { password: SANDBOX_CREDENTIALS.password, kind: 'partner' }],
  [SANDBOX_EMPLOYEE.username, { password: SANDBOX_EMPLOYEE.password, kind: 'user', ekUserId: SANDBOX_EMPLOYEE.ekUserId, enKashCardId: SANDBOX_EMPLOYEE.enKashCardId }],
]);

/** A small seeded PRNG (mulberry32), so fault runs are reproducible. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function freshState(options) {
  const state = {
    tokenTtlSeconds: options.tokenTtlSeconds ?? 300,
    delayMs: 0,
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
    faultRandom: seeded(options.faults?.seed ?? 1),
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

function snapshot(state) {
  return {
    accounts: [...state.accounts.values()].map((a) => ({ companyId: a.companyId, cardAccountId: a.cardAccountId, balance: rupees(a.balance), allocated: rupees(a.allocated), redeemed: rupees(a.redeemed) })),
    cards: [...state.cards.values()].map((c) => ({ enKashCardId: c.enKashCardId, userId: c.userId, cardAccountId: c.cardAccountId, email: c.email, mobile: c.mobile, balance: rupees(c.balance) })),
    ledger: [...state.ledger.values()].map((e) => ({ ...e, amount: rupees(e.amount) })),
    coins: { balances: Object.fromEntries(state.coinBalances), requests: state.coinRequests.size, events: [...state.coinEvents.values()] },
    orders: [...state.orders.values()].map(({ vouchers, ...o }) => ({ ...o, vouchers: vouchers.length })),
    counts: { ...state.counts, byRoute: { ...state.counts.byRoute }, faults: { ...state.counts.faults } },
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
    state.faultRandom = seeded(c.faults?.seed ?? 1);
  }
  if (typeof c.balance === 'number' && state.accounts.get(c.cardAccountId)) state.accounts.get(c.cardAccountId).balance = Math.round(c.balance * 100);
  if (c.unlock) {
    state.locked.clear();
    state.failures.clear();
  }
  return [200, snapshot(state)];
}

/** Fault kinds: before the route runs (nothing applied) or after (applied, answer damaged). */
export const FAULT_KINDS = ['500', '502', '503', '429', 'reset-before', 'reset-after', 'hang', 'truncated', 'not-json', 'slow-body', 'bad-envelope', 'token-expiry'];
const APPLIED_FAULTS = new Set(['reset-after', 'truncated', 'slow-body', 'bad-envelope']);

/** Picks a fault for this request, or none. */
function pickFault(state, route) {
  const f = state.faults;
  if (!f || !(f.share > 0)) return undefined;
  if (f.routes?.length && !f.routes.some((r) => route.pattern.includes(r))) return undefined;
  if (state.faultRandom() >= f.share) return undefined;
  const kinds = f.kinds?.length ? f.kinds : FAULT_KINDS;
  const kind = kinds[Math.floor(state.faultRandom() * kinds.length)];
  state.counts.faults[kind] = (state.counts.faults[kind] ?? 0) + 1;
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
  const fault = pickFault(state, route);
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

/** Starts the sandbox. Resolves to { url, port, state, snapshot(), close() }. */
export function startSandbox(options = {}) {
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
        close: () => new Promise((r) => {
          for (const res of hanging) res.destroy();
          server.closeAllConnections?.();
          server.close(() => r());
        }),
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
  const sandbox = await startSandbox({
    port: Number(arg('--port', 8787)),
    host: arg('--host', '127.0.0.1'),
    tokenTtlSeconds: Number(arg('--token-ttl', 300)),
    encryptPayloads: args.includes('--encrypt'),
    bulkOmitShare: Number(arg('--bulk-omit-share', 0)),
    bulkLoseShare: Number(arg('--bulk-lose-share', 0)),
    seed: Number(arg('--seed', 1)),
    history: args.includes('--history-days') ? { days: Number(arg('--history-days')), seed: Number(arg('--seed', 1)) } : undefined,
    faults: args.includes('--fault-share')
      ? { share: Number(arg('--fault-share', 0)), kinds: arg('--fault-kinds', '') ? arg('--fault-kinds').split(',') : undefined, routes: arg('--fault-routes', '') ? arg('--fault-routes').split(',') : undefined, seed: Number(arg('--seed', 1)) }
      : undefined,
  });
  console.log(`EnKash sandbox listening on ${sandbox.url}`);
  console.log(`  partnerId ${SANDBOX_PARTNER_ID}; partner credentials ${JSON.stringify(SANDBOX_CREDENTIALS)}`);
  console.log(`  redemption user ${SANDBOX_EMPLOYEE.username} / ${SANDBOX_EMPLOYEE.password} (same OAuth client)`);
  console.log(`  accounts: ${ACCOUNTS.map((a) => `${a.companyId}/${a.cardAccountId}`).join(', ')}`);
  if (args.includes('--encrypt')) console.log('  payload encryption ON (AES-128-ECB, key from the client secret)');
  const stop = () => sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
