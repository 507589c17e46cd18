"""The syllabus (docs/syllabus.md) says where each concept of the course is taught and practised; check that it is true.

Each row of its table names a lecture section (a notebook and the exact text of one of its markdown
headings) and a graded cell (an exercise and an nbgrader grade_id), or `—` when no graded cell
practices the concept yet. A renamed heading or grade_id makes the row's test fail, so the page stays
true. Notebooks are read as JSON: this stage runs without nbgrader.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYLLABUS = ROOT / "docs" / "syllabus.md"
NOT_GRADED = "—"
HEADER = ["Concept", "Lecture section", "Graded test cell"]
# a cell of the form `name` / `text`: a notebook and a heading, or an exercise and a grade_id
REFERENCE = re.compile(r"`([^`]+)` / `([^`]+)`")
SHORT_NAME = re.compile(r"\*\*(.+?)\*\*")


def split_row(line: str) -> list[str]:
    """The cells of a markdown table row `| a | b | c |`, stripped."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def read_syllabus() -> tuple[list[dict], str]:
    """The rows of the syllabus table, and the text that follows the table."""
    lines = SYLLABUS.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("|") and split_row(line) == HEADER]
    if len(starts) != 1:
        raise ValueError(
            f"{SYLLABUS}: expected one table with the header | {' | '.join(HEADER)} |; found {len(starts)}"
        )
    rows, i = [], starts[0] + 2  # skip the header and the |---| line
    while i < len(lines) and lines[i].startswith("|"):
        cells = split_row(lines[i])
        if len(cells) != len(HEADER):
            raise ValueError(f"{SYLLABUS}, line {i + 1}: a row needs {len(HEADER)} cells; got {len(cells)}: {lines[i]}")
        concept, lecture, graded = cells
        short = SHORT_NAME.match(concept)
        rows.append(
            {
                "line": i + 1,
                "concept": concept,
                "name": short[1] if short else concept,
                "lecture": lecture,
                "graded": graded,
            }
        )
        i += 1
    return rows, "\n".join(lines[i:])


ROWS, _ = read_syllabus()


def where(row: dict) -> str:
    return f"{SYLLABUS.relative_to(ROOT)}, line {row['line']} ({row['name']})"


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def graded_cells(path: Path) -> dict[str, dict]:
    """{grade_id: nbgrader metadata} of the cells of a notebook that carry a grade_id."""
    cells = {}
    for cell in load(path)["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if "grade_id" in meta:
            cells[meta["grade_id"]] = meta
    return cells


def is_graded(meta: dict) -> bool:
    """A test cell that awards points, or an answer cell graded by hand: nbgrader's "grade" flag, or points."""
    return meta.get("grade") is True or (meta.get("points") or 0) > 0


def reference(row: dict, column: str) -> tuple[str, str]:
    match = REFERENCE.fullmatch(row[column])
    assert match, (
        f"{where(row)}: the {column} column must read `name` / `text`"
        + (" (`—` is allowed only in the graded column)" if row[column] == NOT_GRADED else "")
        + f"; got {row[column]!r}"
    )
    return match[1], match[2]


@pytest.mark.parametrize("row", ROWS, ids=[row["name"] for row in ROWS])
def test_concept_is_taught_in_its_lecture_section(row):
    assert row["concept"] not in ("", NOT_GRADED), (
        f"{where(row)}: the concept column is empty (`—` is allowed only in the graded column)"
    )
    name, heading = reference(row, "lecture")
    path = ROOT / "lectures" / f"{name}.ipynb"
    assert path.is_file(), f"{where(row)}: the lecture notebook {path.relative_to(ROOT)} does not exist"
    headings = [
        line
        for cell in load(path)["cells"]
        if cell["cell_type"] == "markdown"
        for line in source(cell).splitlines()
        if line.startswith("#")
    ]
    assert heading in headings, (
        f"{where(row)}: no markdown cell of {path.relative_to(ROOT)} has the heading line {heading!r}. "
        "Its headings are:\n" + "\n".join(headings)
    )


GRADED_ROWS = [row for row in ROWS if row["graded"] != NOT_GRADED]


@pytest.mark.parametrize("row", GRADED_ROWS, ids=[row["name"] for row in GRADED_ROWS])
def test_concept_is_practised_in_a_graded_cell(row):
    exercise, grade_id = reference(row, "graded")
    for folder in ("solutions", "exercises"):
        path = ROOT / folder / exercise / f"{exercise}.ipynb"
        assert path.is_file(), f"{where(row)}: the notebook {path.relative_to(ROOT)} does not exist"
        cells = graded_cells(path)
        assert grade_id in cells, (
            f"{where(row)}: {path.relative_to(ROOT)} has no cell with grade_id {grade_id!r}. "
            f"Its graded cells are: {', '.join(g for g, meta in cells.items() if is_graded(meta))}"
        )
        assert is_graded(cells[grade_id]), (
            f"{where(row)}: the cell {grade_id!r} of {path.relative_to(ROOT)} is not graded "
            f'(its nbgrader metadata has no "grade": true and no points: {cells[grade_id]})'
        )


def test_the_table_has_at_least_20_concepts():
    assert len(ROWS) >= 20, (
        f"{SYLLABUS.relative_to(ROOT)}: the table has {len(ROWS)} rows; the course has at least 20 concepts"
    )


def test_each_concept_has_one_row():
    names = [row["name"] for row in ROWS]
    twice = sorted({name for name in names if names.count(name) > 1})
    assert not twice, f"{SYLLABUS.relative_to(ROOT)}: these concepts have more than one row: {twice}"


@pytest.mark.parametrize("path", sorted((ROOT / "lectures").glob("[0-9][0-9]_*.ipynb")), ids=lambda p: p.stem)
def test_every_lecture_is_in_the_syllabus(path):
    named = {REFERENCE.fullmatch(row["lecture"])[1] for row in ROWS if REFERENCE.fullmatch(row["lecture"])}
    assert path.stem in named, (
        f"{SYLLABUS.relative_to(ROOT)}: no row names the lecture {path.stem} ({path.relative_to(ROOT)}); "
        "add the concepts it teaches"
    )


@pytest.mark.parametrize(
    "path", sorted(p for p in (ROOT / "solutions").glob("ex[0-9][0-9]_*") if p.is_dir()), ids=lambda p: p.name
)
def test_every_exercise_is_in_the_syllabus(path):
    named = {REFERENCE.fullmatch(row["graded"])[1] for row in ROWS if REFERENCE.fullmatch(row["graded"])}
    assert path.name in named, (
        f"{SYLLABUS.relative_to(ROOT)}: no row names a graded cell of the exercise {path.name} "
        f"({path.relative_to(ROOT)}); add the concepts it practices"
    )


def test_every_concept_is_practised_in_a_graded_cell():
    """Issue 15: every idea the course teaches is practised in a graded cell, none only taught."""
    only_taught = [row["name"] for row in ROWS if row["graded"] == NOT_GRADED]
    assert not only_taught, (
        f"{SYLLABUS.relative_to(ROOT)}: these concepts are taught but practised in no graded cell (`—`): "
        f"{only_taught}. Add a graded task or question to the exercise of their lecture."
    )
