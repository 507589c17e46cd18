"""Build the course's notebooks from their text sources (jupytext), and check them.

Every lecture and every solution notebook has a text source beside it, which is what
people edit and review; the ``.ipynb`` is built from it and committed too:

==========  ==========================================  =================================
kind        text source (edited)                        notebook (built, committed)
==========  ==========================================  =================================
lectures    ``lectures/NN_topic.md`` (MyST Markdown)    ``lectures/NN_topic.ipynb``,
                                                        executed, with its outputs
solutions   ``solutions/<ex>/<ex>.pct.py`` (percent)    ``solutions/<ex>/<ex>.ipynb``,
                                                        not executed (nbgrader's source)
==========  ==========================================  =================================

A build is a pure function of the text (and, for lectures, of the library that
executes them), so that rebuilding an unchanged source rewrites the same bytes:

- cells, their sources and their metadata (nbgrader's, tags such as ``hide-input``,
  ``jupyter.source_hidden``) come from the text; nothing else of an older notebook does;
- cell ids are kept from the committed notebook where a cell is still there (same
  source, or the same place in the notebook), so editing a sentence changes one cell;
  a graded cell's id is its nbgrader ``grade_id``; a new cell's id is derived from its
  text;
- lectures are executed with nbclient without timing metadata (no timestamps); what
  a cell prints is one output per stream, however the kernel happened to flush it; and
  the ids of the widget models, random at every run, are renamed in order of creation.

The figures are PNGs drawn by matplotlib's Agg backend: the same library versions on
the same platform give the same bytes; another FreeType or matplotlib version may
change image bytes (never a text output).
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jupytext
import nbformat

__all__ = [
    "Kind",
    "KINDS",
    "course_root",
    "find_sources",
    "notebook_path",
    "notebook_from_text",
    "execute",
    "build",
    "differences",
]


def course_root(start: Path | None = None) -> Path:
    """The closest folder, from ``start`` (default: the current one) up, with lectures/ and solutions/."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "lectures").is_dir() and (folder / "solutions").is_dir():
            return folder
    raise FileNotFoundError(f"no course folder (with lectures/ and solutions/) at or above {here}")


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class Kind:
    """One kind of notebook: where its text sources are and how they are built."""

    name: str
    pattern: str  # glob of the text sources, relative to the course root
    suffix: str  # what replaces ".ipynb" in the text source's name
    fmt: str  # jupytext format of the text
    executed: bool  # committed with outputs


KINDS = {
    "lectures": Kind("lectures", "lectures/[0-9][0-9]_*.md", ".md", "md:myst", executed=True),
    "solutions": Kind("solutions", "solutions/*/*.pct.py", ".pct.py", "py:percent", executed=False),
}


def find_sources(kind: str, root: Path | None = None) -> list[Path]:
    """The text sources of one kind in the course folder ``root`` (default: :func:`course_root`), sorted."""
    return sorted(Path(root or course_root()).glob(KINDS[kind].pattern))


def kind_of(text: Path) -> Kind:
    """The kind of a text source, from its name."""
    name = Path(text).name
    for kind in KINDS.values():
        if name.endswith(kind.suffix) and Path(text).match(kind.pattern):
            return kind
    raise ValueError(
        f"{text}: not a text source of the course (expected {', '.join(k.pattern for k in KINDS.values())})"
    )


def notebook_path(text: Path) -> Path:
    """``lectures/00_introduction.md`` -> ``lectures/00_introduction.ipynb``."""
    text = Path(text)
    return text.with_name(text.name[: -len(kind_of(text).suffix)] + ".ipynb")


# --- from text to notebook ------------------------------------------------------------


def _source(cell) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _new_id(cell, taken: set[str]) -> str:
    """A deterministic id for a new cell: derived from its type and text."""
    digest = hashlib.sha1((cell["cell_type"] + "\0" + _source(cell)).encode()).hexdigest()
    for start in range(0, len(digest) - 8):
        if digest[start : start + 8] not in taken:
            return digest[start : start + 8]
    raise RuntimeError("no free cell id")  # 32 candidates, all taken: never in practice


def _assign_ids(cells: list, old_cells: list) -> None:
    """Give ``cells`` the ids of the matching ``old_cells`` (see the module docstring)."""
    old_ids = [c.get("id") for c in old_cells]
    ids: list[str | None] = [None] * len(cells)
    key = [(c["cell_type"], _source(c)) for c in cells]
    old_key = [(c["cell_type"], _source(c)) for c in old_cells]
    matcher = difflib.SequenceMatcher(a=old_key, b=key, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):  # kept, or edited in place
            for i, j in zip(range(i1, i2), range(j1, j2)):
                ids[j] = old_ids[i]
    taken: set[str] = set()
    for j, cell in enumerate(cells):
        wanted = _grade_id(cell) or ids[j]
        cell["id"] = wanted if wanted and wanted not in taken else _new_id(cell, taken)
        taken.add(cell["id"])


