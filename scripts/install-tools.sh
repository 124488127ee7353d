#!/usr/bin/env bash
# Installs everything `make dev` and `make test` need, idempotently.
#
# Every step decides by the command it needs and that command's version,
# never by a package name: a tool that answers at the right version is
# skipped, whoever installed it. Tools go where a fresh clone still finds
# them (cargo's bin folder and ~/.cache/twofold), never inside the
# repository. Nothing is downloaded from outside the package registries
# (crates.io, npm, Debian, PyPI). Versions live in scripts/tool-versions.
#
# Usage: scripts/install-tools.sh [wasm] [app] [browser] [mail] [lambda] [deploy] [fuzz] [examples] [bench]
#   wasm     the wasm32 target (the wire types are checked for it)
#   app      wasm, trunk, wasm-bindgen-cli, wasm-opt (npm binaryen), and
#            gzip and brotli (Debian), which precompress the built files
#   browser  chromium and chromedriver of the same major version (Debian),
#            and axe-core (npm), which the browser tests inject
#   mail     MailDev (npm), the SMTP server and web inbox `make dev` runs
#            beside twofold-local (scripts/dev.sh)
#   lambda   cargo-lambda (PyPI, brings zig)
#   deploy   cfn-lint (PyPI), which checks the SAM template
#   fuzz     schemathesis (PyPI), which fuzzes the API from its description,
#            and what `examples` installs (`make tools` names fuzz, and both
#            drive the API from outside in `make tests`)
#   examples curl and jq (Debian; python3 too when missing), which the
#            scripts in examples/ and their tests run with
#   bench    argon2 (Debian), the reference C implementation `make bench`
#            compares the Rust crate with, strip (Debian binutils), and ab
#            (Debian apache2-utils), the independent load generator the
#            load figures are compared with
# PyPI tools go into a virtual environment in ~/.cache/twofold/python
# (python3 and its venv module come from Debian when missing).
#   (no argument: nothing beyond the Rust toolchain itself)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tool-versions
. scripts/tool-versions

CACHE="${TWOFOLD_CACHE:-$HOME/.cache/twofold}"
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
BINARYEN_BIN="$CACHE/binaryen-$BINARYEN_VERSION/node_modules/.bin"
# PyPI tools live in a virtual environment of their own: no root, no
# "externally managed" system Python, nothing installed for other projects.
PYTHON_ENV="$CACHE/python"
PY="$PYTHON_ENV/bin/python"
export PATH="$CARGO_BIN:$BINARYEN_BIN:$PYTHON_ENV/bin:$PATH"

log() { printf '[install] %s\n' "$*" >&2; }
fail() {
    printf '[install] cannot continue: %s\n' "$*" >&2
    exit 1
}

# `version_of CMD`: the first x.y[.z] in `CMD --version`, or nothing.
version_of() {
    "$1" --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -n1 || true
}

# `apt_install WHAT PKG...`: Debian packages, for the command WHAT.
# Only called when WHAT is missing; a failure says what to do by hand.
apt_install() {
    local what=$1
    shift
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 \
            || fail "$what is missing and installing it needs root: run 'apt-get install $*' as root, then run make again."
        sudo="sudo"
    fi
    log "apt-get install $* (for $what)"
    if ! { $sudo apt-get update -qq \
        && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }; then
        fail "apt-get could not install $* for $what. Install $what yourself (any version that answers '$what --version'), then run make again."
    fi
}

install_wasm_target() {
    rustup target list --installed | grep -qx wasm32-unknown-unknown && return 0
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
}

install_trunk() {
    [ "$(version_of trunk)" = "$TRUNK_VERSION" ] && return 0
    log "cargo install trunk $TRUNK_VERSION (about 6 to 9 minutes, once)"
    cargo install --locked --quiet trunk --version "$TRUNK_VERSION"
}

install_wasm_bindgen() {
    [ "$(version_of wasm-bindgen)" = "$WASM_BINDGEN_VERSION" ] && return 0
    log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
    # Not --locked: the CLI's own lock file pins crates that no longer build here.
    cargo install --quiet wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
}

# npm comes with Node.js from most sources (nodesource's `nodejs` package
# ships it); Debian's own nodejs has it in a separate `npm` package.
install_npm() {
    command -v npm >/dev/null 2>&1 && return 0
    command -v node >/dev/null 2>&1 || apt_install node nodejs
    command -v npm >/dev/null 2>&1 || apt_install npm npm
    command -v npm >/dev/null 2>&1 \
        || fail "npm is still missing after installing Node.js. Install npm (it comes with Node.js), then run make again."
}

install_wasm_opt() {
    [ "$(wasm-opt --version 2>/dev/null | grep -oE 'version [0-9]+' | cut -d' ' -f2)" = "$BINARYEN_VERSION" ] && return 0
    install_npm
    log "npm install binaryen@$BINARYEN_VERSION into $CACHE (wasm-opt)"
    mkdir -p "$CACHE/binaryen-$BINARYEN_VERSION"
    npm install --silent --no-audit --no-fund --prefix "$CACHE/binaryen-$BINARYEN_VERSION" \
        "binaryen@$BINARYEN_VERSION" >/dev/null
    [ "$(wasm-opt --version 2>/dev/null | grep -oE 'version [0-9]+' | cut -d' ' -f2)" = "$BINARYEN_VERSION" ] \
        || fail "wasm-opt $BINARYEN_VERSION does not answer after 'npm install binaryen@$BINARYEN_VERSION'."
}

