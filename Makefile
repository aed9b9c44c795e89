.PHONY: demo test setup lock messages

demo:  ## set up and start the demo on SQLite at http://127.0.0.1:8000/
	bash scripts/demo.sh

test:  ## set up and run every check (lint, types, tests on SQLite and PostgreSQL, browser)
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

lock:  ## re-resolve requirements.lock from pyproject.toml
	.venv/bin/uv pip compile pyproject.toml --extra dev --extra postgres --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" -q -o requirements.lock

messages:  ## refresh the translation catalogues
	SECRET_KEY=x DEBUG=1 .venv/bin/python manage.py makemessages -l ru --ignore=.venv/* --ignore=tests/*
	SECRET_KEY=x DEBUG=1 .venv/bin/python manage.py compilemessages --ignore=.venv
