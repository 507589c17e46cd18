"""The tests apart from the student's code: the wire format, the channel to a real kernel, and
the same scores as the one-process grader on every reference and catalog submission."""

from __future__ import annotations

import shutil
import tempfile

import numpy as np
import pytest
from gradingkit import regrade_session_batch

from coursegrader import wire
from coursegrader.trusted import TrustedTests, bound_names, read_names

# --- the wire: plain data only ---------------------------------------------------------------


def roundtrip(value, sender=None, receiver=None):
    sender = sender or wire.Mirrors("t")
    receiver = receiver or wire.Mirrors("s")
    return receiver.decode(wire.loads(wire.dumps({"v": sender.encode(value)}))["v"])


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        2**80,
        -0.5,
        float("inf"),
        "C",
        1 + 2j,
        (1, [2.0, "x"], {"a": (None,)}),
        {1: "one", (2, 3): [4]},
        np.float32(1.5),
        np.int64(7),
        np.bool_(True),
        np.arange(6, dtype=np.int16).reshape(2, 3),
        np.array([[1.0, np.nan], [-np.inf, 0.0]]),
        np.zeros((0, 3)),
        np.array(True),
    ],
)
def test_plain_data_crosses_with_its_exact_type_and_value(value):
    back = roundtrip(value)
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape
        np.testing.assert_array_equal(back, value)
    elif isinstance(value, float) and value != value:
        assert back != back
    else:
        assert back == value


