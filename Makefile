# Readiness Advisor: `make run` launches the application, `make test` runs the whole test suite.
# Both create (or reuse) a virtual environment in .venv on the newest CPython found
# (tools/newest-python; override with `make PYTHON=/path/to/python3.13 ...`).

VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
PYTHON ?= $(shell tools/newest-python)

.PHONY: run test venv lint bench build clean

$(PY):
	@test -n "$(PYTHON)" || { echo "No suitable Python found (see above)." >&2; exit 1; }
	"$(PYTHON)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps: reinstall when pyproject.toml changes.
$(VENV)/.app-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.app-installed

run: $(VENV)/.app-installed
	@$(PY) -m app.system_check
	$(BIN)/readiness-advisor

test: $(VENV)/.test-installed
	@$(PY) -m app.system_check
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(PY) -m mypy analysis app widgets

lint: $(VENV)/.test-installed
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(PY) -m mypy analysis app widgets

build: $(VENV)/.test-installed
	$(BIN)/pyinstaller --noconfirm --clean build.spec

clean:
	rm -rf build dist .pytest_cache
