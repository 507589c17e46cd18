"""A student works on an exercise in JupyterLab and checks it with nbgrader's Validate button.

The answers are typed into the solution cells through the editor (as a student would), then
the notebook toolbar's Validate button (nbgrader 0.9's lab extension) saves the notebook and
asks the server to run it with the visible tests: a correct notebook gets nbgrader's
"Success! Your notebook passes all the tests.", a wrong answer the list of failed cells.
"""

import json

import pytest

pytestmark = pytest.mark.browser

EXERCISE = "ex00_notation_and_shapes"
VALIDATE_TIMEOUT = 300_000  # ms; the server runs the whole notebook in a fresh kernel
SUCCESS = "Success! Your notebook passes all the tests."
# The classic mistake of the forward pass: the bias is forgotten. The visible test of
# linear_forward compares with a result worked out by hand, so Validate catches it.
WRONG_LINEAR_FORWARD = "def linear_forward(X, W, b):\n    return X @ W\n"


def reference_answers(course, exercise):
    """The reference solution of every solution cell (by nbgrader grade_id), markers removed."""
    nb = json.loads((course / "solutions" / exercise / f"{exercise}.ipynb").read_text())
    answers = {}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if cell["cell_type"] == "code" and meta.get("solution"):
            lines = "".join(cell["source"]).splitlines()
            kept = [line for line in lines if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")]
            answers[meta["grade_id"]] = "\n".join(kept) + "\n"
    return answers


def type_into_cell(page, lab, path, index, text):
    """Click into cell ``index``'s editor, select all, type ``text``; check the notebook got it."""
    editor = page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)
    source = lab.cells(page, path)[index]["source"]
    assert source == text, f"cell {index} holds\n{source}\ninstead of the typed\n{text}"


def validate(page):
    """Click Validate in the notebook toolbar; return nbgrader's result dialog and its text."""
    page.locator(".jp-NotebookPanel-toolbar jp-button.validate-button").click()
    dialog = page.locator(".jp-Dialog").filter(has_text="Validation Results")
    dialog.wait_for(state="visible", timeout=VALIDATE_TIMEOUT)
    return dialog, dialog.locator(".jp-Dialog-body").inner_text()


def close(dialog):
    dialog.locator("button.jp-mod-accept").click()
    dialog.wait_for(state="detached")


def test_validate_passes_a_correct_notebook_and_fails_a_wrong_answer(lab, page, released, course, screenshots):
    path = f"exercises/{EXERCISE}/{EXERCISE}.ipynb"
    assert EXERCISE in released
    answers = reference_answers(course, EXERCISE)
    lab.open(page, path)
    cells = lab.cells(page, path)
    to_answer = [
        (c["index"], c["nbgrader"]["grade_id"])
        for c in cells
        if c["type"] == "code" and (c["nbgrader"] or {}).get("solution")
    ]
    assert to_answer, f"{path} has no solution cell"
    assert all("raise NotImplementedError()" in cells[i]["source"] for i, _ in to_answer), (
        "the released exercise should start blank"
    )
    assert {grade_id for _, grade_id in to_answer} == set(answers), "exercise and solution cells differ"

    # 1. the student types the right answers and validates: success
    for index, grade_id in to_answer:
        type_into_cell(page, lab, path, index, answers[grade_id])
    dialog, text = validate(page)
    page.screenshot(path=str(screenshots / f"{EXERCISE}_validate_pass.png"))
    assert SUCCESS in text, f"Validate did not pass the reference answers:\n{text}"
    assert dialog.locator(".validation-success").count() == 1
    close(dialog)

    # 2. a wrong answer (the bias forgotten): Validate names the failing test and its message
    index = dict((grade_id, i) for i, grade_id in to_answer)["linear_forward"]
    type_into_cell(page, lab, path, index, WRONG_LINEAR_FORWARD)
    dialog, text = validate(page)
    page.screenshot(path=str(screenshots / f"{EXERCISE}_validate_fail.png"))
    assert SUCCESS not in text
    assert dialog.locator(".validation-failed").count() == 1, f"Validate did not report a failed test:\n{text}"
    assert "The following cell failed" in text and "linear_forward(X, W, b)" in text and "Error" in text, text
    close(dialog)
    saved = json.loads((course / path).read_text())  # Validate saved the student's notebook first
    assert WRONG_LINEAR_FORWARD in ["".join(c["source"]) for c in saved["cells"]]
