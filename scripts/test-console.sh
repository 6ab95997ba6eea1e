#!/usr/bin/env bash
# Runs the console's browser tests (one wasm-bindgen-test binary, tests/browser/main.rs) in one
# headless Chromium session through chromedriver, against a reference server (admin-server)
# started here on loopback with a fresh demo database. An argument, if any, is a test-name filter
# (a substring of `module::test`), e.g. scripts/test-console.sh page_members
#
# The tests learn the server at run time from target/console-test-server.json (base URL, admin
# key, read-only key, a closed port, a server on another origin without CORS, and a second
# reference server in test fault mode with its own key and the relay that sets its faults):
# wasm-bindgen-test-runner serves files of its working
# directory (the package root) when they are not its own, so a test fetches
# /target/console-test-server.json. The file is deleted, and the server stopped, on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The server is a host build: build it before the console's toolchain environment is sourced
# (on route B that environment selects Debian's rustc and build-std for wasm32).
cargo build -q -p admin-server
server_bin=$PWD/target/debug/admin-server

source scripts/toolchain-env.sh

# One run at a time per checkout: runs share the server file's name. The lock is not handed to
# the test runner (9>&- below): a browser it leaves behind would hold it.
exec 9>"$ROOT/target/console-test-server.lock"
if ! flock -n 9; then
    echo "console: waiting for another run of scripts/test-console.sh in this checkout" >&2
    flock 9
fi

server_file=$ROOT/target/console-test-server.json
work=$(mktemp -d)
server_pid=
faults_pid=
plain_pid=
relay_pid=
cleanup() {
    for pid in $server_pid $faults_pid $plain_pid $relay_pid; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -f "$server_file"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- The reference servers: fresh databases, demo data, a rate limit no test reaches by
# accident. The second runs in test fault mode (`--test-faults`: forced errors and delays, and a
# log of the requests it saw), for the batch runner's tests (tests/browser/batch.rs): its faults apply to
# every request it gets, so no other test shares it.
start_server() { # NAME [serve arguments...]: starts it, sets $started_pid
    local name=$1
    shift
    "$server_bin" --db "$work/$name.db" serve --addr 127.0.0.1:0 --demo --rate-limit 100000 "$@" \
        >"$work/$name.out" 2>"$work/$name.err" &
    started_pid=$!
    for _ in $(seq 100); do
        grep -q '^listening on ' "$work/$name.out" && break
        kill -0 "$started_pid" 2>/dev/null || break
        sleep 0.1
    done
    if ! grep -q '^listening on ' "$work/$name.out" || ! grep -q '^demo admin key: ' "$work/$name.out"; then
        cat "$work/$name.out" "$work/$name.err" >&2
        echo "console: the reference server ($name) did not start" >&2
        exit 1
    fi
}
start_server console-tests
server_pid=$started_pid
start_server console-faults --test-faults
faults_pid=$started_pid
base_url=$(sed -n 's/^listening on //p' "$work/console-tests.out")
admin_key=$(sed -n 's/^demo admin key: //p' "$work/console-tests.out")
faults_base_url=$(sed -n 's/^listening on //p' "$work/console-faults.out")
faults_admin_key=$(sed -n 's/^demo admin key: //p' "$work/console-faults.out")
# Keys take effect on the running server at once.
read_only_key=$("$server_bin" --db "$work/console-tests.db" keys create --name console-tests-read-only --read-only)
# Members with the Enterprise roles the demo has not (a Console organization's demo), for the
# tests of how the console shows and locks them (tests/browser/page_members.rs).
for role in owner primary_owner membership_admin managed; do
    "$server_bin" --db "$work/console-tests.db" fixtures user --role "$role" \
        --email "$role@fixtures.example" --name "Fixture ${role//_/ }" >/dev/null
done

# A port nothing listens on, for tests of an unreachable server. It is taken below the kernel's
# ephemeral range, so no server bound to port 0 meanwhile gets it, and above Chromium's blocked
# ports (which fail differently, before any connection).
ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
closed_port=
for _ in $(seq 50); do
    port=$((20000 + RANDOM % (ephemeral_low - 20000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        closed_port=$port
        break
    fi
done
[ -n "$closed_port" ] || { echo "console: found no closed port on 127.0.0.1" >&2; exit 1; }

# A server on another origin that sends no CORS headers: the browser refuses to let the page
# read its answers, as with an Admin API that does not allow the console's origin.
python3 scripts/no-cors-server.py >"$work/plain.out" 2>&1 &
plain_pid=$!
for _ in $(seq 100); do
    grep -q 'port [0-9]' "$work/plain.out" && break
    sleep 0.1
done
plain_port=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$work/plain.out" | head -1)
[ -n "$plain_port" ] || { cat "$work/plain.out" >&2; echo "console: the plain server did not start" >&2; exit 1; }

# The fault-mode server's faults are set with a PUT, which its CORS rules refuse to a page:
# this relay takes them as a POST (see the script).
python3 scripts/faults-relay.py "$faults_base_url" >"$work/relay.out" 2>&1 &
relay_pid=$!
for _ in $(seq 100); do
    grep -q 'port [0-9]' "$work/relay.out" && break
    sleep 0.1
done
relay_port=$(sed -n 's/^port \([0-9]*\)$/\1/p' "$work/relay.out" | head -1)
[ -n "$relay_port" ] || { cat "$work/relay.out" >&2; echo "console: the faults relay did not start" >&2; exit 1; }

for value in "$base_url" "$admin_key" "$read_only_key" "$faults_base_url" "$faults_admin_key"; do
    [[ $value =~ ^[A-Za-z0-9:/._-]+$ ]] || { echo "console: unexpected server output" >&2; exit 1; }
done
(
    umask 077
    printf '{"base_url":"%s","admin_key":"%s","read_only_key":"%s","unreachable_base_url":"%s","cors_refusing_base_url":"%s","faults_base_url":"%s","faults_admin_key":"%s","faults_relay_url":"%s"}\n' \
        "$base_url" "$admin_key" "$read_only_key" "http://127.0.0.1:$closed_port" \
        "http://127.0.0.1:$plain_port" "$faults_base_url" "$faults_admin_key" \
        "http://127.0.0.1:$relay_port" >"$server_file.tmp"
)
mv "$server_file.tmp" "$server_file"
echo "test-console: reference server at $base_url (pid $server_pid), in test fault mode at $faults_base_url (pid $faults_pid)"

# --- The browser tests.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
# Chromium flags for this machine (the runner itself adds headless and no-sandbox).
export WASM_BINDGEN_TEST_WEBDRIVER_JSON=$ROOT/webdriver.json
# The runner's limit for the whole binary (every test of every module), not for one test.
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-900}

# Only the one test target: the library and the binary have no tests of their own, and each
# further wasm target would cost a link, a wasm-bindgen pass and a browser session.
log=$work/cargo-test.log
status=0
cargo test --target wasm32-unknown-unknown -p admin-console --test browser -- "$@" 9>&- 2>&1 |
    tee "$log" || status=$?
for name in console-tests console-faults; do
    pid=$server_pid
    [ "$name" = console-faults ] && pid=$faults_pid
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "console: the reference server ($name) stopped during the tests; its log:" >&2
        tail -n 40 "$work/$name.err" >&2
        if [ "$status" = 0 ]; then status=1; fi
    fi
done
awk '/^test result:/ { p += $4; f += $6 } END { printf "console: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
