# Two commands: `make run` serves the app with demo data, `make test` runs the whole suite.
# `make check` is the fast loop: lint and every test but the browser and slow ones, in under a minute.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
APP := $(BIN)/flask --app server
BIOME := $(BIN)/biome
# Bytecode caches stay on even where PYTHONDONTWRITEBYTECODE is set: without them every test
# process compiles every module again and pytest rewrites every test module (5 s of CPU each).
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
SYSTEM_PACKAGES := chromium chromium-driver postgresql poppler-utils
# The pins are resolved for the Python and the platform the app runs on.
LOCK_FLAGS = --quiet --generate-hashes --python-version 3.11 --python-platform linux --custom-compile-command "make lock" \
  $(if $(UPGRADE),--upgrade)

MO_FILES := $(patsubst %.po,%.mo,$(wildcard server/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test check lint lock install system-deps audit bench clean translations

# Every package comes from the hash-locked requirements/*.txt, the build backend included, so the
# project itself installs without fetching anything; `pip check` fails if pyproject.toml asks for
# something the lock lacks (run `make lock`).
$(RUN_STAMP): requirements/run.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes -r requirements/run.txt
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	$(PIP) check
	touch $@

$(TEST_STAMP): requirements/test.txt $(RUN_STAMP)
	$(PIP) install --quiet --require-hashes -r requirements/test.txt
	$(PIP) check
	touch $@

# Biome, the JavaScript linter and formatter: one binary from the npm registry, checked against
# requirements/biome.lock (no Node.js needed).
$(BIOME): requirements/biome.lock scripts/install-biome.py
	$(PYTHON) scripts/install-biome.py $@

# After changing dependencies in pyproject.toml: refresh the pins and their hashes, then commit
# requirements/. Pins stay where they are unless they must move; `make lock UPGRADE=1` moves them
# all to the newest allowed. Biome: `python3 scripts/install-biome.py --pin VERSION`.
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --group build $(LOCK_FLAGS) -o requirements/run.txt
	$(BIN)/uv pip compile pyproject.toml --group build --extra test -c requirements/run.txt $(LOCK_FLAGS) \
	  -o requirements/test.txt

install: $(RUN_STAMP) $(MO_FILES)

%.mo: %.po $(RUN_STAMP)
	$(BIN)/pybabel compile -i $< -o $@

# After changing user-facing strings: refresh the catalogues, translate, commit the .po files.
translations: $(RUN_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o server/translations/messages.pot .
	$(BIN)/pybabel update -i server/translations/messages.pot -d server/translations

run: $(RUN_STAMP) $(MO_FILES)
	mkdir -p instance
	MEDIATAP_ENV=development $(APP) db upgrade
	MEDIATAP_ENV=development $(APP) demo
	@echo "Mediatap is served on http://127.0.0.1:5000 (Ctrl-C to stop)."
	MEDIATAP_ENV=development $(APP) run --host 127.0.0.1 --port 5000

# Debian packages the browser and PostgreSQL tests need: installed when root, named otherwise.
system-deps:
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing$$missing with apt-get"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	  else \
	    echo "The tests need these Debian packages:$$missing"; \
	    echo "Install them with: sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

lint: $(TEST_STAMP) $(BIOME)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIOME) check

# Needs a route to a vulnerability database (PyPI's JSON API or osv.dev), which CI here lacks.
audit: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet pip-audit
	$(BIN)/pip-audit --strict --progress-spinner off

# SQLite only, one test process per core (pytest-xdist): PostgreSQL and the rest wait for `make test`.
# The quick tests' databases go to a tmpfs when there is a roomy one: on disk, SQLite's fsync at
# each commit (synchronous=FULL, as in production) takes a quarter of the time (the test
# PostgreSQL runs with fsync=off likewise). The slow ones keep the disk: they measure a server.
QUICK_TMPDIR := $(shell df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 && $$4 > 1048576 { print "/dev/shm" }')
check: lint
	$(if $(QUICK_TMPDIR),TMPDIR=$(QUICK_TMPDIR)) TEST_DATABASE_URL= $(PYTEST) -m "not browser and not slow" -n auto --dist worksteal -q

# Two passes: the quick tests one process per core (each process gets its own PostgreSQL
# database), then the browser and slow ones two at a time. The gunicorn tests measure a server
# under kills and races and take both cores: one group (xdist_group "gunicorn"), run one after
# another on one worker while the other runs the in-process ones; the browser tests, whose waits
# are timed, come last (tests/conftest.py orders them). One at a time it took 28 minutes.
test: $(TEST_STAMP) $(MO_FILES) system-deps lint
	$(BIN)/bandit -q -r server
	@url="$${TEST_DATABASE_URL:-$$(scripts/test-postgres.sh)}"; \
	echo "Testing on SQLite and on PostgreSQL ($$url)"; \
	$(if $(QUICK_TMPDIR),TMPDIR=$(QUICK_TMPDIR)) TEST_DATABASE_URL="$$url" $(PYTEST) -m "not browser and not slow" \
	  -n auto --dist worksteal -q && \
	TEST_DATABASE_URL="$$url" $(PYTEST) -m "browser or slow" -n 2 --dist loadgroup --durations=15

bench: $(TEST_STAMP)
	$(BIN)/python bench/sync_ingest.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
