// What every runtime consumer does with the SDK (bundled into each one): validation in the
// wasm module, then a real allocation against the sandbox and its duplicate. Returns a plain
// JSON summary for the driver to assert on. `params`: { baseUrl, partnerId, reference, and
// either credentials (server) or accessToken (browser), and a new recipient: email, mobile, loadAmount }.
export async function check(sdk, { baseUrl, partnerId, credentials, accessToken, reference, email, mobile, loadAmount }) {
  const { EnKashClient, EnKashError, isEnKashError, validateAllocation, sdkVersion } = sdk;
  const request = {
    companyId: 'CEK1PU9AOO',
    cardAccountId: 'CAQL8YCV3',
    transactionType: 'CR',
    type: 'ALLOCATE_POINT',
    email,
    mobile,
    title: 'Ms',
    firstName: 'Run',
    gender: 'F',
    loadAmount,
    uniqueReferenceNumber: reference,
  };
  const invalid = validateAllocation({ ...request, email: 'nope' }).map((e) => e.field);
  const client = credentials
    ? new EnKashClient({ baseUrl, partnerId, credentials })
    : new EnKashClient({ baseUrl, partnerId, tokenProvider: async () => ({ accessToken, expiresIn: 300 }) });
  const card = await client.createAndAllocatePoints(request);
  let duplicate = null;
  try {
    await client.createAndAllocatePoints(request);
  } catch (e) {
    duplicate = { kind: e.kind, isEnKashError: isEnKashError(e), instanceOf: e instanceof EnKashError, isError: e instanceof Error };
  }
  return { version: sdkVersion(), invalid, card: { id: card.enKashCardId, balance: card.otbBalance }, duplicate };
}
