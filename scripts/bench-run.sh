#!/usr/bin/env bash
# What `make bench` runs (after `make app` and `scripts/install-tools.sh
# bench browser`): builds twofold-bench, then hands over to it. Everything
# else is Rust (tests/src/bin/bench/): `twofold-bench all` builds the
# release binaries the benchmarks measure, runs each benchmark into
# target/bench/NAME.jsonl (NAME.log has its progress, NAME.error says why
# it failed) and writes the table of docs/PERFORMANCE.md. A failed
# benchmark does not stop the others; the run fails at the end if any did.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p twofold-e2e --bin twofold-bench
exec "${CARGO_TARGET_DIR:-target}/release/twofold-bench" all
