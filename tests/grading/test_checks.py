"""coursegrader.checks: the checks of the exercises' test cells teach, diagnose, and cannot be fooled."""

import re

import numpy as np
import pytest

from coursegrader import checks as grading
from coursegrader.checks import (
    call,
    check_choice,
    check_choice_format,
    check_close,
    check_equal,
    check_linear_gradients,
    check_raises,
    check_shape,
    check_type,
)


def message(check, *args, **kwargs) -> str:
    with pytest.raises(AssertionError) as info:
        check(*args, **kwargs)
    return str(info.value)


@pytest.fixture
def layer():
    """A linear layer with D != K and its correct gradients (upstream dY of a mean loss)."""
    rng = np.random.default_rng(0)
    N, D, K = 6, 4, 3
    X, W, b = rng.normal(size=(N, D)), rng.normal(size=(D, K)), rng.normal(size=K)
    dY = rng.normal(size=(N, K)) / N
    return dict(X=X, W=W, b=b, dY=dY, dW=X.T @ dY, dX=dY @ W.T, db=dY.sum(axis=0), N=N)


# --- shapes, types, values ---------------------------------------------------------------


def test_check_shape_passes_for_arrays_and_tuples():
    assert check_shape("dW", np.zeros((3, 2)), ("D", "K"), dims={"D": 3, "K": 2}) is None
    assert check_shape("s", (np.int64(3), 2), (3, 2)) is None


def test_check_shape_names_the_transpose_in_course_notation():
    msg = message(check_shape, "shape_of_dW(N=5, D=3, K=2)", (2, 3), ("D", "K"), dims={"N": 5, "D": 3, "K": 2})
    assert "expected shape (D, K) = (3, 2); got (2, 3), which is (K, D)" in msg
    assert "wrong order" in msg


def test_check_shape_names_a_leftover_batch_axis():
    msg = message(check_shape, "db", np.zeros((5, 2)), ("K",), dims={"N": 5, "D": 3, "K": 2})
    assert "expected shape (K,) = (2,); got (5, 2), which is (N, K)" in msg
    assert "batch" in msg


@pytest.mark.parametrize("got, says", [([3, 2], "a tuple"), ((3.0, 2), "tuple of ints"), ("(3, 2)", "got str")])
def test_check_shape_wants_a_tuple_of_ints(got, says):
    assert says in message(check_shape, "s", got, (3, 2))


def test_check_type_and_check_equal():
    check_type("n", np.int64(3), int)
    check_equal("n", np.int64(3), 3)
    check_equal("t", (1, 2), (1, 2))
    assert "expected a tuple; got list" in message(check_type, "s", [1, 2], tuple)
    assert "expected an int; got bool" in message(check_type, "n", True, int)
    assert "expected 4; got 3" in message(check_equal, "count", 3, 4)
    assert "expected (1, 2); got [1, 2]" in message(check_equal, "t", [1, 2], (1, 2))


def test_check_close_passes_and_returns_none():
    x = np.linspace(-1, 1, 7)
    assert check_close("y", x + 1e-12, x) is None
    check_close("y", [np.inf, 1.0], np.array([np.inf, 1.0]))


def test_check_close_reports_the_largest_error_and_where():
    expected = np.arange(12.0).reshape(3, 4)
    got = expected.copy()
    got[2, 1] += 0.5
    got[0, 0] += 0.1
    msg = message(check_close, "Y", got, expected)
    assert "2 of 12 entries differ" in msg
    assert "at index (2, 1): got 9.5, expected 9" in msg


def test_check_close_reports_expected_and_got_shapes():
    msg = message(check_close, "Y", np.zeros((2, 3)), np.zeros((3, 2)), dims={"N": 3, "K": 2})
    assert "expected shape (3, 2), which is (N, K); got (2, 3), which is (K, N)" in msg