# The browser tests need both, and ChromeDriver only drives a Chromium of
# its own major version.
# The app's files are served precompressed (scripts/build-app.sh writes a
# .gz and a .br beside each): any gzip and brotli will do.
install_compressors() {
    command -v gzip >/dev/null 2>&1 || apt_install gzip gzip
    command -v brotli >/dev/null 2>&1 || apt_install brotli brotli
}

# make bench times the reference C implementation of Argon2 (any version:
# the algorithm is fixed), strips the Lambda binaries to weigh them, and
# drives GetAccount with ab beside its own client (any version with -k).
install_bench_tools() {
    command -v argon2 >/dev/null 2>&1 || apt_install argon2 argon2
    command -v strip >/dev/null 2>&1 || apt_install strip binutils
    command -v ab >/dev/null 2>&1 || apt_install ab apache2-utils
}

install_browser() {
    local browser driver
    browser=$(version_of chromium)
    driver=$(version_of chromedriver)
    if [ -n "$browser" ] && [ "${browser%%.*}" = "${driver%%.*}" ]; then
        return 0
    fi
    apt_install "chromium and chromedriver" chromium chromium-driver
    browser=$(version_of chromium)
    driver=$(version_of chromedriver)
    [ -n "$browser" ] && [ "${browser%%.*}" = "${driver%%.*}" ] \
        || fail "chromium ($browser) and chromedriver ($driver) must both be installed at the same major version."
}

# Decided by the version in the package.json of the copy in the cache; the
# browser tests read axe.min.js from there (TWOFOLD_AXE_JS, set by make).
install_axe_core() {
    local dir="$CACHE/axe-core-$AXE_CORE_VERSION"
    if [ -f "$dir/node_modules/axe-core/axe.min.js" ] \
        && grep -q "\"version\": \"$AXE_CORE_VERSION\"" "$dir/node_modules/axe-core/package.json" 2>/dev/null; then
        return 0
    fi
    install_npm
    log "npm install axe-core@$AXE_CORE_VERSION into $CACHE"
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "axe-core@$AXE_CORE_VERSION" >/dev/null
    [ -f "$dir/node_modules/axe-core/axe.min.js" ] \
        || fail "axe-core $AXE_CORE_VERSION has no axe.min.js after 'npm install axe-core@$AXE_CORE_VERSION'."
}

# Decided by the version in the package.json of the copy in the cache;
# scripts/dev.sh starts MailDev from there.
install_maildev() {
    local dir="$CACHE/maildev-$MAILDEV_VERSION"
    if [ -x "$dir/node_modules/.bin/maildev" ] \
        && grep -q "\"version\": \"$MAILDEV_VERSION\"" "$dir/node_modules/maildev/package.json" 2>/dev/null; then
        return 0
    fi
    install_npm
    log "npm install maildev@$MAILDEV_VERSION into $CACHE"
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "maildev@$MAILDEV_VERSION" >/dev/null
    [ -x "$dir/node_modules/.bin/maildev" ] \
        || fail "MailDev $MAILDEV_VERSION has no maildev command after 'npm install maildev@$MAILDEV_VERSION'."
}

# The scripts in examples/ (and their tests) run with curl, jq and python3,
# at any version Debian ships: they use nothing newer than curl 7.18's
# --data-urlencode and jq 1.5.
install_example_tools() {
    command -v curl >/dev/null 2>&1 || apt_install curl curl
    command -v jq >/dev/null 2>&1 || apt_install jq jq
    command -v python3 >/dev/null 2>&1 || apt_install python3 python3
}

# The virtual environment the PyPI tools go into (Debian ships `venv` in a
# package of its own).
ensure_python_env() {
    [ -x "$PY" ] && "$PY" -m pip --version >/dev/null 2>&1 && return 0
    command -v python3 >/dev/null 2>&1 || apt_install python3 python3
    rm -rf "$PYTHON_ENV"
    if ! python3 -m venv "$PYTHON_ENV" >/dev/null 2>&1; then
        rm -rf "$PYTHON_ENV"
        apt_install "python3's venv" python3-venv
        python3 -m venv "$PYTHON_ENV" || fail "python3 -m venv does not work here: install python3-venv (Debian), then run make again."
    fi
    log "made a Python environment for the PyPI tools in $PYTHON_ENV"
}

# A Python package at an exact version in that environment, decided by
# the version it imports.
install_pip_package() {
    local package=$1 version=$2
    ensure_python_env
    [ "$("$PY" -c "import importlib.metadata as m; print(m.version('$package'))" 2>/dev/null)" = "$version" ] && return 0
    log "pip install $package==$version (into $PYTHON_ENV)"
    "$PY" -m pip install --quiet --disable-pip-version-check "$package==$version"
}

for what in "$@"; do
    case "$what" in
        wasm) install_wasm_target ;;
        app)
            install_wasm_target
            install_trunk
            install_wasm_bindgen
            install_wasm_opt
            install_compressors
            ;;
        browser)
            install_browser
            install_axe_core
            ;;
        mail) install_maildev ;;
        lambda) install_pip_package cargo-lambda "$CARGO_LAMBDA_VERSION" ;;
        deploy) install_pip_package cfn-lint "$CFN_LINT_VERSION" ;;
        fuzz) install_pip_package schemathesis "$SCHEMATHESIS_VERSION" ;;
        examples) install_example_tools ;;
        bench) install_bench_tools ;;
        *)
            echo "unknown tool group: $what (wasm, app, browser, mail, lambda, deploy, fuzz, examples, bench)" >&2
            exit 2
            ;;
    esac
done
