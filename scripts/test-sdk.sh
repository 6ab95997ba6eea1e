#!/usr/bin/env bash
# The official anthropic Python SDK (pinned in scripts/python-requirements.txt, installed by
# scripts/install.sh into target/py-venv) with strict response validation, driven over every Admin
# API method it has that the contract covers (scripts/sdk-check.py), against a reference server
# with a fresh demo database on loopback.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build -q -p admin-server
work=$(mktemp -d)
server_pid=
cleanup() {
    [ -z "$server_pid" ] || { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT
target/debug/admin-server --db "$work/sdk.db" serve --addr 127.0.0.1:0 --demo --rate-limit 100000 \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
    grep -q '^listening on ' "$work/server.out" && break
    sleep 0.1
done
base_url=$(sed -n 's/^listening on //p' "$work/server.out")
admin_key=$(sed -n 's/^demo admin key: //p' "$work/server.out")
[ -n "$base_url" ] && [ -n "$admin_key" ] || { cat "$work/server.out" "$work/server.err" >&2; exit 1; }
target/py-venv/bin/python scripts/sdk-check.py "$base_url" "$admin_key"