@pytest.mark.parametrize(
    "factor, says",
    [
        (-1.0, "sign error"),
        (2.0, "twice"),
        (0.5, "half"),
        (4.0, "times N = 4"),
        (0.25, "divided by N = 4"),
        (3.0, None),
    ],
)
def test_check_close_recognises_a_meaningful_factor_only(factor, says):
    expected = np.random.default_rng(1).normal(size=(4, 3))
    msg = message(check_close, "dW", factor * expected, expected, dims={"N": 4})
    if says is None:
        assert "Your result" not in msg
    else:
        assert says in msg


def test_two_scalars_get_no_factor_hint_and_close_numbers_show_their_difference():
    msg = message(check_close, "loss", 9.0, 10.0)
    assert "Your result" not in msg and "relative error of 0.1" in msg
    msg = message(check_close, "loss", -11.62531, -11.6253)
    assert "got -11.62531, expected -11.6253," in msg


def test_check_close_recognises_known_mistakes_by_their_hint():
    X, W = np.ones((4, 3)), np.ones((3, 2))
    b = np.array([1.0, 2.0])
    msg = message(check_close, "Y", X @ W, X @ W + b, mistakes={"the bias b is missing": X @ W})
    assert msg == "Y: the bias b is missing"


def test_check_close_on_nan_none_and_text():
    assert "NaN or inf" in message(check_close, "p", np.array([np.nan, 1.0]), np.array([0.5, 1.0]))
    assert "forget to `return`" in message(check_close, "p", None, np.zeros(2))
    assert "array of numbers" in message(check_close, "p", ["a", "b"], np.zeros(2))


def test_check_raises():
    def strict(x):
        if x.shape != (3,):
            raise ValueError(f"f: x must have shape (3,); got {x.shape}")
        return x

    check_raises("f", strict, np.zeros(4), contains=("(4,)",))
    assert "nothing was raised (it returned an array of shape (3,))" in message(check_raises, "f", strict, np.zeros(3))
    assert "should say what came, including '(5,)'" in message(
        check_raises, "f", strict, np.zeros(4), contains=("(5,)",)
    )
    assert "expected ValueError; got AttributeError" in message(check_raises, "f", strict, None)


def test_call_turns_an_exception_into_a_message_with_a_hint():
    assert call("f", lambda x: x + 1, 1) == 2
    with pytest.raises(AssertionError, match="f raised ZeroDivisionError: division by zero. Mind the zero.") as info:
        call("f", lambda x: 1 / x, 0, hint="Mind the zero.")
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_check_choice_explains_the_wrong_choice_without_giving_the_answer():
    why = {"A": "A is about sets.", "B": "B is about complex numbers."}
    check_choice("answer_q2", " c ", "C", why)
    msg = message(check_choice, "answer_q2", "b", "C", why)
    assert msg == "answer_q2 = 'B' is not the best answer. B is about complex numbers."
    assert "'C'" not in msg
    assert "must be one of 'A', 'B', 'C'" in message(check_choice_format, "answer_q1", "D")
    assert "must be one of" in message(check_choice_format, "answer_q1", 3)


# --- gradients of a linear layer ------------------------------------------------------------


def test_correct_gradients_pass(layer):
    L = layer
    assert check_linear_gradients(L["dX"], L["dW"], L["db"], L["X"], L["W"], L["dY"]) is None


def _relu_grad(Z):
    return (Z > 0).astype(float)


def test_correct_gradients_with_an_activation_pass(layer):
    L = layer
    dZ = L["dY"] * _relu_grad(L["X"] @ L["W"] + L["b"])
    check_linear_gradients(
        dZ @ L["W"].T, L["X"].T @ dZ, dZ.sum(axis=0), L["X"], L["W"], L["dY"], b=L["b"], act_grad=_relu_grad
    )


