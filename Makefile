# Every target bootstraps .venv from nothing, so a fresh clone needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test test-slow bench lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/frontdesk play

# The test suite also runs the records tests against a real PostgreSQL on loopback, started
# (and installed on a fresh Debian machine) by scripts/postgres_for_tests.sh.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	FRONTDESK_TEST_POSTGRES="$${FRONTDESK_TEST_POSTGRES:-$$(bash scripts/postgres_for_tests.sh)}" \
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest

test-slow: $(STAMP)
	FRONTDESK_TEST_POSTGRES="$${FRONTDESK_TEST_POSTGRES:-$$(bash scripts/postgres_for_tests.sh)}" \
	SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy $(BIN)/python -m pytest --runslow

bench: $(STAMP)
	for f in benchmarks/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist
