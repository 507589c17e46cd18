"""Helpers of the grader's tests: build submissions, run nbgrader, read scores and feedback.

Everything runs the real ``nbgrader`` (this Python's) in temporary course folders, isolated
from the user's HOME and Jupyter set-up (see :func:`coursegrader.selfgrade.isolated_env`).
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import runpy
import shutil
import time
from datetime import datetime
from pathlib import Path

from coursegrader.selfgrade import isolated_env, new_course, read_scores, run_nbgrader

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
EXERCISES = (
    sorted(p.name for p in SOLUTIONS.iterdir() if (p / f"{p.name}.ipynb").is_file()) if SOLUTIONS.is_dir() else []
)
if os.environ.get("DLF_EXERCISES"):  # e.g. DLF_EXERCISES=ex04_chain_rule: grade only these while writing them
    EXERCISES = [ex for ex in EXERCISES if ex in os.environ["DLF_EXERCISES"].split(",")]
TIMEOUT = int(re.search(r"^c\.Execute\.timeout = (\d+)", (ROOT / "nbgrader_config.py").read_text(), re.M).group(1))
CATALOG = Path(__file__).resolve().parent / "catalog"

SOLUTION_MARKERS = ("BEGIN SOLUTION", "END SOLUTION")
HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"


# --- notebooks -------------------------------------------------------------------------


def read_nb(path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def cells_by_id(nb) -> dict:
    return {nbgrader_meta(c)["grade_id"]: c for c in nb["cells"] if "grade_id" in nbgrader_meta(c)}


def points(nb) -> dict:
    """``{grade_id: points}`` of the graded cells."""
    return {
        gid: float(nbgrader_meta(c)["points"]) for gid, c in cells_by_id(nb).items() if nbgrader_meta(c).get("grade")
    }


def strip_solution_markers(text: str) -> str:
    """The reference answer: a solution cell's source without its BEGIN/END SOLUTION lines."""
    return "\n".join(line for line in text.split("\n") if not any(m in line for m in SOLUTION_MARKERS))


def split_regions(text: str) -> dict:
    """Lines of a source cell by kind: ``{"visible": [...], "solution": [...], "hidden": [...]}``."""
    out, kind = {"visible": [], "solution": [], "hidden": []}, "visible"
    for line in text.split("\n"):
        if HIDDEN_BEGIN in line or SOLUTION_MARKERS[0] in line:
            kind = "hidden" if HIDDEN_BEGIN in line else "solution"
        elif HIDDEN_END in line or SOLUTION_MARKERS[1] in line:
            kind = "visible"
        else:
            out[kind].append(line.strip())
    return out


def _lines(source_nb, kinds) -> tuple:
    """(stripped lines of the given kinds, stripped visible lines) of a source notebook."""
    wanted, visible = set(), set()
    for cell in source_nb["cells"]:
        parts = split_regions(source(cell))
        visible |= set(parts["visible"])
        for kind in kinds:
            wanted |= set(parts[kind])
    return wanted, visible


def secret_lines(source_nb, min_len=12) -> set:
    """Lines of solutions and hidden tests that appear nowhere visible in the source.

    Short lines (``)``, ``else:``) are skipped: they say nothing and appear everywhere.
    """
    secret, visible = _lines(source_nb, ("solution", "hidden"))
    return {s for s in secret if len(s) >= min_len and not _part_of(s, visible)}


def hidden_test_lines(source_nb, min_len=12) -> set:
    """Lines of the hidden tests that appear neither in a visible part nor in a solution.

    A hidden line that is part of a visible line (the tail ``keep_inputs=True)`` of a call
    that a visible check also makes) is not a secret: the page shows it anyway.
    """
    hidden, visible = _lines(source_nb, ("hidden",))
    solution, _ = _lines(source_nb, ("solution",))
    return {s for s in hidden if len(s) >= min_len and not _part_of(s, visible | solution)}


def _part_of(line: str, lines: set) -> bool:
    """Whether ``line`` is one of ``lines`` or a piece of one of them."""
    return line in lines or any(line in other for other in lines)


def reference_source(ex, grade_id) -> str:
    """The reference solution of one solution cell of ``solutions/<ex>``, without its ``###`` markers."""
    cells = cells_by_id(read_nb(SOLUTIONS / ex / f"{ex}.ipynb"))
    return "\n".join(line for line in source(cells[grade_id]).split("\n") if "### " not in line)


def reference_with(ex, grade_id, *changes) -> dict:
    """``{grade_id: the reference source with each (old, new) replaced exactly once}``.

    Catalogs build most wrong submissions this way, so that they stay in step with the
    reference solution: a change that no longer applies fails loudly.
    """
    text = reference_source(ex, grade_id)
    for old, new in changes:
        assert text.count(old) == 1, f"catalog of {ex}: {old!r} is not in the reference cell {grade_id!r} exactly once"
        text = text.replace(old, new)
    return {grade_id: text}


def reference_submission(release_nb, source_nb) -> dict:
    """The release with every solution cell filled with the reference solution."""
    nb = copy.deepcopy(release_nb)
    src = cells_by_id(source_nb)
    for cell in nb["cells"]:
        meta = nbgrader_meta(cell)
        if meta.get("solution"):
            cell["source"] = strip_solution_markers(source(src[meta["grade_id"]]))
    return nb


