# Two commands for a fresh clone: `make serve` and `make test`. Everything else follows.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: serve build check test bench clean help

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

serve: $(STAMP)  ## build, serve on http://127.0.0.1:8000/ and rebuild on change
	$(PY) build.py serve

build: $(STAMP)  ## build the site into _site/
	$(PY) build.py build

check: $(STAMP)  ## verify the content (quotes, references) without writing
	$(PY) build.py check

test: $(STAMP)  ## run every test
	$(PY) -m pytest

bench: $(STAMP)  ## print benchmark figures (slow: generates corpora, builds, drives a browser)
	$(PY) bench/build.py --sizes real,100,1000,5000
	$(PY) bench/preview.py --sizes real,1000

clean:  ## remove the built site and the virtual environment
	rm -rf _site $(VENV)
