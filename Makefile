.PHONY: demo test setup lock messages screenshots

demo:  ## set up and start the demo on SQLite at http://127.0.0.1:8000/
	bash scripts/demo.sh

test:  ## set up and run every check (lint, types, tests on SQLite and PostgreSQL, browser)
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

# Runtime first; the dev lock is constrained to the runtime pins, so both install the same
# versions of every package they share. Existing pins are kept; delete a lock to re-resolve it.
UV_COMPILE = .venv/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" -q

lock:  ## re-resolve requirements.lock (runtime) and requirements-dev.lock from pyproject.toml
	$(UV_COMPILE) --extra postgres -o requirements.lock
	$(UV_COMPILE) --extra postgres --extra dev -c requirements.lock -o requirements-dev.lock

messages:  ## refresh the translation catalogues
	SECRET_KEY=x DEBUG=1 .venv/bin/python manage.py makemessages -l ar -l zh_Hans -l fr -l ru -l es --add-location=file --ignore=.venv/* --ignore=tests/*
	SECRET_KEY=x DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv

screenshots:  ## refresh docs/screenshots/home/ (each persona's home at 390 and 1280 px) in Chromium
	SECRET_KEY=x .venv/bin/python -m pytest -q -p no:logging -m e2e tests/e2e/test_home_screenshots.py
