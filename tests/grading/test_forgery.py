"""Forged grades: students whose code attacks its own tests, graded in ONE batch with honest ones.

Every forger answers every task of ex00 wrongly (the answers of ``WRONG``, which earn 0 on
their own) and adds an attack on the tests: rebinding the checks, replacing their code, a
fake grading module, an IPython hook that skips or rewrites the test cells, a fake display
of a score, objects that read the expected value out of the checker's frames, a string
equal to every letter, a shadowed builtin, a patched NumPy, a protocol forger, inputs zeroed
in place. With the tests run apart from the student's kernel (the default), none earns a
mark. The same batch graded the one-process way (the test cells in the student's kernel,
``--TrustedExecute.tests_in_student_kernel=True``) shows that the attacks are real: most of
them earn marks there. Both tables are printed at the end of the run.

Every message that the grading process sends to a student's kernel (execute requests and the
answers of the protocol) is recorded by a hook in this course's ``nbgrader_config.py``; no
line of a test cell, hidden or visible, is among them.

A student whose function kills its kernel or hangs (ignoring interrupts) loses the tests
that called it and keeps the marks of the others; so does one whose answer cell exits the kernel.
"""

from __future__ import annotations

import codecs
import json

import pytest
from gradingkit import (
    SOLUTIONS,
    Course,
    cells_by_id,
    html_text,
    points,
    reference_submission,
    source,
    split_regions,
    with_cells,
)

pytestmark = pytest.mark.slow

EX = "ex00_notation_and_shapes"
MAX = sum(points(json.loads((SOLUTIONS / EX / f"{EX}.ipynb").read_text())).values())  # the exercise's points
TIMEOUT = 10  # seconds per cell in this batch: the hanging students wait for it

WRONG = {
    "answer_q1": 'answer_q1 = "A"\n',
    "answer_q2": 'answer_q2 = "B"\n',
    "shape_of_dW": "def shape_of_dW(N, D, K):\n    return (K, D)\n",
    "shapes_dX_db": "def shape_of_dX(N, D, K):\n    return (D, N)\n\n\ndef shape_of_db(N, D, K):\n    return (N,)\n",
    "linear_forward": "def linear_forward(X, W, b):\n    return np.array([x @ W for x in X])\n",
    "answer_q3": 'answer_q3 = "A"\n',
    "answer_q4": 'answer_q4 = "B"\n',
    "multiply_adds": "def multiply_adds(sizes):\n    return sum(sizes)\n",
}
CHECKS = "call check_choice check_choice_format check_close check_raises check_shape check_type check_vectorized"