MISTAKES = {
    # name: (how the wrong gradients are made, words the diagnosis must contain)
    "dW transposed": (
        lambda L: dict(dW=L["dY"].T @ L["X"]),
        ["dW: transposed gradient", "dY.T @ X", "expected shape (4, 3), which is (D, K); got (3, 4), which is (K, D)"],
    ),
    "dX transposed": (
        lambda L: dict(dX=L["W"] @ L["dY"].T),
        ["dX: transposed gradient", "got (4, 6), which is (D, N)"],
    ),
    "db not summed": (
        lambda L: dict(db=L["dY"]),
        [
            "db: bias gradient not summed over the batch",
            "expected shape (3,), which is (K,); got (6, 3), which is (N, K)",
        ],
    ),
    "db wrong axis": (lambda L: dict(db=L["dY"].sum(axis=1)), ["db: bias gradient summed over the wrong axis"]),
    "dW mean again": (lambda L: dict(dW=L["dW"] / L["N"]), ["dW: sum vs mean, a factor N = 6"]),
    "dW times N": (lambda L: dict(dW=L["dW"] * L["N"]), ["dW: sum vs mean, a factor N = 6"]),
    "db mean": (lambda L: dict(db=L["dY"].mean(axis=0)), ["db: sum vs mean, a factor N = 6"]),
    "dW sign": (lambda L: dict(dW=-L["dW"]), ["dW: sign error"]),
    "dX sign": (lambda L: dict(dX=-L["dX"]), ["dX: sign error"]),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_mistake_is_diagnosed_by_name(layer, name):
    make, words = MISTAKES[name]
    grads = {"dX": layer["dX"], "dW": layer["dW"], "db": layer["db"]} | make(layer)
    msg = message(check_linear_gradients, grads["dX"], grads["dW"], grads["db"], layer["X"], layer["W"], layer["dY"])
    for w in words:
        assert w in msg
    wrong = set(make(layer))
    assert {line.split(":")[0] for line in msg.splitlines()} == wrong, msg


def test_transposed_dW_is_diagnosed_when_D_equals_K():
    rng = np.random.default_rng(2)
    X, W, dY = rng.normal(size=(5, 3)), rng.normal(size=(3, 3)), rng.normal(size=(5, 3))
    msg = message(check_linear_gradients, dY @ W.T, dY.T @ X, dY.sum(axis=0), X, W, dY)
    assert msg.startswith("dW: transposed gradient")


def test_missing_activation_derivative_is_diagnosed(layer):
    L = layer
    msg = message(
        check_linear_gradients,
        L["dY"] @ L["W"].T,
        L["X"].T @ L["dY"],
        L["dY"].sum(axis=0),
        L["X"],
        L["W"],
        L["dY"],
        b=L["b"],
        act_grad=_relu_grad,
    )
    assert len(re.findall(r"missing activation derivative", msg)) == 3
    assert "dZ = dY * act'(Z)" in msg


def test_unrecognised_wrong_gradient_still_says_expected_vs_got(layer):
    L = layer
    msg = message(check_linear_gradients, L["dX"], L["dW"] + 0.3, L["db"], L["X"], L["W"], L["dY"])
    assert msg.startswith("dW is not close to the expected value")
    assert "dW must have shape (D, K), like W: dW = X.T @ dY" in msg


# --- tampering ---------------------------------------------------------------------------------

PATCHES = [
    (np, "allclose", lambda *a, **k: True),
    (np, "isclose", lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool)),
    (np, "array_equal", lambda *a, **k: True),
    (np.testing, "assert_allclose", lambda *a, **k: None),
]


@pytest.mark.parametrize("module, name, fake", PATCHES, ids=[p[1] for p in PATCHES])
def test_patched_numpy_comparisons_fail_every_check(monkeypatch, layer, module, name, fake):
    monkeypatch.setattr(module, name, fake)
    assert f"{name} has been replaced" in message(check_close, "Y", np.zeros(3), np.zeros(3))
    assert "has been replaced" in message(check_shape, "dW", np.zeros((3, 2)), (3, 2))
    L = layer
    assert "has been replaced" in message(check_linear_gradients, L["dX"], L["dW"], L["db"], L["X"], L["W"], L["dY"])


def test_comparisons_do_not_use_numpy_comparison_functions(monkeypatch):
    """Even with the tamper check switched off, a patched np.allclose changes nothing."""
    monkeypatch.setattr(grading, "check_untampered", lambda: None)
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "isclose", lambda a, b, *r, **k: np.ones(np.shape(a), dtype=bool))
    assert "not close" in message(check_close, "Y", np.ones(3), np.zeros(3))


