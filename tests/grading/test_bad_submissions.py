"""Submissions that try to break the grader, graded with the reference in ONE autograde call.

Each is graded fairly (no marks it did not earn), the batch goes on, and the grades of the
other students stay what they were. The per-cell timeout is cut to SHORT_TIMEOUT seconds for this
call only (on the command line), so the infinite loop costs SHORT_TIMEOUT seconds, not 60.
"""

from __future__ import annotations

import json

import pytest
from gradingkit import (
    SOLUTIONS,
    html_text,
    nbgrader_meta,
    points,
    reference_submission,
    squash,
    with_cells,
    without_cells,
)

pytestmark = pytest.mark.slow

EX = "ex00_notation_and_shapes"
MAX = sum(points(json.loads((SOLUTIONS / EX / f"{EX}.ipynb").read_text())).values())  # the exercise's points
SHORT_TIMEOUT = 10  # seconds per cell; every cell of the reference takes well under 1 s

WRONG_DW = "def shape_of_dW(N, D, K):\n    return (K, D)\n"

PATCH_NUMPY = """\
np.allclose = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None


def linear_forward(X, W, b):
    return np.zeros((len(X), len(b)))
"""


def _copied_answer_cell(reference):
    """The answer cell of shape_of_dW copied and pasted below itself in JupyterLab (metadata and all), then edited."""
    nb = with_cells(reference, {"shape_of_dW": WRONG_DW})
    index = next(i for i, c in enumerate(nb["cells"]) if nbgrader_meta(c).get("grade_id") == "shape_of_dW")
    copy = json.loads(json.dumps(nb["cells"][index]))
    copy["id"] = "pasted-copy"
    copy["source"] = "def shape_of_dW(N, D, K):\n    return (D, K)\n"
    nb["cells"].insert(index + 1, copy)
    return nb


def _edited_metadata(reference):
    """Metadata edited by hand: an unknown grade_id on an answer cell, a key deleted from another."""
    nb = json.loads(json.dumps(reference))
    for cell in nb["cells"]:
        meta = nbgrader_meta(cell)
        if meta.get("grade_id") == "answer_q2":
            meta["grade_id"] = "my_answer"
        elif meta.get("grade_id") == "shape_of_dW":
            del meta["solution"]
            meta["points"] = 100
    return nb


def submissions(release, reference):
    """{student: (notebook or raw bytes, file name or None)}."""
    return {
        "odd-copied-answer-cell": (_copied_answer_cell(reference), None),
        "odd-edited-metadata": (_edited_metadata(reference), None),
        "bad-control": (reference, None),
        "bad-infinite-loop": (
            with_cells(reference, {"shape_of_dW": "def shape_of_dW(N, D, K):\n    while True:\n        pass\n"}),
            None,
        ),
        "bad-import-error": (
            with_cells(reference, {"answer_q1": "import tensorflow_is_not_installed\nanswer_q1 = 'C'\n"}),
            None,
        ),
        "bad-deleted-test-cell": (
            without_cells(with_cells(reference, {"shape_of_dW": WRONG_DW}), ["test_shape_of_dW"]),
            None,
        ),
        "bad-test-cell-is-pass": (with_cells(reference, {"shape_of_dW": WRONG_DW, "test_shape_of_dW": "pass\n"}), None),
        "bad-patched-numpy": (with_cells(reference, {"linear_forward": PATCH_NUMPY}), None),
        "bad-not-json": (b'{"cells": [{"cell_type": "code", "source": "answer_q1 = \'C\'"', None),
        "bad-wrong-file-name": (reference, f"{EX}_final_version.ipynb"),
        "odd-warning-in-test-cell": (
            with_cells(
                reference,
                {
                    "shape_of_dW": (
                        "import warnings\n\n\ndef shape_of_dW(N, D, K):\n"
                        "    warnings.warn('a harmless warning from shape_of_dW')\n    return (D, K)\n"
                    )
                },
            ),
            None,
        ),
    }


@pytest.fixture(scope="module")
def bad(graded):
    if EX not in graded.exercises:
        pytest.skip(f"{EX} is not in solutions/")
    main = [p.parent.name for p in (graded.root / "autograded").glob(f"*/{EX}")]
    before = {s: graded.scores(EX, s) for s in main}
    reference = reference_submission(graded.release(EX), graded.source(EX))
    subs = submissions(graded.release(EX), reference)
    for student, (nb, filename) in subs.items():
        if isinstance(nb, bytes):
            graded.submit(student, EX, raw=nb, filename=filename)
        else:
            graded.submit(student, EX, nb, filename=filename)
    proc = graded.nbgrader("autograde", EX, f"--Execute.timeout={SHORT_TIMEOUT}", check=False, notebooks=len(subs))
    graded.nbgrader("generate_feedback", EX)
    graded.bad_log = proc.stdout + proc.stderr
    graded.bad_before = before
    return graded