def test_a_subclass_of_str_is_not_plain_data():
    class AnyLetter(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    with pytest.raises(wire.WireError, match="not plain data"):
        wire.Mirrors("s").encode(AnyLetter("A"))


@pytest.mark.parametrize("array", [np.array([object()]), np.array(["a", "b"]), np.zeros(2, dtype=[("x", float)])])
def test_arrays_of_objects_strings_or_records_do_not_cross(array):
    with pytest.raises(wire.WireError):
        wire.Mirrors("s").encode(array)


def test_malformed_or_hostile_messages_are_refused():
    receiver = wire.Mirrors("t")
    for bad in [
        {"A": "t1", "dtype": "O", "shape": [1], "data": ""},  # object dtype
        {"A": "t1", "dtype": "<f8", "shape": [3], "data": "AAAA"},  # data does not match the shape
        {"A": "../x", "dtype": "<f8", "shape": [0], "data": ""},
        {"G": "os.system", "state": None},
        {"Z": 1},
        [1, 2],
        {"S": "<U3", "data": ""},
    ]:
        with pytest.raises(wire.WireError):
            receiver.decode(bad)
    deep = 1
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(wire.WireError, match="nests"):
        wire.Mirrors("s").encode(deep)
    with pytest.raises(wire.WireError):
        wire.loads("[1]")
    with pytest.raises(wire.WireError):
        wire.loads("{" * 100_000)


def test_in_place_changes_cross_back_and_identity_is_kept():
    test_side, student_side = wire.Mirrors("t"), wire.Mirrors("s")
    W = np.array([1.0, 2.0, 3.0])
    theirs = roundtrip(W, test_side, student_side)
    theirs[0] = 10.0  # the student's function changes its argument in place
    test_side.apply(wire.loads(wire.dumps(student_side.changes())))
    assert W[0] == 10.0
    assert student_side.changes() == {}  # nothing new to send
    back = roundtrip(theirs, student_side, test_side)
    assert back is W  # an array that comes back is the same object


def test_copy_back_fills_the_callers_dicts_lists_and_generators():
    state, log, rng = {"u": np.zeros(2)}, [1], np.random.default_rng(0)
    kept = state["u"]
    after_state, after_log = {"u": kept, "v": 3}, [1, 2]
    other = np.random.default_rng(0)
    other.normal(size=4)
    wire.copy_back((state, log, rng), (after_state, after_log, other))
    assert state == {"u": kept, "v": 3} and state["u"] is kept and log == [1, 2]
    assert rng.normal() == other.normal()
    # a generator passed by keyword (the keyword arguments are a dict) or in a list: the same object, its new state
    keywords, listed = {"rng": np.random.default_rng(1)}, [np.random.default_rng(1)]
    given, in_list = keywords["rng"], listed[0]
    drawn = np.random.default_rng(1)
    drawn.random(3)
    wire.copy_back((keywords, listed), ({"rng": drawn}, [drawn]))
    assert keywords["rng"] is given and listed[0] is in_list
    assert given.bit_generator.state == drawn.bit_generator.state == in_list.bit_generator.state


# --- which names are the instructor's ---------------------------------------------------------


def test_bound_and_read_names_of_a_cell():
    source = "import numpy as np\nX = np.ones(3)\ndef helper(v):\n    return student_f(v) + X\nfor i in range(2):\n    y = answer\n"
    assert bound_names(source) == {"np", "X", "helper", "i", "y"}
    assert {"np", "student_f", "X", "range", "answer"} <= read_names(source)
    assert "v" not in read_names(source)


# --- the channel to a real kernel ---------------------------------------------------------------

STUDENT = """
import numpy as np
import dlf.layers

Linear = "the student's Linear"  # a name the instructor's setup binds too

answer = "C"
weights = np.arange(3.0)

def double(x):
    return 2 * x

def perturb_and_call(f, x):
    out = []
    for i in range(x.size):
        x[i] += 1.0
        out.append(f(x))
        x[i] -= 1.0
    return out

def fill(state, rng):
    state["v"] = rng.normal(size=2)
    state["n"] = state.get("n", 0) + 1

class ShapeError(ValueError):
    pass

def refuse(x):
    raise ShapeError(f"got {x}")

def overflow():
    return np.exp(np.array([1000.0]))

class V:
    def __init__(self, data):
        self.data, self.grad = data, 0.0
    def __add__(self, other):
        return V(self.data + (other.data if isinstance(other, V) else other))
    __radd__ = __add__
    def backward(self):
        self._backward()

def layer():
    return dlf.layers.Linear(2, 3, rng=np.random.default_rng(0))

def objects():
    return np.array([object()])

def hang():
    while True:
        pass

def crash():
    import os, signal
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.fixture(scope="module")
def kernel():
    from jupyter_core.utils import run_sync

    from coursegrader.remote import StudentKernel
    from coursegrader.sandbox import SandboxedKernelManager

    km = SandboxedKernelManager(kernel_name="python3")
    km.sandbox = False  # these tests are about the protocol; test_forgery grades in the sandbox
    folder = tempfile.mkdtemp(prefix="dlf-trusted-test-")
    run_sync(km.start_kernel)(cwd=folder)
    client = km.blocking_client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    reply = client.execute_interactive(STUDENT, timeout=60)
    assert reply["content"]["status"] == "ok"
    tests = TrustedTests(StudentKernel(km), ["import numpy as np\nfrom dlf.layers import Linear\n"])
    tests.run_cell("setup", "import numpy as np\nfrom dlf.layers import Linear\n", 30)
    yield tests
    client.stop_channels()
    tests.kernel.close()
    run_sync(km.shutdown_kernel)(now=True)
    shutil.rmtree(folder, ignore_errors=True)


def run(tests, source, timeout=30):
    """Run a trusted cell; return (printed text, error output or None)."""
    outputs = tests.run_cell("cell", source, timeout)
    text = "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")
    errors = [o for o in outputs if o["output_type"] == "error"]
    return text, (errors[0] if errors else None)


def test_values_functions_and_objects_of_the_student(kernel):
    text, error = run(
        kernel,
        "print(answer, type(answer).__name__, double(np.arange(3)), weights.dtype)\n"
        "v = V(2.0) + 3\nw = 1 + v\nprint(v.data, w.data, type(v).__name__, isinstance(v, V), isinstance(3, V))\n",
    )
    assert error is None and text == "C str [0 2 4] float64\n5.0 6.0 V True False\n", (text, error)


def test_a_function_of_the_test_reads_the_students_in_place_perturbation(kernel):
    text, error = run(kernel, "W = np.zeros(3)\nprint(perturb_and_call(lambda _: float(W.sum()), W), W)\n")
    assert error is None and text == "[1.0, 1.0, 1.0] [0. 0. 0.]\n", (text, error)


def test_a_callback_set_as_an_attribute_calls_back_with_nested_requests(kernel):
    text, error = run(
        kernel,
        "a = V(1.0)\nout = V(0.0)\ndef rule():\n    a.grad += 2 * out.data + 1\nout._backward = rule\nout.backward()\nprint(a.grad)\n",
    )
    assert error is None and text == "1.0\n", (text, error)


def test_state_dicts_and_generators_change_as_in_one_process(kernel):
    text, error = run(
        kernel,
        "state, rng = {}, np.random.default_rng(5)\nfill(state, rng)\nfill(state, rng)\n"
        "ref = np.random.default_rng(5)\nref.normal(size=2)\nprint(state['n'], np.allclose(state['v'], ref.normal(size=2)), rng.normal() == ref.normal())\n",
    )
    assert error is None and text == "2 True True\n", (text, error)


def test_the_students_exception_keeps_its_type_and_name(kernel):
    text, error = run(
        kernel,
        "try:\n    refuse(3)\nexcept ValueError as exc:\n    print(type(exc).__name__, exc)\n",
    )
    assert error is None and text == "ShapeError got 3\n", (text, error)
    _, error = run(kernel, "refuse(4)")
    assert error["ename"] == "ShapeError" and any("In your code" in entry for entry in error["traceback"])


def test_numpy_warnings_reach_the_test(kernel):
    text, error = run(
        kernel,
        "import warnings\nwith warnings.catch_warnings():\n    warnings.simplefilter('error')\n"
        "    try:\n        overflow()\n    except RuntimeWarning as w:\n        print('caught', w)\n",
    )
    assert error is None and text.startswith("caught overflow"), (text, error)


def test_isinstance_of_a_dlf_class_and_non_plain_arrays(kernel):
    text, error = run(
        kernel, "print(isinstance(layer(), Linear), isinstance(layer(), int), type(objects()).__name__)\n"
    )
    assert error is None and text == "True False ndarray\n", (text, error)


def test_the_test_cells_names_win_over_the_students(kernel):
    # Linear is bound by an instructor cell: the student's Linear (a string) is never used
    text, error = run(kernel, "print(Linear.__module__, answer)")
    assert error is None and text == "dlf.layers C\n", (text, error)


def test_a_hanging_call_fails_its_cell_and_the_kernel_still_answers(kernel):
    text, error = run(kernel, "hang()", timeout=2)
    assert error is not None and "time limit" in error["evalue"]
    text, error = run(kernel, "print(double(4))")
    assert error is None and text == "8\n"


def test_a_crash_fails_its_cell_and_marks_the_kernel(kernel):
    _, error = run(kernel, "crash()", timeout=20)
    assert error is not None and "died" in error["evalue"]
    assert kernel.kernel.broken
    _, error = run(kernel, "double(1)")
    assert error is not None and "not answering" in error["evalue"]


# --- the same scores as the one-process grader --------------------------------------------------


@pytest.mark.slow
def test_one_process_and_tests_apart_give_the_same_scores(graded, tmp_path_factory, report_timings):
    """The references, blanks and a sixth of the catalog submissions, graded again the one-process way."""
    flag = "--TrustedExecute.tests_in_student_kernel=True"
    again, different = regrade_session_batch(graded, tmp_path_factory.mktemp("one-process"), flag)
    report_timings(again)
    assert not different, f"scores differ between one process and tests apart: {different}"