ATTACKS = {
    # the names of the checks rebound in the notebook
    "rebind-checks": {
        "answer_q1": WRONG["answer_q1"]
        + "def _ok(*args, **kwargs):\n    return None\n\n\n"
        + "".join(f"{name} = _ok\n" for name in CHECKS.split()),
    },
    # the checks' code replaced inside the grading module
    "replace-code": {
        "answer_q1": WRONG["answer_q1"]
        + "import coursegrader.checks as _g\n"
        + f"for _name in {CHECKS.split()!r}:\n    getattr(_g, _name).__code__ = (lambda *a, **k: None).__code__\n",
    },
    # a fake grading module, installed in a cell above the setup cell
    "fake-module": {
        "ABOVE_SETUP": "import sys, types\n_fake = types.ModuleType('coursegrader.checks')\n"
        + f"for _name in {CHECKS.split()!r}:\n    setattr(_fake, _name, lambda *a, **k: None)\n"
        + "sys.modules['coursegrader.checks'] = _fake\n",
    },
    # an input transformer that turns every test cell into `pass`
    "transformer-pass": {
        "answer_q1": WRONG["answer_q1"]
        + "def _skip(lines):\n    return ['pass\\n'] if any('check_' in line for line in lines) else lines\n\n\n"
        + "get_ipython().input_transformers_post.append(_skip)\n",
    },
    # a hook that displays a non-number before every cell: nbgrader reads the first result as the score
    "display-score": {
        "answer_q1": WRONG["answer_q1"]
        + "get_ipython().events.register('pre_run_cell', lambda *a: get_ipython().displayhook('full marks'))\n",
    },
    # objects that read the expected value out of the checker's stack frame
    "read-frames": {
        "shapes_dX_db": "import sys\n\n\nclass Spy(tuple):\n"
        "    def _want(self):\n        f = sys._getframe(1)\n"
        "        while f is not None:\n"
        "            if 'want' in f.f_locals:\n                return tuple(f.f_locals['want'])\n"
        "            f = f.f_back\n        return (0, 0)\n"
        "    def __iter__(self):\n        return iter(self._want())\n"
        "    def __len__(self):\n        return 2\n\n\n"
        "class ArraySpy:\n    def __array__(self, dtype=None, copy=None):\n        f = sys._getframe(1)\n"
        "        while f is not None:\n"
        "            if 'expected' in f.f_locals:\n                return np.asarray(f.f_locals['expected'], dtype=float)\n"
        "            f = f.f_back\n        return np.zeros(1)\n\n\n"
        "def shape_of_dX(N, D, K):\n    return Spy((0, 0))\n\n\n"
        "def shape_of_db(N, D, K):\n    return Spy((0, 0))\n\n\n"
        "def shape_of_dW(N, D, K):\n    return Spy((0, 0))\n",
        "linear_forward": "def linear_forward(X, W, b):\n    return ArraySpy()\n",
    },
    # a str subclass equal to every letter
    "any-letter": {
        "answer_q1": "class AnyLetter(str):\n    __hash__ = str.__hash__\n"
        "    def __eq__(self, other):\n        return True\n    def __ne__(self, other):\n        return False\n"
        "    def strip(self, *args):\n        return self\n    def upper(self):\n        return self\n\n\n"
        "answer_q1 = AnyLetter('A')\n",
        "answer_q2": "answer_q2 = AnyLetter('B')\n",
    },
    # builtins shadowed inside the grading module
    "shadow-builtins": {
        "answer_q1": WRONG["answer_q1"]
        + "import builtins\nimport coursegrader.checks as _g\n\n_g.tuple = lambda *a: 'same'\n"
        + "_g.isinstance = lambda obj, kinds: builtins.isinstance(obj, builtins.tuple if kinds is _g.tuple else kinds)\n",
    },
    # NumPy patched: the arrays that the tests build, and their random data, are zeros
    "patch-numpy": {
        "answer_q1": WRONG["answer_q1"]
        + "import numpy as np\n_array, _rng = np.array, np.random.default_rng\n"
        + "np.array = lambda obj, *a, **k: _array(obj, *a, **k) * 0\n"
        + "_arange = np.arange\nnp.arange = lambda *a, **k: _arange(*a, **k) * 0\n\n\nclass _ZeroRng:\n"
        + "    def __init__(self, real):\n        self._real = real\n"
        + "    def normal(self, *args, size=None, **kwargs):\n        return np.zeros(size) if size is not None else 0.0\n"
        + "    def __getattr__(self, name):\n        return getattr(self._real, name)\n\n\n"
        + "np.random.default_rng = lambda *a, **k: _ZeroRng(_rng(*a, **k))\n",
    },
    # the grader's agent replaced by one that answers every request with "C", (D, K)-like tuples...
    "forge-agent": {
        "answer_q1": WRONG["answer_q1"] + "import sys, types\n_fake = types.ModuleType('coursegrader.agent')\n"
        "def _serve():\n    import json\n    message = input(json.dumps({'hello': 1, 'sync': {}}))\n"
        "    while json.loads(message).get('do') != 'end':\n"
        "        message = input(json.dumps({'ok': {'T': [3, 2]}, 'sync': {}}))\n"
        "_fake.serve = _serve\nsys.modules['coursegrader.agent'] = _fake\n",
    },
    # the test's inputs zeroed in place, so that the expected value computed afterwards is zero too
    "zero-inputs": {
        "linear_forward": "def linear_forward(X, W, b):\n    X[...] = 0\n    W[...] = 0\n    b[...] = 0\n"
        "    return np.zeros((X.shape[0], W.shape[1]))\n",
    },
    # every cell the kernel runs is printed, rot13-encoded so that the feedback's filter misses it
    "print-hidden-tests": {
        "answer_q1": WRONG["answer_q1"] + "import codecs\nget_ipython().events.register('pre_run_cell', "
        "lambda info: print('SEEN', codecs.encode(info.raw_cell, 'rot13')))\n"
        "get_ipython().input_transformers_post.append(lambda lines: [print('SEEN', codecs.encode(''.join(lines), "
        "'rot13')) or l for l in lines])\n",
    },
}

