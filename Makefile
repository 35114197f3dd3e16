# Factcheck: `make run` serves the app locally, `make test` runs the whole test suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run worker test lint format bench clean system-deps screenshots

$(BIN)/python:
	$(shell command -v $(PYTHON) || echo python3) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_seed
	DEBUG=true $(BIN)/python manage.py create_demo_users
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C to stop), with a job worker beside it"
	PORT=$(PORT) BIN=$(BIN) bash scripts/run.sh

# One job worker in the foreground (webhook deliveries, URL imports); run more anywhere that
# reaches the same database (docs/jobs.md).
worker: $(VENV)/.installed
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py worker --no-reload

# Chromium (browser tests) and WeasyPrint's libraries come from the system.
system-deps:
	@bash scripts/system-deps.sh

test: $(VENV)/.installed system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Today's screenshots for the README and docs, taken by the browser tests.
screenshots: $(VENV)/.installed system-deps
	FACTCHECK_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/e2e -q

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
