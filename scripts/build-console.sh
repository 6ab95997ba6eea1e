#!/usr/bin/env bash
# Builds the console for release into dist/ with trunk (offline, after `cargo fetch`), then
# reports its size: wasm, js, css and total, raw and gzipped. Usage: scripts/build-console.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/toolchain-env.sh

cargo fetch --target wasm32-unknown-unknown
trunk build --release --offline --dist "$ROOT/dist"

size_of() { # total bytes of the given files, raw or gzipped
    local mode=$1 total=0 f n
    shift
    for f in "$@"; do
        if [ "$mode" = gz ]; then n=$(gzip -9 -c "$f" | wc -c); else n=$(wc -c <"$f"); fi
        total=$((total + n))
    done
    echo $total
}
kb() { awk -v b="$1" 'BEGIN { printf "%8.1f KB", b / 1024 }'; }

shopt -s nullglob
wasm=(dist/*.wasm)
js=(dist/*.js)
css=(dist/*.css)
all=(dist/*.wasm dist/*.js dist/*.css dist/index.html) # 404.html is a copy, never loaded with it
echo
echo "console size (dist/)      raw       gzipped"
for kind in wasm js css all; do
    declare -n files=$kind
    label=$kind
    [ "$kind" = all ] && label="total (+html)"
    printf "  %-14s %s  %s\n" "$label" "$(kb "$(size_of raw "${files[@]}")")" \
        "$(kb "$(size_of gz "${files[@]}")")"
done
