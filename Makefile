# Two commands: `make run` serves the app with demo data, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP := $(BIN)/flask --app server
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
SYSTEM_PACKAGES := chromium chromium-driver postgresql

MO_FILES := $(patsubst %.po,%.mo,$(wildcard server/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test install system-deps lint audit bench clean translations

$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

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

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r server

# Needs a route to a vulnerability database (PyPI's JSON API or osv.dev), which CI here lacks.
audit: $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet pip-audit
	$(BIN)/pip-audit --strict --progress-spinner off

test: $(TEST_STAMP) $(MO_FILES) system-deps lint
	@url="$${TEST_DATABASE_URL:-$$(scripts/test-postgres.sh)}"; \
	echo "Testing on SQLite and on PostgreSQL ($$url)"; \
	TEST_DATABASE_URL="$$url" $(BIN)/pytest

bench: $(TEST_STAMP)
	$(BIN)/python bench/sync_ingest.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
