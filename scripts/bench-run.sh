#!/usr/bin/env bash
# Every benchmark, then docs/PERFORMANCE.md: what `make bench` runs (after
# `scripts/install-tools.sh bench`). Builds the release binaries the
# benchmarks measure, runs each benchmark into target/bench/NAME.jsonl (one
# JSON line per figure; NAME.log has its progress, NAME.error says why it
# failed), then scripts/bench-report.py renders them. A failed benchmark
# does not stop the others; the script fails at the end if any did.
#
#   sign-in      SignIn over HTTP vs a bare Argon2id verify, unknown login vs
#                wrong password, the Rust crate vs the C reference
#   load         Verify2FACode, GetAccount with a session and with a token at
#                concurrency 1, 16, 64, and that no update was lost
#   cold-start   each Lambda binary, process start to first answer
#   lambda-size  each Lambda binary stripped and zipped
#   memory       peak RSS under 64 and 500 concurrent sign-ins
#   app-size     the sign-in page's bytes (scripts/bench-app-size.sh)
#   app-load     navigation to an interactive sign-in form, headless Chromium
set -uo pipefail
cd "$(dirname "$0")/.."
TARGET="${CARGO_TARGET_DIR:-target}"
OUT="$TARGET/bench"
rm -rf "$OUT"
mkdir -p "$OUT"
python3 -c 'import json, os, time; print(json.dumps({"started": time.time(), "load_start": os.getloadavg()}))' \
    > "$OUT/meta.json"
failed=""

# `step NAME COMMAND...`: runs COMMAND, its stdout into NAME.jsonl, its
# stderr shown and kept in NAME.log.
step() {
    local name=$1 started=$SECONDS status
    shift
    echo "== bench $name ($(date +%T))" >&2
    "$@" > "$OUT/$name.jsonl" 2> >(tee "$OUT/$name.log" >&2)
    status=$?
    wait
    echo $((SECONDS - started)) > "$OUT/$name.seconds"
    if [ "$status" -ne 0 ]; then
        failed="$failed $name"
        {
            echo "\`$*\` failed (exit $status); its last words:"
            echo
            tail -n 5 "$OUT/$name.log" | sed 's/^/    /'
        } > "$OUT/$name.error"
    fi
}

build() {
    cargo build --release --locked -p twofold-functions --features local --bin twofold-local \
        && cargo build --release --locked -p twofold-functions --features lambda \
            --bin authentication --bin account \
        && cargo build --release --locked -p twofold-e2e --bin twofold-bench
}

step build build
if [ -z "$failed" ]; then
    export TWOFOLD_LOCAL_BIN="$PWD/$TARGET/release/twofold-local"
    export TWOFOLD_LAMBDA_DIR="$PWD/$TARGET/release"
    step sign-in "$TARGET/release/twofold-bench" sign-in
    step load "$TARGET/release/twofold-bench" load
    step cold-start "$TARGET/release/twofold-bench" cold-start
    step lambda-size scripts/bench-lambda-size.py
    step memory scripts/bench-memory.py 64 500
    export TWOFOLD_DIST="$PWD/dist"
    step app-load "$TARGET/release/twofold-bench" app-load
fi
if [ -x scripts/bench-app-size.sh ]; then
    step app-size scripts/bench-app-size.sh
else
    echo "scripts/bench-app-size.sh is missing: the app's weight is not measured." > "$OUT/app-size.error"
fi
rm -f "$OUT/build.jsonl"

scripts/bench-report.py "$OUT" docs/PERFORMANCE.md
if [ -n "$failed" ]; then
    echo "[bench] failed:$failed (see $OUT/*.log); docs/PERFORMANCE.md says what is missing" >&2
    exit 1
fi
