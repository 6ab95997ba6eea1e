#!/usr/bin/env bash
# Serves the built dist/ with the reference server (fresh demo database) and loads it in headless
# Chromium: the page must start and render the sign-in form. This catches a build that succeeds
# but dies at start (such as a wasm-opt that breaks the module). Usage: scripts/smoke-console.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -f dist/index.html ] || { echo "smoke: no dist/ (run scripts/build-console.sh)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cargo build -q -p admin-server
target/debug/admin-server --db "$work/smoke.db" serve --addr 127.0.0.1:0 --dist dist --demo \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
    grep -q '^listening on ' "$work/server.out" && break
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$work/server.out")
[ -n "$url" ] || { cat "$work/server.err" >&2; echo "smoke: the server did not start" >&2; exit 1; }

chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --virtual-time-budget=10000 --dump-dom "$url/" \
    >"$work/dom.html" 2>"$work/chromium.err" || true

failed=0
for expected in 'Base URL' 'Admin key' 'Sign in'; do
    if ! grep -q "$expected" "$work/dom.html"; then
        echo "smoke: the rendered page has no \"$expected\"" >&2
        failed=1
    fi
done
if [ $failed = 1 ]; then
    echo "--- rendered DOM:" >&2
    head -c 4000 "$work/dom.html" >&2
    exit 1
fi
echo "smoke: $url renders the sign-in page"
echo "smoke: 1 passed, 0 failed"
