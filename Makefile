# Two commands do everything on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint eval bench golden clean install

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/scorecard convert samples -o out

test: $(STAMP)
	$(BIN)/python -m pytest tests scorecard

lint: $(STAMP)
	$(BIN)/ruff check scorecard cli tests tools
	$(BIN)/ruff format --check scorecard cli tests tools
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/python -m scorecard.evaluate

golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

# make bench MB=200 for the memory-growth check; JOBS=N for the main run.
MB ?= 20
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
bench: $(STAMP)
	$(BIN)/python tools/bench.py --mb $(MB) --jobs $(JOBS)

clean:
	rm -rf out .pytest_cache build *.egg-info
