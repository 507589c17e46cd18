"""Self-grading (`make grade EX=...`) and `make exercises`, run in a copy of the course folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from gradingkit import EXERCISES, ROOT, points, read_nb, reference_submission, with_cells

from coursegrader.selfgrade import isolated_env

pytestmark = pytest.mark.slow

EX = "ex00_notation_and_shapes"


@pytest.fixture
def course_copy(tmp_path):
    if EX not in EXERCISES:
        pytest.skip(f"{EX} is not in solutions/")
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy2(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "solutions" / EX, root / "solutions" / EX)
    shutil.copytree(ROOT / "exercises" / EX, root / "exercises" / EX)
    return root


def selfgrade(root, *args):
    env = isolated_env(root.parent / "env", home=root.parent / "home")
    return subprocess.run(
        [sys.executable, "-m", "coursegrader.selfgrade", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_grades_the_learners_notebook_without_changing_it(course_copy):
    notebook = course_copy / "exercises" / EX / f"{EX}.ipynb"
    release = read_nb(notebook)
    mine = with_cells(
        reference_submission(release, read_nb(course_copy / "solutions" / EX / f"{EX}.ipynb")),
        {"answer_q1": 'answer_q1 = "A"\n'},
    )
    notebook.write_text(json.dumps(mine, indent=1) + "\n")
    before, mtime = notebook.read_bytes(), os.stat(notebook).st_mtime_ns

    proc = selfgrade(course_copy, EX)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    total = sum(points(read_nb(course_copy / "solutions" / EX / f"{EX}.ipynb")).values())  # the one mistake costs 1
    assert f"Total: {total - 1:g} / {total:g}" in out
    assert re.search(r"^  test_shape_of_dW +2 / 2$", out, re.M)
    assert re.search(
        r"^  test_q1 +0 / 1 +AssertionError: answer_q1 = 'A' is not the best answer\. Deep learning", out, re.M
    )
    feedback = course_copy / "feedback" / "self" / EX / f"{EX}.html"
    assert f"Feedback: feedback/self/{EX}/{EX}.html" in out and feedback.is_file()
    assert "HIDDEN TESTS" not in feedback.read_text()
    assert notebook.read_bytes() == before and os.stat(notebook).st_mtime_ns == mtime
    assert sorted(p.name for p in notebook.parent.iterdir()) == [f"{EX}.ipynb"]
    assert not (course_copy / "gradebook.db").exists()


def test_explains_what_is_missing(course_copy):
    proc = selfgrade(course_copy, "ex99_no_such_exercise")
    assert proc.returncode == 2 and "No exercise 'ex99_no_such_exercise' in solutions/" in proc.stdout
    (course_copy / "exercises" / EX / f"{EX}.ipynb").write_text('{"cells": [')
    proc = selfgrade(course_copy, EX)
    assert proc.returncode == 1 and "is not a valid notebook" in proc.stdout


def test_make_exercises_regenerates_exactly_the_committed_release(course_copy):
    shutil.rmtree(course_copy / "exercises")
    proc = selfgrade(course_copy, "--generate")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    made = course_copy / "exercises" / EX / f"{EX}.ipynb"
    assert json.loads(made.read_bytes()) == json.loads((ROOT / "exercises" / EX / f"{EX}.ipynb").read_bytes())
    assert not (course_copy / "gradebook.db").exists()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_makefile_targets_call_selfgrade():
    dry = subprocess.run(["make", "-n", "grade", "exercises", f"EX={EX}"], cwd=ROOT, capture_output=True, text=True)
    assert f"-m coursegrader.selfgrade {EX}" in dry.stdout
    assert "-m coursegrader.selfgrade --generate" in dry.stdout
