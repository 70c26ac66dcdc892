# phonghop — the two commands: `make run` (the product with demo data) and `make test` (the suite).
SHELL := /bin/sh
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
RUN_PACKAGES := fonts-noto-core fonts-liberation2 redis-server
TEST_PACKAGES := chromium poppler-utils qpdf fonts-noto-core fonts-liberation2 redis-server

.PHONY: run test lint fmt bench install install-test vendor translations translations-update sysdeps-run sysdeps-test clean

run: sysdeps-run install vendor translations
	$(PY) -m app.launcher

test: sysdeps-test install-test vendor translations lint
	$(PY) -m pytest -q $(PYTEST_ARGS)

# ruff, configured in pyproject.toml: lint and format check (part of `make test`); `make fmt` fixes
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# the product's own dependencies for `make run`; the test tools (pytest, Playwright…) only for `make test`
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $@

vendor: static/vendor/.installed

static/vendor/.installed: package.json package-lock.json scripts/install-vendor.sh
	./scripts/install-vendor.sh
	touch $@

translations: install
	$(VENV)/bin/pybabel compile -d app/translations

translations-update: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k notice --no-location -o app/translations/messages.pot .
	$(VENV)/bin/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching

sysdeps-run:
	./scripts/ensure-system-packages.sh $(RUN_PACKAGES)

sysdeps-test:
	./scripts/ensure-system-packages.sh $(TEST_PACKAGES)

clean:
	rm -rf $(VENV) node_modules static/vendor

bench: install-test vendor  # a whole session, one table: bench/results.json, docs/performance.md
	$(PY) -m bench.run
