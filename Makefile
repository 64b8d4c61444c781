# Every target bootstraps .venv from nothing, so a fresh clone needs only Python 3.11+.
# `make play` installs the runtime dependencies only; the test, lint and bench targets add the
# dev and postgres extras. Each set has its own stamp, redone when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: play test test-slow bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $@

play: $(RUN_STAMP)
	$(BIN)/frontdesk play

# The records tests also run against a throwaway PostgreSQL that pytest starts in a temporary
# folder and removes at the end (tests/pg_server.py); the script only installs the server
# binaries when they are missing and we are root (fresh CI machines). FRONTDESK_TEST_POSTGRES
# names an existing server instead.
test: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	bash scripts/postgres_for_tests.sh
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest

test-slow: $(DEV_STAMP)
	bash scripts/postgres_for_tests.sh
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest --runslow

# Every figure with its target, min and median over repeats, and the load average.
BENCHES := startup headless frame records report validity
bench: $(DEV_STAMP)
	for f in $(BENCHES); do echo "== benchmarks/$$f.py"; \
	  SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python benchmarks/$$f.py || exit 1; done

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist
