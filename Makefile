# Coop Portal — `make run` for the demo, `make test` for the test suite.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test e2e lint lock worker bench messages clean

# Installs the locked dependencies and compiles the translation catalogs (needs gettext's msgfmt);
# a changed catalog is compiled again on the next make run / test.
$(BIN)/.installed: requirements.lock requirements-dev.lock $(wildcard locale/*/LC_MESSAGES/*.po) \
		$(wildcard locale/allauth/*/LC_MESSAGES/*.po)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=bench --ignore=tests
	touch $@

## Embedded default: SQLite, eager Celery, console email, demo data, http://127.0.0.1:8000
run: $(BIN)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_course_content
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## Whole test suite; PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set.
test: $(BIN)/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

## Browser journeys alone (Playwright driving Debian's chromium package).
e2e: $(BIN)/.installed
	$(BIN)/pytest tests/e2e $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

## Celery worker and beat for the real stack (needs REDIS_URL and DATABASE_URL).
worker: $(BIN)/.installed
	$(BIN)/celery -A coopportal worker --beat --loglevel=INFO

## Benchmark suite (PostgreSQL and Redis running on 127.0.0.1); writes BENCHMARKS.md.
bench: $(BIN)/.installed
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

## Regenerate the lock files after changing pyproject.toml: runtime (the image) and dev (tests, tools).
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements-dev.lock

## Collect the portal's strings into locale/{ru,kk,fa}/LC_MESSAGES/django.po (then translate them).
messages: $(BIN)/.installed
	$(BIN)/python manage.py makemessages -l ru -l kk -l fa --ignore=.venv --ignore=bench --ignore=tests

clean:
	rm -rf $(VENV) staticfiles
