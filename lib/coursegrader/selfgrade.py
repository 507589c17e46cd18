"""Grade your own exercise, without an instructor, with the real nbgrader autograder.

Usage, from the course folder::

    make grade EX=ex00_notation_and_shapes
    python -m coursegrader.selfgrade ex00_notation_and_shapes [--notebook PATH]
    python -m coursegrader.selfgrade --generate [EX ...]     # instructors: make exercises

Grading copies your notebook ``exercises/<EX>/<EX>.ipynb`` into a temporary nbgrader
course made from ``nbgrader_config.py`` and ``solutions/<EX>`` (which holds the hidden
tests), runs ``nbgrader generate_assignment``, ``autograde`` and ``generate_feedback``
there, prints the score of every test cell and the total, and writes the feedback
(without the hidden tests) to ``feedback/self/<EX>/<EX>.html``. Your notebook is only
read, never written. Self-grading needs ``solutions/``; a graded class is given
``exercises/`` only and is graded by the instructor.

``--generate`` makes ``exercises/`` from ``solutions/`` with ``nbgrader
generate_assignment`` in a temporary course and copies the release over
``exercises/<EX>``: the committed exercises are exactly what nbgrader makes.

nbgrader runs isolated from your Jupyter set-up (``JUPYTER_CONFIG_DIR``,
``JUPYTER_DATA_DIR``, ``JUPYTER_RUNTIME_DIR`` and ``IPYTHONDIR`` point to temporary
folders, ``JUPYTER_NO_CONFIG`` is set), so only the course's configuration counts. The
helpers below are also used by the tests of the grader (``tests/grading``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["find_course_root", "isolated_env", "run_nbgrader", "new_course", "read_scores", "selfgrade", "generate"]

STUDENT = "self"


def find_course_root(start=None) -> Path:
    """The closest folder, from ``start`` (default: the current one) up, with nbgrader_config.py and solutions/."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / "solutions").is_dir():
            return folder
    raise FileNotFoundError(
        f"no course folder (with nbgrader_config.py and solutions/) at or above {here}; run this from the course folder"
    )


def isolated_env(tmp, home=None) -> dict:
    """Environment for nbgrader and its kernels that ignores the user's Jupyter and IPython set-up.

    Parameters
    ----------
    tmp : path
        A folder for the Jupyter config, data and runtime folders and IPYTHONDIR.
    home : path, optional
        Also replace HOME (the tests do; self-grading keeps the learner's HOME).
    """
    tmp = Path(tmp)
    env = dict(os.environ)
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "jupyter_config"),
        ("JUPYTER_DATA_DIR", "jupyter_data"),
        ("JUPYTER_RUNTIME_DIR", "jupyter_runtime"),
        ("IPYTHONDIR", "ipython"),
    ):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(tmp / sub)
    env["JUPYTER_NO_CONFIG"] = "1"  # no ~/.jupyter, no /etc/jupyter: only the course's nbgrader_config.py
    # COURSE_DB_URL (the class's gradebook, read by nbgrader_config.py) never reaches a temporary course
    for var in ("JUPYTER_CONFIG_PATH", "JUPYTER_PATH", "NBGRADER_EXCHANGE", "COURSE_DB_URL"):
        env.pop(var, None)
    # nbgrader runs helper programs (alembic) from this Python's bin folder, activated or not
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # quiets a debugger notice of ipykernel
    if home is not None:
        Path(home).mkdir(parents=True, exist_ok=True)
        env["HOME"] = str(home)
    return env