def notebook_from_text(text: Path, old: nbformat.NotebookNode | None = None) -> nbformat.NotebookNode:
    """The notebook that a text source makes, without outputs.

    Parameters
    ----------
    text : path
        A text source (``.md`` lecture or ``.pct.py`` solution).
    old : NotebookNode, optional
        The committed notebook, whose cell ids are kept where its cells still are.
    """
    kind = kind_of(text)
    nb = jupytext.read(text, fmt=kind.fmt)
    nb.metadata.pop("jupytext", None)  # the pairing is configured in jupytext.toml
    nb.nbformat, nb.nbformat_minor = 4, 5
    for cell in nb.cells:
        cell.pop("id", None)
        cell.metadata.pop("execution", None)  # timestamps, if JupyterLab recorded some
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    _assign_ids(nb.cells, old.cells if old is not None else [])
    nbformat.validate(nb)
    return nb


# --- execution ------------------------------------------------------------------------


def _stable_widget_ids(nb: nbformat.NotebookNode, salt: str) -> None:
    """Rename the widget models' random ids ``uuid4().hex`` to ids derived from their order."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    if not state:
        return
    text = json.dumps(nb, sort_keys=True)
    rename = {
        old: hashlib.sha1(f"{salt}:{k}".encode()).hexdigest()[:32]
        for k, old in enumerate(state)  # insertion order = order of creation: deterministic
    }
    pattern = re.compile("|".join(re.escape(old) for old in rename))
    renamed = json.loads(pattern.sub(lambda m: rename[m.group(0)], text))
    nb.clear()
    nb.update(nbformat.from_dict(renamed))


def execute(nb: nbformat.NotebookNode, cwd: Path, name: str, timeout: int = 600) -> nbformat.NotebookNode:
    """Run every cell in a fresh ``python3`` kernel in ``cwd``; no timing metadata is recorded."""
    from nbclient import NotebookClient  # only builds that execute need a kernel
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        store_widget_state=True,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute()
    # how a cell's printed lines are split into stream messages depends on timing: one
    # output per stream, as nbval compares them
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    _stable_widget_ids(nb, salt=name)
    return nb


# --- build and check -----------------------------------------------------------------


def _read(path: Path) -> nbformat.NotebookNode | None:
    return nbformat.read(path, as_version=4) if Path(path).exists() else None


def measures_the_machine(cell) -> bool:
    """True for a cell whose output nbval ignores (timings): ``# NBVAL_IGNORE_OUTPUT`` or its tag."""
    first_line = _source(cell).lstrip().split("\n", 1)[0]
    return "NBVAL_IGNORE_OUTPUT" in first_line or "nbval-ignore-output" in cell.get("metadata", {}).get("tags", [])


def _keep_measurements(nb: nbformat.NotebookNode, old: nbformat.NotebookNode | None) -> int:
    """Put back the committed outputs of unchanged cells that measure the machine; returns how many."""
    if old is None:
        return 0
    before = {cell.get("id"): cell for cell in old.cells if cell.cell_type == "code"}
    kept = 0
    for cell in nb.cells:
        was = before.get(cell.get("id"))
        if measures_the_machine(cell) and was is not None and _source(was) == _source(cell) and was.outputs:
            cell.outputs = was.outputs
            kept += 1
    return kept


def build(text: Path, execute_cells: bool | None = None, remeasure: bool = False) -> Path:
    """Write the notebook of one text source; lectures are executed (unless told not to).

    Parameters
    ----------
    text : path
        The text source.
    execute_cells : bool, optional
        Run the notebook (default: lectures yes, solutions no).
    remeasure : bool
        Also replace the outputs of cells that measure the machine (timings, marked
        ``# NBVAL_IGNORE_OUTPUT``). By default an unchanged cell of that kind keeps the
        output committed with it, so that a rebuild changes no text output and the prose
        that quotes a timing stays true; the cell is still run.

    Returns
    -------
    path : Path
        The notebook written.
    """
    text = Path(text)
    target = notebook_path(text)
    old = _read(target)
    nb = notebook_from_text(text, old=old)
    run = kind_of(text).executed if execute_cells is None else execute_cells
    if run:
        nb = execute(nb, cwd=target.parent, name=target.stem)
        if not remeasure:
            _keep_measurements(nb, old)
    nbformat.write(nb, target)
    return target


def _comparable(nb: nbformat.NotebookNode) -> list[tuple]:
    cells = []
    for cell in nb.cells:
        metadata = copy.deepcopy(dict(cell.get("metadata", {})))
        metadata.pop("execution", None)  # timing, not content
        cells.append((cell["cell_type"], _source(cell), json.dumps(metadata, sort_keys=True)))
    return cells


def differences(text: Path) -> list[str]:
    """How the committed notebook differs from what its text source makes (empty if not).

    Compared: the cells' types, sources and metadata, and the notebook's kernelspec;
    not outputs, execution counts or cell ids.
    """
    text = Path(text)
    target = notebook_path(text)
    committed = _read(target)
    if committed is None:
        return [f"{target} is missing: build it from {text.name}"]
    built = notebook_from_text(text, old=committed)
    problems = []
    if committed.metadata.get("kernelspec") != built.metadata.get("kernelspec"):
        problems.append(
            f"kernelspec: {committed.metadata.get('kernelspec')} in the notebook, {built.metadata.get('kernelspec')} in the text"
        )
    got, want = _comparable(committed), _comparable(built)
    if len(got) != len(want):
        problems.append(f"{len(got)} cells in the notebook, {len(want)} in the text")
    for i, (a, b) in enumerate(zip(got, want)):
        for what, x, y in zip(("cell type", "source", "metadata"), a, b):
            if x != y:
                problems.append(f"cell {i}: {what} differs: notebook {x[:80]!r}, text {y[:80]!r}")
    return problems
