"""Session fixtures of the grader's tests: one temporary course, few nbgrader calls.

``course``  generates every exercise (one ``generate_assignment`` call).
``graded``  submits, for every exercise, the reference solution ("solution"), the blank
            release ("blank"), every wrong submission of its catalog ("wrong-<name>") and every
            alternative correct one ("right-<name>"),
            then grades them all in ONE ``autograde`` call and ONE ``generate_feedback`` call.
The seconds per autograded notebook are printed at the end of the test run.
"""

from __future__ import annotations

import pytest
from gradingkit import (
    EXERCISES,
    Course,
    cell_seconds,
    load_catalog,
    reference_submission,
    right_student,
    with_cells,
    wrong_student,
)

_COURSES = []


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> Course:
    if not EXERCISES:
        pytest.skip("no exercise in solutions/")
    c = Course(tmp_path_factory.mktemp("nbgrader"))
    c.nbgrader("generate_assignment", "*")
    _COURSES.append(c)
    return c


@pytest.fixture(scope="session")
def graded(course) -> Course:
    n = 0
    for ex in course.exercises:
        release = course.release(ex)
        reference = reference_submission(release, course.source(ex))
        course.submit("solution", ex, reference)
        course.submit("blank", ex, release)
        n += 2
        for wrong in load_catalog(ex):
            course.submit(wrong_student(wrong), ex, with_cells(reference, wrong["cells"]))
            n += 1
        for right in load_catalog(ex, "RIGHT"):
            course.submit(right_student(right), ex, with_cells(reference, right["cells"]))
            n += 1
    course.nbgrader("autograde", "*", notebooks=n)  # raises if nbgrader reports any failure
    course.nbgrader("generate_feedback", "*")
    return course


@pytest.fixture(scope="session")
def report_timings():
    """Call it with a Course: its nbgrader timings are printed at the end of the run too."""
    return _COURSES.append


def pytest_terminal_summary(terminalreporter):
    for c in _COURSES:
        for command, seconds, notebooks in c.timings:
            if notebooks:
                terminalreporter.write_line(
                    f"nbgrader {command}: {notebooks} notebooks in {seconds:.1f} s, "
                    f"{seconds / notebooks:.2f} s per autograded notebook"
                )
        for ex in c.exercises:
            if (c.root / "autograded" / "solution" / ex).is_dir():
                times = cell_seconds(c.autograded(ex, "solution"))
                slowest = max(times, key=times.get)
                terminalreporter.write_line(
                    f"{ex}: reference solution's cells take {sum(times.values()):.2f} s in all; "
                    f"slowest {slowest} {times[slowest]:.2f} s"
                )
