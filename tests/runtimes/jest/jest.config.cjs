// A React-style project's Jest set-up: the jsdom environment, CommonJS tests, nothing about the
// SDK. sdk.jest.cjs runs in plain jsdom; call.jest.cjs in jsdom plus fetch (jsdom-with-fetch.cjs).
module.exports = {
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/*.jest.cjs'],
  cacheDirectory: '<rootDir>/.jest-cache',
};
