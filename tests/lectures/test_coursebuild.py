"""coursebuild: notebooks built from text keep their cell ids, rebuild to the same bytes, and
the check sees every difference that matters."""

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from coursebuild.notebooks import build, differences, notebook_from_text, notebook_path

ROOT = Path(__file__).resolve().parents[2]
LECTURE = "03_activation_functions"
EXERCISE = "ex04_chain_rule"


@pytest.fixture
def lecture(tmp_path) -> Path:
    """A copy of one lecture's text and committed notebook in tmp/lectures/."""
    (tmp_path / "lectures").mkdir()
    for suffix in (".md", ".ipynb"):
        shutil.copy(ROOT / "lectures" / f"{LECTURE}{suffix}", tmp_path / "lectures" / f"{LECTURE}{suffix}")
    return tmp_path / "lectures" / f"{LECTURE}.md"


@pytest.fixture
def solution(tmp_path) -> Path:
    folder = tmp_path / "solutions" / EXERCISE
    folder.mkdir(parents=True)
    for suffix in (".pct.py", ".ipynb"):
        shutil.copy(ROOT / "solutions" / EXERCISE / f"{EXERCISE}{suffix}", folder / f"{EXERCISE}{suffix}")
    return folder / f"{EXERCISE}.pct.py"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def ids(nb) -> list[str]:
    return [cell["id"] for cell in nb["cells"]]


def test_editing_a_sentence_changes_that_cell_only_and_keeps_every_id(lecture):
    committed = nbformat.read(notebook_path(lecture), as_version=4)
    edit(lecture, "without much comment", "with little comment")
    built = notebook_from_text(lecture, old=committed)
    assert ids(built) == ids(committed)
    changed = [i for i, (a, b) in enumerate(zip(committed.cells, built.cells)) if a.source != b.source]
    assert len(changed) == 1 and "with little comment" in built.cells[changed[0]].source


def test_a_new_cell_gets_an_id_from_its_text_and_the_others_keep_theirs(lecture):
    committed = nbformat.read(notebook_path(lecture), as_version=4)
    edit(
        lecture,
        "```{code-cell} ipython3\nimport numpy as np",
        "```{code-cell} ipython3\nx = 1\n```\n\n```{code-cell} ipython3\nimport numpy as np",
    )
    built = notebook_from_text(lecture, old=committed)
    again = notebook_from_text(lecture, old=committed)
    new = [cell for cell in built.cells if cell.source == "x = 1"]
    assert len(new) == 1
    assert new[0]["id"] == hashlib.sha1(b"code\0x = 1").hexdigest()[:8]
    assert ids(built) == ids(again)
    assert [i for i in ids(built) if i != new[0]["id"]] == ids(committed)


def test_a_graded_cell_id_is_its_grade_id(solution):
    nb = notebook_from_text(solution)  # no committed notebook to take ids from
    graded = [cell for cell in nb.cells if "nbgrader" in cell.metadata]
    assert len(graded) >= 10
    assert all(cell["id"] == cell.metadata["nbgrader"]["grade_id"] for cell in graded)


def test_the_check_passes_on_the_copies(lecture, solution):
    assert differences(lecture) == []
    assert differences(solution) == []


def test_the_check_sees_a_changed_sentence(lecture):
    edit(lecture, "without much comment", "with little comment")
    problems = differences(lecture)
    assert len(problems) == 1 and "source differs" in problems[0]


def test_the_check_sees_changed_nbgrader_metadata(solution):
    text = solution.read_text(encoding="utf-8")
    points = text.count('"points": 2')
    assert points >= 1
    solution.write_text(text.replace('"points": 2', '"points": 3', 1), encoding="utf-8")
    problems = differences(solution)
    assert len(problems) == 1 and "metadata differs" in problems[0]


def test_the_check_sees_a_removed_tag_and_a_missing_notebook(lecture):
    edit(lecture, "  source_hidden: true\ntags: [hide-input]\n", "  source_hidden: true\n")  # the quiz's answer key
    problems = differences(lecture)
    assert any("metadata differs" in p for p in problems), problems
    notebook_path(lecture).unlink()
    assert "is missing" in differences(lecture)[0]


TINY = """---
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A tiny lecture

```{code-cell} ipython3
import sys
import time

import ipywidgets as widgets
import matplotlib.pyplot as plt

for i in range(3):
    print("line", i)
    sys.stdout.flush()
    time.sleep(0.01)
```

```{code-cell} ipython3
# NBVAL_IGNORE_OUTPUT
print(time.perf_counter_ns())
```

```{code-cell} ipython3
plt.plot([0, 1], [1, 0])
plt.show()
```

```{code-cell} ipython3
widgets.IntSlider(value=3)
```
"""


def test_executing_twice_writes_the_same_bytes_without_timestamps(tmp_path):
    text = tmp_path / "lectures" / "99_tiny.md"
    text.parent.mkdir()
    text.write_text(TINY, encoding="utf-8")
    first = build(text).read_bytes()
    nb = json.loads(first)
    assert not any("execution" in cell["metadata"] for cell in nb["cells"])
    printed = [o for o in nb["cells"][1]["outputs"] if o["output_type"] == "stream"]
    assert len(printed) == 1 and "".join(printed[0]["text"]) == "line 0\nline 1\nline 2\n"
    models = list(nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"])
    assert sorted(models) == sorted(hashlib.sha1(f"99_tiny:{k}".encode()).hexdigest()[:32] for k in range(len(models)))
    view = nb["cells"][4]["outputs"][0]["data"]["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] in models
    timing = nb["cells"][2]["outputs"]

    assert build(text).read_bytes() == first  # the timing cell keeps its committed output

    remeasured = json.loads(build(text, remeasure=True).read_bytes())
    assert remeasured["cells"][2]["outputs"] != timing
