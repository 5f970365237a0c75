// The sandbox's test-control routes (/__sandbox/state, /__sandbox/control) are for the test
// process only: no permissive CORS header, no preflight, and nothing from a web page (a
// request with an Origin), while the API routes keep CORS for the SDK's browser build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sandbox } from './helpers.mjs';

let s;
before(async () => {
  s = await sandbox();
});
after(async () => {
  await s.close();
});

const CONTROL = ['/__sandbox/state', '/__sandbox/control'];
const balance = () => s.account('CAQL8YCV3').balance;

test('the control routes answer the test process without any CORS header', async () => {
  const state = await fetch(`${s.url}/__sandbox/state`);
  assert.equal(state.status, 200);
  assert.equal(state.headers.get('access-control-allow-origin'), null);
  const before = balance();
  const control = await fetch(`${s.url}/__sandbox/control`, { method: 'POST', body: JSON.stringify({ cardAccountId: 'CAQL8YCV3', balance: before + 1 }) });
  assert.equal(control.status, 200);
  assert.equal(control.headers.get('access-control-allow-origin'), null);
  assert.equal(control.headers.get('access-control-allow-methods'), null);
  assert.equal(balance(), before + 1);
});

test('a preflight for a control route is refused, with no CORS header', async () => {
  for (const path of CONTROL) {
    const r = await fetch(`${s.url}${path}`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(r.status, 403, path);
    for (const h of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers']) assert.equal(r.headers.get(h), null, `${path}: ${h}`);
  }
});

test("a web page's request (it carries an Origin) to a control route is refused and changes nothing", async () => {
  const before = balance();
  // A "simple" cross-origin POST needs no preflight: the Origin header is what marks it.
  const control = await fetch(`${s.url}/__sandbox/control`, { method: 'POST', headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain' }, body: JSON.stringify({ cardAccountId: 'CAQL8YCV3', balance: 1 }) });
  assert.equal(control.status, 403);
  assert.equal(control.headers.get('access-control-allow-origin'), null);
  assert.equal(balance(), before, 'the balance was not changed');
  const reset = await fetch(`${s.url}/__sandbox/control`, { method: 'POST', headers: { Origin: 'null' }, body: JSON.stringify({ reset: true }) });
  assert.equal(reset.status, 403);
  const state = await fetch(`${s.url}/__sandbox/state`, { headers: { Origin: 'http://evil.example' } });
  assert.equal(state.status, 403);
  assert.equal(state.headers.get('access-control-allow-origin'), null);
  assert.doesNotMatch(await state.text(), /accounts/);
});

test('the API routes keep CORS for browser pages', async () => {
  const pre = await fetch(`${s.url}/api/v0/partner/enKashCard/create-allocate-points`, {
    method: 'OPTIONS',
    headers: { Origin: 'http://dashboard.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type, partnerid' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), '*');
  assert.match(pre.headers.get('access-control-allow-headers'), /partnerId/);
  const token = await fetch(`${s.url}/oauth/token`, { method: 'POST', headers: { Origin: 'http://dashboard.example' } });
  assert.equal(token.headers.get('access-control-allow-origin'), '*');
  assert.equal(token.headers.get('access-control-expose-headers'), 'Retry-After');
});
