/**
 * @jest-environment ./jsdom-with-fetch.cjs
 */
// The SDK in jsdom with Node's fetch added (see jsdom-with-fetch.cjs): the same steps as
// ../check.mjs (which Jest cannot import without --experimental-vm-modules) against the
// sandbox; the answer is written where the driver reads and checks it.
const { writeFileSync } = require('node:fs');
const { EnKashClient, EnKashError, isEnKashError, validateAllocation, sdkVersion } = require('enkash-rewards');

test('jsdom with fetch: validation and an allocation against the sandbox', async () => {
  expect(typeof document.createElement).toBe('function');
  expect(typeof TextDecoder).toBe('undefined');
  const { baseUrl, partnerId, credentials, reference, email, mobile, loadAmount } = JSON.parse(process.env.RUNTIME_PARAMS);
  const request = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionType: 'CR', type: 'ALLOCATE_POINT', email, mobile, title: 'Ms', firstName: 'Run', gender: 'F', loadAmount, uniqueReferenceNumber: reference };
  const invalid = validateAllocation({ ...request, email: 'nope' }).map((e) => e.field);
  const client = new EnKashClient({ baseUrl, partnerId, credentials });
  const card = await client.createAndAllocatePoints(request);
  let duplicate = null;
  try {
    await client.createAndAllocatePoints(request);
  } catch (e) {
    duplicate = { kind: e.kind, isEnKashError: isEnKashError(e), instanceOf: e instanceof EnKashError, isError: e instanceof Error };
  }
  writeFileSync(process.env.RUNTIME_RESULT, JSON.stringify({ version: sdkVersion(), invalid, card: { id: card.enKashCardId, balance: card.otbBalance }, duplicate }));
});
