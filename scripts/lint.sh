#!/usr/bin/env bash
# The gates CI runs after the tests: lint, formatting and types (needs `pip install -e .[test]`).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
"$BIN/ruff" check .
"$BIN/ruff" format --check .
"$BIN/mypy" src
