// The dashboard's dev backend (examples-web/server.mjs) refuses what a hostile page could
// send: a DNS-rebinding page (its own host name in `Host`), another origin, a token or the
// configuration without a session, and a body too large to read. The page itself still signs
// in and gets its tokens (and tests/browser/dashboard.test.mjs drives the whole dashboard).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startDashboard, DASHBOARD_USER, MAX_BODY_BYTES } from '../../examples-web/server.mjs';

let dashboard;
let port;
let own;
before(async () => {
  dashboard = await startDashboard();
  port = new URL(dashboard.url).port;
  own = { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` };
});
after(async () => {
  await dashboard?.close();
});

/**
 * One request with exactly these headers (fetch would not let a test set `Host`). `body` is
 * sent whole; `stream` sends `stream.total` bytes of which only `stream.sent` are written
 * before the answer is awaited.
 */
function request(method, path, { host = own.host, origin, cookie, body, contentLength, chunks } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { Host: host };
    if (origin !== undefined) headers.Origin = origin;
    if (cookie) headers.Cookie = cookie;
    if (contentLength !== undefined) headers['Content-Length'] = String(contentLength);
    else if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const parts = [];
      res.on('data', (c) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    // The server may close the connection before the whole body is written (that is the point).
    req.on('error', (e) => (['EPIPE', 'ECONNRESET'].includes(e.code) ? undefined : reject(e)));
    if (chunks) {
      req.flushHeaders();
      for (const c of chunks) req.write(c);
      // Not ended: the server must answer without waiting for the rest.
    } else {
      if (body !== undefined) req.write(body);
      req.end();
    }
  });
}

const credentials = JSON.stringify(DASHBOARD_USER);

async function signIn() {
  const r = await request('POST', '/api/login', { origin: own.origin, body: credentials });
  assert.equal(r.status, 200, r.text);
  const cookie = /^(sid=[0-9a-f]{32})/.exec(r.headers['set-cookie']?.[0] ?? '')?.[1];
  assert.ok(cookie, 'a session cookie');
  return cookie;
}

test('the page itself signs in, reads the configuration and gets both tokens (127.0.0.1 and localhost)', async () => {
  const cookie = await signIn();
  const config = await request('GET', '/api/config', { cookie });
  assert.equal(config.status, 200);
  assert.equal(config.json.partnerId.length > 0, true);
  for (const path of ['/api/token', '/api/user-token']) {
    const r = await request('POST', path, { origin: own.origin, cookie });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.accessToken.length >= 16, path);
  }
  const local = { host: `localhost:${port}`, origin: `http://localhost:${port}` };
  const r = await request('POST', '/api/token', { ...local, cookie });
  assert.equal(r.status, 200, r.text);
  assert.equal((await request('GET', '/sdk/package.json', { host: local.host })).status, 200);
});

test('a DNS-rebinding page (another host name for 127.0.0.1) is refused on every route', async () => {
  const cookie = await signIn();
  for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1:${Number(port) + 1}`, `127.0.0.2:${port}`, `localhost.evil.example:${port}`, '127.0.0.1']) {
    const origin = `http://${host}`;
    const login = await request('POST', '/api/login', { host, origin, body: credentials });
    assert.equal(login.status, 403, `login with Host ${host}: ${login.text}`);
    assert.equal(login.headers['set-cookie'], undefined, 'no session');
    // Even with a session cookie (the rebinding page shares the browser's cookie jar only by name, but try anyway).
    for (const path of ['/api/token', '/api/user-token']) {
      const r = await request('POST', path, { host, origin, cookie });
      assert.equal(r.status, 403, `${path} with Host ${host}`);
      assert.doesNotMatch(r.text, /accessToken/);
    }
    assert.equal((await request('GET', '/api/config', { host, cookie })).status, 403, `config with Host ${host}`);
    assert.equal((await request('GET', '/', { host })).status, 403, `page with Host ${host}`);
    assert.equal((await request('GET', '/sdk/package.json', { host })).status, 403, `file with Host ${host}`);
  }
});

test('sign-in and the token routes need POST from the page\'s own Origin; any other Origin is refused everywhere', async () => {
  const cookie = await signIn();
  for (const origin of [undefined, 'http://evil.example', `http://127.0.0.1:${Number(port) + 1}`, `https://127.0.0.1:${port}`, 'null', `http://127.0.0.1:${port}.evil.example`]) {
    const login = await request('POST', '/api/login', { origin, body: credentials });
    assert.equal(login.status, 403, `login with Origin ${origin}: ${login.text}`);
    assert.equal(login.headers['set-cookie'], undefined);
    for (const path of ['/api/token', '/api/user-token']) {
      const r = await request('POST', path, { origin, cookie });
      assert.equal(r.status, 403, `${path} with Origin ${origin}: ${r.text}`);
      assert.doesNotMatch(r.text, /accessToken/);
    }
    if (origin !== undefined) assert.equal((await request('GET', '/api/config', { origin, cookie })).status, 403, `config with Origin ${origin}`);
  }
  // GET (a plain link or <img>, which carries no Origin) does not mint a token.
  for (const path of ['/api/token', '/api/user-token', '/api/login']) {
    const r = await request('GET', path, { cookie });
    assert.equal(r.status, 405, path);
    assert.equal(r.headers.allow, 'POST');
  }
});

test('the configuration and the tokens need a session', async () => {
  assert.equal((await request('GET', '/api/config')).status, 401);
  assert.equal((await request('GET', '/api/config', { cookie: 'sid=00000000000000000000000000000000' })).status, 401);
  for (const path of ['/api/token', '/api/user-token']) assert.equal((await request('POST', path, { origin: own.origin })).status, 401, path);
  const wrong = await request('POST', '/api/login', { origin: own.origin, body: JSON.stringify({ ...DASHBOARD_USER, password: 'nope' }) });
  assert.equal(wrong.status, 401);
  assert.equal((await request('POST', '/api/login', { origin: own.origin, body: '{not json' })).status, 400);
});

test(`request bodies over ${MAX_BODY_BYTES} bytes are refused with 413 without being read`, { timeout: 20_000 }, async () => {
  // Declared too large: answered at once, before any of the 10 MB is sent.
  const declared = await request('POST', '/api/login', { origin: own.origin, contentLength: 10 * 1024 * 1024, chunks: [] });
  assert.equal(declared.status, 413);
  assert.equal(declared.headers.connection, 'close');
  // Declared too large and partly sent: the answer comes without the rest.
  const partly = await request('POST', '/api/login', { origin: own.origin, contentLength: 10 * 1024 * 1024, chunks: [Buffer.alloc(100 * 1024, 'a')] });
  assert.equal(partly.status, 413);
  // Not declared (chunked): refused once the limit is passed, without waiting for the end.
  const chunked = await request('POST', '/api/login', { origin: own.origin, chunks: [Buffer.alloc(MAX_BODY_BYTES + 1024, 'a')] });
  assert.equal(chunked.status, 413);
  // Any route, even one that reads no body.
  assert.equal((await request('POST', '/api/token', { origin: own.origin, contentLength: MAX_BODY_BYTES + 1, chunks: [] })).status, 413);
  // Just under the limit is read (and refused as bad JSON, not as too large).
  const under = await request('POST', '/api/login', { origin: own.origin, body: 'x'.repeat(MAX_BODY_BYTES) });
  assert.equal(under.status, 400);
  // The server still answers.
  await signIn();
});
