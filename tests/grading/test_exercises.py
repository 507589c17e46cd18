"""Every exercise: generation, release content, reference / blank / wrong submissions, feedback.

Runs the real nbgrader in a temporary course (see conftest.py); about 2-5 s per graded notebook.
"""

from __future__ import annotations

import json
import re

import pytest
from gradingkit import (
    EXERCISES,
    HIDDEN_BEGIN,
    HIDDEN_END,
    ROOT,
    SOLUTION_MARKERS,
    TIMEOUT,
    cell_seconds,
    cells_by_id,
    hidden_test_lines,
    html_text,
    load_catalog,
    nbgrader_meta,
    points,
    read_nb,
    right_student,
    secret_lines,
    source,
    squash,
    wrong_student,
)

pytestmark = pytest.mark.slow

WRONG = [(ex, w) for ex in EXERCISES for w in load_catalog(ex)]
RIGHT = [(ex, r) for ex in EXERCISES for r in load_catalog(ex, "RIGHT")]


def committed_release(ex):
    return ROOT / "exercises" / ex


# --- generation ------------------------------------------------------------------------


@pytest.mark.parametrize("ex", EXERCISES)
def test_generate_assignment_reproduces_committed_exercise(course, ex):
    made = course.root / "exercises" / ex
    committed = committed_release(ex)
    assert committed.is_dir(), f"exercises/{ex} is missing: run `make exercises`"
    files = lambda d: sorted(p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file())  # noqa: E731
    assert files(committed) == files(made), "exercises/ differs from what nbgrader makes: run `make exercises`"
    for rel in files(made):
        a, b = (made / rel).read_bytes(), (committed / rel).read_bytes()
        if rel.endswith(".ipynb"):
            assert json.loads(b) == json.loads(a), (
                f"exercises/{ex}/{rel} is not what nbgrader makes: run `make exercises`"
            )
        else:
            assert a == b, f"exercises/{ex}/{rel} differs from solutions/: run `make exercises`"


@pytest.mark.parametrize("ex", EXERCISES)
def test_release_has_no_solution_and_no_hidden_test(course, ex):
    release = read_nb(committed_release(ex) / f"{ex}.ipynb")
    text = json.dumps(release)
    for marker in (*SOLUTION_MARKERS, HIDDEN_BEGIN, HIDDEN_END):
        assert marker not in text
    shown = {line.strip() for cell in release["cells"] for line in source(cell).split("\n")}
    leaks = sorted(secret_lines(course.source(ex)) & shown)
    assert not leaks, f"solution or hidden-test lines in exercises/{ex}: {leaks}"
    for cell in release["cells"]:
        if nbgrader_meta(cell).get("solution") and cell["cell_type"] == "code":
            assert "raise NotImplementedError()" in source(cell)


@pytest.mark.parametrize("ex", EXERCISES)
def test_visible_tests_do_not_give_away_a_choice(course, ex):
    """A released test of a multiple-choice answer checks its format only: check_choice names the right letter."""
    release = read_nb(committed_release(ex) / f"{ex}.ipynb")
    shown = [source(c) for c in release["cells"] if nbgrader_meta(c).get("grade") and c["cell_type"] == "code"]
    leaks = [line.strip() for text in shown for line in text.split("\n") if re.match(r"\s*check_choice\(", line)]
    assert not leaks, (
        f"exercises/{ex} shows the answer of a choice in a visible test: {leaks} (use check_choice_format)"
    )


@pytest.mark.parametrize("ex", EXERCISES)
def test_header_states_total_points_and_estimated_time(course, ex):
    release = course.release(ex)
    header = source(release["cells"][0])
    total = sum(points(release).values())
    m = re.search(r"Total:\s*(\d+(?:\.\d+)?)\s*points", header)
    assert m, f"the first cell of {ex} must say 'Total: <n> points'"
    assert float(m.group(1)) == total, f"{ex}: the header says {m.group(1)} points; the cells give {total:g}"
    assert re.search(r"Estimated time:\s*\d+", header), f"the first cell of {ex} must give an estimated time"
    assert all(p > 0 for p in points(release).values())


