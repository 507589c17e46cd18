"""Which submissions :mod:`coursegrader.classgrade` has graded: what makes a class run resumable.

Why a record
------------
nbgrader cannot say whether a student's result is complete. For each notebook, ``autograde``
first writes the *sanitized* notebook to ``autograded/<student>/<EX>/<EX>.ipynb``, runs it,
writes the grades to the gradebook cell by cell, and only then writes the graded notebook
over the sanitized one. A grader killed in between leaves a valid notebook and some grades:
by the files and the gradebook alone, that student would look graded.

So the command records a student once nbgrader has finished with them: the SHA-256 of each
autograded notebook, in ``autograded/.classgrade/<EX>.json`` (a folder nbgrader never reads;
only the command writes it, each time to a temporary file renamed over the old one). A
submission counts as graded when

- the record has it, and each of its autograded notebooks is still the recorded one (a
  half-done grading, by classgrade or by ``nbgrader autograde``, rewrites them);
- the gradebook has its submission (a new, empty gradebook grades everyone again);
- no newer submission came since (``timestamp.txt``, as ``nbgrader autograde`` decides).

Everything else is graded (again) on the next run. A student graded by a plain ``nbgrader
autograde`` has no record and is graded again: a redundant grading costs minutes, a wrong
"graded" would lose a grade.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

__all__ = ["notebook_hashes", "ClassRecord"]


def notebook_hashes(folder) -> dict:
    """``{notebook file name: SHA-256 hex digest}`` of the notebooks in ``folder``."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(Path(folder).glob("*.ipynb"))}


class ClassRecord:
    """The record of one assignment's graded submissions.

    Parameters
    ----------
    coursedir : nbgrader.coursedir.CourseDirectory
    assignment : str
    """

    def __init__(self, coursedir, assignment):
        self.coursedir = coursedir
        self.assignment = assignment
        self.path = Path(coursedir.root) / coursedir.autograded_directory / ".classgrade" / f"{assignment}.json"
        self.graded = json.loads(self.path.read_text()) if self.path.is_file() else {}

    def _folder(self, step, student) -> Path:
        return Path(self.coursedir.format_path(step, student, self.assignment))

    def is_graded(self, student, in_gradebook) -> bool:
        """Whether ``student``'s submission has a complete result (see the module)."""
        hashes = self.graded.get(student)
        if not hashes or not in_gradebook:
            return False
        submitted = self._folder(self.coursedir.submitted_directory, student)
        autograded = self._folder(self.coursedir.autograded_directory, student)
        if notebook_hashes(autograded) != hashes:
            return False
        new = self.coursedir.get_existing_timestamp(str(submitted))
        old = self.coursedir.get_existing_timestamp(str(autograded))
        return not (new and old and new > old)

    def commit(self, student, hashes) -> None:
        """Record that ``student`` is graded, with the hashes of their autograded notebooks."""
        self.graded[student] = hashes
        self._write()

    def forget(self, student) -> None:
        """Record that ``student`` has no result (their grading failed or was stopped)."""
        if self.graded.pop(student, None) is not None:
            self._write()

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.assignment}-", suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(self.graded, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
