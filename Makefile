# Two commands for a fresh clone: `make serve` and `make test`. Everything else follows.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
# Checkers from npm (axe-core, the Nu HTML Checker, Lighthouse), installed from the lock file.
NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)

.PHONY: serve build check lint test bench publish messages clean help

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-* && touch $@

serve: $(STAMP)  ## build, serve on http://127.0.0.1:8000/ and rebuild on change
	$(PY) build.py serve

build: $(STAMP)  ## build the site into _site/
	$(PY) build.py build

check: $(STAMP)  ## verify the content (quotes, references) without writing
	$(PY) build.py check

publish: $(STAMP)  ## build, then commit _site/ to the gh-pages branch and push it to origin (see README)
	$(PY) build.py publish

lint: $(STAMP)  ## ruff (lint) and mypy --strict (types, explainer/); run by `make test`
	$(PY) -m ruff check .
	$(PY) -m mypy

test: lint $(NODE_STAMP)  ## lint, then run every test
	$(PY) -m pytest

bench: $(STAMP) $(NODE_STAMP)  ## print benchmark figures (slow: corpora, builds, the Hugo peer, a browser, Lighthouse)
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(PY) bench/peer.py --sheets 1000
	$(PY) bench/build.py --sizes real,100,1000,5000
	$(PY) bench/editions.py --sheets 1000
	$(PY) bench/preview.py --sizes real,1000
	$(PY) bench/reader.py

# The interface's messages (see ARCHITECTURE.md, "The interface's languages"): extracted from
# the engine's Python and templates (babel.cfg) into locale/messages.pot, then merged into
# every catalog under locale/ (new messages untranslated, changed ones marked fuzzy).
messages: $(STAMP)  ## extract the interface's messages into locale/messages.pot and update the catalogs (fr, en)
	$(VENV)/bin/pybabel --quiet extract -F babel.cfg -k plurals:1,2 -c TRANSLATORS: --no-wrap --sort-by-file \
		--ignore-dirs ".* _* node_modules tests bench" --project explainer \
		--header-comment "# The interface's messages of the explainer engine, in English (make messages)." \
		-o locale/messages.pot .
	$(VENV)/bin/pybabel --quiet update -i locale/messages.pot -d locale --no-wrap --ignore-obsolete

clean:  ## remove the built site, the virtual environment and node_modules
	rm -rf _site $(VENV) node_modules
