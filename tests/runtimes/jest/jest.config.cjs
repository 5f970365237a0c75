// A React-style project's Jest set-up: the jsdom environment, CommonJS tests, nothing about the
// SDK. sdk.test.cjs runs in plain jsdom; call.test.cjs in jsdom plus fetch (jsdom-with-fetch.cjs).
module.exports = {
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/*.test.cjs'],
  cacheDirectory: '<rootDir>/.jest-cache',
};
