# Foundations of Deep Learning: two commands.
#   make lab    set up .venv (first time only) and start JupyterLab on the course
#   make test   set up .venv (first time only) and run the whole test suite
# .venv is rebuilt only when pyproject.toml or requirements.lock change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EX     ?=
LECTURE ?=
ROOT_FLAG := $(shell [ "$$(id -u)" = "0" ] && echo --allow-root)

.PHONY: lab test lint test-lib test-lib-alone test-lectures test-grading test-browser grade lectures exercises check-notebooks bench lock clean help

help:
	@echo "make lab      start JupyterLab on the course (sets up .venv on first use)"
	@echo "make test     run the whole test suite (test-lib, test-lectures, test-grading, test-browser)"
	@echo "make grade EX=ex01_perceptron   grade your own exercise notebook"
	@echo "make lectures  build lectures/*.ipynb from their text (lectures/*.md) and execute them"
	@echo "make exercises build solutions/*/*.ipynb from their text (*.pct.py), then exercises/ with nbgrader"
	@echo "make check-notebooks  list notebooks that differ from their text source"
	@echo "make lint     ruff check and ruff format --check"
	@echo "make bench    time one training step against its matrix products"

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 is required; got " + sys.version.split()[0]'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) --notebook-dir=. lectures/00_introduction.ipynb

# The course's matrices are small: one BLAS thread per process is faster and steadier
# when the tests run a kernel, a Jupyter server and a browser side by side.
TEST_ENV := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
NBVAL    := --nbval lectures --nbval-sanitize-with tests/lectures/nbval_sanitize.cfg -p no:cacheprovider

test: lint test-lib test-lib-alone test-lectures test-grading test-browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test-lib: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest tests/library

# The library on its own: a separate venv with dlf and pytest only (no nbgrader, no
# JupyterLab, no grader), at the versions of requirements.lock, runs the library tests.
LIB_VENV := .venv-lib
$(LIB_VENV)/.installed: pyproject.toml requirements.lock
	@test -x $(LIB_VENV)/bin/python || $(PYTHON) -m venv $(LIB_VENV)
	$(LIB_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LIB_VENV)/bin/python -m pip install --quiet -c requirements.lock -e . pytest
	@touch $@

test-lib-alone: $(LIB_VENV)/.installed
	@! $(LIB_VENV)/bin/python -c "import nbgrader" 2>/dev/null || { echo "$(LIB_VENV) must not have nbgrader"; exit 1; }
	$(LIB_VENV)/bin/python -c "import dlf; print('dlf', dlf.__version__, 'imports without nbgrader')"
	$(TEST_ENV) $(LIB_VENV)/bin/python -m pytest -q -p no:cacheprovider tests/library

test-lectures: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest tests/lectures
	$(TEST_ENV) $(BIN)/python -m pytest $(NBVAL)

test-grading: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest tests/grading

test-browser: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest tests/browser

grade: $(STAMP)
	@test -n "$(EX)" || { echo "usage: make grade EX=ex01_perceptron"; exit 2; }
	$(BIN)/python -m coursegrader.selfgrade $(EX)

# Notebooks are built from their text sources (lib/coursebuild): lectures/*.md and
# solutions/<ex>/<ex>.pct.py. LECTURE=03 builds one lecture; EX=ex03_activations one exercise.
lectures: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m coursebuild lectures $(LECTURE)

exercises: $(STAMP)
	$(BIN)/python -m coursebuild solutions $(EX)
	$(BIN)/python -m coursegrader.selfgrade --generate $(EX)

check-notebooks: $(STAMP)
	$(BIN)/python -m coursebuild --check

bench: $(STAMP)
	$(BIN)/python benchmarks/train_step.py

lock:
	rm -rf /tmp/dlf-lock-venv && $(PYTHON) -m venv /tmp/dlf-lock-venv
	/tmp/dlf-lock-venv/bin/pip install --quiet --upgrade pip setuptools
	/tmp/dlf-lock-venv/bin/pip install --quiet -e ".[lab,grading,test]"
	{ echo "# Exact versions that CI tests (pip freeze of a fresh venv, Python 3.11)."; \
	  echo "# Regenerate with: make lock. Compatible ranges live in pyproject.toml."; \
	  /tmp/dlf-lock-venv/bin/pip freeze --all --exclude-editable | grep -v '^pip=='; } > requirements.lock

clean:
	rm -rf $(VENV) $(LIB_VENV) .pytest_cache
