"""Time the execution of every lecture, as a student's "Run All" would.

Each lecture is executed from a fresh kernel (nbclient, the executor behind
`jupyter nbconvert --execute`); the time includes the kernel's start-up and the import
of the library. Prints one line per lecture and the total. The course aims at about
10 s per lecture on a 2-core laptop. Run with `make bench-lectures`; not part of
`make test`. The executed copies are thrown away: the committed lectures are untouched.

Usage: python benchmarks/lectures.py [NN ...]   (default: every lecture)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

LECTURES = Path(__file__).resolve().parent.parent / "lectures"


def time_lecture(path: Path) -> float:
    """Execute the notebook at `path` in a fresh kernel; return the wall time in seconds."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(numbers: list[str]) -> None:
    paths = sorted(LECTURES.glob("[0-9][0-9]_*.ipynb"))
    if numbers:
        paths = [p for p in paths if p.name[:2] in numbers]
    total = 0.0
    for path in paths:
        seconds = time_lecture(path)
        total += seconds
        print(f"{path.stem:45s} {seconds:6.1f} s", flush=True)
    print(f"{'total':45s} {total:6.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
