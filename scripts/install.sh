#!/usr/bin/env bash
# Installs what building and testing the console needs, following shared/TOOLCHAIN.md:
#   route A: rustup's wasm32 target + wasm-opt from binaryen 132 on npm (in tools/);
#   route B, if A cannot be had: Debian's rustc-web building std for wasm32, Debian's wasm-opt.
# Both: trunk 0.21.14, wasm-bindgen-cli of the version in Cargo.lock, twiggy 0.8.0, chromium + chromedriver,
# and brotli (the build's post_build hook writes a .br copy of every asset with it); and a
# Python virtualenv, target/py-venv, with the outside tools pinned in
# scripts/python-requirements.txt (schemathesis, the anthropic SDK), from PyPI.
#
# Idempotent: on a prepared machine it only checks versions and finishes in seconds.
# ADMIN_CONSOLE_FORCE_ROUTE=B skips route A, to check route B on a machine where A works.
# Writes target/toolchain.env, which scripts/build-console.sh and scripts/test-console.sh
# source (PATH, and for route B the build-std variables).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
ENV_FILE=$ROOT/target/toolchain.env
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132

say() { echo "install: $*"; }
have() { command -v "$1" >/dev/null 2>&1; }

SUDO=()
if [ "$(id -u)" != 0 ]; then SUDO=(sudo); fi

export PATH="$HOME/.cargo/bin:$PATH"

# --- Debian packages: apt-get update at most once, and only when something is missing.
apt_updated=no
apt_install() {
    local missing=()
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ $apt_updated = no ]; then
        say "apt-get update"
        "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
        apt_updated=yes
    fi
    say "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 \
        install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

base_packages=(chromium chromium-driver build-essential pkg-config brotli python3-venv)
have npm || base_packages+=(npm)
apt_install "${base_packages[@]}"

