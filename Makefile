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
FILES  ?=
# Tests run in parallel, one process per core (measured: one more only adds contention, as
# the expensive tests are busy, not waiting); a test file stays in one process, so its shared
# set-up is built once (and nbval runs a notebook's cells in order in one kernel).
JOBS   ?= $(shell $(PYTHON) -c "import os; print(os.cpu_count() or 1)")

.DEFAULT_GOAL := help
.PHONY: help setup report test test-fast lab bench lint strip-notebooks lock clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	$(PY) -m helpers kernel
	@if [ -d .git ]; then $(PY) -m pre_commit install --install-hooks >/dev/null && \
	  echo "pre-commit hooks installed (strip-notebooks, ruff)"; fi
	@touch $(STAMP)

setup: $(STAMP) ## create .venv inside the repository, install the pinned packages and the git hooks

# make itself exits with 2 whenever a command fails; the runner's own code (1 failed, 2 usage,
# 3 bad data, 4 busy) is printed here, and a scheduler gets it from the runner itself:
#   make setup && .venv/bin/helpers report --wait
report: $(STAMP) ## validate data/, run the notebooks that changed, publish figures/ and reports/index.html
	@$(PY) -m helpers report $(ARGS) || { code=$$?; \
	  echo "helpers report exited with code $$code (see .venv/bin/helpers report --help)" >&2; \
	  exit $$code; }

test: $(STAMP) lint ## run every test (unit, data, notebooks with nbval, runner, browser)
	$(PY) tests/browser_setup.py
	$(PY) -m pytest --nbval -n $(JOBS) --dist loadfile $(ARGS)

test-fast: $(STAMP) ## the edit loop: every test but the browser, notebook and fault tests
	$(PY) -m pytest -n $(JOBS) --dist loadfile -m "not browser and not notebooks and not faults" $(ARGS)

lab: $(STAMP) ## start JupyterLab in the project's environment, rooted at the repository
	$(PY) -m helpers kernel
	JUPYTER_PATH=$(abspath $(VENV))/share/jupyter $(VENV)/bin/jupyter lab --ServerApp.root_dir=$(CURDIR) notebooks/10-revenue-collapse.ipynb \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

bench: $(STAMP) ## time full, unchanged and one-notebook rebuilds against plain Python (see bench/)
	$(PY) bench/bench_report.py $(ARGS)

lint: $(STAMP) ## ruff over the code and the notebooks (or over FILES)
	$(VENV)/bin/ruff check $(if $(FILES),$(FILES),src tests bench notebooks)

strip-notebooks: $(STAMP) ## keep in notebooks only the outputs nbval checks (or in FILES)
	$(PY) -m helpers strip-notebooks $(FILES)

lock: ## re-resolve the newest allowed versions and rewrite requirements.lock
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[dev]'
	{ echo "# Pinned versions of every package the project installs (pip constraints file)."; \
	  echo "# Refresh: make lock   (fresh environment from pyproject.toml, then pip freeze)"; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e'; } > requirements.lock
	rm -rf .lock-venv

clean: ## remove .venv and reports/ (figures/ is kept: it is committed; a conda env is never removed)
	rm -rf .venv reports