# students whose code breaks its kernel (when a test calls it, or in an answer cell): they lose
# the tests of that code and keep the other cells' marks
FORWARD_TESTS = {"test_linear_forward", "test_linear_forward_validates", "test_linear_forward_vectorized"}
RIGHT_BUT = {
    "crash-kernel": (
        {
            "linear_forward": "import os, signal\n\n\ndef linear_forward(X, W, b):\n    os.kill(os.getpid(), signal.SIGKILL)\n"
        },
        FORWARD_TESTS,
        "kernel died",
    ),
    "hang-ignoring-interrupts": (
        {
            "linear_forward": "import signal\n\n\ndef linear_forward(X, W, b):\n    signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "    while True:\n        pass\n"
        },
        FORWARD_TESTS,
        "ran past the time limit",
    ),
    "exit-in-an-answer-cell": ({"answer_q2": "answer_q2 = 'C'\nimport os\nos._exit(3)\n"}, {"test_q2"}, "answer_q2"),
}
RECORDER = """
# --- added by tests/grading/test_forgery.py: record every message sent to a kernel --------
import json as _json
import jupyter_client.session as _session

_send = _session.Session.send


def _recorded_send(self, stream, msg_or_type, content=None, *args, **kwargs):
    kind = msg_or_type if isinstance(msg_or_type, str) else msg_or_type.get("header", {}).get("msg_type")
    body = content if content is not None else (msg_or_type.get("content") if isinstance(msg_or_type, dict) else None)
    if kind in ("execute_request", "input_reply") and body is not None:
        with open(%r, "a", encoding="utf-8") as log:
            log.write(_json.dumps({"type": kind, "content": body}) + "\\n")
    return _send(self, stream, msg_or_type, content, *args, **kwargs)


_session.Session.send = _recorded_send
"""


def _forger(release, attack):
    nb = with_cells(release, WRONG)
    attack = dict(attack)
    if "ABOVE_SETUP" in attack:
        nb["cells"].insert(
            0,
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "above-setup",
                "metadata": {},
                "outputs": [],
                "source": attack.pop("ABOVE_SETUP"),
            },
        )
    return with_cells(nb, attack)


def _grade_batch(course, one_process: bool, record=None):
    release, reference = course.release(EX), None
    reference = reference_submission(release, course.source(EX))
    course.submit("aa-honest", EX, reference)
    course.submit("wrong-baseline", EX, with_cells(release, WRONG))
    for name, attack in ATTACKS.items():
        course.submit(f"forger-{name}", EX, _forger(release, attack))
    for name, (cells, _, _) in RIGHT_BUT.items() if not one_process else ():  # the one-process grader cannot stop them
        course.submit(f"broken-{name}", EX, with_cells(reference, cells))
    course.submit("zz-honest", EX, reference)
    if record is not None:
        with open(course.root / "nbgrader_config.py", "a", encoding="utf-8") as config:
            config.write(RECORDER % str(record))
    flag = [f"--TrustedExecute.tests_in_student_kernel={one_process}"]
    n = 3 + len(ATTACKS) + (0 if one_process else len(RIGHT_BUT))
    course.nbgrader("autograde", EX, f"--Execute.timeout={TIMEOUT}", *flag, notebooks=n)
    if not one_process:
        course.nbgrader("generate_feedback", EX)
    return course


@pytest.fixture(scope="module")
def trusted(tmp_path_factory, report_timings):
    course = Course(tmp_path_factory.mktemp("forgery"), exercises=[EX])
    course.nbgrader("generate_assignment", EX)
    report_timings(course)
    course.record = course.path / "sent-to-kernels.jsonl"
    return _grade_batch(course, one_process=False, record=course.record)


@pytest.fixture(scope="module")
def one_process(tmp_path_factory, report_timings):
    course = Course(tmp_path_factory.mktemp("forgery-one-process"), exercises=[EX])
    course.nbgrader("generate_assignment", EX)
    report_timings(course)
    return _grade_batch(course, one_process=True)


FORGERS = [f"forger-{name}" for name in ATTACKS]


def test_the_wrong_answers_alone_earn_nothing(trusted):
    assert trusted.scores(EX, "wrong-baseline")["total"] == 0


