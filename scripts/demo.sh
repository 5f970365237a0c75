#!/usr/bin/env bash
# The demo: builds the package if needed, then runs scripts/demo.mjs against an embedded sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
node scripts/build.mjs --if-needed
node scripts/pack.mjs > /dev/null
node scripts/demo.mjs
