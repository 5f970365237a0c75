#!/usr/bin/env node
// The dashboard's dev backend: holds the EnKash credentials (they never reach the browser),
// signs dashboard users in, mints tokens for the page's `tokenProvider`, and serves the built
// dashboard (dist/), the bundler-free page and the SDK's browser build.
//
//   node examples-web/server.mjs [--port 5175] [--sandbox-url http://127.0.0.1:8787]
// Without --sandbox-url it starts an embedded sandbox.
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

function same(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startDashboard({ port = 0, sandboxUrl, company = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3' } } = {}) {
  const sandbox = sandboxUrl ? null : await startSandbox();
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

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://dashboard');
    const path = url.pathname;
    try {
      if (path === '/api/config') {
        return json(res, 200, { baseUrl, partnerId: SANDBOX_PARTNER_ID, ...company });
      }
      if (path === '/api/login' && req.method === 'POST') {
        let body = '';
        for await (const c of req) body += c;
        const { username, password } = JSON.parse(body || '{}');
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
      const body = await readFile(file).catch(() => (extname(path) ? null : readFile(join(here, 'dist/index.html'))));
      if (!body) return json(res, 404, { message: 'not found' });
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? (extname(path) ? 'application/octet-stream' : 'text/html') });
      res.end(body);
    } catch (e) {
      json(res, 502, { message: e.message });
    }
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
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
  const d = await startDashboard({ port: Number(arg('--port', 5175)), sandboxUrl: arg('--sandbox-url') });
  console.log(`Reward dashboard: ${d.url}  (sign in as ${DASHBOARD_USER.username} / ${DASHBOARD_USER.password})`);
  console.log(`Bundler-free page: ${d.url}/plain.html`);
  console.log(`Sandbox: ${d.sandboxUrl}`);
  process.on('SIGINT', () => d.close().then(() => process.exit(0)));
}
