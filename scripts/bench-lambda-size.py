#!/usr/bin/env python3
"""The Lambda binaries' size: each host-arch release build (target/release,
as `make bench` builds it) stripped of symbols and zipped as Lambda takes it
(`bootstrap` in a zip, deflated), and the arm64 zips `make lambda` last made
(target/lambda/*/bootstrap.zip), when there are any. Prints one JSON line per
figure for scripts/bench-report.py.

Usage: scripts/bench-lambda-size.py
"""
import datetime
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
# Issue 11, measured by hand on x86_64: each binary 15.0 MB stripped, 6.7 MB zipped.
ISSUE = {"stripped": 15.0e6, "zipped": 6.7e6}


def emit(**figure):
    print(json.dumps(figure))
    print(f"  {figure['figure']:<58} {figure['value']:>12,} B", file=sys.stderr)


def main():
    for name in ("authentication", "account"):
        binary = TARGET / "release" / name
        if not binary.is_file():
            sys.exit(f"{binary} is missing: build it with `cargo build --release --locked -p twofold-functions "
                     f"--features lambda --bin {name}` (make bench does)")
        with tempfile.TemporaryDirectory() as tmp:
            stripped = pathlib.Path(tmp) / "bootstrap"
            subprocess.run(["strip", "-o", str(stripped), str(binary)], check=True)
            archive = pathlib.Path(tmp) / "bootstrap.zip"
            with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
                z.write(stripped, "bootstrap")
            emit(figure=f"Lambda {name}, stripped (x86_64)", value=stripped.stat().st_size, unit="B",
                 baseline=ISSUE["stripped"], baseline_label="issue 11, by hand", target=None, met=None,
                 how=f"target/release/{name} (release profile, --features lambda) through `strip`")
            emit(figure=f"Lambda {name}, zipped (x86_64)", value=archive.stat().st_size, unit="B",
                 baseline=ISSUE["zipped"], baseline_label="issue 11, by hand", target=None, met=None,
                 how="the stripped binary as `bootstrap` in a zip, deflate level 9")
    for name in ("authentication", "account"):
        archive = TARGET / "lambda" / name / "bootstrap.zip"
        if archive.is_file():
            built = datetime.datetime.fromtimestamp(archive.stat().st_mtime, datetime.timezone.utc)
            emit(figure=f"Lambda {name}, zipped (arm64, make lambda)", value=archive.stat().st_size, unit="B",
                 baseline=None, target=None, met=None,
                 how=f"target/lambda/{name}/bootstrap.zip as `make lambda` (cargo-lambda) last built it, "
                     f"{built:%Y-%m-%d %H:%M} UTC; not rebuilt by make bench")


if __name__ == "__main__":
    main()
