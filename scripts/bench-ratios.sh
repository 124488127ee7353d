#!/usr/bin/env bash
# Runs the SignIn benchmark and prints each case's mean as a ratio of the
# baseline (correct password) measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --locked -p twofold-functions --features local --bench sign_in -- --noplot "$@"
python3 - <<'PY'
import json, pathlib
root = pathlib.Path("target/criterion/SignIn")
means = {}
for estimates in root.glob("*/new/estimates.json"):
    name = json.loads((estimates.parent / "benchmark.json").read_text())["function_id"]
    means[name] = json.loads(estimates.read_text())["mean"]["point_estimate"] / 1e6
base = means.get("baseline: correct password")
print("\nSignIn mean latency (ms) and ratio to the baseline of this run:")
for name, ms in sorted(means.items()):
    print(f"  {name:<30} {ms:8.2f} ms   x{ms / base:.3f}")
if "wrong password" in means and "unknown login" in means:
    print(f"  unknown login / wrong password: x{means['unknown login'] / means['wrong password']:.3f}")
PY
