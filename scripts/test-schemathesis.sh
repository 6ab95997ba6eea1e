#!/usr/bin/env bash
# schemathesis (pinned in scripts/python-requirements.txt, installed by scripts/install.sh into
# target/py-venv) over the reference server's own /openapi.json, with every check and its examples,
# coverage, fuzzing and stateful phases (schemathesis.toml: the seed, examples per operation, the
# one check replaced and why), against the real binary on loopback with a fresh demo database.
# Any failure fails the step. Nothing is left in the tree: the server's database, hypothesis's
# files and schemathesis's output live in a temporary directory, removed on exit.
# Arguments go to `schemathesis run` (e.g. --max-examples 10, --include-path-regex members).
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
# A rate limit no run reaches: schemathesis sends some thousands of requests a minute.
target/debug/admin-server --db "$work/schemathesis.db" serve --addr 127.0.0.1:0 --demo --rate-limit 1000000 \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 100); do
    grep -q '^listening on ' "$work/server.out" && break
    sleep 0.1
done
base_url=$(sed -n 's/^listening on //p' "$work/server.out")
admin_key=$(sed -n 's/^demo admin key: //p' "$work/server.out")
[ -n "$base_url" ] && [ -n "$admin_key" ] || { cat "$work/server.out" "$work/server.err" >&2; exit 1; }
# hypothesis keeps its files (.hypothesis/) in the working directory unless told otherwise; the
# hooks file is loaded without writing bytecode beside it.
export HYPOTHESIS_STORAGE_DIRECTORY="$work/hypothesis" PYTHONDONTWRITEBYTECODE=1 ADMIN_KEY="$admin_key"
status=0
target/py-venv/bin/schemathesis --config-file schemathesis.toml run "$base_url/openapi.json" \
    --url "$base_url" --phases examples,coverage,fuzzing,stateful --no-color "$@" || status=$?
if [ "$status" != 0 ]; then
    echo "schemathesis failed (exit status $status); the server's log:" >&2
    tail -n 20 "$work/server.err" >&2
fi
exit "$status"
