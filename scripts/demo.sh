#!/usr/bin/env bash
# Runs the demo: installs what is missing, builds the console, and starts the reference server on
# SQLite with demo data, serving the console. Prints the URL and a fresh admin key.
# Usage: scripts/demo.sh [--fresh] [--large]
#   --fresh  starts from a new database
#   --large  the large demo organization (10,000 members, 100 workspaces, 5,000 API keys,
#            2,000 invites), in its own database (target/demo-large.db)
# Environment: DEMO_ADDR (default 127.0.0.1:8080), DEMO_DB (default target/demo.db, or
# target/demo-large.db with --large).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
addr=${DEMO_ADDR:-127.0.0.1:8080}
fresh=no size=small
for arg in "$@"; do
    case $arg in
    --fresh) fresh=yes ;;
    --large) size=large ;;
    *) echo "demo: unknown argument $arg (usage: scripts/demo.sh [--fresh] [--large])" >&2; exit 2 ;;
    esac
done
if [ $size = large ]; then db=${DEMO_DB:-target/demo-large.db}; else db=${DEMO_DB:-target/demo.db}; fi
if [ $fresh = yes ]; then
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
exec target/release/admin-server --db "$db" serve --addr "$addr" --dist dist --demo --demo-size "$size"
