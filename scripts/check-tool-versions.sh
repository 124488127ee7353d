#!/usr/bin/env bash
# Checks that scripts/tool-versions, the one place for tool versions, agrees
# with the files that must repeat them: Trunk.toml's [tools] (Trunk refuses
# other versions offline) and the wasm-bindgen library in Cargo.lock (the CLI
# must match it exactly). Part of `make lint`.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tool-versions
. scripts/tool-versions

status=0
mismatch() {
    echo "tool versions: $1 says $2, scripts/tool-versions says $3" >&2
    status=1
}

lock_wbg=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ "$lock_wbg" = "$WASM_BINDGEN_VERSION" ] || mismatch "Cargo.lock (wasm-bindgen)" "$lock_wbg" "$WASM_BINDGEN_VERSION"

trunk_wbg=$(sed -n 's/^wasm_bindgen *= *"\(.*\)"/\1/p' Trunk.toml)
[ "$trunk_wbg" = "$WASM_BINDGEN_VERSION" ] || mismatch "Trunk.toml (wasm_bindgen)" "$trunk_wbg" "$WASM_BINDGEN_VERSION"

trunk_opt=$(sed -n 's/^wasm_opt *= *"version_\(.*\)"/\1/p' Trunk.toml)
[ "$trunk_opt" = "$BINARYEN_VERSION" ] || mismatch "Trunk.toml (wasm_opt)" "$trunk_opt" "$BINARYEN_VERSION"

exit $status
