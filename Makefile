# Videreføring: `make run` sets up and serves the app; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run setup install env migrate demo test lint bench vendor messages clean

# Serves the app and runs a background worker beside it (e-mails, forecasts of bulk
# plan changes); the worker stops with the server.
run: setup
	@echo "Serving http://127.0.0.1:$(PORT)/"
	$(PY) manage.py db_worker --no-reload -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

setup: install env migrate demo

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# A local .env with a generated secret key, debug on and the SQLite path. Never overwritten.
.env:
	$(PY) scripts/write_env.py

env: .env

migrate: install env
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

test: install env
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/schedule.py

lint: install env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy videreforing
	$(VENV)/bin/lint-imports

# Refresh htmx and Designsystemet from npm into videreforing/static/vendor.
vendor:
	./scripts/vendor.sh

# Extract texts and compile translations (needs GNU gettext).
messages: install env
	cd videreforing && ../$(PY) ../manage.py makemessages -l en --no-obsolete --ignore "static/*"
	cd videreforing && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
