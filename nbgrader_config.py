# nbgrader configuration of the course "Foundations of Deep Learning" (nbgrader 0.9.6).
#
# Instructors run nbgrader from this folder (the course root): exercises are written in
# solutions/ (with solutions and hidden tests) and `make exercises` runs
# `nbgrader generate_assignment` to make exercises/, the only folder a graded class gets.
# Learners grade themselves with `make grade EX=<exercise>` (see README.md).
# The preprocessors from coursegrader.nbgrader_plugins are explained in that module.

import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    OverwriteCells,
    OverwriteKernelspec,
)

from coursegrader.nbgrader_plugins import HideHiddenTests, RepairCellMetadata, SaveAutoGradesIgnoringStderr
from coursegrader.trusted import TrustedExecute

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "foundations-of-deep-learning"

# The gradebook: the SQLite file gradebook.db of this folder, unless COURSE_DB_URL names another
# database (a SQLAlchemy URL), e.g. PostgreSQL for a class graded by parallel workers:
#   export COURSE_DB_URL='postgresql+psycopg://grader@/gradebook?host=/var/run/postgresql'
# (lib/coursegrader/gradebookdb.py; `make grade` and `make exercises` ignore it: they grade in a
# temporary course of their own).
if os.environ.get("COURSE_DB_URL"):
    c.CourseDirectory.db_url = os.environ["COURSE_DB_URL"]
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# solutions/<ex>/<ex>.pct.py is the text source of the instructor's notebook (it holds the
# solutions and the hidden tests; see lib/coursebuild). nbgrader copies every other file of
# solutions/<ex> into the release and into each autograded folder: never this one.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "*.pct.py"]

# Every cell gets at most 60 s when a notebook is autograded or validated; a cell that
# runs longer (an infinite loop) is interrupted, scores 0, and the next cells still run.
# Hidden tests that train a network must finish well inside it on a 2-core machine.
c.Execute.timeout = 60
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "the cell ran past the time limit per cell and was stopped",
    "traceback": [
        "CellTimeoutError: the cell ran past the time limit per cell and was stopped "
        "(an infinite loop, or code far too slow?)"
    ],
}

# A test cell the student deleted is put back (and run) when the notebook is autograded;
# a test cell the student edited is restored from the gradebook (it is locked).
c.OverwriteCells.add_missing_cells = True

# Before nbgrader sanitizes a submission, RepairCellMetadata makes every cell's nbgrader metadata
# the gradebook's or removes it (a cell copied in JupyterLab, metadata edited by hand), so that
# one such cell never leaves a whole notebook ungraded; a note in the feedback says what it did.
c.Autograde.sanitize_preprocessors = [
    RepairCellMetadata,
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    OverwriteCells,
    CheckCellMetadata,
]

# nbgrader's autograde pipeline, with two changes:
# - TrustedExecute runs the student's cells in a kernel sandboxed by bubblewrap (no network,
#   no file of the course but the student's own folder, an unprivileged user, limits: see
#   lib/coursegrader/sandbox.py) and the test cells apart, in the grading process, where the
#   student's code cannot change how they score (lib/coursegrader/trusted.py). Without
#   bubblewrap, autograde refuses to run a kernel and says how to install it;
#   `--SandboxedExecute.sandbox=False` grades unsandboxed.
# - SaveAutoGrades replaced: warnings (stderr output) in a test cell do not zero its score.
# (nbgrader validate, the Validate button of a student's own JupyterLab, is not sandboxed.)
c.Autograde.autograde_preprocessors = [
    TrustedExecute,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGradesIgnoringStderr,
    AssignLatePenalties,
    CheckCellMetadata,
]

# The feedback HTML shows which test cell failed and the exception's message, never
# the hidden tests (nor a traceback line quoting them).
c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]

# The exchange (release_assignment, fetch_assignment, submit, collect) is a folder
# writable by everyone that must exist beforehand. nbgrader's default is
# /usr/local/share/nbgrader/exchange; on a class server, deploy/class-server makes
# /srv/nbgrader/exchange and names it in /etc/jupyter/nbgrader_config.py (README, "Run a
# class"). Set NBGRADER_EXCHANGE to use another one.
# Without an exchange, JupyterLab still starts; its Assignments panel reports the
# missing folder.
if os.environ.get("NBGRADER_EXCHANGE"):
    c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]
