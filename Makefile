# nokia-in-numbers: every target sets up the environment first when it is missing or stale.
# `make help` lists the targets.

PYTHON ?= python3
VENV   := .venv
# An active conda environment other than base (e.g. one made from environment.yml) is used as
# it is; otherwise the project makes and uses .venv inside the repository.
ifneq ($(CONDA_PREFIX),)
ifneq ($(CONDA_DEFAULT_ENV),base)
VENV   := $(CONDA_PREFIX)
endif
endif
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.nokia-in-numbers-stamp
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help setup report test lab bench lint lock clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-8s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	$(PY) -m helpers kernel
	@touch $(STAMP)

setup: $(STAMP) ## create .venv inside the repository and install the pinned packages

report: $(STAMP) ## validate data/, run the notebooks that changed, publish figures/ and reports/index.html
	$(PY) -m helpers report $(ARGS)

test: $(STAMP) ## run every test (unit, data, notebooks, runner, browser)
	$(PY) tests/browser_setup.py
	$(PY) -m pytest $(ARGS)

lab: $(STAMP) ## start JupyterLab in the project's environment, rooted at the repository
	$(PY) -m helpers kernel
	JUPYTER_PATH=$(abspath $(VENV))/share/jupyter $(VENV)/bin/jupyter lab --ServerApp.root_dir=$(CURDIR) notebooks/10-revenue-collapse.ipynb \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

bench: $(STAMP) ## time full, unchanged and one-notebook rebuilds against plain Python (see bench/)
	$(PY) bench/bench_report.py $(ARGS)

lint: $(STAMP) ## ruff over the code and the notebooks
	$(VENV)/bin/ruff check src tests bench notebooks

lock: ## re-resolve the newest allowed versions and rewrite requirements.lock
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[dev]'
	{ echo "# Pinned versions of every package the project installs (pip constraints file)."; \
	  echo "# Refresh: make lock   (fresh environment from pyproject.toml, then pip freeze)"; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e'; } > requirements.lock
	rm -rf .lock-venv

clean: ## remove .venv and reports/ (figures/ is kept: it is committed; a conda env is never removed)
	rm -rf .venv reports
