"""Two small nbgrader preprocessors the course's ``nbgrader_config.py`` plugs in.

``SaveAutoGradesIgnoringStderr`` (autograde)
    nbgrader 0.9.6 scores a test cell 0 as soon as it wrote anything to stderr
    (``nbgrader.utils.determine_grade``), so a harmless ``RuntimeWarning`` printed while
    a correct answer is tested would cost the student the cell. This subclass of
    ``SaveAutoGrades`` scores the cell as if its stderr output were absent; the output
    itself stays in the notebook and in the feedback. An exception still scores 0.
    (nbgrader's own ``IgnorePattern`` would instead delete matching stderr output from
    every cell, hiding the warning from the student.)

``HideHiddenTests`` (generate_feedback)
    nbgrader puts the hidden tests back into the graded notebook, and its feedback HTML
    shows them (jupyter/nbgrader#917, #1363, still open; there is no option for it).
    This preprocessor removes from the feedback every line between ``BEGIN HIDDEN
    TESTS`` and ``END HIDDEN TESTS`` and every traceback or stream line that quotes one
    of them (IPython tracebacks show the failing line and its neighbors; a warning
    shows its source line). The student still sees the test cell's id and score, the
    visible tests, the frames of their own code, and the exception's type and message;
    frames inside ``coursegrader/checks.py`` are left out (its message is what counts).
    The graded notebooks in ``autograded/`` keep the hidden tests for the instructor.

``RepairCellMetadata`` (autograde, before nbgrader's own sanitizing)
    A student's notebook may carry nbgrader metadata that nbgrader 0.9.6 cannot handle: a
    cell copied and pasted in JupyterLab keeps its ``grade_id``, so two cells claim it
    (nbgrader then fails the whole notebook with ``KeyError: 'grade_id'``); metadata edited
    by hand names no cell of the exercise, or lost a key. This preprocessor makes every
    cell's nbgrader metadata either exactly the gradebook's for its ``grade_id`` (once, on
    the last cell that claims it, as nbgrader's ``DeduplicateIds`` would) or absent (the
    cell is then graded as a plain cell of the student's), and tells the student in a note
    at the top of the graded notebook and its feedback. Their code is never removed.

Write hidden tests so that a failure explains itself: use the checks of
:mod:`coursegrader.checks` or ``assert condition, "message"``, never a bare ``assert``
(its message would be empty and its line is not shown).
"""

from __future__ import annotations

import re

from nbgrader.preprocessors import NbGraderPreprocessor, SaveAutoGrades
from traitlets import List, Unicode

