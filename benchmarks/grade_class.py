"""Time grading a class: one ``nbgrader autograde`` against ``coursegrader.classgrade`` with 1, 2 and all workers.

A synthetic class of N submissions of one exercise (default 200 of ex05_backprop) is made in
a temporary course: of every 20 students, 12 hand in the reference solution, 3 the blank
release, 4 a mistake of the exercise's catalog (``tests/grading/catalog``, taken in turn) and 1
an alternative correct answer; one student's code loops forever (it costs the per-cell
timeout) and one kills its kernel. The class is then graded

- sequentially, by ``nbgrader autograde EX`` (one process, one student after the other);
- by ``python -m coursegrader.classgrade EX --force`` with 1 worker, 2 workers and one per core.

It prints the seconds, the notebooks per second and the speed-up over nbgrader of each, and
first what the choice of process model rests on: the start-up of an ``nbgrader`` process (an
``autograde`` that finds nothing to do) and of a student's sandboxed kernel.

    .venv/bin/python benchmarks/grade_class.py [-n 200] [--exercise ex05_backprop] [--postgres]

``--postgres`` puts the gradebook on a throwaway PostgreSQL server (needs
``apt-get install postgresql``); by default it is SQLite. Not part of ``make test``: with
N = 200 it takes about half an hour on 2 cores (N = 40: 8 minutes).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import runpy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from coursegrader.selfgrade import isolated_env, new_course, run_nbgrader

ROOT = Path(__file__).resolve().parents[1]


def reference_submission(release: dict, source: dict) -> dict:
    """The release with every solution cell holding the reference answer (its ### markers removed)."""
    answers = {
        c["metadata"]["nbgrader"]["grade_id"]: "".join(c["source"])
        for c in source["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    nb = copy.deepcopy(release)
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            text = answers[meta["grade_id"]]
            cell["source"] = "\n".join(line for line in text.split("\n") if "### " not in line)
    return nb


def with_cells(notebook: dict, sources: dict) -> dict:
    """A copy of ``notebook`` with the cells ``{grade_id: source}`` replaced."""
    nb = copy.deepcopy(notebook)
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id in sources:
            cell["source"] = sources[grade_id]
    return nb


def make_class(folder: Path, ex: str, n: int, env: dict) -> Path:
    """A course in ``folder`` with ``ex`` generated and ``n`` students' submissions; return its root."""
    course = new_course(folder / "course", ROOT, [ex])
    run_nbgrader(course, "generate_assignment", ex, env=env)
    release = json.loads((course / "exercises" / ex / f"{ex}.ipynb").read_text())
    source = json.loads((course / "solutions" / ex / f"{ex}.ipynb").read_text())
    reference = reference_submission(release, source)
    sys.path.insert(0, str(ROOT / "tests" / "grading"))  # the catalogs import gradingkit's helpers
    catalog = runpy.run_path(str(ROOT / "tests" / "grading" / "catalog" / f"{ex}.py"))
    wrong, right = catalog["WRONG"], catalog["RIGHT"]
    first_answer = next(
        c["metadata"]["nbgrader"]["grade_id"]
        for c in release["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("solution") and c["cell_type"] == "code"
    )
    for i in range(n):
        kind = i % 20
        if i == 7:
            nb = with_cells(reference, {first_answer: "while True:\n    pass\n"})
        elif i == 13:
            nb = with_cells(reference, {first_answer: "import os\nos._exit(1)\n"})
        elif kind < 12:
            nb = reference
        elif kind < 15:
            nb = release
        elif kind < 19:
            nb = with_cells(reference, wrong[(i // 20 * 4 + kind - 15) % len(wrong)]["cells"])
        else:
            nb = with_cells(reference, right[(i // 20) % len(right)]["cells"])
        folder = course / "submitted" / f"student{i:04d}" / ex
        folder.mkdir(parents=True)
        (folder / f"{ex}.ipynb").write_text(json.dumps(nb))
    return course


def timed(cmd, course, env) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds


def kernel_startup(env) -> float:
    """Seconds to start a sandboxed kernel and run ``import numpy`` in it (in a fresh process)."""
    code = (
        "import tempfile, time, os\n"
        "from jupyter_core.utils import run_sync\n"
        "from coursegrader.sandbox import SandboxedKernelManager\n"
        "km = SandboxedKernelManager(kernel_name='python3')\n"
        "folder = tempfile.mkdtemp(); os.chmod(folder, 0o755)\n"
        "start = time.perf_counter()\n"
        "run_sync(km.start_kernel)(cwd=folder)\n"
        "kc = km.blocking_client(); kc.start_channels(); kc.wait_for_ready(timeout=60)\n"
        "kc.execute_interactive('import numpy', timeout=60)\n"
        "print(time.perf_counter() - start)\n"
        "kc.stop_channels(); run_sync(km.shutdown_kernel)(now=True)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="students (default 200)")
    parser.add_argument("--exercise", default="ex05_backprop")
    parser.add_argument("--postgres", action="store_true", help="the gradebook on a throwaway PostgreSQL")
    args = parser.parse_args(argv)
    cores = len(os.sched_getaffinity(0))
    ex, n = args.exercise, args.n
    cluster = None
    with tempfile.TemporaryDirectory(prefix="dlf-bench-class-") as tmp:
        env = isolated_env(Path(tmp) / "env", home=Path(tmp) / "home")
        env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
        if args.postgres:
            from coursegrader.pgcluster import TemporaryCluster

            cluster = TemporaryCluster().start()
            env["COURSE_DB_URL"] = cluster.create_database("bench")
        try:
            course = make_class(Path(tmp), ex, n, env)
            print(f"{n} submissions of {ex} on {cores} cores; gradebook: {'PostgreSQL' if cluster else 'SQLite'}")
            rows = []
            seconds = timed([sys.executable, "-m", "nbgrader", "autograde", ex], course, env)
            rows.append(("nbgrader autograde (sequential)", seconds))
            startup = timed(
                [sys.executable, "-m", "nbgrader", "autograde", ex, "--student", "student0000"], course, env
            )
            kernel = kernel_startup(env)
            print(f"start-up: an nbgrader process {startup:.2f} s; a sandboxed kernel with NumPy {kernel:.2f} s")
            for workers in sorted({1, 2, cores}):
                cmd = [sys.executable, "-m", "coursegrader.classgrade", ex, "--force", "--workers", str(workers)]
                rows.append((f"classgrade --workers {workers}", timed(cmd, course, env)))
        finally:
            if cluster:
                cluster.stop()
    base = rows[0][1]
    print(f"{'':34}{'seconds':>9}{'notebooks/s':>13}{'speed-up':>10}")
    for name, seconds in rows:
        print(f"{name:34}{seconds:9.1f}{n / seconds:13.2f}{base / seconds:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
