#!/usr/bin/env bash
# Regenerate bot/migrations/versions/0001_initial.py from bot/storage/models.py.
# Until the first release there is a single migration; after it, add new revisions instead
# (`.venv/bin/alembic -c bot/migrations/alembic.ini revision --autogenerate -m "..."`).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rm -f bot/migrations/versions/0001_*.py
"$PY" - "$tmp/empty.db" <<'PYEOF'
import sys
from alembic import command
from bot.storage.db import alembic_config

cfg = alembic_config(f"sqlite+aiosqlite:///{sys.argv[1]}")
command.revision(cfg, message="initial", autogenerate=True, rev_id="0001")
PYEOF
"$PY" -m ruff check --fix --quiet bot/migrations/versions/ >/dev/null 2>&1 || true  # then format
"$PY" -m ruff format --quiet bot/migrations/versions/
"$PY" -m ruff check --fix --quiet bot/migrations/versions/ >/dev/null 2>&1 || true
"$PY" -m ruff check bot/migrations/versions/
echo "regenerated: $(ls bot/migrations/versions/0001_*.py)"
