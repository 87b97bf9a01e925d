# Thin wrappers over the CLI: `make report` publishes every edition in both languages (site and
# PDF) into _build/site/, `make test` runs all tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: setup system web-tools report preview html pdf validate test test-fast bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

system:
	bash scripts/install-system.sh

# axe-core and the Nu HTML Checker, pinned in tools/web/ (the browser and HTML tests run them).
web-tools: system
	bash scripts/install-web-tools.sh

report: setup system
	$(PY) -m book publish

preview: setup
	$(PY) -m book preview

html: setup
	$(PY) -m book build --format html

pdf: setup system
	$(PY) -m book build --format pdf

validate: setup
	$(PY) -m book validate

test: setup system web-tools
	$(PY) -m pytest -q

test-fast: setup
	$(PY) -m pytest -q -m "not slow and not browser and not pdf"

bench: setup system
	$(PY) bench/run.py
	$(PY) bench/publish.py

clean:
	rm -rf _build
