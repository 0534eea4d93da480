# tipnet: the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test check lint install system-deps bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/tipnet demo

# Debian packages the test suite needs: a PostgreSQL server (initdb/pg_ctl), Chromium, Java, Khmer, Thai, Lao and Burmese fonts.
system-deps:
	@if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "installing postgresql"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; fi
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing chromium"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
	@# Java 17+ for the Spark linkage engine (Splink on local Spark in the tests)
	@if ! command -v java >/dev/null 2>&1; then \
	  echo "installing default-jre-headless"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; fi
	@# Khmer glyphs in browser screenshots (without the font the text still works, but shows as boxes)
	@if ! fc-list 2>/dev/null | grep -qi khmer; then \
	  echo "installing fonts-khmeros"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-khmeros >/dev/null || true; fi
	@# Thai, Lao and Burmese glyphs for the th/lo/my catalogues (without them the labels still work, but show as boxes)
	@if ! fc-list 2>/dev/null | grep -qi "Noto Sans Myanmar"; then \
	  echo "installing fonts-noto-core"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null || true; fi

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/python -m mypy

test: $(STAMP) system-deps lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The quick loop: ruff and the fast tests, without PostgreSQL, Chromium, Spark or the slow tests
# (under 2 minutes on 2 cores). `make test` still runs everything.
FAST := not postgres and not browser and not spark and not slow

check: $(STAMP) lint
	$(BIN)/python -m pytest -n 2 -q -m "$(FAST)"

# Benchmarks against the anchors the issues name (some anchors are GPL: installed here, never shipped).
bench: $(STAMP)
	test ! -f bench/requirements.txt || $(BIN)/python -m pip install --quiet -r bench/requirements.txt
	for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) tipnet-data .pytest_cache .ruff_cache .mypy_cache
