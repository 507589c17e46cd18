"""Grade a class: every student's submission of one exercise or more, by parallel workers.

Usage, from the course folder (where ``nbgrader_config.py`` is)::

    make grade-class EX=ex05_backprop [WORKERS=4] [FORCE=1]
    python -m coursegrader.classgrade EX [EX ...] [--workers N] [--force] [--student-timeout S] [NBGRADER OPTIONS]
    python -m coursegrader.classgrade --all

Each submission ``submitted/<student>/<EX>/`` is graded as ``nbgrader autograde EX --student
<student>`` grades it with this course's ``nbgrader_config.py``: the student's code in the
sandbox with the per-cell timeout, the tests apart, the grades in the gradebook. Options of
nbgrader are passed on, e.g. ``--Execute.timeout=20``. ``N`` workers (default: the machine's
cores) each grade one student at a time (:mod:`coursegrader.classpool` says why workers are
long-lived processes and what happens when one fails). A progress bar counts the students and
estimates the time left; the summary at the end gives the students graded, those that
failed and why, the time and the notebooks per second. nbgrader's log of every student is
appended to ``classgrade.log``.

Resuming
--------
A student is committed when nbgrader has finished with them: their grades are in the
gradebook and the command records the autograded notebooks (:mod:`coursegrader.classrecord`
says why nbgrader's files alone cannot tell). Running the command again grades only the
submissions without such a result, so after Ctrl-C, a crash or a kill the same command
resumes; a student interrupted half-way is graded again from the start (nbgrader's
``--force`` removes what was left of them). ``--force`` grades every submission again. Only
one ``classgrade`` runs in a course folder at a time (a lock, ``.classgrade.lock``, held until
its last worker has exited).

The gradebook
-------------
SQLite (``gradebook.db``) by default, PostgreSQL when ``COURSE_DB_URL`` says so (see
:mod:`coursegrader.gradebookdb`). On PostgreSQL the workers write their grades in parallel;
on SQLite their transactions take turns (``BEGIN IMMEDIATE``), which is safe and costs little
since they last milliseconds. The summary says which.

Sandbox
-------
When grading as root, worker slot ``k`` runs its students' kernels as its own uid
``--uid-base + k``, so that the limit on processes of one sandbox is not shared by the
others (:mod:`coursegrader.sandbox`, "Parallel grading").
"""

from __future__ import annotations

import argparse
import fcntl
import glob
import os
import pwd
import re
import signal
import sys
import time
from pathlib import Path

from coursegrader.classpool import Job, WorkerPool
from coursegrader.classrecord import ClassRecord
from coursegrader.gradebookdb import describe, is_sqlite, serialize_sqlite_writes
from coursegrader.sandbox import WORKER_UID_BASE

__all__ = ["pending_jobs", "slot_uids", "summary", "main"]

LOG_NAME = "classgrade.log"
LOCK_NAME = ".classgrade.lock"
NBGRADER_OPTION = re.compile(r"^--[A-Za-z_]\w*\.\w+=")  # --Class.trait=value


def pending_jobs(app, assignments, force=False) -> tuple[list, int]:
    """The submissions to grade, and how many were skipped because they have a result (:mod:`coursegrader.classrecord`).

    Parameters
    ----------
    app : nbgrader.apps.AutogradeApp
        The initialized application (course folder and gradebook).
    assignments : list of str
    force : bool
        Grade every submission, graded or not.
    """
    from nbgrader.api import Gradebook

    coursedir = app.coursedir
    jobs, skipped = [], 0
    with Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        for assignment in assignments:
            in_gradebook = {sub.student.id for sub in gb.find_assignment(assignment).submissions}
            record = ClassRecord(coursedir, assignment)
            found = glob.glob(coursedir.format_path(coursedir.submitted_directory, "*", assignment))
            for student in sorted(Path(path).parent.name for path in found if os.path.isdir(path)):
                if force or not record.is_graded(student, student in in_gradebook):
                    jobs.append(Job(assignment, student))
                else:
                    skipped += 1
    return jobs, skipped


def slot_uids(workers, base) -> list:
    """``[base, base + 1, ...]``: the sandbox uid of each worker slot; refuse one that has an account."""
    uids = list(range(base, base + workers))
    for uid in uids:
        try:
            account = pwd.getpwuid(uid).pw_name
        except KeyError:
            continue
        raise SystemExit(
            f"uid {uid} belongs to the account {account!r}: students' kernels must run as uids that are no one's. "
            f"Choose another --uid-base (default {WORKER_UID_BASE})."
        )
    return uids


def _load_course(nbgrader_args):
    """nbgrader's AutogradeApp, initialized from the course folder and the options, as ``nbgrader autograde``."""
    from nbgrader.apps import AutogradeApp

    app = AutogradeApp()
    app.initialize(nbgrader_args)
    return app