def lost(course, student):
    scores = course.scores(EX, student)
    return {gid for gid, (score, most, _) in scores["cells"].items() if score < most}


def feedback_text(course, student):
    return html_text(course.feedback(EX, student))


def test_the_batch_goes_on_and_reports_the_unreadable_ones(bad):
    for student in (
        "bad-control",
        "bad-infinite-loop",
        "bad-import-error",
        "bad-deleted-test-cell",
        "bad-test-cell-is-pass",
        "bad-patched-numpy",
        "odd-warning-in-test-cell",
    ):
        assert (bad.root / "autograded" / student / EX / f"{EX}.ipynb").is_file(), student
    assert "bad-not-json" in bad.bad_log and "bad-wrong-file-name" in bad.bad_log


def test_control_student_scores_full_marks(bad):
    scores = bad.scores(EX, "bad-control")
    assert scores["total"] == scores["max"]


def test_other_students_grades_are_intact(bad):
    assert bad.bad_before, "the main batch was graded first"
    for student, scores in bad.bad_before.items():
        assert bad.scores(EX, student) == scores, student


def test_infinite_loop_is_cut_and_later_cells_are_graded(bad):
    assert lost(bad, "bad-infinite-loop") == {"test_shape_of_dW"}
    scores = bad.scores(EX, "bad-infinite-loop")
    assert scores["total"] == scores["max"] - 2
    assert "Timeout" in feedback_text(bad, "bad-infinite-loop")


def test_exception_at_import_costs_only_its_cell(bad):
    assert lost(bad, "bad-import-error") == {"test_q1"}
    assert "ModuleNotFoundError" in feedback_text(bad, "bad-import-error")


def test_deleted_test_cell_is_restored_and_graded(bad):
    assert lost(bad, "bad-deleted-test-cell") == {"test_shape_of_dW"}
    text = feedback_text(bad, "bad-deleted-test-cell")
    assert "was missing from the submission" in text
    assert squash("which is (K, D). The axes are in the wrong order") in text


def test_test_cell_edited_to_pass_is_restored(bad):
    assert lost(bad, "bad-test-cell-is-pass") == {"test_shape_of_dW"}


def test_numpy_patched_to_always_succeed_earns_nothing(bad):
    assert {"test_linear_forward", "test_linear_forward_vectorized"} <= lost(bad, "bad-patched-numpy")
    # the tests run apart from the student's kernel: its patched NumPy is not theirs, so the
    # feedback names the real mistake (the values), not the patch
    text = feedback_text(bad, "bad-patched-numpy")
    assert "linear_forward(X, W, b) is not close to the expected value" in text, text


@pytest.mark.parametrize("student", ["bad-not-json", "bad-wrong-file-name"])
def test_unreadable_submission_scores_zero(bad, student):
    assert bad.scores(EX, student)["total"] == 0
    assert not (bad.root / "autograded" / student / EX / f"{EX}.ipynb").exists()


def test_warning_in_a_test_cell_does_not_cost_marks(bad):
    scores = bad.scores(EX, "odd-warning-in-test-cell")
    assert scores["total"] == scores["max"]
    assert "a harmless warning from shape_of_dW" in feedback_text(bad, "odd-warning-in-test-cell")


def test_a_copied_answer_cell_is_graded_and_the_feedback_says_so(bad):
    # the last copy is the answer cell (as nbgrader's DeduplicateIds decides); the notebook is graded
    scores = bad.scores(EX, "odd-copied-answer-cell")
    assert scores["total"] == scores["max"], scores
    assert "is a copy of the cell 'shape_of_dW'" in feedback_text(bad, "odd-copied-answer-cell")


def test_edited_metadata_is_repaired_and_the_feedback_says_so(bad):
    scores = bad.scores(EX, "odd-edited-metadata")
    assert scores["total"] == scores["max"] == MAX, scores
    text = feedback_text(bad, "odd-edited-metadata")
    assert "('my_answer') that names no cell of this exercise" in text
    assert "the grading metadata of cell 'shape_of_dW' was changed; it was restored" in text
