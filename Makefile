# Chancery: `make demo` serves the demo site, `make test` runs the whole suite.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/chancery

.PHONY: bench drills help install install-dev browser-deps demo test test-sqlite test-postgres lint checks format clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-15s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Chancery needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed ## Create .venv and install Chancery

install-dev: $(VENV)/.installed-dev ## Install Chancery with the test tools

demo: install ## Migrate, load the demo content if empty, and serve it at http://127.0.0.1:$(PORT)
	@mkdir -p var
	$(PY) manage.py migrate --no-input -v 0
	PORT=$(PORT) $(PY) manage.py load_demo
	$(PY) manage.py collectstatic --no-input -v 0
	@echo "Serving Chancery at http://127.0.0.1:$(PORT)/ with the scheduling worker (Ctrl-C stops both)"
	@# The worker publishes scheduled items on the minute; it stops when the server stops.
	@PYTHONUNBUFFERED=1 $(PY) manage.py run_worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(VENV)/bin/gunicorn chancery.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

checks: install-dev ## Django checks, migrations up to date, ruff
	DJANGO_SETTINGS_MODULE=chancery.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=chancery.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

lint: checks ## Same as checks

format: install-dev ## Format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

browser-deps: install-dev ## Chromium (Debian) and axe-core (npm) for the browser tests
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; \
		else echo "Install Debian's chromium first: sudo apt-get install chromium"; exit 1; fi; \
	fi
	@if ! command -v npm >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; \
		else echo "Install npm first: sudo apt-get install npm"; exit 1; fi; \
	fi
	@[ -f tests/browser/node_modules/axe-core/axe.min.js ] || npm ci --prefix tests/browser --no-audit --no-fund --silent

test-sqlite: install-dev browser-deps ## Run the suite on SQLite
	env -u DATABASE_URL DJANGO_SETTINGS_MODULE=chancery.settings.test $(PY) -m pytest -q

test-postgres: install-dev browser-deps ## Run the suite on PostgreSQL (POSTGRES_URL, default 127.0.0.1:5432)
	@if $(PY) scripts/db_reachable.py "$(POSTGRES_URL)"; then \
		DATABASE_URL="$(POSTGRES_URL)" DJANGO_SETTINGS_MODULE=chancery.settings.test $(PY) -m pytest -q; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is not reachable at $(POSTGRES_URL)"; exit 1; \
	else \
		echo "*** PostgreSQL is not reachable at $(POSTGRES_URL): the PostgreSQL run was NOT done."; \
		echo "*** Start PostgreSQL or set POSTGRES_URL, then run 'make test-postgres'."; \
	fi

# The two runs share no database, port or folder, and each keeps one core busy: side by side
# they take as long as the longer one. The SQLite run's output follows the PostgreSQL run's.
test: checks browser-deps ## Run checks and the whole suite on SQLite and PostgreSQL, side by side
	@mkdir -p var
	@$(MAKE) --no-print-directory test-sqlite > var/test-sqlite.log 2>&1 & sqlite=$$!; \
	$(MAKE) --no-print-directory test-postgres; postgres=$$?; \
	wait $$sqlite; sqlite_status=$$?; \
	echo "---- SQLite run (var/test-sqlite.log) ----"; cat var/test-sqlite.log; \
	echo "SQLite run: exit $$sqlite_status; PostgreSQL run: exit $$postgres"; \
	[ $$sqlite_status -eq 0 ] && [ $$postgres -eq 0 ]

clean: ## Remove the virtualenv and var/ (the demo database)
	rm -rf $(VENV) var

bench: install ## Benchmark at 1,000 and 100,000 items against nginx's static-file rate (not part of make test)
	$(PY) scripts/bench.py

drills: install-dev ## Fault drills (worker kills, PostgreSQL restart, Redis stop, 5 min of load) and hostile-input answer times (not part of make test)
	$(PY) scripts/drills.py
	$(PY) scripts/hostile_bench.py
