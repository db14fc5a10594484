# The two commands a person needs: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3.11
BIN := $(VENV)/bin
HOST ?= 0.0.0.0
PORT ?= 8000

.PHONY: run test setup lint format bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# What an installation keeps (var/: the secret key, the database, pictures): made once.
setup: $(VENV)/.installed
	$(BIN)/python -m config.setup

run: setup
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-dev setup
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the translation catalogues after changing UI strings.
messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l nb -l nn -l en --ignore=.venv --ignore=tests --add-location file --no-obsolete

clean:
	rm -rf $(VENV) var

bench: $(VENV)/.installed-dev setup
	$(BIN)/python -m bench