def test_a_fake_with_a_numpy_module_name_is_still_caught(monkeypatch):
    fake = lambda *a, **k: True  # noqa: E731
    fake.__module__ = "numpy"
    monkeypatch.setattr(np, "allclose", fake)
    assert "np.allclose has been replaced" in message(check_close, "Y", np.zeros(3), np.zeros(3))


# --- checks about the code: read from the notebook's cells, never run ---------------------------


class FakeNotebook:
    """What the trusted test process shows coursegrader.checks: the student's cells as text."""

    def __init__(self, *cells):
        self.cells, self.names = list(cells), {}

    def sources(self):
        return self.cells

    def get(self, name):
        return self.names[name]

    def set(self, name, value):
        self.names[name] = value


@pytest.fixture
def notebook(monkeypatch):
    def install(*cells):
        fake = FakeNotebook(*cells)
        monkeypatch.setattr(grading, "NOTEBOOK", fake)
        return fake

    return install


VECTORIZED = {
    "matrix product": "def linear_forward(X, W, b):\n    return X @ W + b",
    "a loop over a fixed list of layers": (
        "def linear_forward(X, W, b):\n    layers = [(W, b)]\n    H = X\n"
        "    for A, c in layers:\n        H = H @ A + c\n    return H"
    ),
    "validation loop over a literal tuple": (
        "import numpy as np\n\n"
        "def linear_forward(X, W, b):\n"
        "    for name, a in (('X', X), ('W', W)):\n"
        "        if np.ndim(a) != 2:\n"
        "            raise ValueError(name)\n"
        "    return X @ W + b"
    ),
    "a loop over a fixed range": "def linear_forward(X, W, b):\n    for _ in range(3):\n        pass\n    return X @ W + b",
    "redefined later, vectorized": "def linear_forward(X, W, b):\n    return [x @ W + b for x in X]\n\n\ndef linear_forward(X, W, b):\n    return X @ W + b",
}
LOOPS = {
    "a list that grows with the data": (
        "def linear_forward(X, W, b):\n    rows = [X[0]]\n    rows.extend(X[1:])\n    return [r @ W + b for r in rows]",
        "comprehension",
    ),
    "for over range(len(X))": (
        "def linear_forward(X, W, b):\n    N = len(X)\n    out = []\n    for n in range(N):\n        out.append(X[n] @ W + b)\n    return out",
        "for n in range(N)",
    ),
    "comprehension": (
        "import numpy as np\ndef linear_forward(X, W, b):\n    return np.stack([x @ W + b for x in X])",
        "comprehension",
    ),
    "apply_along_axis": (
        "import numpy as np\ndef linear_forward(X, W, b):\n    return np.apply_along_axis(lambda x: x @ W + b, 1, X)",
        "apply_along_axis",
    ),
    "map": ("def linear_forward(X, W, b):\n    return list(map(lambda x: x @ W + b, X))", "map("),
    "while": (
        "def linear_forward(X, W, b):\n    i, out = 0, []\n    while i < X.shape[0]:\n        out.append(X[i] @ W + b)\n        i += 1\n    return out",
        "while",
    ),
    "recursion": (
        "def linear_forward(X, W, b):\n    if len(X) == 0:\n        return []\n    return [X[0] @ W + b] + linear_forward(X[1:], W, b)",
        "calls itself",
    ),
    "helper with a loop": (
        "def row(x, W, b):\n    return x @ W + b\n\ndef rows(X, W, b):\n    return [row(x, W, b) for x in X]\n\ndef linear_forward(X, W, b):\n    return rows(X, W, b)",
        "in rows",
    ),
    "np.vectorize": (
        "import numpy as np\ndef linear_forward(X, W, b):\n    return np.vectorize(lambda v: v)(X @ W + b)",
        "vectorize",
    ),
    "exec": ("def linear_forward(X, W, b):\n    exec('pass')\n    return X @ W + b", "cannot be checked"),
    "rebound after the def": (
        "def fast(X, W, b):\n    return X @ W + b\n\ndef linear_forward(X, W, b):\n    return X @ W + b\n\nlinear_forward = lambda X, W, b: [x @ W + b for x in X]",
        "not bound by a plain",
    ),
    "decorated": (
        "import functools\n@functools.lru_cache\ndef linear_forward(X, W, b):\n    return X @ W + b",
        "decorator",
    ),
    "missing": ("def other(X):\n    return X", "no `def linear_forward`"),
}


