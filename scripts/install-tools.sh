#!/usr/bin/env bash
# Installs everything `make dev` and `make test` need, idempotently.
#
# Tools go where a fresh clone still finds them (cargo's bin folder and
# ~/.cache/twofold), never inside the repository, and an install whose version
# is already present is skipped, so a second run takes seconds. Nothing is
# downloaded from outside the package registries (crates.io, npm, Debian, PyPI).
#
# Usage: scripts/install-tools.sh [app] [browser] [lambda]
#   (no argument: the Rust toolchain pieces every build needs)
set -euo pipefail

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
CACHE="${TWOFOLD_CACHE:-$HOME/.cache/twofold}"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"
cd "$(dirname "$0")/.."

log() { printf '[install] %s\n' "$*" >&2; }

apt_install() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "apt-get install ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The wasm-bindgen CLI must match the library version in Cargo.lock exactly.
wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

install_app_tools() {
    rustup target list --installed | grep -qx wasm32-unknown-unknown \
        || { log "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }

    if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
        log "cargo install trunk $TRUNK_VERSION (takes ~9 minutes once)"
        cargo install --locked trunk --version "$TRUNK_VERSION"
    fi

    local wbg
    wbg=$(wasm_bindgen_version)
    if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$"; then
        log "cargo install wasm-bindgen-cli $wbg (takes ~3 minutes once)"
        # Not --locked: the CLI's own lock file pins crates that no longer build here.
        cargo install wasm-bindgen-cli --version "=$wbg"
    fi

    local binaryen="$CACHE/binaryen-$BINARYEN_VERSION"
    if [ ! -x "$binaryen/node_modules/.bin/wasm-opt" ]; then
        apt_install nodejs npm
        log "npm install binaryen@$BINARYEN_VERSION into $binaryen"
        mkdir -p "$binaryen"
        npm install --silent --no-audit --no-fund --prefix "$binaryen" "binaryen@$BINARYEN_VERSION" >/dev/null
    fi
}

install_browser() {
    apt_install chromium chromium-driver
}

install_lambda_tools() {
    if ! command -v cargo-lambda >/dev/null 2>&1; then
        log "pip install cargo-lambda (brings zig)"
        python3 -m pip install --quiet cargo-lambda
    fi
}

[ $# -eq 0 ] && set -- base
for what in "$@"; do
    case "$what" in
        base) ;;
        app) install_app_tools ;;
        browser) install_browser ;;
        lambda) install_lambda_tools ;;
        *) echo "unknown tool group: $what" >&2; exit 2 ;;
    esac
done