def with_cells(nb, replacements: dict) -> dict:
    """A copy of ``nb`` with the source of the cells ``{grade_id: new source}`` replaced."""
    nb = copy.deepcopy(nb)
    by_id = cells_by_id(nb)
    for gid, text in replacements.items():
        assert gid in by_id, f"no cell with grade_id {gid!r}; cells: {sorted(by_id)}"
        by_id[gid]["source"] = text
    return nb


def without_cells(nb, grade_ids) -> dict:
    nb = copy.deepcopy(nb)
    nb["cells"] = [c for c in nb["cells"] if nbgrader_meta(c).get("grade_id") not in set(grade_ids)]
    return nb


def wrong_student(wrong) -> str:
    """The student id under which a catalog entry is submitted."""
    return f"wrong-{wrong['name']}"


def load_catalog(ex, which="WRONG") -> list:
    """``WRONG`` of ``catalog/<ex>.py`` (dicts with name, cells, hints, loses), or ``RIGHT`` (name, cells).

    ``RIGHT`` also holds ``catalog/solved/<ex>.json`` when it exists: every answer cell of a whole
    notebook solved from the release by someone who never saw solutions/ (``{grade_id: source}``).
    """
    path = CATALOG / f"{ex}.py"
    entries = list(runpy.run_path(str(path)).get(which, [])) if path.is_file() else []
    solved = CATALOG / "solved" / f"{ex}.json"
    if which == "RIGHT" and solved.is_file():
        entries.append({"name": "solved_from_the_release", "cells": json.loads(solved.read_text())})
    return entries


def right_student(right) -> str:
    """The student id under which an alternative correct submission is submitted."""
    return f"right-{right['name']}"


def cell_seconds(autograded_nb) -> dict:
    """``{grade_id or cell index: seconds}`` the cells took, from nbclient's timing metadata."""
    seconds = {}
    for i, cell in enumerate(autograded_nb["cells"]):
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in timing and "shell.execute_reply" in timing:
            start, end = (
                datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                for k in ("iopub.execute_input", "shell.execute_reply")
            )
            seconds[nbgrader_meta(cell).get("grade_id", i)] = (end - start).total_seconds()
    return seconds


# --- feedback --------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")


def html_text(page: str) -> str:
    """What a reader sees of an HTML page: tags removed, entities decoded, spaces collapsed."""
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub("", page)))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- a course ----------------------------------------------------------------------------


class Course:
    """A temporary nbgrader course made from this repository's config and solutions/."""

    def __init__(self, path, exercises=EXERCISES):
        self.path = Path(path)
        new_course(self.path / "course", ROOT, exercises)
        self.root = self.path / "course"
        self.env = isolated_env(self.path / "env", home=self.path / "home")
        self.env["MPLCONFIGDIR"] = str(self.path / "mpl")
        self.exercises = list(exercises)
        self.timings = []  # (command, seconds, notebooks)

    def nbgrader(self, *args, check=True, notebooks=0, cwd=None, env=None):
        start = time.perf_counter()
        proc = run_nbgrader(cwd or self.root, *args, env=env or self.env, check=check)
        self.timings.append((" ".join(map(str, args)), time.perf_counter() - start, notebooks))
        return proc

    def release(self, ex) -> dict:
        return read_nb(self.root / "exercises" / ex / f"{ex}.ipynb")

    def source(self, ex) -> dict:
        return read_nb(self.root / "solutions" / ex / f"{ex}.ipynb")

    def submit(self, student, ex, nb=None, *, raw: bytes | None = None, filename=None):
        folder = self.root / "submitted" / student / ex
        folder.mkdir(parents=True, exist_ok=True)
        data = raw if raw is not None else (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode()
        (folder / (filename or f"{ex}.ipynb")).write_bytes(data)

    def scores(self, ex, student) -> dict:
        return read_scores(self.root, ex, student)

    def autograded(self, ex, student) -> dict:
        return read_nb(self.root / "autograded" / student / ex / f"{ex}.ipynb")

    def feedback(self, ex, student) -> str:
        return (self.root / "feedback" / student / ex / f"{ex}.html").read_text(encoding="utf-8")


def regrade_session_batch(graded: Course, folder, *flags) -> tuple:
    """Grade part of the session batch again in a new course with ``flags``: the references, the blanks
    and every sixth catalog submission (wrong and right, in name order, so every exercise is sampled).

    The catalogs hold about 250 submissions; grading all of them a second and a third time (with and
    without the sandbox, tests apart or in one process) would take most of CI's time.
    Returns the new course and ``[(ex, student, scores here, scores there)]`` for every
    notebook whose scores differ.
    """
    again = Course(folder, exercises=graded.exercises)
    catalog = sorted(p.name for p in (graded.root / "submitted").iterdir() if p.name.startswith(("wrong-", "right-")))
    students = ["blank", "solution", *catalog[::6]]
    for student in students:
        shutil.copytree(graded.root / "submitted" / student, again.root / "submitted" / student)
    again.nbgrader("generate_assignment", "*")
    n = sum(1 for student in students for _ in (graded.root / "autograded" / student).glob("*/*.ipynb"))
    again.nbgrader("autograde", "*", *flags, notebooks=n)
    return again, [
        (ex, student, graded.scores(ex, student)["cells"], again.scores(ex, student)["cells"])
        for ex in graded.exercises
        for student in students
        if (graded.root / "autograded" / student / ex).is_dir()
        and graded.scores(ex, student) != again.scores(ex, student)
    ]
