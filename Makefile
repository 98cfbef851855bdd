# Two commands do everything on a fresh Debian 12 machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test setup sysdeps lint format messages screenshots bench clean

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest --create-db $(PYTEST_ARGS)

setup: sysdeps $(STAMP) node_modules/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	$(PY) manage.py collectstatic --noinput -v0

sysdeps:
	@bash scripts/sysdeps.sh

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# axe-core, for the accessibility checks in the browser tests; `npm ci` installs exactly the locked version.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch node_modules/.installed

# The portal at university scale against baselines, on PostgreSQL (seeds the datasets if absent;
# the first run takes about 15 minutes more). Figures go to docs/performance.md. BENCH_ARGS='--quick'.
bench: setup
	$(PY) scripts/bench.py $(BENCH_ARGS)

lint:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the catalogues after changing strings; then fill both .po files (tests check they are complete).
messages:
	$(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles --ignore=node_modules --no-obsolete

# Retake the user guides' screenshots (docs/guide.*.md) from the demo data in headless Chromium.
screenshots: setup
	GUIDE_SCREENSHOTS=docs/screenshots $(PY) -m pytest tests/e2e/test_guide_screenshots.py -q -p no:cacheprovider

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache
