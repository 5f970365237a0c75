// How the shipped wasm is compiled: one place, used by scripts/build.mjs (the package),
// bench/size-by-area.mjs (the same build with names kept) and scripts/setup.sh (installs the
// toolchain).
//
// The shipped wasm is compiled by a pinned nightly with the standard library rebuilt from
// source (`optimize_for_size`: std's smaller variants of sorting and formatting) and panics as
// a bare trap (`-Cpanic=immediate-abort`): the panic machinery and the formatting of its
// messages are gone. It measured 30 KB gzip less for the browser build (bench/README.md, size
// levers). Nothing observable is lost: on wasm32-unknown-unknown a
// panic message goes nowhere (there is no stderr), and any panic already traps; the SDK is
// written not to panic (tests/property tests hold it to that, on the stable compiler too).
// Everything else (tests, clippy, the wasm-bindgen-test runs) uses the stable toolchain.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** The pinned nightly (rustup installs it with the rust-src component: scripts/setup.sh). */
export const TOOLCHAIN = 'nightly-2026-05-19';

/**
 * Compiles the crate's wasm as shipped and returns the path of the .wasm file.
 * `features`: extra cargo arguments (`--no-default-features` for the browser build);
 * `targetDir`: where cargo builds (its own, so the stable build's cache is left alone);
 * `rustflags`: added after the shipped ones (size-by-area adds v0 symbol names).
 */
export function buildShippedWasm(root, { features = [], targetDir = join(root, 'target/shipped'), rustflags = '' } = {}) {
  const env = { ...process.env, CARGO_TARGET_DIR: targetDir, RUSTFLAGS: `-Zunstable-options -Cpanic=immediate-abort ${rustflags}`.trim() };
  // rustup's proxy picks the toolchain from `+name`, not from RUSTUP_TOOLCHAIN set by an outer
  // cargo; and CARGO_ENCODED_RUSTFLAGS, when set, would replace RUSTFLAGS (and drop the panic
  // strategy) without a word.
  delete env.RUSTUP_TOOLCHAIN;
  delete env.CARGO_ENCODED_RUSTFLAGS;
  const args = [`+${TOOLCHAIN}`, 'build', '--quiet', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '-Zbuild-std=std,panic_abort', '-Zbuild-std-features=optimize_for_size', ...features];
  execFileSync('cargo', args, { cwd: root, stdio: 'inherit', env });
  return join(targetDir, 'wasm32-unknown-unknown/release/enkash_rewards.wasm');
}

