// Secrets never appear in anything the SDK produces: hook events (bodies included), errors
// (message, body, stack, JSON), or inspected objects, across the main flows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { EnKashClient, RedemptionClient } from 'enkash-rewards';
import { sandbox, allocation, row, SANDBOX_CREDENTIALS as CREDS, SANDBOX_PARTNER_ID as PARTNER } from './helpers.mjs';
import { SANDBOX_EMPLOYEE as EMPLOYEE } from '../../sandbox/server.mjs';

let s;
before(async () => { s = await sandbox(); });
after(async () => { await s.close(); });

test('no secret, token, card number or PIN in hooks, errors or inspected objects', async () => {
  const captured = [];
  const hooks = { onRequest: (e) => captured.push(e), onResponse: (e) => captured.push(e), onRetry: (e) => captured.push(e), includeBodies: true };
  const keep = (x) => captured.push(inspect(x, { depth: 10, showHidden: true }), JSON.stringify(x) ?? '', String(x?.stack ?? ''));
  const c = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS, hooks });
  keep(c);
  const card = await c.createAndAllocatePoints(allocation());
  await c.allocateRewards([row(1), row(2), row(3, { mobile: '1' })], { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', isPointsAllocation: true, runId: `secrets-${process.pid}` });
  await c.ssoToken({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', enkashCardId: card.enKashCardId });
  await c.createAndAllocatePoints(allocation({ email: 'bad' })).catch(keep);
  await c.createAndAllocatePoints(allocation({ cardAccountId: 'CANOPE' })).catch(keep);
  const wrong = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: { ...CREDS, password: 'a-wrong-Secret-pass' }, hooks });
  await wrong.authenticate().catch(keep);
  keep(wrong);
  const store = new RedemptionClient({ baseUrl: s.url, credentials: { ...CREDS, username: EMPLOYEE.username, password: EMPLOYEE.password }, hooks });
  const order = await store.createOrder({ denomination: 500, orderReferenceId: `SEC-${Date.now()}`, productCatalogId: 102, quantity: 2 });
  await store.fetchOrderInfo(order.orderId);
  await store.fetchOrderInfo('NOPE').catch(keep);
  keep(store);

  const text = captured.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n');
  const secrets = [
    CREDS.clientSecret,
    CREDS.password,
    EMPLOYEE.password,
    'a-wrong-Secret-pass',
    Buffer.from(`${CREDS.clientId}:${CREDS.clientSecret}`).toString('base64'),
    ...s.state.tokens.keys(),
    ...s.state.ssoTokens.keys(),
    ...[...s.state.orders.values()].flatMap((o) => o.vouchers.flatMap((v) => [v.cardNumber, v.pin])),
  ];
  assert.ok(secrets.length >= 12, `${secrets.length} secrets checked`);
  assert.ok(text.includes('voucherDetailsList') && text.includes('/oauth/token'), 'the capture saw the flows');
  for (const secret of secrets) assert.ok(!text.includes(secret), `a secret leaked: ${secret.slice(0, 3)}…`);
  console.log(`secrets: ${secrets.length} secrets checked against ${text.length} characters of captured output`);
});

