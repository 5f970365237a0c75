// The CommonJS entry: require() works with no init, and shares the ESM entry's instance.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const sdk = require('enkash-rewards');

test('require() gives the whole API, ready to use', async () => {
  for (const name of ['EnKashClient', 'validateAllocation', 'validateBulkRows', 'EnKashError', 'isEnKashError', 'parsePortalDate', 'sdkVersion']) {
    assert.equal(typeof sdk[name], 'function', name);
  }
  assert.match(sdk.sdkVersion(), /^\d+\.\d+\.\d+/);
  assert.equal(sdk.parsePortalDate('Jun 20, 2024 2:56:47 PM'), '2024-06-20T14:56:47');
  const esm = await import('enkash-rewards');
  assert.equal(esm.EnKashClient, sdk.EnKashClient, 'one instance for ESM and CJS');
});

test('allocation from CommonJS against the sandbox', async () => {
  const { startSandbox, SANDBOX_CREDENTIALS, SANDBOX_PARTNER_ID } = await import('../../sandbox/server.mjs');
  const s = await startSandbox();
  try {
    const c = new sdk.EnKashClient({ baseUrl: s.url, partnerId: SANDBOX_PARTNER_ID, credentials: SANDBOX_CREDENTIALS });
    const card = await c.createAndAllocatePoints({ companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionType: 'CR', type: 'ALLOCATE_POINT', email: 'cjs@example.com', mobile: '9000000001', title: 'Mr', firstName: 'Cee', gender: 'M', loadAmount: 3, uniqueReferenceNumber: 'CJS-1' });
    assert.equal(card.otbBalance, 3);
    await assert.rejects(c.createAndAllocatePoints({}), (e) => sdk.isEnKashError(e) && e instanceof sdk.EnKashError && e.kind === 'validation' && e.fieldErrors.length === 6);
  } finally {
    await s.close();
  }
});
