#!/usr/bin/env bash
# Checks deploy/template.yaml with cfn-lint (installed by
# `scripts/install-tools.sh deploy`); fails on errors and warnings.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import sys; from cfnlint.runner import main; sys.argv[0] = "cfn-lint"; sys.exit(main())' \
    deploy/template.yaml
