#!/usr/bin/env bash
# The console's benchmark: how fast it shows what a person waits for, next to a floor (a plain-JS
# page that only fetches and renders a table: e2e/bench/floor.html), in Debian's Chromium driven
# by Playwright (e2e/bench/bench.mjs says how each figure is taken). It prints a table of medians
# (min-max), the console/floor ratio and the Admin API requests each step made. It is not a test:
# no timing passes or fails; it exits non-zero only when a step could not be measured at all.
#   1. a cold load of Members to its first rows, console vs floor;
#   2. page changes in the console: Members -> Workspaces -> Members (with the requests each
#      makes: with a query cache the return needs at most one) and Members page 1 -> 2;
#   3. with the large demo (10,000 members): the first page, a deep page by URL (after_id), the
#      workspace member picker after 3 letters, and Overview to its four counts.
# What it needs: a release admin-server (built here, under the shared build lock) and the built
# console (dist/, built by scripts/build-console.sh only when missing). dist/ is copied first, so a
# rebuild meanwhile does not change what is measured; the floor page is put beside the copy and
# served by the same server, with the same compression and cache headers.
# Usage: scripts/bench-console.sh [--runs N] [--only small|large]     (default 15 runs)
# Environment: CHROMIUM (default /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

runs=15
only=
while [ $# -gt 0 ]; do
    case $1 in
        --runs) runs=${2:?--runs needs a number}; shift 2 ;;
        --only) only=${2:?--only needs small or large}; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "bench: --runs takes a positive number" >&2; exit 2; }
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "bench: no $chromium (run scripts/install.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/bench-console.XXXXXX)
trap 'rm -rf "$work"' EXIT

# --- What is measured: the release server and a copy of the console.
echo "bench: building the release admin-server (waits for the shared build lock)" >&2
flock /tmp/heavy-build.lock cargo build -q --release -p admin-server
server=$ROOT/target/release/admin-server

if [ ! -f dist/index.html ]; then
    echo "bench: no dist/, building the console (waits for the shared build lock)" >&2
    flock /tmp/heavy-build.lock scripts/build-console.sh >&2
fi

# A whole copy: index.html and every file it names (a rebuild under way may have removed some).
complete() {
    local dir=$1 name
    [ -f "$dir/index.html" ] || return 1
    for name in $(grep -oE '(href|src)="[^"]+\.(js|wasm|css)"' "$dir/index.html" | sed -E 's/^[a-z]+="//; s/"$//; s#^\./##; s#^/##'); do
        [ -f "$dir/$name" ] || return 1
    done
    ls "$dir"/*.wasm >/dev/null 2>&1
}
for attempt in 1 2 3 4 5 6; do
    rm -rf "$work/dist"
    cp -r dist "$work/dist" 2>/dev/null && complete "$work/dist" && break
    [ "$attempt" = 6 ] && { echo "bench: dist/ stayed incomplete (a build under way?)" >&2; exit 1; }
    echo "bench: dist/ is being rebuilt, copying again in 10 s" >&2
    sleep 10
done
echo "bench: console copied from dist/ ($(du -sh "$work/dist" | cut -f1), index.html of $(date -r dist/index.html '+%F %T'))" >&2

# The floor beside it, with the same kind of precompressed copies as the console's files.
cp e2e/bench/floor.html "$work/dist/bench-floor.html"
gzip -9 -n -k "$work/dist/bench-floor.html"
if command -v brotli >/dev/null; then brotli -q 11 -k "$work/dist/bench-floor.html"; fi

# --- Playwright: the e2e suite's packages (installed as scripts/test-e2e.sh does, never a browser).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stamp=e2e/node_modules/.installed-lock
if ! cmp -s e2e/package-lock.json "$stamp" 2>/dev/null; then
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
    cp e2e/package-lock.json "$stamp"
fi

export CHROMIUM=$chromium
cd e2e
node bench/bench.mjs --server "$server" --dist "$work/dist" --work "$work" --runs "$runs" ${only:+--only "$only"}
