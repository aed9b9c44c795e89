#!/usr/bin/env bash
# Set up and start the demo on SQLite at http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/nap1540 demo "$@"
