"""Autograding with the tests in a trusted process, apart from the student's code.

Threat model
------------
A student controls every unlocked cell of their notebook and may be malicious. If the test
cells ran in the student's kernel (nbgrader's way), that code could change how its own tests
score: rebind the checks, patch NumPy, install an IPython hook that skips or rewrites every
test cell, display a fake score, read the expected values out of the checker's frames, or
print the hidden tests. The sandbox (:mod:`coursegrader.sandbox`) cannot prevent any of it.
So when a notebook is autograded (``nbgrader autograde``, ``make grade``):

- the student's kernel (sandboxed) runs the student's cells and the instructor's cells that
  are not tests (setup, helpers, demos), and nothing else: it never receives a test cell;
- the test cells run here, in the grading process, with the source that nbgrader's gradebook
  holds for them (the submission's copy is ignored); the instructor's non-test cells run here
  too (after running in the student's kernel), so that the tests use the instructor's
  ``np``, checks, data and helpers, never the student's;
- a name that no instructor cell binds (``answer_q1``, ``linear_forward``, ``Value``) is
  looked up in the student's kernel before each cell here: plain data arrives as a copy,
  anything else as a :class:`~coursegrader.remote.Remote` whose every use is a request that
  only plain data answers (:mod:`coursegrader.remote`, :mod:`coursegrader.wire`). Nothing from
  the student's process is unpickled or evaluated here;
- a test cell scores by whether it raised *here*. Its outputs are made here: what it
  printed, what the student's code printed while the test called it, and the error. The
  student's kernel cannot add an output, least of all a number that nbgrader would read as
  partial credit;
- checks about the code rather than its results (no loop over the examples) read the
  student's cells as text (:mod:`coursegrader.codecheck`);
- a student's function that hangs, crashes its kernel or answers with something else fails
  the test that called it; the kernel is interrupted or restarted, the cells that ran in it
  are replayed, and the next cells are graded.

What the student's code can still do is what any function can: compute its results as it
likes. It only ever sees the arguments a test gives it and the functions a test hands it.

In the student's own JupyterLab nothing of this happens: test cells run in their kernel, and
the same test source works in both places (``coursegrader.checks`` helps where it must differ).
``--TrustedExecute.tests_in_student_kernel=True`` grades the old way (one process).
"""

from __future__ import annotations

import builtins
import contextlib
import io
import symtable
import sys
import traceback
from collections import namedtuple
from datetime import UTC, datetime

from jupyter_core.utils import run_sync
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_output
from traitlets import Bool

from coursegrader import checks
from coursegrader.remote import StudentKernel, StudentKernelError, dlf_class
from coursegrader.sandbox import SandboxedExecute

__all__ = ["TrustedTests", "TrustedExecute", "bound_names", "read_names"]

InstructorCell = namedtuple("InstructorCell", "source is_test")
_BUILTINS = set(dir(builtins))


def bound_names(source) -> set:
    """The names a cell binds at its top level (assignments, imports, def, class, for targets)."""
    table = symtable.symtable(source, "<cell>", "exec")
    return {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported() or s.is_namespace()}


def read_names(source) -> set:
    """The global names a cell reads, at its top level or inside its functions, classes and lambdas."""
    names, tables = set(), [symtable.symtable(source, "<cell>", "exec")]
    top = tables[0]
    while tables:
        table = tables.pop()
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (table is top or symbol.is_global()):
                names.add(symbol.get_name())
        tables.extend(table.get_children())
    return names


class _TrustedNotebook:
    """What ``coursegrader.checks`` sees of the notebook while a test runs here."""

    def __init__(self, tests):
        self.tests = tests

    def sources(self):
        return list(self.tests.student_sources)

    def get(self, name):
        values = self.tests.kernel.lookup([name])
        if name not in values or isinstance(values[name], Exception):
            raise NameError(f"name {name!r} is not defined in the student's notebook")
        return values[name]

    def set(self, name, value):
        self.tests.kernel.set_global(name, value)


class TrustedTests:
    """The trusted side of one graded notebook: runs the instructor's cells here.

    Parameters
    ----------
    kernel : coursegrader.remote.StudentKernel
        The channel to the student's kernel.
    instructor_sources : list of str
        The source of every instructor cell of the notebook (tests and others): a name that one
        of them binds is the instructor's, and is never taken from the student's kernel.
    """

    def __init__(self, kernel, instructor_sources):
        self.kernel = kernel
        kernel.local_class = self.local_class
        self.namespace = {"__name__": "__main__", "__builtins__": builtins}
        self.instructor_names = set()
        for source in instructor_sources:
            with contextlib.suppress(SyntaxError):
                self.instructor_names |= bound_names(source)
        self.wanted = set()  # the student's names that the cells run so far read
        self.student_sources = []  # the student's cells, in the order they ran in its kernel

    def local_class(self, module, qualname):
        """The trusted class a student's object may claim: of ``dlf``, or defined by an instructor cell."""
        if module == "__main__" and qualname in self.instructor_names:
            value = self.namespace.get(qualname)
            return value if isinstance(value, type) else None
        return dlf_class(module, qualname)

    def run_cell(self, name, source, timeout) -> list:
        """Run an instructor cell here; return its outputs (what it printed, and its error)."""
        out = io.StringIO()
        error = None
        try:
            code = compile(source, f"<{name}>", "exec")
            self.wanted |= read_names(source) - self.instructor_names - _BUILTINS
        except SyntaxError as exc:
            code, error = None, exc
        self.kernel.begin_cell(timeout, printed=out.write)
        checks.NOTEBOOK = _TrustedNotebook(self)
        try:
            if code is not None:
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                    self._refresh_student_names()
                    exec(code, self.namespace)
        except Exception as exc:  # KeyboardInterrupt and SystemExit of this process stop the grading
            error = exc
        finally:
            checks.NOTEBOOK = None
            self.kernel.end_cell()
            if "matplotlib.pyplot" in sys.modules:
                sys.modules["matplotlib.pyplot"].close("all")
        outputs = [new_output("stream", name="stdout", text=out.getvalue())] if out.getvalue() else []
        if error is not None:
            outputs.append(_error_output(error, name, source))
        return outputs

    def _refresh_student_names(self):
        """Put the current value of every student name the cells read into the namespace."""
        if not self.wanted:
            return
        values = self.kernel.lookup(self.wanted)
        for name in self.wanted:
            if name not in values or isinstance(values[name], Exception):
                self.namespace.pop(name, None)  # a NameError if a cell uses it
            else:
                self.namespace[name] = values[name]