@pytest.mark.parametrize("student", FORGERS)
def test_no_forgery_earns_a_mark(trusted, student):
    scores = trusted.scores(EX, student)
    assert scores["max"] == MAX and scores["total"] == 0, {k: v for k, v in scores["cells"].items() if v[0]}


def test_honest_students_around_the_forgers_keep_full_marks(trusted):
    for student in ("aa-honest", "zz-honest"):
        scores = trusted.scores(EX, student)
        assert scores["total"] == scores["max"] == MAX, (student, scores)


def test_the_attacks_are_real_when_the_tests_share_the_students_kernel(one_process, trusted, capsys):
    """The same batch, graded with the tests in the student's kernel: the attacks earn marks there."""
    before = {s: one_process.scores(EX, s)["total"] for s in FORGERS}
    after = {s: trusted.scores(EX, s)["total"] for s in FORGERS}
    with capsys.disabled():
        print(f"\nforgery table (ex00, {MAX:g} points; every answer wrong):")
        print(f"  {'attack':<32} {'one process':>12} {'tests apart':>12}")
        for student in FORGERS:
            print(f"  {student.removeprefix('forger-'):<32} {before[student]:>12g} {after[student]:>12g}")
    leaked = _printed(one_process.autograded(EX, "forger-print-hidden-tests"))
    assert any(line in leaked for line in _hidden_lines(one_process)), (
        "the one-process grader hid the tests from the hook?"
    )
    # the attacks on the checks themselves, or on the cells that call them, take every mark;
    # most others take some (zero-inputs takes none: ``call(..., keep_inputs=True)`` hands the
    # student copies, in either process; forge-agent has no agent to forge in one process)
    takeovers = ["rebind-checks", "replace-code", "transformer-pass", "display-score"]
    assert all(before[f"forger-{name}"] == MAX for name in takeovers), before
    assert sum(v > 0 for v in before.values()) >= 8, before
    assert one_process.scores(EX, "aa-honest")["total"] == MAX


@pytest.mark.parametrize("name", sorted(RIGHT_BUT))
def test_a_crash_or_hang_costs_only_the_tests_of_that_code(trusted, name):
    _, should_lose, says = RIGHT_BUT[name]
    scores = trusted.scores(EX, f"broken-{name}")["cells"]
    lost = {cell for cell, (score, top, _) in scores.items() if score < top}
    assert lost == should_lose, scores
    assert says in html_text(trusted.feedback(EX, f"broken-{name}"))


def test_no_test_line_is_ever_sent_to_a_students_kernel(trusted):
    source_nb = trusted.source(EX)
    test_lines = set()
    for cell in cells_by_id(source_nb).values():
        meta = cell["metadata"]["nbgrader"]
        if meta.get("grade") and cell["cell_type"] == "code":
            parts = split_regions(source(cell))
            test_lines |= {line for line in parts["visible"] + parts["hidden"] if len(line) >= 12}
    assert len(test_lines) > 20
    messages = [json.loads(line) for line in trusted.record.read_text(encoding="utf-8").splitlines()]
    executed = [m["content"].get("code", "") for m in messages if m["type"] == "execute_request"]
    answers = [m["content"].get("value", "") for m in messages if m["type"] == "input_reply"]
    assert len(executed) > 100 and len(answers) > 100, (len(executed), len(answers))
    for text in executed + answers:
        quoted = [line for line in test_lines if line in text]
        assert not quoted, quoted[:3]


def _printed(autograded) -> str:
    """What the printing forger's hook printed, rot13 undone."""
    return "".join(
        codecs.decode("".join(out["text"]), "rot13")
        for cell in autograded["cells"]
        for out in cell.get("outputs", [])
        if out["output_type"] == "stream"
    )


def _hidden_lines(course) -> set:
    return {
        line
        for cell in cells_by_id(course.source(EX)).values()
        if cell["metadata"]["nbgrader"].get("grade")
        for line in split_regions(source(cell))["hidden"]
        if len(line) >= 12
    }


def test_a_printing_hook_sees_no_hidden_test(trusted):
    """The forger that prints every cell its kernel runs (rot13, past the feedback's filter) finds no test."""
    printed = _printed(trusted.autograded(EX, "forger-print-hidden-tests"))
    assert "answer_q2 = " in printed and "def linear_forward" in printed  # the hook printed the student's cells
    hidden = _hidden_lines(trusted)
    assert len(hidden) > 10 and not [line for line in hidden if line in printed]
