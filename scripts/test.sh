#!/usr/bin/env bash
# Runs every check and test of the project, installing what it needs first (idempotent):
#   formatting and clippy (-D warnings) for both crates; the server's unit tests and its
#   end-to-end tests over real HTTP on loopback against real SQLite files (a kill -9 crash test
#   among them); schemathesis over the server's own /openapi.json; the official anthropic
#   Python SDK driven over every Admin API method the contract covers; the console's release
#   build with its size report; the console's wasm-bindgen tests in headless Chromium against
#   the reference server on loopback; and a smoke run of the built console, served by the
#   reference server, in headless Chromium; and the end-to-end suite (e2e/, Playwright driving
#   Debian's Chromium against reference servers with fresh databases).
# At the end, also when a step fails, it prints each step's wall time and the total.
# Usage: scripts/test.sh        (CI runs it through .ci/run)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

# Steps and their wall times, for the table the EXIT trap prints (after a failure too).
step_names=() step_seconds=() current_step="" step_started=0 run_started=$EPOCHREALTIME
seconds_since() { LC_ALL=C awk -v from="$1" -v to="$EPOCHREALTIME" 'BEGIN { printf "%.1f", to - from }'; }
end_step() {
    [ -n "$current_step" ] || return 0
    step_names+=("$current_step")
    step_seconds+=("$(seconds_since "$step_started")")
    current_step=""
}
step() {
    end_step
    current_step=$*
    step_started=$EPOCHREALTIME
    printf '\n==> %s\n' "$*"
}
print_times() {
    local status=$1 failed=$current_step i name
    end_step
    printf '\n==> wall time of each step\n'
    printf '  %-70s %8s\n' step seconds
    for i in "${!step_names[@]}"; do
        name=${step_names[$i]}
        if [ "$status" != 0 ] && [ -n "$failed" ] && [ "$i" = $((${#step_names[@]} - 1)) ]; then
            name="$name (FAILED)"
        fi
        printf '  %-70s %8s\n' "$name" "${step_seconds[$i]}"
    done
    printf '  %-70s %8s\n' total "$(seconds_since "$run_started")"
    if [ "$status" = 0 ]; then
        printf '\n==> all checks passed\n'
    else
        printf '\n==> FAILED (exit status %s)\n' "$status"
    fi
}
trap 'status=$?; trap - EXIT; print_times "$status"; exit "$status"' EXIT

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

step "server: schemathesis over its own OpenAPI document (every check and phase, zero failures)"
scripts/test-schemathesis.sh

step "server: the official anthropic Python SDK against it (strict validation)"
scripts/test-sdk.sh

step "console: release build and size"
scripts/build-console.sh

step "console: browser tests (headless Chromium)"
scripts/test-console.sh

step "console: smoke run of dist/ served by the reference server"
scripts/smoke-console.sh

step "end to end: the console in Chromium against fresh reference servers"
scripts/test-e2e.sh

end_step
