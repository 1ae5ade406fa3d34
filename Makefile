# The portal's commands. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in the admin's emails and the login line `make run` prints follow HOST and PORT.
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run serve serve-prod demo test test-postgres lint format messages bench clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[test]"
	@touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install the portal with its test tools

run: install ## Set up SQLite under var/, load the demo network, set up editors' roles, create an admin, serve on :8000
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_network
	$(MANAGE) setup_roles
	$(MANAGE) ensure_admin
	$(MANAGE) set_site_url
	$(MANAGE) runserver $(HOST):$(PORT)

serve: install ## Serve what is already set up, without loading anything
	$(MANAGE) runserver $(HOST):$(PORT)

# `make serve-prod`: production settings from the environment; what a trial on this
# machine lacks is filled in (a generated SECRET_KEY kept in var/, the host, no TLS).
PROD_ENV = DJANGO_SETTINGS_MODULE=portal.settings.production \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST)}" \
	PORTAL_BASE_URL="$${PORTAL_BASE_URL:-$$WAGTAILADMIN_BASE_URL}" \
	WAGTAILADMIN_BASE_URL="$${PORTAL_BASE_URL:-$$WAGTAILADMIN_BASE_URL}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat "$${PORTAL_VAR_DIR:-var}/secret-key")}" \
	PATH="$(abspath $(BIN)):$$PATH"

serve-prod: install ## Run as in production on :8000: migrate, collectstatic, then gunicorn + task worker + scheduler (Procfile, honcho)
	@mkdir -p "$${PORTAL_VAR_DIR:-var}"
	@test -n "$$SECRET_KEY" || test -s "$${PORTAL_VAR_DIR:-var}/secret-key" || \
		(umask 077; $(PY) -c "import secrets; print(secrets.token_urlsafe(64))" > "$${PORTAL_VAR_DIR:-var}/secret-key")
	$(PROD_ENV) $(MANAGE) migrate --no-input
	$(PROD_ENV) $(MANAGE) setup_portal
	$(PROD_ENV) $(MANAGE) setup_roles
	$(PROD_ENV) $(MANAGE) set_site_url
	$(PROD_ENV) $(MANAGE) collectstatic --no-input --verbosity 0
	$(PROD_ENV) $(MANAGE) check --deploy
	$(PROD_ENV) exec $(BIN)/honcho start --no-colour --procfile Procfile --port $(PORT)

test: install ## Run the test suite (SQLite; set DATABASE_URL for PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## ruff check and ruff format --check, makemigrations --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: install ## Let ruff fix the imports and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The catalogs' folder names (Django's locale names) of the 13 languages of DESIGN.md.
CATALOGS := en fr es de it pl ro hu sr pt_BR zh_Hans ja th

messages: install ## Regenerate the gettext catalogs under locale/ (13 languages) and compile them
	@# English is the source: its catalog is remade from scratch, msgstr = msgid.
	rm -f locale/en/LC_MESSAGES/django.po
	$(MANAGE) makemessages $(addprefix -l ,$(CATALOGS)) --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks
	msgen --no-wrap locale/en/LC_MESSAGES/django.po | msgattrib --clear-fuzzy --no-wrap -o locale/en/LC_MESSAGES/django.po
	$(MANAGE) compilemessages --ignore=.venv

bench: install ## Run the benchmarks under benchmarks/ and print their ratios
	$(PY) -m benchmarks

clean: ## Remove the virtualenv and everything under var/
	rm -rf $(VENV) var
