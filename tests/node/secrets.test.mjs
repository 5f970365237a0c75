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
