#!/usr/bin/env bash
# Loads the built console in headless Chromium (--dump-dom), as it is deployed:
#   1. served by the reference server (fresh demo database) at the site's root: `/` and the deep
#      links `/workspaces/wrkspc_x` and `/members`;
#   2. copied under `/admin/` of a plain static host without rewrite rules that answers unknown
#      paths with that folder's 404.html (scripts/static-host.py, standing for a bucket):
#      `/admin/`, `/admin/index.html`, `/admin/members` and `/admin/workspaces/wrkspc_x`.
# For each page it checks that the sign-in page renders (so the page started: this also catches a
# build that succeeds but dies at start), that `<base href>` names the console's folder, and that
# Chromium reported no Content-Security-Policy violation; on the static host also that config.json
# and the assets were fetched from /admin/ and nothing but the page itself was a 404.
# Usage: scripts/smoke-console.sh [DIST]      (default dist/)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dist=$(realpath "${1:-dist}")
[ -f "$dist/index.html" ] || { echo "smoke: no $dist/index.html (run scripts/build-console.sh)" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# start NAME COMMAND...: runs a server in the background, sets $url from its `listening on URL`.
start() {
    local name=$1
    shift
    "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pids+=($!)
    for _ in $(seq 100); do
        grep -q '^listening on ' "$work/$name.out" && break
        sleep 0.1
    done
    url=$(sed -n 's/^listening on //p' "$work/$name.out")
    [ -n "$url" ] || { cat "$work/$name.err" >&2; echo "smoke: $name did not start" >&2; exit 1; }
}

passed=0
failed=0
check() { # check DESCRIPTION CONDITION...: counts one check
    local what=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "smoke: FAILED: $what" >&2
    fi
}

page=0
# load URL: renders URL in headless Chromium into $dom, its log into $log.
load() {
    page=$((page + 1))
    dom=$work/dom-$page.html
    log=$work/chromium-$page.log
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$work/profile-$page" --enable-logging=stderr --v=0 \
        --virtual-time-budget=10000 --dump-dom "$1" >"$dom" 2>"$log" || true
}

renders_sign_in() {
    local expected
    for expected in 'Base URL' 'Admin key' 'Sign in'; do
        grep -q "$expected" "$dom" || { echo "smoke: the page has no \"$expected\"; its DOM:" >&2; head -c 3000 "$dom" >&2; echo >&2; return 1; }
    done
}

base_is() {
    local found
    found=$(grep -o '<base href="[^"]*">' "$dom" | sed 's/^<base href="//; s/">$//' | paste -sd ' ')
    [ "$found" = "$1" ] || { echo "smoke: <base href> is \"$found\", not \"$1\"" >&2; return 1; }
}

# The policy is in the page and Chromium logged no violation of it.
csp_holds() {
    grep -q '<meta http-equiv="Content-Security-Policy"' "$dom" ||
        { echo "smoke: no Content-Security-Policy in the page" >&2; return 1; }
    ! grep -i 'Content Security Policy' "$log" >&2
}

# check_page URL BASE: the three checks of each page.
check_page() {
    load "$1"
    check "$1 renders the sign-in page" renders_sign_in
    check "$1 has <base href=\"$2\">" base_is "$2"
    check "$1 starts under its Content-Security-Policy" csp_holds
    echo "smoke: checked $1"
}

# --- 1. The reference server, at the site's root.
cargo build -q -p admin-server
start server target/debug/admin-server --db "$work/smoke.db" serve --addr 127.0.0.1:0 --dist "$dist" --demo
for path in / /workspaces/wrkspc_x /members; do
    check_page "$url$path" /
done

# --- 2. A static host without rewrite rules, the console under /admin/ with its config.json.
mkdir -p "$work/bucket"
cp -r "$dist" "$work/bucket/admin"
echo '{"default_base_url": "https://api.example.test"}' >"$work/bucket/admin/config.json"
start bucket python3 scripts/static-host.py "$work/bucket"
requests=$work/bucket.err

# Since the last page: config.json was fetched from /admin/, and each request other than the
# page's own (a 404 answered with 404.html for a deep link) and the browser's /favicon.ico succeeded.
fetches_from_admin() {
    local path=$1 seen=$2
    tail -n +"$((seen + 1))" "$requests" >"$work/requests"
    grep -q '"GET /admin/config.json HTTP/[0-9.]*" 200' "$work/requests" ||
        { echo "smoke: config.json was not fetched from /admin/:" >&2; cat "$work/requests" >&2; return 1; }
    ! grep -v -e "\"GET $path HTTP" -e '"GET /favicon.ico HTTP' "$work/requests" | grep '" [45][0-9][0-9] ' >&2
}

for path in /admin/ /admin/index.html /admin/members /admin/workspaces/wrkspc_x; do
    seen=$(wc -l <"$requests")
    check_page "$url$path" /admin/
    check "$url$path fetches config.json and the assets from /admin/" fetches_from_admin "$path" "$seen"
done

echo "smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
