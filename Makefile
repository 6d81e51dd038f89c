# Two commands for a newcomer: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# torch first and pinned: an unpinned torch pulls a multi-GB build from the index.
TORCH_PINS := torch==2.14.1 torchvision==0.29.1

.PHONY: venv demo test lint bench clean

$(VENV)/.torch:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet $(TORCH_PINS)
	touch $@

$(VENV)/.installed: $(VENV)/.torch pyproject.toml
	$(PIP) install --quiet $(TORCH_PINS) -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

demo: venv
	$(VENV)/bin/pipeline demo --out demo

# Tests in a random order (pytest-randomly): a test that needs another to run first fails here.
# The seed is printed; `make test SEED=N` replays one order.
SEED ?= $(shell od -An -N3 -tu4 /dev/urandom | tr -d ' ')
test: venv
	$(VENV)/bin/ruff check .
	@echo "test order: pytest -p randomly --randomly-seed=$(SEED)"
	$(PY) -m pytest -p randomly --randomly-seed=$(SEED) tests

lint: venv
	$(VENV)/bin/ruff check .

bench: venv
	$(PY) bench/ingest.py

clean:
	rm -rf demo .pytest_cache