def _lock(root: Path):
    """Hold the course's lock, waiting while another classgrade (or its last workers) holds it."""
    handle = open(root / LOCK_NAME, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"waiting: another classgrade runs in this course folder ({LOCK_NAME}); Ctrl-C to give up", flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle  # the workers inherit it: the lock lasts until the last of them exits


def _assignments(app, args, parser) -> list:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(app.coursedir.db_url, app.coursedir.course_id) as gb:
        known = [a.name for a in gb.assignments]
        if args.all:
            return known
        for name in args.exercises:
            try:
                gb.find_assignment(name)
            except MissingEntry:
                parser.error(
                    f"{name} is not in the gradebook ({describe(app.coursedir.db_url)}); "
                    f"run `nbgrader generate_assignment {name}` first. Known: {', '.join(known) or 'none'}"
                )
    return list(args.exercises)


def _sandbox(app, args):
    """Check the sandbox as autograde would; return the uid of each slot (None: keep nobody)."""
    from coursegrader.sandbox import SandboxUnavailable, check_available
    from coursegrader.trusted import TrustedExecute

    execute = TrustedExecute(parent=app)
    if not execute.sandbox:
        return None
    try:
        check_available()
    except SandboxUnavailable as exc:
        raise SystemExit(f"not grading: {exc}") from None
    return slot_uids(args.workers, args.uid_base) if os.geteuid() == 0 else None


def _progress(total):
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: the workers are forked from this process
    return tqdm(
        total=total, unit="student", desc="grading", dynamic_ncols=True, smoothing=0.05, mininterval=1, file=sys.stderr
    )


def _duration(seconds) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def summary(results, *, skipped, seconds, workers, db_url, interrupted=False, left=0) -> str:
    """The lines printed at the end of a run."""
    graded = [r for r in results if r.ok]
    failed = [r for r in results if not r.ok]
    notebooks = sum(r.notebooks for r in graded)
    writes = "written in parallel" if not is_sqlite(db_url) else "transactions take turns (BEGIN IMMEDIATE)"
    lines = [
        f"{'Interrupted: graded' if interrupted else 'Graded'} {len(graded)} submissions ({notebooks} notebooks) in "
        f"{_duration(seconds)}, {notebooks / seconds if seconds else 0:.2f} notebooks/s with {workers} workers; "
        f"{len(failed)} failed; gradebook: {describe(db_url)}, {writes}.",
    ]
    if skipped:
        lines.append(f"Skipped {skipped} submissions that already have a result (--force grades them again).")
    if interrupted:
        lines.append(f"{left} submissions were not graded: run the same command again to grade them.")
    if failed:
        lines.append(f"Failed ({len(failed)}; nbgrader's log of every student is in {LOG_NAME}):")
        lines += [f"  {r.job.student} ({r.job.assignment}): {r.reason}" for r in failed]
    return "\n".join(lines)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coursegrader.classgrade",
        description=__doc__.split("\n\n")[0],
        epilog="Other options of the form --Class.trait=value are passed to nbgrader, e.g. --Execute.timeout=20.",
    )
    parser.add_argument("exercises", nargs="*", metavar="EX", help="e.g. ex05_backprop")
    parser.add_argument("--all", action="store_true", help="every exercise of the gradebook")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)), help="default: the cores")
    parser.add_argument("--force", action="store_true", help="grade again the submissions that have a result")
    parser.add_argument("--student-timeout", type=float, default=3600, help="seconds per student (default 3600)")
    parser.add_argument("--uid-base", type=int, default=WORKER_UID_BASE, help="sandbox uid of worker slot 0 (as root)")
    args, nbgrader_args = parser.parse_known_args(argv)
    wrong = [a for a in nbgrader_args if not NBGRADER_OPTION.match(a)]
    if wrong:
        parser.error(f"unknown arguments {wrong}; nbgrader's options are written --Class.trait=value")
    if bool(args.exercises) == args.all:
        parser.error("give the exercises to grade (e.g. ex05_backprop), or --all")
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    root = Path.cwd()
    if not (root / "nbgrader_config.py").is_file():
        parser.error(f"no nbgrader_config.py in {root}: run this from the course folder")

    app = _load_course(nbgrader_args)
    db_url = app.coursedir.db_url
    if is_sqlite(db_url):
        serialize_sqlite_writes()
    lock = _lock(root)
    assignments = _assignments(app, args, parser)
    uids = _sandbox(app, args)
    jobs, skipped = pending_jobs(app, assignments, force=args.force)
    workers = max(1, min(args.workers, len(jobs)))
    print(
        f"{len(jobs)} submissions of {', '.join(assignments)} to grade ({skipped} already graded), "
        f"{workers} workers; log: {LOG_NAME}",
        flush=True,
    )

    results, interrupted, start = [], False, time.perf_counter()
    signal.signal(signal.SIGTERM, _interrupt)
    pool = WorkerPool(app, workers, uids, root / LOG_NAME, args.student_timeout)
    records = {assignment: ClassRecord(app.coursedir, assignment) for assignment in assignments}
    bar = _progress(len(jobs))
    try:
        for result in pool.run(jobs):
            results.append(result)
            record = records[result.job.assignment]
            if result.ok:  # the commit point of a student: nbgrader has finished with them
                record.commit(result.job.student, result.hashes)
            else:
                record.forget(result.job.student)
                bar.write(f"failed: {result.job.student} ({result.job.assignment}): {result.reason}")
            bar.update()
            bar.set_postfix(failed=sum(not r.ok for r in results), refresh=False)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        bar.close()
        lock.close()
    seconds = time.perf_counter() - start
    print(
        summary(
            results,
            skipped=skipped,
            seconds=seconds,
            workers=workers,
            db_url=db_url,
            interrupted=interrupted,
            left=len(jobs) - len(results),
        ),
        flush=True,
    )
    if interrupted:
        return 130
    return 1 if any(not r.ok for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
