# Dossierportaal — `make run` serves the portal, `make test` runs the whole suite.
PYTHON ?= $(shell sh scripts/find-python.sh)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
LOCK := requirements/lock.txt
DOSSIER_TXT ?= ../shared/dossier/kwalificatiedossier-commercie-intercedent.txt
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint lock format migrate demo fixture messages worker bench clean oidc-provider

# Installs exactly the locked set (runtime and the dev extra, every file checked against its hash), then the
# project itself without dependencies. The venv's own pip is used as it comes, so nothing unlocked is fetched.
$(BIN)/.installed: $(LOCK) pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "Geen Python >= 3.12 gevonden; geef er een op met PYTHON=..." >&2; exit 1; fi
	@echo "Python: $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# Regenerates the lock from pyproject.toml; run it after changing a pin there (`make lint` fails until you do).
# uv (pinned in the dev extra) rather than pip-compile: `--universal` makes one resolution, with markers, that holds
# for every Python from requires-python on (3.12 and 3.13) on any platform, where pip-compile resolves only for the
# interpreter it runs under. uv keeps the versions already in the lock unless pyproject.toml forces a change.
# Order-only prerequisite: an existing venv is used as it is, not first reinstalled from the stale lock.
lock: | $(BIN)/.installed
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 --generate-hashes \
		--custom-compile-command "make lock" --quiet --output-file $(LOCK)

migrate: $(BIN)/.installed
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) loaddata commercie
	$(MANAGE) import_keuzedelen fixtures/keuzedelen-demo.csv
	$(MANAGE) create_demo_accounts

run: demo
	@mkdir -p var
	$(BIN)/celery -A config worker --beat --schedule var/celerybeat-schedule --loglevel=INFO --pool=solo --concurrency=1 > var/worker.log 2>&1 & \
	WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	echo "Celery-worker draait (log: var/worker.log)"; \
	echo "Portaal: http://$(HOST):$(PORT)/"; \
	$(MANAGE) runserver $(HOST):$(PORT)

worker: $(BIN)/.installed
	$(BIN)/celery -A config worker --loglevel=INFO --pool=solo

test: $(BIN)/.installed oidc-provider
	$(BIN)/pytest $(PYTEST_ARGS)

# The real OpenID Connect provider the SSO tests start (tests/oidc); without npm those tests are skipped.
oidc-provider:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory tests/oidc/node_modules/.package-lock.json; \
	else echo "npm ontbreekt: de SSO-tests worden overgeslagen"; fi

tests/oidc/node_modules/.package-lock.json: tests/oidc/package-lock.json
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error

# The lock check is offline and exact: every pin of pyproject.toml must be in the lock at the same version (and
# no dropped dependency left in it). Regenerating and diffing would also need PyPI and would turn red whenever a
# locked release gains a wheel (a new hash), which is no fault of the change under review.
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python requirements/check-lock.py
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerates fixtures/commercie.json from the SBB text export; never edit the fixture by hand.
fixture: $(BIN)/.installed
	rm -f var/fixture.sqlite3
	@mkdir -p var
	DATABASE_URL=sqlite:///var/fixture.sqlite3 $(MANAGE) migrate --noinput > /dev/null
	DATABASE_URL=sqlite:///var/fixture.sqlite3 $(MANAGE) import_dossier $(DOSSIER_TXT)
	DATABASE_URL=sqlite:///var/fixture.sqlite3 $(MANAGE) dumpdata dossier --indent 2 --output fixtures/commercie.json
	rm -f var/fixture.sqlite3

messages: $(BIN)/.installed
	$(MANAGE) makemessages --locale en --ignore ".venv/*"
	$(MANAGE) compilemessages --locale en

# Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/dp_bench); see bench/README.md.
bench: $(BIN)/.installed
	$(BIN)/python bench/import_dossier.py $(DOSSIER_TXT)
	$(BIN)/python bench/portfolio.py $(BENCH_ARGS)
	$(BIN)/python bench/assessment.py $(BENCH_ARGS)
	$(BIN)/python bench/readiness.py $(BENCH_READINESS_ARGS)
	$(BIN)/python bench/pages.py $(BENCH_PAGES_ARGS)

clean:
	rm -rf $(VENV) var
