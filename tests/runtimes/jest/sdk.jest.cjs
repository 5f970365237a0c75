/**
 * @jest-environment jsdom
 */
// The SDK in Jest's plain jsdom environment (no TextDecoder/TextEncoder, no fetch): it loads,
// validates and parses; a call fails with a typed network error naming the missing fetch.
const { EnKashClient, isEnKashError, validateAllocation, parseRecipientsCsv } = require('enkash-rewards');

const request = { companyId: 'CEK1PU9AOO', cardAccountId: 'CAQL8YCV3', transactionType: 'CR', type: 'ALLOCATE_POINT', email: 'j@example.com', mobile: '9123456780', title: 'Ms', firstName: 'Jay', gender: 'F', loadAmount: 1, uniqueReferenceNumber: 'JEST-1' };

test('loads in jsdom without TextDecoder/TextEncoder: validation and CSV parsing work', () => {
  expect(typeof document.createElement).toBe('function');
  expect(typeof TextDecoder).toBe('undefined');
  expect(validateAllocation({ ...request, email: 'nope' }).map((e) => e.field)).toEqual(['email']);
  expect(validateAllocation(request)).toEqual([]);
  const parsed = parseRecipientsCsv('title,name,email,mobile,loadAmount,remarks,uniqueReferenceNumber\nMr,Émile Zola,e@example.com,9876543210,5,ok,R-1\n');
  expect(parsed.rows[0].name).toBe('Émile Zola');
});

test('a call without fetch (plain jsdom has none) is a typed network error', async () => {
  expect(typeof fetch).toBe('undefined');
  const client = new EnKashClient({ baseUrl: 'http://127.0.0.1:9', partnerId: 'P', tokenProvider: async () => ({ accessToken: 't', expiresIn: 300 }) });
  let error;
  try {
    await client.createAndAllocatePoints(request);
  } catch (e) {
    error = e;
  }
  expect(isEnKashError(error)).toBe(true);
  expect(error.kind).toBe('network');
  expect(error.message).toMatch(/fetch is not defined/);
});
