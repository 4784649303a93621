# claimwatch: `make run` starts the bot, `make test` runs every check. Needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Stamp files: re-install only when pyproject.toml changes.
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: venv install dev run migrate test test-fast lint format typecheck pytest bench bench-detect \
	bench-poll bench-fanout bench-fnc1 bench-scale bench-hostile bench-chart bench-stories bench-growth \
	docker-smoke eval-cv eval-check train-detector clean

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

# Every gate: format, lint (with the complexity limit), types (tests included), tests with coverage.
test: lint typecheck pytest

# The edit loop: no slow tests, no coverage; lint and types stay on (they take seconds).
test-fast: lint typecheck
	$(BIN)/pytest -q -m "not slow" -n 2 --dist loadgroup -p no:cacheprovider

lint: $(DEV_STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy
	$(BIN)/mypy --config-file tests/mypy.ini

# Coverage over bot/ and handlers/ with a floor (pyproject.toml [tool.coverage]): below it fails.
pytest: $(DEV_STAMP)
	$(BIN)/pytest -q --cov --cov-report=term --cov-fail-under=90

# Builds the image and checks it answers /start, runs as non-root, keeps SQLite on /data and
# stops cleanly (needs a Docker engine; not part of `make test`).
docker-smoke: $(DEV_STAMP)
	$(BIN)/python scripts/docker_smoke.py

bench: bench-detect bench-poll bench-fanout

bench-detect: $(STAMP)
	$(BIN)/python bench/detect_bench.py

bench-poll: $(STAMP)
	$(BIN)/python bench/poll_bench.py

bench-fanout: $(STAMP)
	$(BIN)/python bench/fanout_bench.py

bench-scale: $(STAMP)
	$(BIN)/python bench/scale_bench.py

bench-hostile: $(STAMP)
	$(BIN)/python bench/hostile_bench.py

bench-chart: $(STAMP)
	$(BIN)/python bench/chart_bench.py

# Detector training and honest measurement over every labelled set (texts labelled by reference are
# read from the git mirror in CORPUS_MIRROR into .cache/corpora/).
SHARED ?= ../shared
CORPUS_MIRROR ?= /work/.mirror
GOLD := $(SHARED)/eval/dev.jsonl $(SHARED)/eval/dev_news.jsonl $(wildcard bench/data/fnc1_*.jsonl) \
	$(wildcard bench/data/cnn_*.jsonl) $(wildcard bench/data/cnndm_*.jsonl) $(wildcard bench/data/rc50_*.jsonl) \
	$(wildcard bench/data/basil_*.jsonl) $(wildcard bench/data/health_*.jsonl) \
	$(wildcard bench/data/ajg_*.jsonl) $(wildcard bench/data/ptc_*.jsonl) $(wildcard bench/data/wwn_*.jsonl) \
	$(wildcard bench/data/oilp_*.jsonl) \
	$(wildcard bench/data/hp_*.jsonl) $(wildcard bench/data/abp_*.jsonl)
GOLD_OPTS := --bodies $(SHARED)/data/fnc-1/train_bodies.csv --stances $(SHARED)/data/fnc-1/train_stances.csv \
	--mirror $(CORPUS_MIRROR)

eval-cv: $(DEV_STAMP)
	$(BIN)/claimwatch eval --quiet --cv 5 $(GOLD_OPTS) $(GOLD)

eval-check: $(DEV_STAMP)
	$(BIN)/claimwatch eval --quiet --holdout $(SHARED)/eval/dev_news_2.jsonl $(GOLD_OPTS) $(GOLD)

train-detector: $(DEV_STAMP)
	$(BIN)/claimwatch train --exclude $(SHARED)/eval/dev_news_2.jsonl $(GOLD_OPTS) $(GOLD)

bench-fnc1: $(STAMP)
	$(BIN)/python bench/fnc1.py

bench-stories: $(STAMP)
	$(BIN)/python bench/stories_bench.py

bench-growth: $(STAMP)
	$(BIN)/python bench/growth_bench.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
