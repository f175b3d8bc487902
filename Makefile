# Two commands set everything up on a fresh machine (python3, pip, node, npm):
#   make run    install what running needs and serve on http://127.0.0.1:8000 (PORT=8080 make run)
#   make test   install everything (test extras, htmx, Chromium, PostgreSQL) and run the test suite
# Stamp files make repeated runs quick: nothing is reinstalled unless its manifest changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

RUN_STAMP := $(VENV)/.installed-run
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HTMX := static/vendor/htmx.min.js
CHROMIUM := /usr/bin/chromium

PG_TEST_SERVER := scripts/pg-test-server.sh

.PHONY: install run test lint eval chromium postgres db-upgrade clean

install: $(PY_STAMP) $(HTMX)

# What serving needs: the package and its dependencies, no test tools.
$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e .
	touch $@

# Everything, test extras included (pytest, Playwright, ruff).
$(PY_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install -e '.[test]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(HTMX): $(NODE_STAMP)
	mkdir -p $(dir $@)
	cp node_modules/htmx.org/dist/htmx.min.js $@

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; \
	fi

run: $(RUN_STAMP) $(HTMX)
	$(BIN)/liaison serve --host $(HOST) --port $(PORT)

# A private PostgreSQL cluster on 127.0.0.1 so store and web tests also run on PostgreSQL.
postgres:
	@if ! command -v pg_createcluster >/dev/null; then \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql; \
	fi
	$(PG_TEST_SERVER) start

lint: $(PY_STAMP)
	$(BIN)/ruff check app tests scripts

# Extraction figures on the seeds and, when present, the hand-annotated dev set beside the repo.
eval: $(PY_STAMP)
	$(BIN)/python scripts/eval.py

test: install chromium postgres lint
	LIAISON_TEST_PG_URL="$${LIAISON_TEST_PG_URL:-$$($(PG_TEST_SERVER) url)}" \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

db-upgrade: $(PY_STAMP)
	$(BIN)/liaison db upgrade

clean:
	rm -rf node_modules $(HTMX) .pytest_cache