@pytest.mark.parametrize("case", sorted(VECTORIZED))
def test_a_vectorized_function_passes(notebook, case):
    from coursegrader.checks import check_vectorized

    notebook("import numpy as np", VECTORIZED[case])
    check_vectorized("linear_forward")


@pytest.mark.parametrize("case", sorted(LOOPS))
def test_a_python_loop_over_the_examples_is_caught_in_the_code(notebook, case):
    from coursegrader.checks import check_vectorized

    code, says = LOOPS[case]
    notebook(code)
    msg = message(check_vectorized, "linear_forward")
    assert msg.startswith("linear_forward is not vectorized") and says in msg, msg


def test_in_jupyterlab_the_check_reads_the_kernels_history():
    from coursegrader.checks import check_vectorized

    namespace = {"In": ["", LOOPS["comprehension"][0]], "check_vectorized": check_vectorized}
    with pytest.raises(AssertionError, match="comprehension"):
        exec("check_vectorized('linear_forward')", namespace)
    namespace["In"].append(VECTORIZED["matrix product"])
    exec("check_vectorized('linear_forward')", namespace)


@pytest.mark.parametrize(
    "code, says",
    [
        ("def sigmoid(x):\n    return 1 / (1 + np.exp(-x))", None),
        ("from dlf.functions import sigmoid", "imported"),
        ("import dlf.functions\nsigmoid = dlf.functions.sigmoid", "bound by `sigmoid = dlf.functions.sigmoid`"),
        ("def sigmoid(x):\n    return x\n\nfrom scipy.special import expit as sigmoid", "imported"),
        ("x = 1", "not defined by a def"),
    ],
)
def test_own_function_is_read_from_the_notebook(notebook, code, says):
    from coursegrader.checks import check_own_function

    notebook(code)
    if says is None:
        check_own_function("sigmoid")
    else:
        assert says in message(check_own_function, "sigmoid")


def test_replaced_in_notebook_puts_the_old_value_back(notebook):
    from coursegrader.checks import replaced_in_notebook

    fake = notebook()
    fake.names["mlp_backward"] = "theirs"
    with replaced_in_notebook("mlp_backward", "stand-in") as value:
        assert value == "stand-in" and fake.names["mlp_backward"] == "stand-in"
    assert fake.names["mlp_backward"] == "theirs"
    with pytest.raises(ZeroDivisionError), replaced_in_notebook("mlp_backward", "stand-in"):
        raise ZeroDivisionError
    assert fake.names["mlp_backward"] == "theirs"


ANALYTIC = {
    "sigmoid's derivative": "def sigmoid_grad(z):\n    s = 1 / (1 + np.exp(-z))\n    return s * (1 - s)",
    "a stable shift inside NumPy": "def sigmoid_grad(z, eps=1e-12):\n    s = np.exp(-np.logaddexp(0, -z))\n    return s * (1 - s) / np.sqrt(1 + eps)",
    "a helper called twice at the same point": (
        "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\ndef sigmoid_grad(z):\n    return sigmoid(z) * (1 - sigmoid(z))"
    ),
    "a normalisation with epsilon": "def sigmoid_grad(z):\n    return z / (np.abs(z).max() + 1e-8)",
}

