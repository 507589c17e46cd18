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

.PHONY: lab test lint test-lib test-lib-alone test-lectures test-grading test-browser test-deploy grade grade-class export lectures exercises check-notebooks bench bench-lectures bench-grading lock clean help

help:
	@echo "make lab      start JupyterLab on the course (sets up .venv on first use)"
	@echo "make test     run the whole test suite (test-lib, test-lectures, test-grading, test-browser, test-deploy)"
	@echo "make grade EX=ex01_perceptron   grade your own exercise notebook"
	@echo "make grade-class EX=ex05_backprop [WORKERS=4] [FORCE=1]   instructors: grade the class's submissions (EX=all: every exercise)"
	@echo "make export ROSTER=roster.csv   instructors: grades.csv and canvas_grades.csv from the gradebook"
	@echo "make lectures  build lectures/*.ipynb from their text (lectures/*.md) and execute them"
	@echo "make exercises build solutions/*/*.ipynb from their text (*.pct.py), then exercises/ with nbgrader"
	@echo "make check-notebooks  list notebooks that differ from their text source"
	@echo "make lint     ruff check and ruff format --check"
	@echo "make bench    time one training step against its matrix products"
	@echo "make bench-lectures [LECTURE=07]  time each lecture run from a fresh kernel (Run All)"
	@echo "make bench-grading [N=200]  time grading a class: nbgrader against classgrade with 1, 2 and all workers"

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

test: lint test-lib test-lib-alone test-lectures test-grading test-browser test-deploy

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

# deploy/: the class server end to end as root (Unix users, JupyterHub, Chromium), and the Zero to
# JupyterHub files; skipped, saying why, where it cannot become root and create users
test-deploy: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest tests/deploy

grade: $(STAMP)
	@test -n "$(EX)" || { echo "usage: make grade EX=ex01_perceptron"; exit 2; }
	$(BIN)/python -m coursegrader.selfgrade $(EX)

# Instructors: grade every submission of a class with parallel workers, resumable (lib/coursegrader/classgrade.py).
# The gradebook is gradebook.db, or the database of COURSE_DB_URL (PostgreSQL for parallel writes; README).
WORKERS ?=
FORCE ?=
ROSTER ?=
grade-class: $(STAMP)
	@test -n "$(EX)" || { echo "usage: make grade-class EX=ex05_backprop [WORKERS=4] [FORCE=1]   (EX=all: every exercise)"; exit 2; }
	$(BIN)/python -m coursegrader.classgrade $(if $(filter all,$(EX)),--all,$(EX)) $(if $(WORKERS),--workers $(WORKERS)) $(if $(FORCE),--force)

# grades.csv (nbgrader export), and the Canvas gradebook CSV of the roster's students (lib/coursegrader/canvas.py)
export: $(STAMP)
	@test -n "$(ROSTER)" || { echo "usage: make export ROSTER=roster.csv   (columns student_id and ID; see lib/coursegrader/canvas.py)"; exit 2; }
	$(BIN)/python -m nbgrader export
	$(BIN)/python -m coursegrader.canvas --roster $(ROSTER)

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

N ?= 200
bench-lectures: $(STAMP)
	$(TEST_ENV) $(BIN)/python benchmarks/lectures.py $(LECTURE)

bench-grading: $(STAMP)
	$(TEST_ENV) $(BIN)/python benchmarks/grade_class.py -n $(N)

# The lock installs on Debian 12's Python (3.11.2), which a class server's venv uses
# (deploy/class-server): soupsieve 3 needs Python 3.11.5 (its 3.0.1 was yanked for that); tests/deploy checks every pin.
LOCK_CONSTRAINTS := "soupsieve<3"
lock:
	rm -rf /tmp/dlf-lock-venv && $(PYTHON) -m venv /tmp/dlf-lock-venv
	/tmp/dlf-lock-venv/bin/pip install --quiet --upgrade pip setuptools
	/tmp/dlf-lock-venv/bin/pip install --quiet -e ".[lab,grading,hub,test]" $(LOCK_CONSTRAINTS)
	{ echo "# Exact versions that CI tests (pip freeze of a fresh venv, Python 3.11)."; \
	  echo "# Regenerate with: make lock. Compatible ranges live in pyproject.toml."; \
	  /tmp/dlf-lock-venv/bin/pip freeze --all --exclude-editable | grep -v '^pip=='; } > requirements.lock

clean:
	rm -rf $(VENV) $(LIB_VENV) .pytest_cache
