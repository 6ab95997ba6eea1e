#!/usr/bin/env bash
# Runs the console's browser tests (tests/*.rs, wasm-bindgen-test) in headless Chromium through
# chromedriver. Arguments, if any, replace the default test selection of `cargo test`,
# e.g. scripts/test-console.sh --test session
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain-env.sh

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
# Chromium flags for this machine (the runner itself adds headless and no-sandbox).
export WASM_BINDGEN_TEST_WEBDRIVER_JSON=$ROOT/webdriver.json
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}

# Default selection --tests: unit and integration tests, no doctests (they do not run for
# wasm32 and would only close the output with an empty "0 passed").
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --target wasm32-unknown-unknown -p admin-console --no-fail-fast "${@:---tests}" 2>&1 |
    tee "$log" || status=$?
awk '/^test result:/ { p += $4; f += $6 } END { printf "console: %d passed, %d failed\n", p, f }' "$log"
exit $status
