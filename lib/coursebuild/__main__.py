"""Command line of :mod:`coursebuild`: ``python -m coursebuild --help``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import jupytext

from . import __doc__ as usage
from .notebooks import KINDS, build, course_root, differences, find_sources


def _select(kind: str, names: list[str], root: Path) -> list[Path]:
    sources = find_sources(kind, root)
    if not names:
        return sources
    chosen = [s for s in sources if any(name in s.name for name in names)]
    unknown = [n for n in names if not any(n in s.name for s in sources)]
    if unknown:
        known = ", ".join(s.name for s in sources)
        raise SystemExit(f"no {kind} text source matches {', '.join(unknown)}; there are: {known}")
    return chosen


def to_text(notebook: Path) -> Path:
    """Write the text source of an existing notebook (once, for a new lecture or exercise)."""
    notebook = Path(notebook).resolve()
    for kind in KINDS.values():
        text = notebook.with_name(notebook.stem + kind.suffix)
        if text.match(kind.pattern):
            nb = jupytext.read(notebook)
            nb.metadata.pop("jupytext", None)
            jupytext.write(nb, text, fmt=kind.fmt)
            return text
    raise SystemExit(f"{notebook}: not a lecture (lectures/NN_*.ipynb) or a solution (solutions/<ex>/<ex>.ipynb)")


def main(argv=None) -> int:
    try:
        root = course_root()
    except FileNotFoundError as exc:
        raise SystemExit(f"{exc}: run this from the course folder") from None
    parser = argparse.ArgumentParser(
        prog="python -m coursebuild", description=usage, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("kind", nargs="?", choices=sorted(KINDS), help="which notebooks to build")
    parser.add_argument("names", nargs="*", help="only the sources whose file name contains one of these")
    parser.add_argument("--no-execute", action="store_true", help="build lectures without running them")
    parser.add_argument(
        "--remeasure", action="store_true", help="also refresh the outputs of timing cells (# NBVAL_IGNORE_OUTPUT)"
    )
    parser.add_argument(
        "--check", action="store_true", help="report notebooks that differ from their text; build nothing"
    )
    parser.add_argument("--to-text", nargs="+", type=Path, metavar="NOTEBOOK", help="write text sources for notebooks")
    args = parser.parse_args(argv)

    if args.to_text:
        for notebook in args.to_text:
            print(f"{to_text(notebook)} written from {notebook}")
        return 0
    kinds = [args.kind] if args.kind else sorted(KINDS)
    if args.check:
        failed = 0
        for kind in kinds:
            for text in _select(kind, args.names, root):
                for problem in differences(text):
                    failed += 1
                    print(f"{text.relative_to(root)}: {problem}")
        print("every notebook matches its text source" if not failed else f"{failed} differences")
        return 1 if failed else 0
    if not args.kind:
        parser.error("say which notebooks to build: lectures or solutions")
    for text in _select(args.kind, args.names, root):
        start = time.perf_counter()
        target = build(text, execute_cells=False if args.no_execute else None, remeasure=args.remeasure)
        print(f"{target.relative_to(root)} built from {text.name} in {time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