def run_nbgrader(course, *args, env, check=True, timeout=None) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` (this Python's nbgrader) in the course folder ``course``."""
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *map(str, args)],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise RuntimeError(
            f"nbgrader {' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def new_course(dest, root, exercises) -> Path:
    """A fresh nbgrader course in ``dest``: the config of ``root`` and its ``solutions/<ex>`` folders."""
    dest, root = Path(dest), Path(root)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / "nbgrader_config.py", dest / "nbgrader_config.py")
    for ex in exercises:
        shutil.copytree(
            root / "solutions" / ex,
            dest / "solutions" / ex,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
    return dest


def grade_ids(notebook_path) -> list:
    """The grade_id of every graded cell of a notebook, in order."""
    nb = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    ids = []
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") or meta.get("task"):
            ids.append(meta["grade_id"])
    return ids


def read_scores(course, assignment, student) -> dict:
    """Scores from the course's gradebook: ``{"total", "max", "cells": {grade_id: (score, max, needs_manual)}}``."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gb:
        try:
            nb = gb.find_submission_notebook(assignment, assignment, student)
        except MissingEntry:
            return {"total": 0.0, "max": None, "cells": {}}
        cells = {g.name: (float(g.score), float(g.max_score), bool(g.needs_manual_grade)) for g in nb.grades}
        return {"total": float(nb.score), "max": float(nb.max_score), "cells": cells}


def _messages(autograded_nb) -> dict:
    """First line of the error of every failed graded cell, with hidden test lines removed."""
    from .nbgrader_plugins import HideHiddenTests

    hide = HideHiddenTests()
    nb = json.loads(Path(autograded_nb).read_text(encoding="utf-8"))
    messages = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if meta.get("grade") and errors:
            _, hidden = hide.split_source(
                "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            )
            error = f"{errors[0]['ename']}: {errors[0]['evalue']}" if errors[0]["evalue"] else errors[0]["ename"]
            text = hide.redact(error, hidden).strip().splitlines()[0]
            messages[meta["grade_id"]] = text if len(text) <= 500 else text[:497] + "..."
    return messages


def _sandbox_option(out) -> list:
    """Grade in the sandbox where it can start; on a learner's own machine, fall back with a warning."""
    from .sandbox import SandboxUnavailable, check_available

    try:
        check_available()
        return []
    except SandboxUnavailable as exc:
        print(f"warning: grading without the sandbox ({exc}). It is your own code on your own machine.", file=out)
        return ["--SandboxedExecute.sandbox=False"]


def selfgrade(ex, notebook=None, root=None, out=sys.stdout) -> int:
    """Autograde ``notebook`` (default ``exercises/<ex>/<ex>.ipynb``) against ``solutions/<ex>``; return an exit code."""
    root = Path(root) if root else find_course_root()
    notebook = Path(notebook) if notebook else root / "exercises" / ex / f"{ex}.ipynb"
    if not (root / "solutions" / ex).is_dir():
        known = ", ".join(sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir()))
        print(
            f"No exercise {ex!r} in solutions/ (self-grading needs the instructor's solutions/). Known: {known}",
            file=out,
        )
        return 2
    if not notebook.is_file():
        print(f"Notebook not found: {notebook}", file=out)
        return 2
    content = notebook.read_bytes()  # the only access to the learner's notebook
    try:
        json.loads(content)
    except ValueError as exc:
        print(
            f"{notebook} is not a valid notebook (not JSON: {exc}). Open it in JupyterLab and save it again.", file=out
        )
        return 1
    print(f"Grading {notebook} against the tests in solutions/{ex} ...", file=out, flush=True)
    with tempfile.TemporaryDirectory(prefix="dlf-grade-") as tmp:
        course = new_course(Path(tmp) / "course", root, [ex])
        env = isolated_env(Path(tmp) / "env")
        run_nbgrader(course, "generate_assignment", ex, "--force", env=env)
        submitted = course / "submitted" / STUDENT / ex
        submitted.mkdir(parents=True)
        (submitted / f"{ex}.ipynb").write_bytes(content)
        proc = run_nbgrader(course, "autograde", ex, "--student", STUDENT, *_sandbox_option(out), env=env, check=False)
        graded_nb = course / "autograded" / STUDENT / ex / f"{ex}.ipynb"
        if not graded_nb.is_file():
            print(f"nbgrader could not grade the notebook:\n{proc.stdout}{proc.stderr}", file=out)
            return 1
        run_nbgrader(course, "generate_feedback", ex, "--student", STUDENT, env=env)
        scores = read_scores(course, ex, STUDENT)
        messages = _messages(graded_nb)
        feedback = root / "feedback" / STUDENT / ex
        if feedback.exists():
            shutil.rmtree(feedback)
        shutil.copytree(course / "feedback" / STUDENT / ex, feedback)
    width = max(len(g) for g in scores["cells"]) if scores["cells"] else 10
    for gid in grade_ids(root / "solutions" / ex / f"{ex}.ipynb"):
        score, points, manual = scores["cells"][gid]
        shown = f"{'-':>4} / {points:g}  (graded by a person)" if manual else f"{score:>4g} / {points:g}"
        line = f"  {gid:<{width}}  {shown}"
        if gid in messages and not manual:
            line += f"   {messages[gid]}"
        print(line, file=out)
    print(f"Total: {scores['total']:g} / {scores['max']:g}", file=out)
    print(f"Feedback: {(feedback / f'{ex}.html').relative_to(root)}  (open it in JupyterLab or a browser)", file=out)
    print("Your notebook was not changed.", file=out)
    return 0


def generate(exercises=(), root=None, out=sys.stdout) -> int:
    """Regenerate ``exercises/<ex>`` from ``solutions/<ex>`` with nbgrader generate_assignment."""
    root = Path(root) if root else find_course_root()
    exercises = list(exercises) or sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir())
    with tempfile.TemporaryDirectory(prefix="dlf-generate-") as tmp:
        course = new_course(Path(tmp) / "course", root, exercises)
        env = isolated_env(Path(tmp) / "env")
        for ex in exercises:
            run_nbgrader(course, "generate_assignment", ex, "--force", env=env)
            dest = root / "exercises" / ex
            if dest.exists():
                shutil.rmtree(dest)
            shutil.copytree(course / "exercises" / ex, dest)
            print(f"exercises/{ex} generated from solutions/{ex}", file=out)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursegrader.selfgrade", description=__doc__.split("\n\n")[0])
    parser.add_argument("exercise", nargs="*", help="e.g. ex00_notation_and_shapes")
    parser.add_argument("--notebook", help="the notebook to grade (default: exercises/<EX>/<EX>.ipynb)")
    parser.add_argument("--generate", action="store_true", help="regenerate exercises/ from solutions/ (instructors)")
    args = parser.parse_args(argv)
    try:
        if args.generate:
            return generate(args.exercise)
        if len(args.exercise) != 1:
            parser.error("give exactly one exercise, e.g. ex00_notation_and_shapes")
        return selfgrade(args.exercise[0], notebook=args.notebook)
    except (FileNotFoundError, RuntimeError) as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
