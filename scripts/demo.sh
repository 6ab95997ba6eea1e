#!/usr/bin/env bash
# Runs the demo: installs what is missing, builds the console, and starts the reference server on
# SQLite with demo data, serving the console. Prints the URL and a fresh admin key.
# Usage: scripts/demo.sh [--fresh]     (--fresh starts from a new database)
# Environment: DEMO_ADDR (default 127.0.0.1:8080), DEMO_DB (default target/demo.db).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
addr=${DEMO_ADDR:-127.0.0.1:8080}
db=${DEMO_DB:-target/demo.db}

if [ "${1:-}" = --fresh ]; then
    rm -f "$db" "$db-wal" "$db-shm"
fi

scripts/install.sh
scripts/build-console.sh
cargo build --release -p admin-server
mkdir -p "$(dirname "$db")"
# `--demo` makes a key only when it fills a new database: for an existing one, make it here.
if [ -f "$db" ]; then
    echo "demo admin key: $(target/release/admin-server --db "$db" keys create --name demo)"
fi
echo
echo "Open the URL below and sign in with the demo admin key (Ctrl-C stops the server)."
exec target/release/admin-server --db "$db" serve --addr "$addr" --dist dist --demo
