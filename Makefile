# The two commands a person needs: `make run` and `make test`.
VENV ?= .venv
# The Python that makes $(VENV): PYTHON if given, else the newest from 3.11 up
# (config/find-python.sh, which says what to install when there is none).
PYTHON ?=
BIN := $(VENV)/bin
# The version of the Python in $(VENV), 3.13 say (empty while there is none).
VENV_PYTHON = $(shell $(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
HOST ?= 0.0.0.0
PORT ?= 8000

.PHONY: run test setup lint format bench soak messages clean venv-python

$(BIN)/python:
	@python=$$(sh config/find-python.sh $(PYTHON)) && \
	  echo "$$python -m venv $(VENV)" && "$$python" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# A venv made earlier is kept whatever Python made it, as long as that is 3.11 or newer.
venv-python: $(BIN)/python
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "$(VENV) was made with $(if $(VENV_PYTHON),Python $(VENV_PYTHON),a Python that no longer" \
	    "runs), and Plenum needs Python 3.11 or newer: remove it (rm -rf $(VENV)) and make again." >&2; \
	  exit 1; }

$(VENV)/.installed: requirements.txt $(BIN)/python | venv-python
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

# mypy types the code for the venv's Python, the one pip chose the packages for (numpy's stubs
# are in 3.12 syntax on 3.12 and newer); ruff keeps the code itself to 3.11.
test: $(VENV)/.installed-dev setup
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy --python-version $(VENV_PYTHON) .
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

# A seminar day compressed: 150 phones for SOAK_MINUTES (`make soak SOAK_MINUTES=2` to try it).
SOAK_MINUTES ?= 30
soak: $(VENV)/.installed-dev setup
	$(BIN)/python -m bench.soak --minutes $(SOAK_MINUTES)
