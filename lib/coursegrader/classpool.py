"""The worker processes of :mod:`coursegrader.classgrade`: each grades one student's submission at a time.

Process model
-------------
A worker is a long-lived process, forked from the command once it has loaded the course's
nbgrader configuration. For each student it is given, it does what
``nbgrader autograde EX --student S --force`` does (``AutogradeApp.start``): an nbgrader
``Autograde`` converter, with the course's configuration, for that one student. So every
notebook is graded by the course's pipeline: sanitized, run in the sandbox with the per-cell
timeout, its test cells run apart in the worker (:mod:`coursegrader.trusted`), its grades
written to the gradebook.

Why not one ``nbgrader`` process per student: starting one costs the interpreter, the import
of nbgrader and the Jupyter stack, and the course's configuration (about 3 s on an idle
2-core machine, 8 s on a busy one, ``benchmarks/grade_class.py`` prints it); a student's
sandboxed kernel starts in about 1 s, and starts anew for every notebook in both designs.
A long-lived worker pays the first cost once. It keeps nothing of one student for the
next but what ``nbgrader autograde`` itself keeps when it grades a whole class in one
process: each notebook gets a new kernel, a new converter and a new trusted namespace.

Failures
--------
One student's failure never stops or loses another's:

- an error that nbgrader reports (a notebook that is not JSON, a link in the submission, a
  kernel that cannot be interrupted) fails that student, with the reason taken from the log;
- a worker that dies (the grading process itself crashed or was killed) fails the student it
  was grading; a new worker takes its slot;
- a student that takes longer than ``student_timeout`` (the per-cell timeout stops a cell,
  this stops a whole notebook that would go on for hours) is stopped like a dead worker.

Workers are in their own process group (Ctrl-C reaches the command, which stops them), end
when the command ends, however it ends (``PR_SET_PDEATHSIG``), and on SIGTERM let nbgrader
remove the half-written result of their student before they exit.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import time
import traceback
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Job", "Result", "WorkerPool", "failure_reason"]

_PR_SET_PDEATHSIG = 1
_GRACE = 15.0  # seconds a stopped worker gets to clean up before SIGKILL


@dataclass(frozen=True)
class Job:
    """One student's submission of one assignment."""

    assignment: str
    student: str


@dataclass
class Result:
    """What grading a :class:`Job` gave: ``ok``, or the ``reason`` it failed."""

    job: Job
    ok: bool
    seconds: float
    hashes: dict = field(default_factory=dict)  # autograded notebook -> SHA-256 (coursegrader.classrecord)
    reason: str = ""

    @property
    def notebooks(self) -> int:
        """The number of notebooks graded."""
        return len(self.hashes)


def failure_reason(log: str) -> str:
    """The line of nbgrader's log that says why a student was not graded.

    The exception that ended the first traceback nbgrader logged (the last of a chain:
    ``NotJSONError: Notebook does not appear to be JSON: ...``), else the first error line
    (``No notebooks found, did you forget ...``). nbgrader indents the lines of a message
    after its first.
    """
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.endswith("] Traceback (most recent call last):"):
            message = []
            for after in lines[i + 1 :]:
                if after.startswith("["):  # the next log record
                    break
                message.append(after[4:] if after.startswith("    ") else after)
            raised = [m.strip() for m in message if m.strip() and not m[0].isspace()]
            raised = [m for m in raised if not m.startswith(("Traceback", "The above exception", "During handling"))]
            if raised:
                return raised[-1]
    errors = [line.split("]", 1)[1].strip() for line in lines if line.startswith("[") and "ERROR]" in line]
    return errors[0] if errors else "nbgrader failed without saying why (see the log)"


def grade_one(app, job: Job) -> Result:
    """Autograde one student's submission in this process: ``nbgrader autograde EX --student S --force``.

    Parameters
    ----------
    app : nbgrader.apps.AutogradeApp
        The initialized application: its configuration is the course's.
    job : Job
    """
    from nbgrader.converters import Autograde
    from nbgrader.utils import capture_log, temp_attrs

    from coursegrader.classrecord import notebook_hashes

    start = time.perf_counter()
    try:
        with temp_attrs(app.coursedir, assignment_id=job.assignment, student_id=job.student):
            converter = Autograde(coursedir=app.coursedir, parent=app)
            converter.force = True  # remove a result left half-written by an interrupted run
            outcome = capture_log(converter)
            dest = Path(app.coursedir.format_path(app.coursedir.autograded_directory, job.student, job.assignment))
    except Exception as exc:  # a bug of ours must not stop the class
        return Result(job, False, time.perf_counter() - start, reason=f"{type(exc).__name__}: {exc}")
    if not outcome["success"]:
        return Result(job, False, time.perf_counter() - start, reason=failure_reason(outcome.get("log", "")))
    return Result(job, True, time.perf_counter() - start, hashes=notebook_hashes(dest))


class _Stop(KeyboardInterrupt):
    """Raised in a worker by SIGTERM: nbgrader then cleans up the student it was grading."""


_stopping = []


def _stop(signum, frame):
    _stopping.append(signum)  # nbgrader's log catches the interrupt: the worker loop looks here too
    raise _Stop()


