#!/usr/bin/env bash
# Set up the project on a fresh machine and open the dashboard (streamlit run app.py).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/streamlit run app.py "$@"
