# claimwatch: `make run` starts the bot, `make test` runs every check. Needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Stamp files: re-install only when pyproject.toml changes.
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: venv install dev run migrate test lint typecheck pytest bench bench-detect bench-poll \
	bench-fanout bench-fnc1 bench-stories bench-growth clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

venv install: $(STAMP)

dev: $(DEV_STAMP)

# `claimwatch run` applies the migrations itself before starting the bot.
run: $(STAMP)
	@$(BIN)/claimwatch run

migrate: $(STAMP)
	$(BIN)/claimwatch migrate

test: lint typecheck pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

pytest: $(DEV_STAMP)
	$(BIN)/pytest -q

bench: bench-detect bench-poll bench-fanout

bench-detect: $(STAMP)
	$(BIN)/python bench/detect_bench.py

bench-poll: $(STAMP)
	$(BIN)/python bench/poll_bench.py

bench-fanout: $(STAMP)
	$(BIN)/python bench/fanout_bench.py

bench-fnc1: $(STAMP)
	$(BIN)/python bench/fnc1.py

bench-stories: $(STAMP)
	$(BIN)/python bench/stories_bench.py

bench-growth: $(STAMP)
	$(BIN)/python bench/growth_bench.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
