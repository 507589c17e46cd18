"""coursegrader.nbgrader_plugins on single cells (the whole pipeline is tested in tests/grading)."""

from types import SimpleNamespace

import nbformat
from nbformat.v4 import new_code_cell, new_output

from coursegrader.nbgrader_plugins import HideHiddenTests, SaveAutoGradesIgnoringStderr

SOURCE = """\
check_type("f(2)", f(2), int)
### BEGIN HIDDEN TESTS
secret_value = f(123456)

assert secret_value == 42, "f(123456) must be 42"
### END HIDDEN TESTS"""

# what IPython 9 prints when the hidden assert fails (colours included)
TRACEBACK = [
    "\x1b[31m---------------------------------------------------------------------------\x1b[39m",
    "\x1b[31mAssertionError\x1b[39m                            Traceback (most recent call last)",
    "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[7]\x1b[39m\x1b[32m, line 5\x1b[39m\n"
    "\x1b[32m      3\x1b[39m secret_value = f(\x1b[32m123456\x1b[39m)\n"
    "\x1b[32m      4\x1b[39m \n"
    "\x1b[32m----> \x1b[39m\x1b[32m5\x1b[39m \x1b[38;5;28;01massert\x1b[39;00m secret_value == \x1b[32m42\x1b[39m, "
    '\x1b[33m"f(123456) must be 42"\x1b[39m\n'
    "\x1b[32m      6\x1b[39m \x1b[38;5;66;03m### END HIDDEN TESTS\x1b[39;00m\n",
    "File \x1b[32m/course/lib/coursegrader/checks.py:262\x1b[39m, in \x1b[36mcheck_shape\x1b[39m\x1b[34m(name, got)\x1b[39m\n"
    "\x1b[32m--> \x1b[39m\x1b[32m262\x1b[39m \x1b[38;5;28;01mraise\x1b[39;00m AssertionError(msg)\n",
    "\x1b[31mAssertionError\x1b[39m: f(123456) must be 42",
]


def graded_cell(outputs):
    cell = new_code_cell(SOURCE, outputs=outputs)
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "test_f", "points": 2, "solution": False, "locked": True}
    return cell


def test_hidden_tests_are_removed_from_source_and_traceback():
    error = new_output("error", ename="AssertionError", evalue="f(123456) must be 42", traceback=list(TRACEBACK))
    cell, _ = HideHiddenTests().preprocess_cell(graded_cell([error]), {}, 0)
    assert cell.source == 'check_type("f(2)", f(2), int)\n# (hidden tests: not shown)'
    shown = "\n".join(cell.outputs[0].traceback)
    for secret in ("123456)", "secret_value", "assert", "HIDDEN"):
        assert secret not in shown.replace("f(123456) must be 42", "")
    assert "In[7]" in shown and "line 5" in shown  # which cell failed
    assert shown.endswith("\x1b[31mAssertionError\x1b[39m: f(123456) must be 42")  # what went wrong
    assert "grading.py" not in shown  # the grader's own frame is left out
    assert shown.count("(a line of the hidden tests: not shown)") == 1


def test_a_warning_quoting_a_hidden_line_is_redacted():
    warning = new_output("stream", name="stderr", text="x.py:3: UserWarning: careful\n  secret_value = f(123456)\n")
    cell, _ = HideHiddenTests().preprocess_cell(graded_cell([warning]), {}, 0)
    assert "UserWarning: careful" in cell.outputs[0].text and "123456" not in cell.outputs[0].text


def test_cells_without_hidden_tests_keep_their_source():
    cell = new_code_cell("assert f(2) == 4")
    cell, _ = HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert cell.source == "assert f(2) == 4"


class _Gradebook:
    def __init__(self):
        self.grade = SimpleNamespace(auto_score=None, manual_score=None, needs_manual_grade=None)
        self.db = SimpleNamespace(commit=lambda: None)

    def find_grade(self, *ids):
        return self.grade


def auto_score(outputs):
    pp = SaveAutoGradesIgnoringStderr()
    pp.gradebook, pp.notebook_id, pp.assignment_id, pp.student_id = _Gradebook(), "nb", "ex", "student"
    cell = nbformat.from_dict(graded_cell(outputs))
    pp.preprocess_cell(cell, {}, 0)
    assert cell.outputs == outputs  # the warning stays visible
    return pp.gradebook.grade.auto_score


def test_a_warning_does_not_zero_a_test_cell_but_an_error_does():
    warning = new_output("stream", name="stderr", text="RuntimeWarning: overflow encountered in exp\n")
    error = new_output("error", ename="AssertionError", evalue="", traceback=[])
    assert auto_score([]) == 2
    assert auto_score([warning]) == 2
    assert auto_score([warning, error]) == 0


def test_a_hidden_line_that_is_also_visible_is_not_redacted():
    from coursegrader.nbgrader_plugins import HideHiddenTests

    source = "check(f(1))\n### BEGIN HIDDEN TESTS\ncheck(f(1))\nsecret_check(f, 42)\n### END HIDDEN TESTS"
    visible, hidden = HideHiddenTests().split_source(source)
    assert "secret_check(f, 42)" in hidden and "check(f(1))" not in hidden
    assert "secret_check" not in visible