// A tiny server answering whatever a test sets, to reach the error paths the sandbox does not.
async function scripted() {
  const { createServer } = await import('node:http');
  const state = { token: '{}', data: '{}', dataStatus: 200 };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const token = req.url.includes('/oauth/token');
      res.writeHead(token ? 200 : state.dataStatus, { 'content-type': 'application/json' });
      res.end(token ? state.token : state.data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { state, url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

const everything = (e) => [String(e?.message), String(e?.body), JSON.stringify(e) ?? '', inspect(e, { depth: 10, showHidden: true }), String(e?.stack)].join('\n');

test('error bodies and messages keep no token, card number or PIN (JSON.stringify, util.inspect)', async () => {
  const srv = await scripted();
  try {
    srv.state.token = JSON.stringify({ access_token: 'tok-SECRET-js1', expires_in: 'soon', refresh_token: 'ref-SECRET-js2', token_type: 'bearer' });
    const c = new EnKashClient({ baseUrl: srv.url, partnerId: PARTNER, credentials: CREDS, maxRetries: 0 });
    const tokenError = await c.authenticate().then(() => assert.fail('a bad token answer was accepted'), (e) => e);
    assert.equal(tokenError.kind, 'decode');
    assert.match(tokenError.message, /expires_in/);
    assert.match(tokenError.body, /expires_in/);
    const store = new RedemptionClient({ baseUrl: srv.url, accessToken: 'user-token', maxRetries: 0 });
    const order = (voucher) => JSON.stringify({ code: 0, message: 'Success', payload: { orderId: 'ORD-1', voucherDetailsList: [voucher] } });
    srv.state.data = order({ cardNumber: '4111000011112222', pin: '918273', expiryDate: 20271231 });
    const wrongType = await store.fetchOrderInfo('ORD-1').then(() => assert.fail('a bad order was accepted'), (e) => e);
    assert.equal(wrongType.kind, 'decode');
    assert.match(wrongType.body, /voucherDetailsList/);
    srv.state.data = order({ cardNumber: '4111000011113333', pin: 918274 });
    const pinError = await store.fetchOrderInfo('ORD-1').then(() => assert.fail('a bad order was accepted'), (e) => e);
    assert.equal(pinError.kind, 'decode');
    srv.state.dataStatus = 500;
    srv.state.data = JSON.stringify({ code: 1, message: 'failed', payload: { voucherPin: '555111', 'X-Access-Token': 'tok-SECRET-js3' } });
    const apiError = await store.fetchOrderInfo('ORD-1').then(() => assert.fail('a 500 was accepted'), (e) => e);
    assert.equal(apiError.kind, 'api');
    assert.match(apiError.body, /failed/);
    const text = [tokenError, wrongType, pinError, apiError].map(everything).join('\n');
    for (const secret of ['tok-SECRET-js1', 'ref-SECRET-js2', '4111000011112222', '918273', '4111000011113333', '918274', '555111', 'tok-SECRET-js3']) {
      assert.ok(!text.includes(secret), `a secret leaked: ${secret}\n${text}`);
    }
  } finally {
    await srv.close();
  }
});

test('a baseUrl, redemptionBaseUrl or ssoHost with user:password is refused without echoing the password', () => {
  const url = 'https://user:hunter2pw@pay.example.in';
  const attempts = [
    () => new EnKashClient({ baseUrl: url, partnerId: PARTNER, accessToken: 't' }),
    () => new EnKashClient({ baseUrl: s.url, redemptionBaseUrl: url, partnerId: PARTNER, accessToken: 't' }),
    () => new EnKashClient({ baseUrl: s.url, ssoHost: url, partnerId: PARTNER, accessToken: 't' }),
    () => new RedemptionClient({ baseUrl: url, accessToken: 't' }),
  ];
  for (const make of attempts) {
    assert.throws(make, (e) => {
      assert.equal(e.kind, 'validation');
      assert.ok(!everything(e).includes('hunter2pw'), everything(e));
      return true;
    });
  }
});

test('validation messages and bulk reasons mask emails and mobile numbers', async () => {
  const c = new EnKashClient({ baseUrl: s.url, partnerId: PARTNER, credentials: CREDS });
  const badEmail = 'asha.verma.personal@example';
  const badMobile = '96000988671';
  const one = await c.createAndAllocatePoints(allocation({ email: badEmail, mobile: badMobile })).then(() => assert.fail('accepted'), (e) => e);
  assert.equal(one.kind, 'validation');
  assert.deepEqual(one.fieldErrors.map((f) => f.field).sort(), ['email', 'mobile']);
  const report = await c.allocateRewards([row(1, { email: badEmail }), row(2, { mobile: badMobile }), row(3, { mobile: 96000988673 })], {
    companyId: 'CEK1PU9AOO',
    cardAccountId: 'CAQL8YCV3',
    isPointsAllocation: true,
    dryRun: true,
  });
  assert.deepEqual(report.outcomes.map((o) => o.status), ['invalid', 'invalid', 'invalid']);
  const text = [everything(one), JSON.stringify(report), inspect(report, { depth: 10 })].join('\n');
  for (const value of [badEmail, badMobile, '96000988673']) assert.ok(!text.includes(value), `${value} shown:\n${text}`);
  assert.match(text, /a\*\*\*@example/);
});
