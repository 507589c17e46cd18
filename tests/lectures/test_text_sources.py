"""Every lecture and solution notebook is what its text source makes (lib/coursebuild).

The text sources (lectures/*.md, solutions/<ex>/<ex>.pct.py) are what people edit and
review; the committed .ipynb files must be built from them (`make lectures`,
`make exercises`). Compared: cell types, sources, cell metadata (nbgrader's, tags,
NBVAL markers) and the kernelspec; not outputs or ids.
"""

import json
from pathlib import Path

import pytest

from coursebuild.notebooks import KINDS, differences, find_sources, notebook_path

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [text for kind in KINDS for text in find_sources(kind, ROOT)]


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_every_notebook_has_a_text_source():
    notebooks = sorted(ROOT.glob("lectures/[0-9][0-9]_*.ipynb")) + sorted(ROOT.glob("solutions/*/*.ipynb"))
    assert len(notebooks) >= 16
    built = {notebook_path(text) for text in TEXTS}
    orphans = [rel(nb) for nb in notebooks if nb not in built]
    assert not orphans, f"notebooks without a text source (python -m coursebuild --to-text ...): {orphans}"
    missing = [rel(text) for text in TEXTS if not notebook_path(text).exists()]
    assert not missing, f"text sources never built (make lectures / make exercises): {missing}"


@pytest.mark.parametrize("text", TEXTS, ids=rel)
def test_committed_notebook_is_built_from_its_text(text):
    problems = differences(text)
    kind = "lectures" if text.suffix == ".md" else "exercises"
    assert not problems, (
        f"{rel(notebook_path(text))} is not what {text.name} makes: run `make {kind}` and commit both.\n"
        + "\n".join(problems[:10])
    )


@pytest.mark.parametrize("lecture", sorted(ROOT.glob("lectures/[0-9][0-9]_*.ipynb")), ids=rel)
def test_executed_lectures_record_no_timestamps(lecture):
    nb = json.loads(lecture.read_text(encoding="utf-8"))
    timed = [i for i, cell in enumerate(nb["cells"]) if "execution" in cell.get("metadata", {})]
    assert not timed, f"{rel(lecture)}: cells {timed} carry execution timestamps: build it with `make lectures`"
    assert "jupytext" not in nb["metadata"], f"{rel(lecture)}: pairing belongs in lectures/jupytext.toml"


def test_solution_text_sources_are_never_released():
    """nbgrader copies every other file of solutions/<ex> to students: the config must ignore them."""
    config = (ROOT / "nbgrader_config.py").read_text()
    assert '"*.pct.py"' in config
    released = sorted(rel(p) for p in (ROOT / "exercises").rglob("*") if p.name.endswith(KINDS["solutions"].suffix))
    assert not released, f"solution text sources in exercises/: {released}"
