#!/usr/bin/env bash
# Runs every check and test of the project, installing what it needs first (idempotent):
#   formatting and clippy (-D warnings) for both crates; the server's unit tests and its
#   end-to-end tests over real HTTP on loopback against real SQLite files; the console's release
#   build with its size report; the console's wasm-bindgen tests in headless Chromium against
#   the reference server on loopback; and a smoke run of the built console, served by the
#   reference server, in headless Chromium; and the end-to-end suite (e2e/, Playwright driving
#   Debian's Chromium against reference servers with fresh databases).
# Usage: scripts/test.sh        (CI runs it through .ci/run)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
scripts/install.sh

# The console's toolchain environment (on route B it selects Debian's rustc and build-std,
# which must not leak into the server's host build): only for console steps, in a subshell.
console_env() { (source scripts/toolchain-env.sh && "$@"); }

step "formatting"
cargo fmt --all -- --check

step "clippy: server"
cargo clippy -p admin-server --all-targets -- -D warnings

step "clippy: console"
console_env cargo clippy -p admin-console --target wasm32-unknown-unknown --all-targets -- -D warnings

step "server: unit and end-to-end tests"
cargo test -p admin-server --no-fail-fast

step "console: release build and size"
scripts/build-console.sh

step "console: browser tests (headless Chromium)"
scripts/test-console.sh

step "console: smoke run of dist/ served by the reference server"
scripts/smoke-console.sh

step "end to end: the console in Chromium against fresh reference servers"
scripts/test-e2e.sh

step "all checks passed"