def _serve(app, conn, others, uid, log_path, parent):
    """The body of a worker: grade the jobs that come through ``conn`` until it closes or the command ends.

    ``others`` are the command's ends of the pipes, inherited by the fork: closed here, so that
    a pipe's only holders are the command and its worker.
    """
    for other in others:
        other.close()
    os.setpgrp()  # Ctrl-C in the terminal reaches the command only; it stops the workers
    signal.signal(signal.SIGTERM, _stop)
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)  # end with the command
    if os.getppid() != parent:
        return
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    if uid is not None:
        from traitlets.config import Config

        app.update_config(Config({"SandboxedExecute": {"uid": uid}}))
    try:
        while not _stopping and os.getppid() == parent:
            job = conn.recv()
            if job is None:
                return
            result = grade_one(app, job)
            if _stopping:  # stopped while grading: nbgrader removed what it had written
                return
            conn.send(result)
    except (_Stop, EOFError, BrokenPipeError):
        return
    except Exception:
        traceback.print_exc()
        raise


@dataclass
class _Slot:
    index: int
    uid: int | None
    process: multiprocessing.process.BaseProcess | None = None
    conn: multiprocessing.connection.Connection | None = None
    job: Job | None = None
    started: float = 0.0


class WorkerPool:
    """``workers`` forked processes that grade jobs in parallel, one job each at a time.

    Parameters
    ----------
    app : nbgrader.apps.AutogradeApp
        The initialized application that every worker inherits.
    workers : int
        The number of worker slots.
    uids : list of int or None
        The sandbox uid of each slot (``SandboxedExecute.uid``), or None to keep the configuration's.
    log_path : path
        The file that receives the workers' output (nbgrader's log of every student).
    student_timeout : float
        Seconds after which a student still being graded is stopped and reported failed.
    """

    def __init__(self, app, workers, uids, log_path, student_timeout):
        self.app = app
        self.log_path = str(log_path)
        self.student_timeout = student_timeout
        self.slots = [_Slot(k, uids[k] if uids else None) for k in range(workers)]
        self._context = multiprocessing.get_context("fork")

    def run(self, jobs):
        """Grade ``jobs``; yield a :class:`Result` for each, in the order they finish.

        Stopping the iteration (Ctrl-C, an exception, ``close()``) stops every worker: the students
        they were grading stay ungraded, and a later run grades them.
        """
        queue = deque(jobs)
        try:
            for slot in self.slots:
                if queue:
                    self._give(slot, queue.popleft())
            while any(slot.job for slot in self.slots):
                for slot, result in self._wait():
                    yield result
                    if queue:
                        self._give(slot, queue.popleft())
                    else:
                        self._retire(slot)
        finally:  # busy workers are stopped at once; idle ones were told to exit
            for slot in self.slots:
                self._end(slot, wait=0.0 if slot.job else _GRACE)

    def _give(self, slot, job):
        if slot.process is None or not slot.process.is_alive():
            ours, theirs = self._context.Pipe()
            others = [ours] + [other.conn for other in self.slots if other.conn is not None and other is not slot]
            slot.process = self._context.Process(
                target=_serve,
                args=(self.app, theirs, others, slot.uid, self.log_path, os.getpid()),
                name=f"classgrade-worker-{slot.index}",
                daemon=False,
            )
            slot.process.start()
            theirs.close()
            slot.conn = ours
        slot.conn.send(job)
        slot.job, slot.started = job, time.perf_counter()

    def _wait(self):
        """Wait until a busy slot has a result, died or ran out of time; return ``[(slot, result)]``."""
        busy = [slot for slot in self.slots if slot.job]
        deadline = min(slot.started for slot in busy) + self.student_timeout
        waiting = [slot.conn for slot in busy] + [slot.process.sentinel for slot in busy]
        multiprocessing.connection.wait(waiting, timeout=max(0.0, min(1.0, deadline - time.perf_counter())))
        done = []
        for slot in busy:
            result = self._collect(slot)
            if result is not None:
                slot.job = None
                done.append((slot, result))
        return done

    def _collect(self, slot):
        """The result of a busy slot if it has one, else None; a failed Result if its worker died or overran."""
        elapsed = time.perf_counter() - slot.started
        try:
            if slot.conn.poll():
                return slot.conn.recv()
        except (EOFError, OSError):
            pass
        if not slot.process.is_alive():
            self._end(slot)
            return Result(slot.job, False, elapsed, reason=f"the grading process died ({_exit_reason(slot.process)})")
        if elapsed > self.student_timeout:
            self._end(slot)
            return Result(
                slot.job,
                False,
                elapsed,
                reason=f"stopped after {self.student_timeout:g} s (--student-timeout): the notebook did not finish",
            )
        return None

    def _retire(self, slot):
        """No more jobs for this slot: tell its worker to exit (``run`` waits for it at the end)."""
        if slot.conn is not None:
            try:
                slot.conn.send(None)
            except OSError:
                pass

    def _end(self, slot, wait=0.0):
        """Stop a slot's worker (SIGTERM, SIGKILL after a grace period) and forget it."""
        process = slot.process
        if process is not None:
            process.join(wait)
            if process.is_alive():
                process.terminate()
                process.join(_GRACE)
            if process.is_alive():
                process.kill()
                process.join()
        if slot.conn is not None:
            slot.conn.close()
        slot.process = slot.conn = None


def _exit_reason(process) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        return f"killed by {name}" + (": out of memory?" if name == "SIGKILL" else "")
    return f"exit code {code}"
