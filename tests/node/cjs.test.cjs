// The CommonJS entry: require() works with no init, and behaves as the ESM entry does.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const sdk = require('enkash-rewards');

test('require() gives the whole API, ready to use', async () => {
  for (const name of ['EnKashClient', 'validateAllocation', 'validateBulkRows', 'EnKashError', 'isEnKashError', 'parsePortalDate', 'sdkVersion']) {
    assert.equal(typeof sdk[name], 'function', name);
  }
  assert.match(sdk.sdkVersion(), /^\d+\.\d+\.\d+/);
  assert.equal(sdk.parsePortalDate('Jun 20, 2024 2:56:47 PM'), '2024-06-20T14:56:47');
  // ESM and CJS are two instances (each bundles cleanly on its own) with one API: the same
  // names, the same answers, and errors that each side's isEnKashError recognises.
  const esm = await import('enkash-rewards');
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(sdk).sort());
  assert.equal(esm.sdkVersion(), sdk.sdkVersion());
  const fromEsm = esm.validateAllocation({});
  assert.deepEqual(sdk.validateAllocation({}), fromEsm);
  let esmError, cjsError;
  try {
    new esm.EnKashClient({});
  } catch (e) {
    esmError = e;
  }
  try {
    new sdk.EnKashClient({});
  } catch (e) {
    cjsError = e;
  }
  assert.ok(esmError instanceof esm.EnKashError && cjsError instanceof sdk.EnKashError, 'instanceof within each entry');
  assert.ok(sdk.isEnKashError(esmError) && esm.isEnKashError(cjsError), 'isEnKashError across the two');
  assert.equal(esmError.kind, cjsError.kind);
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