def _error_output(exc, name, source):
    """An nbformat error output for an exception of a trusted cell: its lines in the cell, the student's frames."""
    lines = source.split("\n")
    entries = []
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == f"<{name}>" and 0 < (frame.lineno or 0) <= len(lines):
            entries.append(f'File "{name}", line {frame.lineno}\n    {lines[frame.lineno - 1].strip()}')
    cause = exc
    while cause is not None and not hasattr(cause, "student_traceback"):
        cause = cause.__cause__ or cause.__context__
    if cause is not None and cause.student_traceback.strip():
        entries.append("In your code:\n" + cause.student_traceback.rstrip())
    evalue = str(exc)
    entries.append(f"{type(exc).__name__}: {evalue}" if evalue else type(exc).__name__)
    return new_output("error", ename=type(exc).__name__, evalue=evalue, traceback=entries)


class TrustedExecute(SandboxedExecute):
    """nbgrader's Execute for autograding: the student's cells in the student's sandboxed kernel,
    the test cells in this process (see the module's threat model)."""

    tests_in_student_kernel = Bool(
        False,
        help="Run the test cells in the student's kernel, as nbgrader does. Then the student's code "
        "can change how its own tests score: use it only to compare.",
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._instructor = {} if self.tests_in_student_kernel else _instructor_cells(resources)
        self._tests = None
        self._replay = []
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if self._tests is not None:
                self._tests.kernel.close()
                self._tests = None

    def _trusted(self) -> TrustedTests:
        if self._tests is None:
            sources = [cell.source for cell in self._instructor.values()]
            self._tests = TrustedTests(StudentKernel(self.km), sources)
        return self._tests

    def preprocess_cell(self, cell, resources, index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        instructor = self._instructor.get(grade_id) if cell.cell_type == "code" else None
        if self.tests_in_student_kernel:
            return super().preprocess_cell(cell, resources, index)
        self._restart_if_broken()
        if instructor is None or not instructor.is_test:
            try:
                cell, resources = super().preprocess_cell(cell, resources, index)
            except DeadKernelError:
                cell.outputs.append(_error_output(StudentKernelError("the kernel died while this cell ran"), "", ""))
                self._trusted().kernel.broken = "the kernel died"
                return cell, resources
            if cell.cell_type == "code":
                self._replay.append(cell.source)
                if instructor is None:
                    self._trusted().student_sources.append(cell.source)
        if instructor is not None:
            self._restart_if_broken()
            started = _now()
            outputs = self._trusted().run_cell(grade_id, instructor.source, timeout=self.timeout or 60)
            if instructor.is_test:
                cell.outputs = outputs
                cell.execution_count = None
                if self.record_timing:  # as nbclient records it for the cells of the kernel
                    cell.metadata["execution"] = {"iopub.execute_input": started, "shell.execute_reply": _now()}
            elif any(o.output_type == "error" for o in outputs):
                self.log.warning("instructor cell %s failed in the trusted process: %s", grade_id, outputs[-1].evalue)
        return cell, resources

    def _restart_if_broken(self):
        """Restart a student's kernel that died or hung, and replay the cells that ran in it."""
        if self._tests is None or not self._tests.kernel.broken:
            return
        self.log.warning(
            "restarting the student's kernel (%s) and replaying %d cells", self._tests.kernel.broken, len(self._replay)
        )
        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.kc.wait_for_ready)(timeout=60)
        kernel = self._tests.kernel
        kernel.close()
        self._tests.kernel = StudentKernel(self.km, self._tests.local_class)
        for source in self._replay:
            msg_id = self._tests.kernel.client.execute(source, silent=True, store_history=False, allow_stdin=False)
            try:
                while (
                    self._tests.kernel.client.shell_channel.get_msg(timeout=self.timeout or 60)["parent_header"].get(
                        "msg_id"
                    )
                    != msg_id
                ):
                    pass
            except Exception:
                self.log.warning("a replayed cell did not finish in time")
                break


def _now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def _instructor_cells(resources) -> dict:
    """``{grade_id: InstructorCell}`` for the locked code cells of the notebook, from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    info = (resources or {}).get("nbgrader", {})
    if not {"db_url", "assignment", "notebook"} <= set(info):
        raise RuntimeError("TrustedExecute runs inside `nbgrader autograde` (it reads the tests from the gradebook)")
    with Gradebook(info["db_url"]) as gradebook:
        notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
        tests = {cell.name for cell in notebook.grade_cells if cell.cell_type == "code"}
        answers = {cell.name for cell in notebook.solution_cells}
        return {
            cell.name: InstructorCell(cell.source, cell.name in tests)
            for cell in notebook.source_cells
            if cell.cell_type == "code" and cell.locked and cell.name not in answers
        }