# --- Route A: the wasm32 target from rustup, wasm-opt from binaryen 132 on npm.
wasm_opt_132() {
    local bin=$ROOT/tools/node_modules/.bin/wasm-opt
    [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION\b"
}

route_a() {
    have rustup || { say "no rustup"; return 1; }
    if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
        # A previous run fell back to route B: do not wait on a download that failed before.
        if [ -f "$ENV_FILE" ] && grep -q '^export ADMIN_CONSOLE_ROUTE=B$' "$ENV_FILE"; then
            say "route B was chosen before (delete $ENV_FILE to retry route A)"
            return 1
        fi
        say "rustup target add wasm32-unknown-unknown"
        rustup target add wasm32-unknown-unknown || return 1
    fi
    # The standard library's source, so that the release build can rebuild std for size
    # (scripts/build-console.sh). Optional: without it the build is only larger.
    if ! rustup component list --installed 2>/dev/null | grep -qx rust-src; then
        say "rustup component add rust-src"
        rustup component add rust-src || say "no rust-src: the release build will not rebuild std"
    fi
    if ! wasm_opt_132; then
        say "npm install binaryen@$BINARYEN_VERSION.0.0 into tools/"
        mkdir -p "$ROOT/tools"
        npm install --prefix "$ROOT/tools" --no-audit --no-fund --loglevel=error \
            "binaryen@$BINARYEN_VERSION.0.0" >/dev/null || return 1
        wasm_opt_132 || return 1
    fi
}

# --- Route B: Debian's rustc 1.96 with the standard library's source, built for wasm32.
route_b() {
    apt_install rustc-web cargo-web rust-web-src lld binaryen
}

route=A
if [ "${ADMIN_CONSOLE_FORCE_ROUTE:-}" = B ]; then
    say "route B, as ADMIN_CONSOLE_FORCE_ROUTE asks (Debian rustc-web, build-std)"
    route=B
elif ! route_a; then
    say "route A unavailable: falling back to route B (Debian rustc-web, build-std)"
    route=B
fi
[ $route = A ] || route_b

# The environment of the chosen route, for this script's own cargo installs and for the
# other scripts. tools/node_modules/.bin comes first so that Debian's /usr/bin/wasm-opt
# (binaryen 108) is never picked up when binaryen 132 is there.
mkdir -p "$ROOT/target"
{
    echo "# Written by scripts/install.sh; sourced by the console's build and test scripts."
    echo "export ADMIN_CONSOLE_ROOT='$ROOT'"
    echo "export ADMIN_CONSOLE_ROUTE=$route"
    if [ $route = A ]; then
        echo "export PATH='$ROOT/tools/node_modules/.bin':'$HOME/.cargo/bin':\"\$PATH\""
    else
        if wasm_opt_132; then
            echo "export PATH='$ROOT/tools/node_modules/.bin':/usr/bin:'$HOME/.cargo/bin':\"\$PATH\""
        else
            # Debian's wasm-opt is fine here because reference types are off (below).
            debian_wasm_opt=$(/usr/bin/wasm-opt --version | grep -o 'version [0-9]*' | tr ' ' _)
            echo "export PATH=/usr/bin:'$HOME/.cargo/bin':\"\$PATH\""
            echo "export TRUNK_TOOLS_WASM_OPT=$debian_wasm_opt"
        fi
        echo "export RUSTC_BOOTSTRAP=1"
        echo "export CARGO_UNSTABLE_BUILD_STD=std,panic_abort"
        echo "export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld"
        echo "export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS='-C target-feature=-reference-types,-multivalue'"
    fi
    echo "export CHROMEDRIVER=/usr/bin/chromedriver"
} >"$ENV_FILE.tmp"
mv "$ENV_FILE.tmp" "$ENV_FILE"
# shellcheck source=/dev/null
source "$ENV_FILE"

# --- trunk and wasm-bindgen-cli: cargo install only when the right version is not on PATH.
# They are tools, not the product: built with a light release profile (no LTO, many codegen
# units, opt-level 1), which halves their build time on 2 cores and costs nothing noticeable
# when they run. Environment profiles override the ones in the tools' own manifests.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=0 \
    CARGO_PROFILE_RELEASE_INCREMENTAL=false
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "cargo install trunk $TRUNK_VERSION (takes minutes)"
    cargo install trunk --version "$TRUNK_VERSION" --locked
fi

wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[ -n "$wbg_version" ] || { echo "install: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg_version" ] ||
    ! have wasm-bindgen-test-runner; then
    # No --locked: one of its locked dependency versions is missing from the registry.
    say "cargo install wasm-bindgen-cli $wbg_version (takes minutes)"
    cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# twiggy, for the build's report of what takes the space in the wasm (scripts/build-console.sh).
TWIGGY_VERSION=0.8.0
if [ "$(twiggy --version 2>/dev/null)" != "twiggy-opt $TWIGGY_VERSION" ]; then
    say "cargo install twiggy $TWIGGY_VERSION (about a minute)"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi

# --- The Python virtualenv for outside tools (schemathesis, the official anthropic SDK), with
# Debian's Python (not whatever python3 comes first on PATH). Made again from scratch only when
# the requirements file or the Python changed: the stamp holds the file's SHA-256 and the
# Python's version.
PY_VENV=$ROOT/target/py-venv
PY_REQUIREMENTS=$ROOT/scripts/python-requirements.txt
PY_STAMP=$PY_VENV/.requirements-stamp
PYTHON=/usr/bin/python3
py_wanted="$(sha256sum "$PY_REQUIREMENTS" | cut -d' ' -f1) $("$PYTHON" --version 2>&1)"
if [ ! -x "$PY_VENV/bin/python" ] || [ "$(cat "$PY_STAMP" 2>/dev/null)" != "$py_wanted" ]; then
    say "python virtualenv in target/py-venv from scripts/python-requirements.txt (PyPI)"
    rm -rf "$PY_VENV"
    "$PYTHON" -m venv "$PY_VENV"
    "$PY_VENV/bin/pip" install --quiet --disable-pip-version-check --no-input \
        --requirement "$PY_REQUIREMENTS"
    echo "$py_wanted" >"$PY_STAMP"
fi

for tool in chromium /usr/bin/chromedriver wasm-opt brotli "$PY_VENV/bin/schemathesis"; do
    have "$tool" || { echo "install: $tool is missing" >&2; exit 1; }
done
say "ready (route $route): trunk $TRUNK_VERSION, wasm-bindgen $wbg_version," \
    "$(wasm-opt --version | grep -o 'version [0-9]*'), $ENV_FILE," \
    "target/py-venv ($("$PY_VENV/bin/schemathesis" --version | grep -o '[0-9.]*$'))"
