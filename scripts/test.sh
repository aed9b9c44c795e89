#!/usr/bin/env bash
# Set up and run every check: lint, types, migrations, tests on SQLite and on
# PostgreSQL (when a server answers), and the browser journeys.
set -euo pipefail
cd "$(dirname "$0")/.."
DEV=1 WITH_BROWSER=1 bash scripts/setup.sh

export PATH="$PWD/.venv/bin:$PATH"
# Each test process reads the bytecode (and pytest's rewritten test modules) the first one
# wrote, instead of compiling every module from source again.
unset PYTHONDONTWRITEBYTECODE
PG_URL=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/nap1540_ci}
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "ruff"
ruff check .
ruff format --check .
step "mypy"
SECRET_KEY=check DEBUG=1 mypy .
step "migrations"
SECRET_KEY=check DEBUG=1 python manage.py makemigrations --check --dry-run
SECRET_KEY=check DEBUG=1 python manage.py compilemessages --ignore=.venv >/dev/null

step "runtime lock alone (check --deploy, demo and server from requirements.lock)"
bash scripts/check_runtime.sh

step "pytest on SQLite"
python -m pytest -q -n 2 --dist loadfile -m "not e2e" --ignore=tests/e2e

if python - "$PG_URL" <<'PY' 2>/dev/null
import sys, psycopg
from urllib.parse import urlparse
u = urlparse(sys.argv[1])
psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, dbname="postgres", connect_timeout=3).close()
PY
then
  step "pytest on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" python -m pytest -q -n 2 --dist loadfile --create-db -m "not e2e" --ignore=tests/e2e
else
  step "PostgreSQL not reachable at $PG_URL: skipped the PostgreSQL run (SQLite run passed)"
fi

step "browser journeys (Playwright + $(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
python -m pytest -q tests/e2e

step "all checks passed"