@pytest.mark.parametrize("ex", EXERCISES)
def test_catalog_has_eight_wrong_and_three_right_submissions(course, ex):
    catalog, right = load_catalog(ex), load_catalog(ex, "RIGHT")
    assert len(catalog) >= 8, f"tests/grading/catalog/{ex}.py needs at least 8 wrong submissions (WRONG)"
    assert len(right) >= 3, f"tests/grading/catalog/{ex}.py needs at least 3 alternative correct submissions (RIGHT)"
    names = [w["name"] for w in catalog + right]
    assert len(set(names)) == len(names), "catalog names must be unique"
    cells = cells_by_id(course.release(ex))
    tests = {gid for gid, c in cells.items() if nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution")}
    for w in catalog + right:
        for gid in w["cells"]:
            assert nbgrader_meta(cells[gid]).get("solution"), f"{w['name']}: {gid} is not a cell the student edits"
    for w in catalog:
        assert w["hints"], f"{w['name']}: give the hint its feedback must show"
        assert w.get("loses"), f"{w['name']}: list the test cells it must lose (loses)"
        assert set(w["loses"]) <= tests, f"{w['name']}: unknown test cells in loses"


# --- grading ---------------------------------------------------------------------------


@pytest.mark.parametrize("ex", EXERCISES)
def test_reference_solution_scores_full_marks(graded, ex):
    scores = graded.scores(ex, "solution")
    assert scores["max"] == sum(points(graded.release(ex)).values())
    lost = {gid: s for gid, s in scores["cells"].items() if s[0] != s[1] and not s[2]}
    assert not lost, f"the reference solution loses marks: {lost}"
    assert scores["total"] == scores["max"] - sum(s[1] for s in scores["cells"].values() if s[2])


@pytest.mark.parametrize("ex", EXERCISES)
def test_reference_cells_finish_well_inside_the_timeout(graded, ex):
    times = cell_seconds(graded.autograded(ex, "solution"))
    slow = {cell: round(t, 1) for cell, t in times.items() if t > TIMEOUT / 3}
    assert not slow, f"cells of the reference take more than a third of the {TIMEOUT} s per-cell timeout: {slow}"


@pytest.mark.parametrize("ex", EXERCISES)
def test_the_solution_text_source_reaches_no_student_folder(graded, ex):
    """solutions/<ex>/<ex>.pct.py holds every solution and hidden test: never copied out."""
    assert (graded.root / "solutions" / ex / f"{ex}.pct.py").is_file(), "the course copy should have the text source"
    copied = sorted(
        str(p.relative_to(graded.root))
        for folder in ("exercises", "submitted", "autograded", "feedback")
        for p in (graded.root / folder).rglob("*.pct.py")
    )
    assert not copied, f"the solution's text source was copied to {copied}"


@pytest.mark.parametrize("ex", EXERCISES)
def test_blank_release_scores_zero(graded, ex):
    scores = graded.scores(ex, "blank")
    assert scores["total"] == 0, f"the blank release earns {scores['cells']}"
    assert (graded.root / "autograded" / "blank" / ex / f"{ex}.ipynb").is_file()


@pytest.mark.parametrize("ex, wrong", WRONG, ids=[f"{ex}-{w['name']}" for ex, w in WRONG])
def test_wrong_submission_loses_marks_and_shows_its_hint(graded, ex, wrong):
    student = wrong_student(wrong)
    scores = graded.scores(ex, student)
    assert scores["total"] < scores["max"]
    # cells graded by hand (short answers) score 0 until an instructor grades them
    failed = {gid for gid, (score, most, manual) in scores["cells"].items() if score < most and not manual}
    assert failed == set(wrong["loses"]), f"{wrong['name']}: cells that lost marks: {sorted(failed)}"
    text = html_text(graded.feedback(ex, student))
    for hint in wrong["hints"]:
        assert squash(hint) in text, f"{wrong['name']}: the feedback does not show {hint!r}"


@pytest.mark.parametrize("ex, right", RIGHT, ids=[f"{ex}-{r['name']}" for ex, r in RIGHT])
def test_alternative_correct_submission_scores_full_marks(graded, ex, right):
    scores = graded.scores(ex, right_student(right))
    lost = {gid: s for gid, s in scores["cells"].items() if s[0] != s[1] and not s[2]}
    assert not lost, f"{right['name']} is correct but loses marks: {lost}"


@pytest.mark.parametrize("ex", EXERCISES)
def test_feedback_never_shows_hidden_tests(graded, ex):
    secret = hidden_test_lines(graded.source(ex))
    pages = sorted((graded.root / "feedback").glob(f"*/{ex}/*.html"))
    assert len(pages) >= 2 + len(load_catalog(ex)) + len(load_catalog(ex, "RIGHT"))
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in raw, page
        text = html_text(raw)
        # the page shows the student's own answers: a line they wrote themselves is theirs, not a leak
        submitted = read_nb(graded.root / "submitted" / page.parts[-3] / ex / f"{ex}.ipynb")
        own = {
            squash(line)
            for c in submitted["cells"]
            if nbgrader_meta(c).get("solution")
            for line in source(c).split("\n")
        }
        leaks = [line for line in secret if squash(line) in text and squash(line) not in own]
        assert not leaks, f"{page.relative_to(graded.root)} shows hidden test lines: {leaks}"
        assert "(hidden tests: not shown)" in text
