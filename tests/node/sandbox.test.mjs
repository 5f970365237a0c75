// The sandbox itself, spoken to with raw fetch: the parts of the contract the SDK avoids
// triggering (lockout) and the parts browsers need (CORS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox, SANDBOX_CREDENTIALS as C, SANDBOX_PARTNER_ID } from './helpers.mjs';

let s;
before(async () => { s = await sandbox({ tokenTtlSeconds: 1 }); });
after(async () => { await s.close(); });

const basic = 'Basic ' + Buffer.from(`${C.clientId}:${C.clientSecret}`).toString('base64');
const token = (password, clientAuth = basic) =>
  fetch(`${s.url}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: clientAuth, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: C.username, password, grant_type: 'password', clientId: C.clientId }),
  });

test('three bad passwords lock the account, even for the right one afterwards', async () => {
  for (let i = 1; i <= 3; i++) {
    const r = await token('wrong');
    assert.equal(r.status, 400);
    assert.equal((await r.json()).error_description, i < 3 ? 'Bad credentials' : 'User account is locked');
  }
  const r = await token(C.password);
  assert.equal(r.status, 400);
  assert.equal((await r.json()).error_description, 'User account is locked');
  await s.control({ unlock: true });
  assert.equal((await token(C.password)).status, 200);
});

test('a bad client secret is a 401 and tokens expire after the configured lifetime', async () => {
  assert.equal((await token(C.password, 'Basic ' + Buffer.from(`${C.clientId}:nope`).toString('base64'))).status, 401);
  const { access_token, expires_in } = await (await token(C.password)).json();
  assert.equal(expires_in, 1);
  const call = () => fetch(`${s.url}/api/v0/partner/enKashCard/create-allocate-points`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${access_token}`, partnerId: SANDBOX_PARTNER_ID, 'Content-Type': 'application/json' },
    body: '{}',
  });
  assert.equal((await call()).status, 400, 'a valid token reaches validation');
  await new Promise((r) => setTimeout(r, 1100));
  const expired = await call();
  assert.equal(expired.status, 401);
  assert.equal((await expired.json()).error_description, 'Access token expired');
});

test('CORS preflight allows the headers the SDK sends', async () => {
  const r = await fetch(`${s.url}/api/v0/partner/enKashCard/create-allocate-points`, {
    method: 'OPTIONS',
    headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,partnerid,content-type' },
  });
  assert.equal(r.status, 204);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  assert.match(r.headers.get('access-control-allow-headers'), /partnerId/);
});
