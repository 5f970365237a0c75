#!/usr/bin/env bash
# Installs whatever the project needs and is missing; quick when everything is there.
#   bash scripts/setup.sh            Rust wasm target, the shipped build's nightly, wasm-bindgen-cli, npm packages
#   bash scripts/setup.sh --browser  ... and Chromium + ChromeDriver for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[setup] %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

# The shipped wasm is compiled by a pinned nightly with std rebuilt from source (scripts/shipped-build.mjs).
nightly=$(sed -n "s/^export const TOOLCHAIN = '\(.*\)';/\1/p" scripts/shipped-build.mjs)
if ! rustup component list --toolchain "$nightly" --installed 2>/dev/null | grep -q '^rust-src'; then
  say "installing the $nightly toolchain (minimal, with rust-src) for the shipped wasm"
  rustup toolchain install "$nightly" --profile minimal --component rust-src
fi
# std's own crates (the rebuilt std depends on a few from crates.io): fetched now, so that
# the build itself needs no network; quick when they are there.
cargo +"$nightly" fetch --quiet --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate (pinned with = in Cargo.toml).
want=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes once"
  cargo install wasm-bindgen-cli --version "$want"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
      say "installing Debian's chromium and chromium-driver"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
    else
      echo "[setup] the browser tests need Chromium: sudo apt-get install -y --no-install-recommends chromium chromium-driver" >&2
      exit 1
    fi
  fi
fi
