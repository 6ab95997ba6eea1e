#!/usr/bin/env bash
# Runs every check and test of the project, installing what it needs first (idempotent), or only
# the steps named:
#   lint          formatting, and clippy (-D warnings) for the server and for the console (wasm32)
#   server        the server's unit tests and its end-to-end tests over real HTTP on loopback
#                 against real SQLite files (a kill -9 crash test among them)
#   schemathesis  schemathesis over the server's own /openapi.json
#   sdk           the official anthropic Python SDK driven over every Admin API method the
#                 contract covers
#   build         the console's release build into dist/, with its size report
#   console       the console's browser tests (one wasm-bindgen test binary) in headless Chromium
#                 against the reference server on loopback
#   smoke         the built console, served by the reference server and by a static host, loaded
#                 in headless Chromium
#   e2e           the end-to-end suite (e2e/: Playwright driving Debian's Chromium against
#                 reference servers with fresh databases); needs dist/ from `build`
# At the end, also when a step fails, it prints each step's wall time and the total.
# Usage: scripts/test.sh             every step (CI runs it through .ci/run)
#        scripts/test.sh STEP...     only these steps, in the order given (e.g. lint console)
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

all_steps=(lint server schemathesis sdk build console smoke e2e)
for name in "$@"; do
    [[ " ${all_steps[*]} " == *" $name "* ]] ||
        { echo "test: no step \"$name\"; the steps: ${all_steps[*]}" >&2; exit 2; }
done

# The console's toolchain environment (on route B it selects Debian's rustc and build-std,
# which must not leak into the server's host build): only for console steps, in a subshell.
console_env() { (source scripts/toolchain-env.sh && "$@"); }

run_lint() {
    step "lint: formatting"
    cargo fmt --all -- --check
    step "lint: clippy, server"
    cargo clippy -p admin-server --all-targets -- -D warnings
    step "lint: clippy, console (wasm32)"
    console_env cargo clippy -p admin-console --target wasm32-unknown-unknown --all-targets -- -D warnings
}
run_server() {
    step "server: unit and end-to-end tests"
    cargo test -p admin-server --no-fail-fast
}
run_schemathesis() {
    step "schemathesis: over the server's own OpenAPI document (every check and phase, zero failures)"
    scripts/test-schemathesis.sh
}
run_sdk() {
    step "sdk: the official anthropic Python SDK against the server (strict validation)"
    scripts/test-sdk.sh
}
run_build() {
    step "build: the console's release build and size"
    scripts/build-console.sh
}
run_console() {
    step "console: browser tests (headless Chromium)"
    scripts/test-console.sh
}
run_smoke() {
    step "smoke: dist/ served by the reference server and a static host"
    scripts/smoke-console.sh
}
run_e2e() {
    step "e2e: the console in Chromium against fresh reference servers"
    scripts/test-e2e.sh
}

step "toolchain"
scripts/install.sh

for name in "${@:-${all_steps[@]}}"; do
    "run_$name"
done

end_step
