#!/usr/bin/env bash
# Builds the web app in release mode into dist/, which twofold-local serves.
#
# Needs the app tools (`scripts/install-tools.sh app`, which `make app` runs
# first): the wasm32 target, trunk, wasm-bindgen-cli and wasm-opt at the
# versions in scripts/tool-versions. It installs nothing itself, and the
# build never touches the network (Trunk.toml: offline, locked).
#
# When dist/ is newer than every input, the build is skipped so a second
# `make dev` starts in seconds; pass --force to build anyway.
#
# Usage: scripts/build-app.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=tool-versions
. scripts/tool-versions

CACHE="${TWOFOLD_CACHE:-$HOME/.cache/twofold}"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$CACHE/binaryen-$BINARYEN_VERSION/node_modules/.bin:$PATH"
# Trunk would otherwise ask GitHub for a newer version of itself.
export TRUNK_SKIP_VERSION_CHECK=true

force=false
[ "${1:-}" = "--force" ] && force=true

for tool in trunk wasm-bindgen wasm-opt gzip brotli; do
    command -v "$tool" >/dev/null 2>&1 \
        || { echo "[build-app] $tool is missing: run 'make app' (it installs the app tools first)" >&2; exit 1; }
done

# The stamp is written only after a successful release build, so a failed
# or foreign build in dist/ is never mistaken for a fresh one.
stamp=dist/.release-build
inputs=(app style shared/api Trunk.toml Cargo.lock Cargo.toml .cargo/config.toml scripts/build-app.sh scripts/tool-versions)
# The native tool that writes the sign-in page into signin.html, built from
# app/ (an input above) by `make app` first.
prerender="${CARGO_TARGET_DIR:-target}/debug/twofold-prerender"
[ -x "$prerender" ] \
    || { echo "[build-app] $prerender is missing: run 'make app' (it builds it first)" >&2; exit 1; }
if [ -n "$(find app/src app/Cargo.toml -newer "$prerender" -print -quit)" ]; then
    echo "[build-app] warning: $prerender is older than app/: the sign-in page's first HTML may be stale ('make app' rebuilds it)" >&2
fi
if ! $force && [ -f "$stamp" ] && [ -f dist/index.html ] \
    && [ -z "$(find "${inputs[@]}" -newer "$stamp" -print -quit)" ]; then
    echo "[build-app] dist/ is up to date" >&2
    exit 0
fi

start=$(date +%s)
rm -f "$stamp"
# Two bundles from app/: the app (index.html, every page) and the sign-in
# bundle a load of /signin gets (signin.html, the sign-in page alone, a
# third of the weight). Trunk empties its output directory, so the second
# is built beside dist/ and copied in; the stylesheet is the same file.
trunk build --release --dist dist app/index.html
trunk build --release --dist target/trunk-sign-in app/signin.html
cp target/trunk-sign-in/index.html dist/signin.html
find target/trunk-sign-in -maxdepth 1 -type f ! -name index.html -exec cp {} dist/ \;
# The sign-in page's first HTML shows the form before the wasm arrives:
# SignInAlone rendered natively from the same components, written into
# signin.html's empty holder (app/src/prerender.rs). Before the CSP hashes
# and the compression, which cover the page as served.
"$prerender" dist/signin.html
# The Content-Security-Policy allows each page's loader script (Trunk
# inlines one per page) by its hash: for deploy/template.yaml's
# LoaderScriptHash and SignInLoaderScriptHash parameters. twofold-admin
# computes them with the function twofold-local builds its policy with
# (a browser test compares the two); `make app` builds it first (`make local`).
admin="${CARGO_TARGET_DIR:-target}/debug/twofold-admin"
[ -x "$admin" ] \
    || { echo "[build-app] $admin is missing: run 'make local' (make app does it first)" >&2; exit 1; }
"$admin" csp-hashes --dist dist
# Every file is served precompressed (twofold-local picks by
# Accept-Encoding; deploy/template.yaml uploads the same files): brotli and
# gzip at their highest levels, once per build instead of once per request.
for file in dist/*.html dist/*.js dist/*.wasm dist/*.css; do
    gzip -9 --keep --force --no-name "$file"
    brotli --best --keep --force "$file"
done
touch "$stamp"
echo "[build-app] built dist/ in $(( $(date +%s) - start ))s ($(du -sh dist | cut -f1))" >&2
