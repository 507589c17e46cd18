"""The whole class workflow through nbgrader's exchange, in temporary folders.

release_assignment -> fetch_assignment -> submit -> collect -> autograde -> generate_feedback
-> export, ending with the right score in the CSV. (release_feedback only copies the HTML
that generate_feedback made, whose content tests/grading/test_exercises.py checks.)
"""

from __future__ import annotations

import csv
import json

import pytest
from gradingkit import EXERCISES, Course, html_text, read_nb, reference_submission, with_cells

pytestmark = pytest.mark.slow

COURSE_ID = "foundations-of-deep-learning"
EX = "ex00_notation_and_shapes"


def test_exchange_round_trip_ends_with_the_right_score_in_the_csv(tmp_path):
    if EX not in EXERCISES:
        pytest.skip(f"{EX} is not in solutions/")
    ex = EX
    course = Course(tmp_path / "instructor", exercises=[ex])
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    exchange.chmod(0o777)
    course.env["NBGRADER_EXCHANGE"] = str(exchange)  # read by the course's nbgrader_config.py

    course.nbgrader("generate_assignment", ex)
    course.nbgrader("release_assignment", ex)

    student_dir = tmp_path / "alice"
    student_dir.mkdir()
    as_alice = dict(course.env, HOME=str(student_dir))
    student = ["--course", COURSE_ID, f"--Exchange.root={exchange}", "--student", "alice"]
    course.nbgrader("fetch_assignment", ex, *student, cwd=student_dir, env=as_alice)
    fetched = student_dir / ex / f"{ex}.ipynb"
    # alice answers everything right except the first multiple-choice question
    answer = reference_submission(read_nb(fetched), course.source(ex))
    answer = with_cells(answer, {"answer_q1": "answer_q1 = 'B'\n"})
    fetched.write_text(json.dumps(answer, indent=1) + "\n")
    course.nbgrader("submit", ex, *student, cwd=student_dir, env=as_alice)

    course.nbgrader("collect", ex)
    assert (course.root / "submitted" / "alice" / ex / f"{ex}.ipynb").is_file()
    course.nbgrader("autograde", ex, notebooks=1)
    course.nbgrader("generate_feedback", ex)
    feedback = course.feedback(ex, "alice")
    assert "is not the best answer" in html_text(feedback) and "HIDDEN TESTS" not in feedback

    course.nbgrader("export")
    rows = list(csv.DictReader(open(course.root / "grades.csv")))
    row = next(r for r in rows if r["student_id"] == "alice" and r["assignment"] == ex)
    max_score = float(row["max_score"])
    assert float(row["score"]) == max_score - 1 and max_score > 1
