"""JupyterLab opens the paired notebooks of a fresh clone (jupytext's contents manager).

lectures/ and solutions/ pair each notebook with its text source (jupytext.toml). A clone
gives the two files arbitrary modification times; with jupytext's default margin,
JupyterLab refuses to open a notebook whose file is newer than its text. The course's
configuration makes the text the source of truth instead.
"""

import os
import shutil
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ["lectures/00_introduction.ipynb", "solutions/ex04_chain_rule/ex04_chain_rule.ipynb"]


@pytest.fixture
def course(tmp_path) -> Path:
    for folder in ("lectures", "solutions"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return tmp_path


def contents_manager(root: Path):
    from jupyter_server.services.contents.largefilemanager import LargeFileManager
    from jupytext.sync_contentsmanager import build_sync_jupytext_contents_manager_class

    return build_sync_jupytext_contents_manager_class(LargeFileManager)(root_dir=str(root))


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_a_notebook_newer_than_its_text_opens_with_its_outputs(course, path):
    notebook = course / path
    text = notebook.with_name(notebook.stem + (".md" if path.startswith("lectures") else ".pct.py"))
    hour_ago = notebook.stat().st_mtime - 3600
    os.utime(text, (hour_ago, hour_ago))  # the text an hour older than the notebook
    model = contents_manager(course).get(path, content=True)
    opened = model["content"]
    committed = nbformat.read(notebook, as_version=4)
    assert [c.source for c in opened.cells] == [c.source for c in committed.cells]
    assert [c.get("outputs") for c in opened.cells] == [c.get("outputs") for c in committed.cells]


def test_saving_in_jupyterlab_writes_the_text_too(course):
    path = "lectures/00_introduction.ipynb"
    cm = contents_manager(course)
    model = cm.get(path, content=True)
    model["content"].cells[0].source += "\n\nA sentence added in JupyterLab."
    cm.save(model, path)
    assert "A sentence added in JupyterLab." in (course / "lectures" / "00_introduction.md").read_text(encoding="utf-8")
