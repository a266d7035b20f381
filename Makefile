# The two commands a newcomer needs: `make run` and `make test`.
# Everything else here is what those two are made of.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1

.DEFAULT_GOAL := help

# The laptop default is development mode; production sets DEBUG=0 and a SECRET_KEY.
install migrate demo run test lint worker messages: export DEBUG ?= 1
.PHONY: help run test lint format install migrate demo serve worker lock clean system-deps messages \
	bench bench-curve bench-reports audit fuzz

help:
	@echo "make run     set up everything and serve the portal on http://$(HOST):$(PORT)"
	@echo "make test    lint, format check and the whole test suite"
	@echo "make system-deps   install the Debian packages (as root): PDF libraries, fonts, Chromium, PostgreSQL, Redis"
	@echo "make worker  a Celery worker (needs REDIS_URL)"
	@echo "make audit   known vulnerabilities of the pinned packages (pip-audit; needs network)"
	@echo "make lock    re-pin requirements.lock and requirements-dev.lock from pyproject.toml"
	@echo "make messages   update the translation catalogues (locale/) and compile them"
	@echo "make bench   benchmark the real stack (BENCH_SIZE=demo|10x|100x|programme); docs/benchmarks.md"
	@echo "make bench-curve   the benchmark at 1x, 10x and 100x the demo data, and how it grows"
	@echo "make bench-reports   the PDF reports' render time and peak memory on the demo data"
	@echo "make fuzz    fuzz the API with schemathesis as every role (PORT=8715); docs/benchmarks.md"

# The venv is rebuilt when the lock changes; the stamp file records the last good install.
# requirements-dev.lock = requirements.lock (what production installs) + the test tools.
$(BIN)/.installed: requirements.lock requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

install: $(BIN)/.installed

var:
	mkdir -p var/media var/mail

migrate: install var
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo_data

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install var
	$(BIN)/python manage.py collectstatic --no-input
	$(BIN)/gunicorn tracekei.wsgi --bind $(HOST):$(PORT) --workers 2

worker: install
	$(BIN)/celery -A tracekei worker --loglevel=info --concurrency=2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint var
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# Known vulnerabilities of the pinned packages: fails on one; only warns when the
# vulnerability database cannot be reached (scripts/audit.py says why).
audit: install
	$(BIN)/python scripts/audit.py

# The benchmark: PostgreSQL and Redis (left running), gunicorn and a Celery worker
# (stopped at the end), its own database; prints the table, writes var/bench/*.json.
BENCH_SIZE ?= demo
bench: install var
	bash scripts/bench.sh $(BENCH_SIZE)

# The PDF reports (final report, WeasyPrint alone, 50 pages), each in a child process,
# on the database of DATABASE_URL with the demo data loaded; docs/benchmarks.md.
bench-reports: export DEBUG ?= 1
bench-reports: install var
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py bench_reports

bench-curve: install var
	for size in demo 10x 100x; do bash scripts/bench.sh $$size || exit 1; done
	DEBUG=1 $(BIN)/python manage.py bench_curve demo 10x 100x

system-deps:
	bash scripts/install-system-deps.sh

# The compiled .mo files are committed, so running the portal needs no gettext.
LANGUAGE_DIRS := it hu de pt ro bg sr_Latn
messages: install
	$(BIN)/python manage.py makemessages $(addprefix -l ,$(LANGUAGE_DIRS)) --no-location \
		--ignore=".venv/*" --ignore="staticfiles/*" --ignore="tests/*" --ignore="var/*" \
		--ignore="test-artifacts/*"
	$(BIN)/python manage.py compilemessages --ignore=".venv/*"

lock:
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) var/db.sqlite3 staticfiles .pytest_cache

# Issue 11's long API fuzzing run (schemathesis, every role, 10,000+ requests) against a
# runserver with the demo data on $(PORT); the result goes into docs/benchmarks.md by hand.
FUZZ_EXAMPLES ?= 25
fuzz: install var
	PORT=$(PORT) FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) bash scripts/fuzz.sh
