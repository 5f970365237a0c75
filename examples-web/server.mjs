#!/usr/bin/env node
// The dashboard's dev backend: holds the EnKash credentials (they never reach the browser),
// signs dashboard users in, mints tokens for the page's `tokenProvider`, and serves the built
// dashboard (dist/), the bundler-free page and the SDK's browser build.
//
// It listens on 127.0.0.1 only and answers only requests addressed to that host and port
// (`Host` 127.0.0.1:PORT or localhost:PORT: a DNS-rebinding page's requests carry its own
// host name). Sign-in and the token routes are POST only and need the page's own `Origin`;
// any other `Origin` is refused everywhere. `/api/config` and the tokens need a session.
// Request bodies over 64 KB are refused (413) without being read.
//
//   node examples-web/server.mjs [--port 5175] [--sandbox-url http://127.0.0.1:8787] [--history-days 30] [--seed 1]
// Without --sandbox-url it starts an embedded sandbox with 30 days of seeded history (cards and
// transactions for the cards, transactions and chart views; --history-days 0 for none).
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { EnKashClient, RedemptionClient } from 'enkash-rewards';
import { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_EMPLOYEE, SANDBOX_PARTNER_ID } from '../sandbox/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SDK_DIR = join(here, '../node_modules/enkash-rewards');
const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' };
/** The dashboard's own sign-in (a stand-in for your SSO). */
export const DASHBOARD_USER = Object.freeze({ username: 'admin@dashboard.test', password: 'demo-password' });
/** The largest request body read (sign-in is a few dozen bytes). */
export const MAX_BODY_BYTES = 64 * 1024;
/** Routes that change state or hand out a token: POST only, and only from the page's own origin. */
const POST_ROUTES = new Set(['/api/login', '/api/token', '/api/user-token']);

class HttpError extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}

/** The request body as text, refused with 413 past `limit` bytes (by Content-Length, or while reading). */
async function readBody(req, limit) {
  const tooLarge = () => new HttpError(413, `Request body over ${limit} bytes`, { Connection: 'close' });
  const declared = Number(req.headers['content-length']);
  if (declared > limit) throw tooLarge();
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function same(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `history` ({ days, seed }) seeds the embedded sandbox (see sandbox/data.mjs historyPlan). */
export async function startDashboard({ port = 0, sandboxUrl, history, company = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' } } = {}) {
  const sandbox = sandboxUrl ? null : await startSandbox({ history });
  const baseUrl = sandboxUrl ?? sandbox.url;
  // Server-side clients: credentials live here only.
  const partner = new EnKashClient({ baseUrl, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
  const employee = new RedemptionClient({ baseUrl, credentials: { ...SANDBOX_CREDENTIALS, username: SANDBOX_EMPLOYEE.username, password: SANDBOX_EMPLOYEE.password } });
  const sessions = new Set();

  const json = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  };
  const session = (req) => /(?:^|;\s*)sid=([0-9a-f]{32})/.exec(req.headers.cookie ?? '')?.[1];

  // Filled in once the port is known: the hosts and the origins this server answers to.
  let hosts = new Set();
  let origins = new Set();

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://dashboard');
    const path = url.pathname;
    try {
      if (!hosts.has(req.headers.host)) throw new HttpError(403, 'Unknown Host: this server answers only to its own loopback address');
      const origin = req.headers.origin;
      if (origin !== undefined && !origins.has(origin)) throw new HttpError(403, 'Cross-origin requests are not allowed');
      if (Number(req.headers['content-length']) > MAX_BODY_BYTES) throw new HttpError(413, `Request body over ${MAX_BODY_BYTES} bytes`, { Connection: 'close' });
      if (POST_ROUTES.has(path)) {
        if (req.method !== 'POST') throw new HttpError(405, 'Use POST', { Allow: 'POST' });
        if (origin === undefined) throw new HttpError(403, 'Origin header required');
      }
      if (path === '/api/config') {
        if (!sessions.has(session(req))) return json(res, 401, { message: 'Sign in first' });
        return json(res, 200, { baseUrl, partnerId: SANDBOX_PARTNER_ID, ...company });
      }
      if (path === '/api/login') {
        let credentials;
        try {
          credentials = JSON.parse((await readBody(req, MAX_BODY_BYTES)) || '{}');
        } catch (e) {
          if (e instanceof HttpError) throw e;
          throw new HttpError(400, 'The body must be JSON { username, password }');
        }
        const { username, password } = credentials ?? {};
        if (!same(username, DASHBOARD_USER.username) || !same(password, DASHBOARD_USER.password)) return json(res, 401, { message: 'Wrong email or password' });
        const sid = randomBytes(16).toString('hex');
        sessions.add(sid);
        return json(res, 200, { username }, { 'Set-Cookie': `sid=${sid}; HttpOnly; SameSite=Strict; Path=/` });
      }
      if (path === '/api/token' || path === '/api/user-token') {
        if (!sessions.has(session(req))) return json(res, 401, { message: 'Sign in first' });
        // The SDK caches and renews these server-side tokens; the page gets a copy.
        const t = path === '/api/token' ? await partner.authenticate() : await employee.authenticateUser();
        return json(res, 200, { accessToken: t.accessToken, expiresIn: t.expiresIn });
      }
      const file = path.startsWith('/sdk/') ? join(SDK_DIR, normalize(path.slice(5))) : join(here, 'dist', normalize(path === '/' ? 'index.html' : path));
      if (!file.startsWith(SDK_DIR) && !file.startsWith(join(here, 'dist'))) return json(res, 404, { message: 'not found' });
      const body = await readFile(file).catch(() => (extname(path) ? null : readFile(join(here, 'dist/index.html')).catch(() => null)));
      if (!body) return json(res, 404, { message: 'not found' });
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? (extname(path) ? 'application/octet-stream' : 'text/html') });
      res.end(body);
    } catch (e) {
      if (!(e instanceof HttpError)) return json(res, 502, { message: e.message });
      json(res, e.status, { message: e.message }, e.headers);
      // A body too large is not read: the connection closes once the answer is out.
      if (e.status === 413) req.pause();
    }
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const bound = server.address().port;
  hosts = new Set([`127.0.0.1:${bound}`, `localhost:${bound}`]);
  origins = new Set([...hosts].map((h) => `http://${h}`));
  const url = `http://127.0.0.1:${bound}`;
  return {
    url,
    sandbox,
    sandboxUrl: baseUrl,
    close: async () => {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await sandbox?.close();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const arg = (n, d) => (args.includes(n) ? args[args.indexOf(n) + 1] : d);
  const days = Number(arg('--history-days', 30));
  if (!Number.isInteger(days) || days < 0) {
    console.error(`--history-days must be a whole number of days (0 for none), got ${arg('--history-days')}`);
    process.exit(2);
  }
  const d = await startDashboard({ port: Number(arg('--port', 5175)), sandboxUrl: arg('--sandbox-url'), history: days > 0 ? { days, seed: Number(arg('--seed', 1)) } : undefined });
  console.log(`Reward dashboard: ${d.url}  (sign in as ${DASHBOARD_USER.username} / ${DASHBOARD_USER.password})`);
  console.log(`Bundler-free page: ${d.url}/plain.html`);
  console.log(`Sandbox: ${d.sandboxUrl}`);
  process.on('SIGINT', () => d.close().then(() => process.exit(0)));
}