__all__ = ["SaveAutoGradesIgnoringStderr", "HideHiddenTests", "RepairCellMetadata"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython's gutter in front of a source line: "      3 ", "----> 4 ", "   --> 4 "
_GUTTER = re.compile(r"^\s*(?:-*>)?\s*\d+(?:\s|$)")


def _is_stderr(output) -> bool:
    return output.get("output_type") == "stream" and output.get("name") == "stderr"


class SaveAutoGradesIgnoringStderr(SaveAutoGrades):
    """``SaveAutoGrades`` that does not count stderr output (warnings) as a failure."""

    def _add_score(self, cell, resources):
        if cell.cell_type != "code":
            return super()._add_score(cell, resources)
        outputs = cell.outputs
        cell.outputs = [out for out in outputs if not _is_stderr(out)]
        try:
            super()._add_score(cell, resources)
        finally:
            cell.outputs = outputs


class HideHiddenTests(NbGraderPreprocessor):
    """Remove the hidden tests, and every output line quoting them, from the feedback."""

    begin_delimiter = Unicode("BEGIN HIDDEN TESTS", help="Marks the start of hidden tests").tag(config=True)
    end_delimiter = Unicode("END HIDDEN TESTS", help="Marks the end of hidden tests").tag(config=True)
    placeholder = Unicode("# (hidden tests: not shown)", help="Replaces the hidden tests in the cell source").tag(
        config=True
    )
    redacted = Unicode(
        "    (a line of the hidden tests: not shown)", help="Replaces quoted hidden lines in outputs"
    ).tag(config=True)
    hide_frames_of = List(
        Unicode(),
        ["coursegrader/checks.py"],
        help="Traceback frames in these files are left out: the grader's own code, whose message is what counts",
    ).tag(config=True)

    def is_library_frame(self, entry: str) -> bool:
        """True for an IPython traceback entry ``File .../coursegrader/checks.py:262, in check_shape(...)``."""
        first = _ANSI.sub("", entry).lstrip().split("\n", 1)[0].replace("\\", "/")
        return first.startswith("File ") and any(f in first for f in self.hide_frames_of)

    def split_source(self, source: str):
        """Return (visible source with a placeholder, set of stripped hidden lines).

        A hidden line that also stands in the visible part of the cell is not secret: it
        is left out of the set, so that tracebacks quoting the visible line stay readable.
        """
        visible, hidden, inside = [], set(), False
        for line in source.split("\n"):
            if self.begin_delimiter in line:
                inside = True
                hidden.add(line.strip())
                visible.append(line[: len(line) - len(line.lstrip())] + self.placeholder)
            elif self.end_delimiter in line:
                inside = False
                hidden.add(line.strip())
            elif inside:
                if line.strip():
                    hidden.add(line.strip())
            else:
                visible.append(line)
        return "\n".join(visible), hidden - {line.strip() for line in visible}

    def redact(self, text: str, hidden: set) -> str:
        """Replace every line of ``text`` that quotes a hidden line (runs become one line)."""
        out = []
        for line in text.split("\n"):
            plain = _ANSI.sub("", line)
            code = _GUTTER.sub("", plain, count=1).strip()
            quoted = code in hidden or plain.strip() in hidden
            blank_after_hidden = not code and out and out[-1] == self.redacted
            if quoted or blank_after_hidden:
                if not out or out[-1] != self.redacted:
                    out.append(self.redacted)
            else:
                out.append(line)
        return "\n".join(out)

    def preprocess_cell(self, cell, resources, cell_index):
        hidden = set()
        if self.begin_delimiter in cell.source:
            cell.source, hidden = self.split_source(cell.source)
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                output.traceback = [self.redact(e, hidden) for e in output.traceback if not self.is_library_frame(e)]
                output.evalue = self.redact(output.evalue, hidden)
            elif output.output_type == "stream" and hidden:
                output.text = self.redact(output.text, hidden)
        return cell, resources


class RepairCellMetadata(NbGraderPreprocessor):
    """Make every cell's nbgrader metadata the gradebook's, or remove it; say so in a note."""

    def preprocess(self, nb, resources):
        from nbformat.v4 import new_markdown_cell
        from nbgrader.api import Gradebook

        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
            points = {cell.name: float(cell.max_score) for cell in notebook.grade_cells}
            solutions = {cell.name for cell in notebook.solution_cells}
            tasks = {cell.name for cell in notebook.task_cells}
            known = {cell.name: (cell.cell_type, bool(cell.locked)) for cell in notebook.source_cells}
        last = {}
        for index, cell in enumerate(nb.cells):
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in known:
                last[grade_id] = index
        notes = []
        for index, cell in enumerate(nb.cells):
            meta = cell.get("metadata", {})
            if "nbgrader" not in meta:
                continue
            grade_id = meta["nbgrader"].get("grade_id") if isinstance(meta["nbgrader"], dict) else None
            if grade_id not in known:
                del meta["nbgrader"]
                notes.append(
                    f"cell {index + 1} carried grading metadata ({grade_id!r}) that names no cell of this exercise"
                )
                continue
            if last[grade_id] != index:
                del meta["nbgrader"]
                notes.append(f"cell {index + 1} is a copy of the cell {grade_id!r}; the last copy is the one graded")
                continue
            cell_type, locked = known[grade_id]
            repaired = {
                "grade": grade_id in points,
                "grade_id": grade_id,
                "locked": locked,
                "schema_version": 3,
                "solution": grade_id in solutions,
                "task": grade_id in tasks,
            }
            if grade_id in points:
                repaired["points"] = points[grade_id]
            if "checksum" in meta["nbgrader"]:
                repaired["checksum"] = meta["nbgrader"]["checksum"]
            if any(meta["nbgrader"].get(k) != v for k, v in repaired.items()):
                notes.append(f"the grading metadata of cell {grade_id!r} was changed; it was restored")
            meta["nbgrader"] = repaired
        if notes:
            self.log.warning("repaired the nbgrader metadata of the submission: %s", "; ".join(notes))
            text = "**Note from the grader.** Your notebook was graded after these repairs: " + "; ".join(notes) + "."
            note = new_markdown_cell(text)
            note.pop("id", None)
            nb.cells.insert(0, note)
        return nb, resources
