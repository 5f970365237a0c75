// Jest's jsdom environment has no fetch (jsdom implements none), so no fetch-based client can
// reach a server from it. This is the documented fix: jsdom, plus Node's own fetch and the
// classes it takes (an AbortSignal must be Node's for Node's fetch).
const { TestEnvironment } = require('jest-environment-jsdom');

module.exports = class JsdomWithFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, { fetch, Request, Response, Headers, AbortController, AbortSignal });
  }
};
