# Every target creates and reuses .venv, so a fresh clone needs only Python 3.11+.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
HOST ?= 127.0.0.1
PORT ?= 5000

# axe-core for the accessibility browser tests (tests/web/test_accessibility_browser.py): a test-only
# npm package, installed next to the tests and never shipped. Without npm the tests say so and skip.
AXE := tests/support/axe/node_modules/axe-core/axe.min.js

.PHONY: axe demo test test-fast test-postgres bench bench-pages bench-uploads load screenshots lint serve clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/fieldwork demo --host $(HOST) --port $(PORT)

test: $(STAMP) axe
	$(BIN)/pytest -q

axe:
	@test -f $(AXE) || (cd tests/support/axe && npm ci --no-audit --no-fund) \
		|| echo "axe-core could not be installed (is npm installed? apt-get install -y npm): the accessibility tests will skip"

# The working loop (under a minute on 2 cores): no browser, no PostgreSQL or Redis server, nothing
# slow (tests/support/slow_tests.py), spread over every core by pytest-xdist.
# `make test` is still the whole suite, and what CI runs.
test-fast: $(STAMP)
	$(BIN)/pytest -q -n auto -m "not browser and not postgres and not redis and not slow"

# The whole suite again, each test on a fresh PostgreSQL database (tests/support/databases.py).
test-postgres: $(STAMP) axe
	FIELDWORK_TEST_DATABASE=postgresql FIELDWORK_TEST_JOBS=celery $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py --shared $(SHARED) --xl --teams large xl --out docs/benchmarks.md

screenshots: $(STAMP) axe
	FIELDWORK_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q -m browser

bench-pages: $(STAMP)
	$(BIN)/python bench/pages.py --shared $(SHARED)

bench-uploads: $(STAMP)
	$(BIN)/python bench/upload_bomb.py

load: $(STAMP)
	$(BIN)/python bench/load.py --shared $(SHARED) --out docs/benchmarks.md

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy solver scheduler web
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info
