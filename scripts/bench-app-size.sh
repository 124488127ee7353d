#!/usr/bin/env bash
# The app's weight: everything the browser fetches for the sign-in page
# (index.html and the files it names: stylesheet, loader, wasm), raw, gzip
# and brotli, as `make app` built and precompressed them in dist/. Prints
# one JSON line per figure for the PERFORMANCE.md writer.
#
# Usage: scripts/bench-app-size.sh   (after `make app`)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/.release-build ] || { echo "[bench-app-size] no release build in dist/: run 'make app'" >&2; exit 1; }
python3 - <<'PY'
import json, os, re

html = open("dist/index.html", encoding="utf-8").read()
names = ["index.html"]
for path in re.findall(r"""["'](/[^"'/][^"']*\.(?:js|wasm|css))["']""", html):
    if path[1:] not in names:
        names.append(path[1:])

def size(name):
    return os.path.getsize(os.path.join("dist", name))

total = {"raw": 0, "gzip": 0, "brotli": 0}
for name in names:
    for encoding, suffix in (("raw", ""), ("gzip", ".gz"), ("brotli", ".br")):
        total[encoding] += size(name + suffix)
wasm = next(n for n in names if n.endswith(".wasm"))
target = 150 * 1024
how = "sum of dist/ files the sign-in page fetches (" + ", ".join(
    re.sub(r"-[0-9a-f]{16}", "", n) for n in names) + "), as built by make app"
why = (
    "One Leptos bundle serves every page, so the sign-in page fetches the code of "
    "Settings, tokens, sessions and the log too. Measured one by one (issue 11's note): "
    "release, opt-level z, thin LTO 1,092 KB raw / 427 KB gzip; fat LTO, 1 codegen unit, "
    "panic=abort 898 / 358 KB; Leptos erase_components 798 / 311 KB. A build with only "
    "the sign-in and sign-up routes weighs 429 / 173 KB gzip: splitting the app (a "
    "sign-in bundle, the rest fetched after sign-in) is needed but not enough; the sign-in "
    "bundle must also drop leptos_router (about 40 KB raw with its generics) and serde "
    "(about 59 KB raw of generated code) for a hand-written reader of the few answers it reads."
)
met = total["gzip"] <= target
lines = [
    {"figure": "Sign-in page, gzip", "value": total["gzip"], "unit": "B",
     "target": "≤ 150 KiB", "baseline": None, "met": met, "how": how,
     **({} if met else {"why": why})},
    {"figure": "Sign-in page, brotli", "value": total["brotli"], "unit": "B",
     "target": None, "baseline": None, "met": None, "how": how},
    {"figure": "Sign-in page, raw", "value": total["raw"], "unit": "B",
     "target": None, "baseline": None, "met": None, "how": how},
    {"figure": "App wasm, raw", "value": size(wasm), "unit": "B",
     "target": None, "baseline": None, "met": None,
     "how": "dist/*_bg.wasm after wasm-opt -Oz"},
]
for line in lines:
    print(json.dumps(line))
PY