NUMERICAL = {
    "central difference": (
        "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\n"
        "def sigmoid_grad(z):\n    h = 1e-5\n    return (sigmoid(z + h) - sigmoid(z - h)) / (2 * h)",
        "shifted by a small step",
    ),
    "step as a default argument": (
        "def f(z):\n    return np.tanh(z)\n\ndef sigmoid_grad(z, step=1e-6):\n    return (f(z + step) - f(z)) / step",
        "divides by a small step",
    ),
    "step at the top of the cell": (
        "EPS = 10 ** -6\n\ndef sigmoid_grad(z):\n    g = lambda v: 1 / (1 + np.exp(-v))\n    return (g(z + EPS) - g(z - EPS)) * 0.5e6",
        "shifted by a small step",
    ),
    "entries nudged in place in a helper": (
        "def numgrad(f, x):\n    g = np.zeros_like(x)\n    for i in range(x.size):\n        x.flat[i] += 1e-5\n"
        "        up = f(x)\n        x.flat[i] -= 2e-5\n        down = f(x)\n        x.flat[i] += 1e-5\n"
        "        g.flat[i] = (up - down) * 5e4\n    return g\n\n"
        "def sigmoid_grad(z):\n    return numgrad(lambda v: (1 / (1 + np.exp(-v))).sum(), z.copy())",
        "in numgrad, line 4",
    ),
    "np.gradient": ("def sigmoid_grad(z):\n    return np.gradient(1 / (1 + np.exp(-z)), z)", "np.gradient"),
    "the instructor's central differences": (
        "def sigmoid_grad(z):\n    return central_differences(lambda v: 1 / (1 + np.exp(-v)), z)",
        "`central_differences(lambda v",
    ),
    "an entry set to old + h": (
        "def numgrad(f, x, h=1e-5):\n    g = np.zeros_like(x)\n    for i in range(x.size):\n        old = x.flat[i]\n"
        "        x.flat[i] = old + h\n        up = f(x)\n        x.flat[i] = old\n        g.flat[i] = (up - f(x)) / h\n"
        "    return g\n\ndef sigmoid_grad(z):\n    return numgrad(lambda v: (1 / (1 + np.exp(-v))).sum(), z.copy())",
        "in numgrad, line 5: `x.flat[i] = old + h` nudges",
    ),
}


@pytest.mark.parametrize("case", sorted(ANALYTIC))
def test_an_analytic_derivative_passes(notebook, case):
    from coursegrader.checks import check_analytic

    notebook("import numpy as np", ANALYTIC[case])
    check_analytic("sigmoid_grad")


@pytest.mark.parametrize("case", sorted(NUMERICAL))
def test_a_numerical_derivative_is_caught_in_the_code(notebook, case):
    from coursegrader.checks import check_analytic

    code, says = NUMERICAL[case]
    notebook("import numpy as np", code)
    msg = message(check_analytic, "sigmoid_grad", "sigma'(z) = sigma(z) (1 - sigma(z))")
    assert msg.startswith("sigmoid_grad computes a derivative numerically") and says in msg, msg
    assert "sigma'(z) = sigma(z) (1 - sigma(z))" in msg


def test_the_step_reader_never_runs_the_students_text():
    from coursegrader.codecheck import numerical_derivatives

    attack = "def sigmoid_grad(z):\n    h = ().__class__.__base__.__subclasses__()\n    return (f(z + h) - f(z)) / h"
    assert numerical_derivatives([attack], "sigmoid_grad") == []  # h is not a number: nothing is evaluated


@pytest.mark.parametrize(
    "code, says",
    [
        (
            "from scipy.special import expit\n\ndef sigmoid(z):\n    return expit(z)",
            "`expit` comes from `from scipy.special import expit`",
        ),
        ("import scipy.special as sp\n\ndef sigmoid(z):\n    return sp.expit(z)", "`sp` comes from"),
        (
            "def sigmoid(z):\n    from sklearn.utils.extmath import softmax\n    return softmax(z)",
            "line 2: `from sklearn",
        ),
        (
            "import dlf\n\ndef helper(z):\n    return dlf.functions.sigmoid(z)\n\ndef sigmoid(z):\n    return helper(z)",
            "in helper, `dlf` comes from",
        ),
        ("def sigmoid(z):\n    return __import__('scipy').special.expit(z)", "cannot be checked"),
    ],
)
def test_a_forbidden_library_is_caught_in_the_code(notebook, code, says):
    from coursegrader.checks import check_no_library

    notebook("import numpy as np", code)
    msg = message(check_no_library, "sigmoid")
    assert msg.startswith("sigmoid uses a library this task asks you not to use") and says in msg, msg


