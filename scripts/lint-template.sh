#!/usr/bin/env bash
# Checks deploy/template.yaml with cfn-lint (installed by
# `scripts/install-tools.sh deploy` into the Python environment that
# TWOFOLD_PYTHON names); fails on errors and warnings.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${TWOFOLD_PYTHON:-${TWOFOLD_CACHE:-$HOME/.cache/twofold}/python/bin/python}"
[ -x "$python" ] || { echo "cfn-lint is missing: run 'make tools' (or scripts/install-tools.sh deploy)" >&2; exit 1; }
"$python" -c 'import sys; from cfnlint.runner import main; sys.argv[0] = "cfn-lint"; sys.exit(main())' \
    deploy/template.yaml
