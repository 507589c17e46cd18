"""Wrong submissions of ex04_chain_rule, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.

The wrong versions of the class ``Value`` are the reference class of
``solutions/ex04_chain_rule`` with one backward rule changed, so they stay in step with it.
"""

from gradingkit import reference_with


def value_with(*changes):
    """The reference Value class with each (old line, new line) replaced exactly once."""
    return reference_with("ex04_chain_rule", "value_class", *changes)["value_class"]


WRONG = [
    # ---- part 1: derivatives by the chain rule
    dict(
        name="a_inner_derivative_missing",
        cells={"dy_dx_a": "def dy_dx_a(x):\n    return np.cos(x**2)  # forgot the derivative of x^2\n"},
        hints=[
            "the derivative of the inner function is missing: for y = f(g(x)) with g(x) = x^2, dy/dx = f'(g(x)) * g'(x), and g'(x) = 2x."
        ],
        loses=["test_dy_dx_a"],
    ),
    dict(
        name="a_outer_derivative_at_x",
        cells={"dy_dx_a": "def dy_dx_a(x):\n    return np.cos(x) * 2 * x\n"},
        hints=["f'(u) = cos(u) belongs at the inner value u = g(x) = x^2, not at x."],
        loses=["test_dy_dx_a"],
    ),
    dict(
        name="b_tanh_derivative_of_the_input",
        cells={"dy_dx_b": "def dy_dx_b(x):\n    u = 3 * x\n    return np.exp(np.tanh(u)) * (1 - u**2) * 3\n"},
        hints=[
            "the derivative of tanh is written with its output: tanh'(u) = 1 - tanh(u)^2. You used 1 - u^2, with its input u = 3x."
        ],
        loses=["test_dy_dx_b"],
    ),
    dict(
        name="b_innermost_factor_missing",
        cells={"dy_dx_b": "def dy_dx_b(x):\n    t = np.tanh(3 * x)\n    return np.exp(t) * (1 - t**2)\n"},
        hints=["the innermost derivative is missing: u = 3x has du/dx = 3, the last factor of the chain."],
        loses=["test_dy_dx_b"],
    ),
    dict(
        name="c_overflows",
        cells={"dy_dx_c": "def dy_dx_c(x):\n    e = np.exp(2 * x)\n    return 2 * e / (1 + e)\n"},
        hints=["raised RuntimeWarning: overflow encountered in exp", "Compute only e^(-2|x|), which is at most 1"],
        loses=["test_dy_dx_c_stable"],
    ),
    dict(
        name="c_math_instead_of_numpy",
        cells={"dy_dx_c": "def dy_dx_c(x):\n    return 2 / (1 + math.exp(-2 * x))\n"},
        hints=["raised TypeError", "x is an array: use np.exp, which works element by element."],
        loses=["test_dy_dx_c", "test_dy_dx_c_stable"],
    ),
    # ---- part 2: the backward rules of Value
    dict(
        name="value_assigns_instead_of_accumulating",
        cells={
            "value_class": value_with(
                (
                    "            self.grad += out.grad\n            other.grad += out.grad",
                    "            self.grad = out.grad\n            other.grad = out.grad",
                ),
                (
                    "            self.grad += other.data * out.grad\n            other.grad += self.data * out.grad",
                    "            self.grad = other.data * out.grad\n            other.grad = self.data * out.grad",
                ),
                ("self.grad += (1 - t**2) * out.grad", "self.grad = (1 - t**2) * out.grad"),
                ("self.grad += out.data * out.grad", "self.grad = out.data * out.grad"),
            )
        },
        hints=[
            "x.grad for y = x * x at x = 3: only one of the two uses of x was counted",
            "Write self.grad += ..., never self.grad = ...",
        ],
        loses=["test_value_accumulate", "test_value_random"],
    ),
    dict(
        name="value_tanh_derivative_of_the_input",
        cells={
            "value_class": value_with(
                ("self.grad += (1 - t**2) * out.grad", "self.grad += (1 - self.data**2) * out.grad")
            )
        },
        hints=[
            "the derivative of tanh is 1 - tanh(x)^2 = 1 - t^2, written with the OUTPUT t; you computed 1 - x^2 with the input."
        ],
        loses=["test_value_tanh", "test_value_accumulate", "test_value_random"],
    ),
    dict(
        name="value_mul_not_swapped",
        cells={
            "value_class": value_with(
                (
                    "            self.grad += other.data * out.grad\n            other.grad += self.data * out.grad",
                    "            self.grad += self.data * out.grad\n            other.grad += other.data * out.grad",
                ),
            )
        },
        hints=[
            "not swapped: d(ab)/da = b and d(ab)/db = a; each operand's local derivative is the OTHER operand's data."
        ],
        loses=["test_value_mul", "test_value_accumulate", "test_value_random"],
    ),
    dict(
        name="value_exp_upstream_missing",
        cells={"value_class": value_with(("self.grad += out.data * out.grad", "self.grad += out.data"))},
        hints=["the upstream gradient is missing: x.grad += e^x * out.grad."],
        loses=["test_value_exp", "test_value_accumulate", "test_value_random"],
    ),
    # ---- part 3: linear_backward (the diagnosis of coursegrader.checks.check_linear_gradients)
    dict(
        name="linear_dW_transposed",
        cells={"linear_backward": "def linear_backward(X, W, dY):\n    return dY @ W.T, dY.T @ X, dY.sum(axis=0)\n"},
        hints=[
            "dW: expected shape (D, K) = (3, 2); got (2, 3), which is (K, D). The axes are in the wrong order",
            "dW: transposed gradient: you computed dY.T @ X, of shape (K, D). The course writes dW = X.T @ dY, of shape (D, K) like W.",
        ],
        loses=["test_linear_backward_shapes", "test_linear_backward"],
    ),
    dict(
        name="linear_db_not_summed",
        cells={"linear_backward": "def linear_backward(X, W, dY):\n    return dY @ W.T, X.T @ dY, dY\n"},
        hints=[
            "db: expected shape (K,) = (2,); got (4, 2), which is (N, K). An axis of size N (the batch) is left over",
            "db: bias gradient not summed over the batch: it has a row per example.",
        ],
        loses=["test_linear_backward_shapes", "test_linear_backward"],
    ),
    dict(
        name="linear_divided_by_N",
        cells={
            "linear_backward": (
                "def linear_backward(X, W, dY):\n    N = X.shape[0]\n"
                "    return dY @ W.T, X.T @ dY / N, dY.mean(axis=0)  # the loss is a mean, so divide by N?\n"
            )
        },
        hints=[
            "dW: sum vs mean, a factor N = 4: dY already carries the 1/N of the mean loss, so dW = X.T @ dY has no other 1/N (you divided by N).",
            "db: sum vs mean, a factor N = 4: dY already carries the 1/N of the mean loss, so db = dY.sum(axis=0) is a sum, not a mean.",
        ],
        loses=["test_linear_backward"],
    ),
    dict(
        name="linear_sign_error",
        cells={
            "linear_backward": "def linear_backward(X, W, dY):\n    return -(dY @ W.T), -(X.T @ dY), -dY.sum(axis=0)  # descent goes downhill?\n"
        },
        hints=["dW: sign error: you have exactly minus the gradient (gradient descent would then climb the loss)."],
        loses=["test_linear_backward"],
    ),
]
