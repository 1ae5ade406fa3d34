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
.PHONY: help install run serve demo test test-postgres lint format messages bench clean

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
	$(MANAGE) runserver $(HOST):$(PORT)

serve: install ## Serve what is already set up, without loading anything
	$(MANAGE) runserver $(HOST):$(PORT)

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
