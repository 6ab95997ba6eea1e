# Sourced by the console's scripts: the toolchain environment that scripts/install.sh wrote for
# this checkout (installing it first if there is none). Sets ROOT to the repository root.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENV_FILE=$ROOT/target/toolchain.env
if ! grep -qsx "export ADMIN_CONSOLE_ROOT='$ROOT'" "$ENV_FILE"; then
    "$ROOT/scripts/install.sh"
fi
# shellcheck source=/dev/null
source "$ENV_FILE"
