#!/usr/bin/env bash
# The app's weight: everything the browser fetches for the sign-in page
# (signin.html, the sign-in bundle's page, and the files it names:
# stylesheet, loader, wasm), raw, gzip and brotli, and the same for the
# app's page (index.html, every other page), as `make app` built and
# precompressed them in dist/. Prints one JSON line per figure for the
# PERFORMANCE.md writer.
#
# Usage: scripts/bench-app-size.sh   (after `make app`)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/.release-build ] || { echo "[bench-app-size] no release build in dist/: run 'make app'" >&2; exit 1; }
python3 - <<'PY'
import json, os, re

def page_files(page):
    html = open(os.path.join("dist", page), encoding="utf-8").read()
    names = [page]
    for path in re.findall(r"""["'](/[^"'/][^"']*\.(?:js|wasm|css))["']""", html):
        if path[1:] not in names:
            names.append(path[1:])
    return names

def size(name):
    return os.path.getsize(os.path.join("dist", name))

def weigh(names):
    total = {"raw": 0, "gzip": 0, "brotli": 0}
    for name in names:
        for encoding, suffix in (("raw", ""), ("gzip", ".gz"), ("brotli", ".br")):
            total[encoding] += size(name + suffix)
    return total

def how(names):
    return "sum of the dist/ files it fetches (" + ", ".join(
        re.sub(r"-[0-9a-f]{16}", "", n) for n in names) + "), as built by make app"

sign_in = page_files("signin.html")
app = page_files("index.html")
total = weigh(sign_in)
app_total = weigh(app)
target = 150 * 1024
why = (
    "The sign-in bundle (app/signin.html, the sign-in page without the router or any "
    "other screen) has grown past the budget: twiggy on its wasm shows what grew "
    "(issue 11's note has the ladder: one bundle for every page 311 KB gzip of wasm; "
    "the sign-in bundle 117 KB)."
)
met = total["gzip"] <= target
lines = [
    {"figure": "Sign-in page, gzip", "value": total["gzip"], "unit": "B",
     "target": "≤ 150 KiB", "baseline": app_total["gzip"], "baseline_label": "the app's page", "met": met, "how": how(sign_in)
     + "; baseline: the app's page, which a load of /signin fetched before the sign-in bundle",
     **({} if met else {"why": why})},
    {"figure": "Sign-in page, brotli", "value": total["brotli"], "unit": "B",
     "target": None, "baseline": app_total["brotli"], "baseline_label": "the app's page", "met": None, "how": how(sign_in)},
    {"figure": "Sign-in page, raw", "value": total["raw"], "unit": "B",
     "target": None, "baseline": app_total["raw"], "baseline_label": "the app's page", "met": None, "how": how(sign_in)},
    {"figure": "Sign-in wasm, raw", "value": size(next(n for n in sign_in if n.endswith(".wasm"))),
     "unit": "B", "target": None, "baseline": size(next(n for n in app if n.endswith(".wasm"))),
     "met": None, "how": "dist/twofold-sign-in-*_bg.wasm after wasm-opt -Oz; baseline the app's"},
    {"figure": "App page (every other page), gzip", "value": app_total["gzip"], "unit": "B",
     "target": None, "baseline": None, "met": None,
     "how": how(app) + "; fetched after signing in, kept a year by name"},
]
for line in lines:
    print(json.dumps(line))
PY