def test_numpy_and_the_notebooks_own_helpers_are_allowed(notebook):
    from coursegrader.checks import check_no_library

    notebook(
        "import numpy as np\nfrom scipy.special import expit",
        "def helper(z):\n    return np.exp(-np.logaddexp(0, -z))\n\ndef sigmoid(z):\n    return helper(z)",
        "check = expit(0.3)",
    )
    check_no_library("sigmoid")


def test_call_with_keep_inputs_names_the_argument_changed_in_place():
    def relu(Z, params):
        params["W"][0, 0] = 7.0
        Z[Z < 0] = 0
        return Z

    Z, params = np.array([[-1.0, 2.0]]), {"W": np.zeros((2, 2))}
    msg = message(call, "relu(Z)", relu, Z, params, keep_inputs=True)
    assert "relu(Z) changed its input Z, params['W'] in place" in msg, msg
    assert Z[0, 0] == -1.0 and params["W"][0, 0] == 0.0  # the test's own arrays are untouched
    out = call("relu(Z)", lambda Z, params: np.maximum(Z, 0), Z, params, keep_inputs=True)
    assert np.array_equal(out, [[0.0, 2.0]])


def test_a_class_of_the_notebook_is_its_own_unless_it_subclasses_a_library(notebook):
    from coursegrader.checks import check_no_library, check_own_function

    notebook("class Value:\n    def __init__(self, data):\n        self.data = data")
    check_own_function("Value")
    check_no_library("Value")
    notebook("from dlf.autodiff import Value")
    assert "Value must be your own class" in message(check_own_function, "Value")
    notebook("import dlf.autodiff\n\nclass Value(dlf.autodiff.Value):\n    pass")
    check_own_function("Value")
    assert "`dlf` comes from `import dlf.autodiff`" in message(check_no_library, "Value")


def test_check_no_library_can_leave_another_tasks_function_to_its_own_test(notebook):
    from coursegrader.checks import check_no_library

    notebook(
        "import dlf.optim\n\ndef adam_step(theta, g, state, lr):\n    return dlf.optim.Adam(lr).step(theta, g)",
        "def adamw_step(theta, g, state, lr, wd):\n    return adam_step(theta, g, state, lr) - lr * wd * theta",
    )
    assert "in adam_step" in message(check_no_library, "adamw_step")
    check_no_library("adamw_step", skip=("adam_step",))


def test_a_numpy_function_is_not_the_notebooks_function_of_the_same_name(notebook):
    from coursegrader.checks import check_no_library

    notebook(
        "from scipy.special import expit\n\ndef tanh(x):\n    return 2 * expit(2 * x) - 1",
        "def gelu(x):\n    return 0.5 * x * (1 + np.tanh(0.8 * x))",
    )
    check_no_library("gelu")  # np.tanh is NumPy's; the notebook's tanh (with SciPy) is another task
    assert "`expit` comes from" in message(check_no_library, "tanh")


def test_static_checks_can_leave_another_tasks_function_to_its_own_test(notebook):
    from coursegrader.checks import check_analytic, check_vectorized

    notebook(
        "import numpy as np",
        "def sigmoid(x):\n    return np.array([1 / (1 + np.exp(-v)) for v in x])",
        "def sigmoid_grad(x, h=1e-5):\n    return (sigmoid(x + h) - sigmoid(x - h)) / (2 * h)",
        "def tanh(x):\n    return 2 * sigmoid(2 * x) - 1",
        "def tanh_grad(x):\n    return 4 * sigmoid_grad(2 * x)",
    )
    assert "in sigmoid, line 2" in message(check_vectorized, "tanh")
    check_vectorized("tanh", skip=("sigmoid",))
    assert "in sigmoid_grad" in message(check_analytic, "tanh_grad")
    check_analytic("tanh_grad", skip=("sigmoid_grad",))
    assert "sigmoid_grad computes a derivative numerically" in message(
        check_analytic, "sigmoid_grad", skip=("sigmoid",)
    )
