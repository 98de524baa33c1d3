# SafePassage: `make run` sets everything up and starts the bot; `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed-stamp
DOMAIN := messages

.PHONY: setup run test check lint typecheck bench extract update compile nlu-model db rasa rasa-serve clean

setup: $(STAMP) compile nlu-model db

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: setup
	$(PY) -m bot run

test: $(STAMP) compile
	$(BIN)/pytest -q

check: lint typecheck test

lint: $(STAMP)
	$(BIN)/ruff check bot nlu tests

typecheck: $(STAMP)
	$(BIN)/mypy

bench: setup
	$(PY) -m bot bench

# --- translations (Babel's own workflow) ---------------------------------------------------
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k M_ --no-location --sort-output \
		--project=SafePassage -o locales/$(DOMAIN).pot .

update: extract
	$(BIN)/pybabel update -i locales/$(DOMAIN).pot -d locales -D $(DOMAIN) --no-fuzzy-matching --ignore-obsolete

compile: $(STAMP)
	$(BIN)/pybabel compile -d locales -D $(DOMAIN) --statistics

# --- NLU and database ----------------------------------------------------------------------
nlu-model: $(STAMP)
	$(PY) -m bot nlu train

db: $(STAMP)
	$(PY) -m bot db upgrade

# Rasa 3.6 needs Python < 3.11 and SQLAlchemy < 2: it lives in its own venv and process.
rasa:
	bash nlu/rasa/setup.sh

rasa-serve:
	bash nlu/rasa/setup.sh serve

clean:
	rm -rf $(VENV) var/nlu locales/*/LC_MESSAGES/*.mo
