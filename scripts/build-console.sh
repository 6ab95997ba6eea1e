#!/usr/bin/env bash
# Builds the console for release into dist/ with trunk (offline, after `cargo fetch`); trunk's
# post_build hook (scripts/post-build.py) writes a .br and a .gz copy beside every asset. Then
# reports the first-load set (wasm + js + css), each file and the total, raw, gzip -9 and
# brotli 11, against the budget; then what takes the space in the wasm (scripts/wasm-weight.py over
# twiggy: code by crate, the largest functions).
# Usage: scripts/build-console.sh            build dist/, then the sizes
#        scripts/build-console.sh --sizes [DIR]   only the sizes of a built DIR (default dist/)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The size report. Compressed sizes are those of the copies the hook wrote (the bytes a server
# sends), computed the same way for a file that has none. Printed, never failing: size goals are
# figures to read, not tests that fail.
report_sizes() {
    local dist=$1
    # The budget of issue 10, for the first-load set.
    local budget_gz_kb=350 budget_br_kb=290
    kb() { awk -v b="$1" 'BEGIN { if (b < 0) printf "n/a"; else printf "%.1f KB", b / 1024 }'; }
    compressed() { # gz|br FILE: bytes, or -1 when it cannot be measured
        local copy=$2.$1
        if [ -f "$copy" ]; then
            wc -c <"$copy"
        elif [ "$1" = gz ]; then
            gzip -9 -n -c "$2" | wc -c
        elif command -v brotli >/dev/null; then
            brotli --quality=11 -c "$2" | wc -c
        else
            echo -1
        fi
    }
    add() { if [ "$1" -lt 0 ] || [ "$2" -lt 0 ]; then echo -1; else echo $(($1 + $2)); fi; }
    row() { printf "  %-44s %9s  %9s  %9s\n" "$1" "$(kb "$2")" "$(kb "$3")" "$(kb "$4")"; }

    shopt -s nullglob
    local first_load=("$dist"/*.wasm "$dist"/*.js "$dist"/*.css)
    if [ ${#first_load[@]} -eq 0 ]; then
        echo "build-console: no wasm, js or css in $dist" >&2
        return 0
    fi
    local raw=0 gz=0 br=0 f r g b
    echo
    printf "  %-44s %9s  %9s  %9s\n" "console size ($dist/)" raw "gzip -9" "brotli 11"
    for f in "${first_load[@]}"; do
        r=$(wc -c <"$f") g=$(compressed gz "$f") b=$(compressed br "$f")
        row "${f##*/}" "$r" "$g" "$b"
        raw=$((raw + r)) gz=$(add "$gz" "$g") br=$(add "$br" "$b")
    done
    row "first load (wasm + js + css)" "$raw" "$gz" "$br"
    if [ -f "$dist/index.html" ]; then
        f=$dist/index.html # 404.html is a copy, never loaded with it
        row "index.html (not in the budget)" "$(wc -c <"$f")" "$(compressed gz "$f")" "$(compressed br "$f")"
    fi
    verdict() { # BYTES BUDGET_KB
        if [ "$1" -lt 0 ]; then echo "not measured"
        elif [ "$1" -le $(($2 * 1024)) ]; then echo "within"
        else echo "OVER"; fi
    }
    echo "  budget, first load: gzip $(kb "$gz") of $budget_gz_kb KB: $(verdict "$gz" $budget_gz_kb);" \
        "brotli $(kb "$br") of $budget_br_kb KB: $(verdict "$br" $budget_br_kb)"
}

# What takes the space: twiggy over the wasm cargo linked (before wasm-bindgen and wasm-opt, so
# with its names section). Printed, never failing, like the sizes.
report_weight() {
    local wasm=$ROOT/target/wasm32-unknown-unknown/wasm-release/admin-console.wasm
    if ! command -v twiggy >/dev/null || [ ! -f "$wasm" ]; then
        echo "build-console: no twiggy or no $wasm: the weight is not reported" >&2
        return 0
    fi
    twiggy top -n 1000000 --format csv "$wasm" | python3 scripts/wasm-weight.py ||
        echo "build-console: the weight could not be read" >&2
}

if [ "${1:-}" = --sizes ]; then
    report_sizes "${2:-dist}"
    exit 0
fi

source scripts/toolchain-env.sh

# Rebuild std with the console, for size (about 8 % less gzipped): std's size-optimised
# algorithms, no Debug formatting, no panic locations, and panics that abort at once without a
# message. Only here: the browser tests keep the normal build, whose panics the test runner
# reports. Route B rebuilds std anyway (its flags are kept and these added); route A does when
# the standard library's source is at hand.
size_flags="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
sysroot_src=$(rustc --print sysroot)/lib/rustlib/src/rust/library/std
if [ "$ADMIN_CONSOLE_ROUTE" = B ] || [ -d "$sysroot_src" ]; then
    export RUSTC_BOOTSTRAP=1
    export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} $size_flags"
    echo "build-console: rebuilding std for size (route $ADMIN_CONSOLE_ROUTE)"
fi

cargo fetch --target wasm32-unknown-unknown
trunk build --release --offline --dist "$ROOT/dist"

report_sizes dist
report_weight
