#!/usr/bin/env bash
# Set up everything the tests need on a fresh machine and run them all (browser tests included).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! [ -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "the browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium' first" >&2
    exit 1
  fi
fi

# the PostgreSQL store's tests start a throw-away server of their own: as root, install it (and PostGIS) so
# they run rather than skip; without root they skip with one line saying what to install
if [ "$(id -u)" = 0 ] && { ! [ -x /usr/lib/postgresql/15/bin/initdb ] ||
  ! [ -e /usr/share/postgresql/15/extension/postgis.control ]; }; then
  apt-get update -qq
  if apt-cache policy postgresql-15-postgis-3 | grep -q 'Candidate: [0-9]'; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-15-postgis-3 >/dev/null
  else
    echo "apt has no postgresql-15-postgis-3: the PostgreSQL tests will fail under CI" >&2
  fi
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
exec .venv/bin/python -m pytest "$@"
