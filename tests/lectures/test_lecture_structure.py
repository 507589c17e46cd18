"""The quality bars every lecture promises (objectives, figures, widgets, a quiz), checked on the committed notebooks.

nbval (make test-lectures) checks that the outputs are true; this checks that they are there
and that the notebooks follow the conventions.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LECTURES = sorted((ROOT / "lectures").glob("[0-9][0-9]_*.ipynb"))
EXERCISES = {p.name[:4].replace("ex", ""): p.name for p in (ROOT / "exercises").iterdir() if p.is_dir()}
WIDGET = "application/vnd.jupyter.widget-view+json"


def source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_nine_lectures():
    assert [p.name[:2] for p in LECTURES] == [f"{i:02d}" for i in range(9)]


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_structure(path):
    nb = load(path)
    cells = nb["cells"]
    markdown = "\n".join(source(c) for c in cells if c["cell_type"] == "markdown")
    code = [c for c in cells if c["cell_type"] == "code"]
    outputs = [o for c in code for o in c.get("outputs", [])]

    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert cells[0]["cell_type"] == "markdown" and source(cells[0]).startswith("# Lecture " + path.name[:2])
    assert re.search(r"learning objectives", source(cells[0]), re.I), "learning objectives belong at the top"
    assert re.search(r"^#+ Summary", markdown, re.M), "a summary section"
    number = path.name[:2]
    assert f"exercises/{EXERCISES[number]}/" in markdown, "a pointer to the lecture's graded exercise"
    assert "$" in markdown, "LaTeX in course notation"

    figures = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(figures) >= 2, "at least two figures"
    widgets = [o for o in outputs if WIDGET in o.get("data", {})]
    assert any("image/png" in o["data"] for o in widgets), "a widget that also leaves a static figure"

    quizzes = [c for c in code if "quiz(" in source(c)]
    assert quizzes, "a self-check quiz"
    for cell in quizzes:
        assert cell["metadata"].get("jupyter", {}).get("source_hidden"), "the quiz's answer key is collapsed"
        assert "hide-input" in cell["metadata"].get("tags", [])


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_is_executed_in_order_without_errors(path):
    code = [c for c in load(path)["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), "executed top to bottom, once (make lectures)"
    for cell in code:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", source(cell)[:200]
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), (source(cell)[:200], out["text"])


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_follows_the_code_conventions(path):
    code = "\n".join(source(c) for c in load(path)["cells"] if c["cell_type"] == "code")
    for pattern, why in [
        (r"sys\.path", "import dlf because it is installed, no sys.path edits"),
        (
            r"np\.random\.seed|np\.random\.(rand|randn|normal|uniform|choice)\(",
            "randomness only through a seeded Generator",
        ),
        (r"import \*", "no star imports"),
        (r"(!|%)pip install", "no installs from a notebook"),
        (r"0x[0-9a-f]{6,}", "no memory addresses"),
    ]:
        assert not re.search(pattern, code), why
