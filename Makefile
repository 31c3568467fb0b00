# The two commands a new user needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
MANAGE ?= $(BIN)/python manage.py
PYTEST_WORKERS ?= 2

.PHONY: run test install install-dev assets lint check migrate seed clean backup restore release

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed assets
install-dev: $(VENV)/.installed-dev assets
assets: node_modules/.installed

migrate: install
	$(MANAGE) migrate --no-input

seed: migrate
	$(MANAGE) seed_demo

## make run: the whole system on SQLite and an embedded broker: web + Celery worker + beat, demo data.
## scripts/run-dev is honcho with a clean Ctrl-C (exit 0) and every time in the office's time zone.
run: seed
	@echo ""
	@echo "  委员工作室 is starting at http://127.0.0.1:8000  (admin: http://127.0.0.1:8000/admin/)"
	@echo "  Stop with Ctrl-C."
	@echo ""
	$(BIN)/python scripts/run-dev Procfile.dev

## make test: lint, Django checks, then the full suite against PostgreSQL and Redis.
test: install-dev
	scripts/ensure-test-services
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf var .pytest_cache test-artifacts

## make backup: pg_dump (custom format) + the media folder + a manifest of counts and checksums,
## into $(BACKUP_DIR)/gzs-<time>/. make restore BACKUP=backups/gzs-…: into an EMPTY database
## (DATABASE_URL), then the drill: every table's count and the dashboard's figures compared.
BACKUP_DIR ?= backups
backup:
	$(MANAGE) backup --output $(BACKUP_DIR)

restore:
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/gzs-YYYYMMDDTHHMMSSZ (DATABASE_URL: a new, empty database)" >&2; exit 2; }
	$(MANAGE) restore $(BACKUP)

## make release: a tarball for hosts without containers (docs/deploy.md): the committed code and
## the static files collected here (npm runs on this machine, never on the server).
release: install
	rm -rf dist && mkdir -p dist
	DJANGO_SETTINGS_MODULE=config.settings.production STATIC_ROOT=dist/staticfiles DATA_DIR=dist/tmp \
	  SECRET_KEY=build-only ALLOWED_HOSTS=build PII_ENCRYPTION_KEYS=build PII_HASH_KEY=build \
	  $(MANAGE) collectstatic --no-input --verbosity 0
	git archive --format=tar --prefix=gzs/ HEAD > dist/gzs.tar
	tar --append -f dist/gzs.tar --transform 's,^dist/staticfiles,gzs/staticfiles,' dist/staticfiles
	gzip -9 dist/gzs.tar && rm -rf dist/staticfiles dist/tmp
	@echo "dist/gzs.tar.gz: unpack into /opt/gzs, set STATIC_ROOT=/opt/gzs/staticfiles (docs/deploy.md)"
