#!/usr/bin/env bash
# Every test of the project, in the order a failure is cheapest to find.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh --browser

step() { printf '\n==== %s\n' "$*"; }

step "0/8 cargo fmt --check and cargo clippy -D warnings (native with tests, and the wasm32 browser build)"
cargo fmt --check
cargo clippy --quiet --features native --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown -- -D warnings
echo "fmt and clippy: clean"

step "1/8 native Rust tests (core, every endpoint, validation, auth; the reqwest transport against the sandbox)"
node scripts/aes-vectors.mjs --check tests/fixtures/aes-vectors.json
PROPTEST_CASES=2000 cargo test --quiet --features native
# The browser build's features (no encryption).
cargo test --quiet --no-default-features --lib --test core --test bulk --test validation --test endpoints

step "2/8 wasm-bindgen-test in Node"
cargo test --target wasm32-unknown-unknown --test wasm

step "3/8 wasm-bindgen-test in headless Chromium (with the browser build's features)"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER="$(command -v chromedriver)" WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/webdriver.json" \
  cargo test --target wasm32-unknown-unknown --no-default-features --test wasm

step "4/8 build pkg/, install the packed tarball, build the example dashboard with Vite"
node scripts/build.mjs
tarball=$(node scripts/pack.mjs | tail -n 1)
npx --no-install vite build --config examples-web/vite.config.mjs --logLevel warn

step "5/8 publint and arethetypeswrong on the packed package"
npx --no-install publint ./pkg --strict
npx --no-install attw "$tarball"

step "6/8 tsc --strict over a TypeScript consumer (node16 and bundler resolution)"
npx --no-install tsc -p tests/ts/tsconfig.json
npx --no-install tsc -p tests/ts/tsconfig.bundler.json
npx --no-install tsc -p examples-web/tsconfig.json
npx --no-install tsc -p tests/ts/sandbox/tsconfig.json
node tests/ts/readme.mjs
echo "tsc: no errors"

step "7/8 the packed package where users run it: Next.js (Turbopack, webpack; Node.js and Edge routes), Cloudflare Workers (wrangler dev), esbuild (node cjs/esm, browser), Jest + jsdom, Deno, Bun, TypeScript 5.0/5.1"
runtimes_start=$SECONDS
node --test tests/runtimes/*.test.mjs
echo "runtimes: $((SECONDS - runtimes_start)) s"

step "8/8 node:test: the package in Node (ESM, CJS), the CLI, and headless Chromium (the dashboard) against the sandbox"
node --test tests/node/ tests/browser/
echo "dashboard screenshots: $PWD/test-results/screenshots"
