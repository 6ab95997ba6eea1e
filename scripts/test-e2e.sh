#!/usr/bin/env bash
# Runs the end-to-end suite (e2e/): Playwright drives Debian's Chromium (/usr/bin/chromium, never
# a downloaded browser) through the built console, each test against its own reference server on
# loopback with a fresh SQLite database. Needs dist/ (scripts/build-console.sh); installs the
# suite's npm packages from e2e/package-lock.json when they are missing or out of date.
# Screenshots go to target/screenshots/, failure traces to target/e2e-results/.
# Arguments go to `playwright test`, e.g. scripts/test-e2e.sh tests/session.spec.ts
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

[ -f dist/index.html ] || { echo "e2e: no dist/index.html (run scripts/build-console.sh)" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "e2e: no /usr/bin/chromium (run scripts/install.sh)" >&2; exit 1; }

# The server the tests start (a host build; the console's toolchain environment is not needed),
# unless the caller names a built one in ADMIN_SERVER.
if [ -z "${ADMIN_SERVER:-}" ]; then
    cargo build -q -p admin-server
    export ADMIN_SERVER=$ROOT/target/debug/admin-server
fi
export CONSOLE_DIST=$ROOT/dist

# npm ci only when the lock file changed since the last install (it removes node_modules first).
# Playwright must never fetch a browser of its own: it cannot, and Debian's is the one under test.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stamp=e2e/node_modules/.installed-lock
if ! cmp -s e2e/package-lock.json "$stamp" 2>/dev/null; then
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
    cp e2e/package-lock.json "$stamp"
fi

mkdir -p target/screenshots
cd e2e
exec npx --no-install playwright test "$@"
