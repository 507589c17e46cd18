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
            "dW: transposed gradient: you computed dY.T @ X, of shape (K, D). dW has the shape of W, (D, K): redo step 4 of part 4",
            "(expected shape (3, 2), which is (D, K); got (2, 3), which is (K, D))",
        ],
        loses=["test_linear_backward_dW"],
    ),
    dict(
        name="linear_db_not_summed",
        cells={"linear_backward": "def linear_backward(X, W, dY):\n    return dY @ W.T, X.T @ dY, dY\n"},
        hints=[
            "db: expected shape (2,), which is (K,); got (4, 2), which is (N, K). An axis of size N (the batch) is left over"
        ],
        loses=["test_linear_backward_db"],
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
            "dW: sum vs mean, a factor N = 4: dY already carries the 1/N of the mean loss, so dW needs no other 1/N (you divided by N).",
            "db: sum vs mean, a factor N = 4: dY already carries the 1/N of the mean loss, so db is a sum over the examples, not a mean.",
        ],
        loses=["test_linear_backward_dW", "test_linear_backward_db"],
    ),
    dict(
        name="linear_sign_error",
        cells={
            "linear_backward": "def linear_backward(X, W, dY):\n    return -(dY @ W.T), -(X.T @ dY), -dY.sum(axis=0)  # descent goes downhill?\n"
        },
        hints=[
            "dX: sign error: you have exactly minus the gradient.",
            "dW: sign error: you have exactly minus the gradient (gradient descent would then climb the loss).",
            "db: sign error: you have exactly minus the gradient.",
        ],
        loses=["test_linear_backward_dX", "test_linear_backward_dW", "test_linear_backward_db"],
    ),
    # ---- issue 13: numerical derivatives, libraries, inputs changed in place
    dict(
        name="a_central_difference_of_the_tool",
        cells={"dy_dx_a": "def dy_dx_a(x):\n    return central_difference(y_a, x)  # the tool above gives dy/dx\n"},
        hints=["dy_dx_a computes a derivative numerically", "The task asks for the analytic derivative"],
        loses=["test_dy_dx_a"],
    ),
    dict(
        name="b_own_finite_difference",
        cells={
            "dy_dx_b": (
                "def dy_dx_b(x):\n"
                "    h = 1e-6\n"
                "    return (np.exp(np.tanh(3 * (x + h))) - np.exp(np.tanh(3 * (x - h)))) / (2 * h)\n"
            )
        },
        hints=["dy_dx_b computes a derivative numerically", "divides by a small step"],
        loses=["test_dy_dx_b"],
    ),
    dict(
        name="c_central_difference_of_the_tool",
        cells={"dy_dx_c": "def dy_dx_c(x):\n    return central_difference(y_c, np.asarray(x, dtype=float))\n"},
        hints=["dy_dx_c computes a derivative numerically"],
        loses=["test_dy_dx_c", "test_dy_dx_c_stable"],
    ),
    dict(
        name="b_dlf_autodiff_per_element",
        cells={
            "dy_dx_b": (
                "from dlf.autodiff import Value as AutoValue\n\n\n"
                "def dy_dx_b(x):\n"
                "    def one(x0):\n"
                "        v = AutoValue(float(x0))\n"
                "        y = (v * 3).tanh().exp()\n"
                "        y.backward()\n"
                "        return v.grad\n"
                "    return np.vectorize(one)(x)\n"
            )
        },
        hints=["dy_dx_b uses a library this task asks you not to use", "AutoValue"],
        loses=["test_dy_dx_b"],
    ),
    dict(
        name="b_changes_x_in_place",
        cells={
            "dy_dx_b": (
                "def dy_dx_b(x):\n"
                "    u = x          # the inner value u = 3x\n"
                "    u *= 3\n"
                "    t = np.tanh(u)\n"
                "    return np.exp(t) * (1 - t**2) * 3\n"
            )
        },
        hints=["changed its input x in place"],
        loses=["test_dy_dx_b"],
    ),
    dict(
        name="value_backward_from_the_inputs_up",
        cells={"value_class": value_with(("for node in reversed(order):", "for node in order:"))},
        hints=["p.grad is 0: the _backward of p + q ran while its out.grad was still 0."],
        loses=[
            "test_value_add",
            "test_value_mul",
            "test_value_tanh",
            "test_value_exp",
            "test_value_accumulate",
            "test_value_random",
        ],
    ),
    dict(
        name="value_tanh_changes_out_grad",
        cells={
            "value_class": value_with(
                ("self.grad += (1 - t**2) * out.grad", "out.grad *= 1 - t**2\n            self.grad += out.grad")
            )
        },
        hints=["the rule changed out.grad in place (out.grad *= ...), so y.grad is no longer dy/dy."],
        loses=["test_value_tanh"],
    ),
    dict(
        name="value_exp_derivative_at_the_input",
        cells={"value_class": value_with(("self.grad += out.data * out.grad", "self.grad += self.data * out.grad"))},
        hints=["the derivative of e^x is e^x, the output out.data, not x."],
        loses=["test_value_exp", "test_value_accumulate", "test_value_random"],
    ),
    dict(
        name="linear_db_keepdims",
        cells={
            "linear_backward": reference_with(
                "ex04_chain_rule", "linear_backward", ("dY.sum(axis=0)", "dY.sum(axis=0, keepdims=True)")
            )["linear_backward"]
        },
        hints=["db: keepdims=True keeps the summed batch axis as an axis of size 1"],
        loses=["test_linear_backward_db"],
    ),
    dict(
        name="linear_db_mean",
        cells={
            "linear_backward": reference_with(
                "ex04_chain_rule", "linear_backward", ("dY.sum(axis=0)", "dY.mean(axis=0)")
            )["linear_backward"]
        },
        hints=["so db is a sum over the examples, not a mean."],
        loses=["test_linear_backward_db"],
    ),
    dict(
        name="linear_loop_over_examples",
        cells={
            "linear_backward": (
                "def linear_backward(X, W, dY):\n"
                "    dX = np.zeros_like(X)\n"
                "    dW = np.zeros_like(W)\n"
                "    db = np.zeros(W.shape[1])\n"
                "    for n in range(X.shape[0]):          # one example at a time\n"
                "        dX[n] = W @ dY[n]\n"
                "        dW += np.outer(X[n], dY[n])\n"
                "        db += dY[n]\n"
                "    return dX, dW, db\n"
            )
        },
        hints=["linear_backward is not vectorized", "loops over the data"],
        loses=["test_linear_backward_dX", "test_linear_backward_dW", "test_linear_backward_db"],
    ),
    dict(
        name="linear_numerical_gradients",
        cells={
            "linear_backward": (
                "def linear_backward(X, W, dY):\n"
                "    # L = sum(Y * dY) has dL/dY = dY: differentiate it numerically\n"
                "    def L(X, W, b):\n"
                "        return np.sum((X @ W + b) * dY)\n"
                "\n"
                "    b = np.zeros(W.shape[1])\n"
                "    h = 1e-6\n"
                "    grads = []\n"
                "    for A in (X, W, b):\n"
                "        G = np.zeros_like(A)\n"
                "        for j in np.ndindex(A.shape):\n"
                "            A[j] += h\n"
                "            up = L(X, W, b)\n"
                "            A[j] -= 2 * h\n"
                "            down = L(X, W, b)\n"
                "            A[j] += h\n"
                "            G[j] = (up - down) / (2 * h)\n"
                "        grads.append(G)\n"
                "    return tuple(grads)\n"
            )
        },
        hints=["linear_backward computes a derivative numerically"],
        loses=["test_linear_backward_dX", "test_linear_backward_dW", "test_linear_backward_db"],
    ),
    dict(
        name="linear_dlf_layer",
        cells={
            "linear_backward": (
                "from dlf.layers import Linear\n\n\n"
                "def linear_backward(X, W, dY):\n"
                "    layer = Linear(*W.shape, rng=np.random.default_rng(0))\n"
                "    layer.params['W'][...] = W\n"
                "    layer.forward(X)\n"
                "    dX = layer.backward(dY)\n"
                "    return dX, layer.grads['W'], layer.grads['b']\n"
            )
        },
        hints=["linear_backward uses a library this task asks you not to use"],
        loses=["test_linear_backward_dX", "test_linear_backward_dW", "test_linear_backward_db"],
    ),
]

RIGHT = [
    dict(
        name="einsum_and_helpers",
        cells={
            "dy_dx_a": (
                "def outer_derivative(u):\n    return np.cos(u)\n\n\n"
                "def dy_dx_a(x):\n    u = x * x\n    return outer_derivative(u) * (2 * x)\n"
            ),
            "linear_backward": (
                "def linear_backward(X, W, dY):\n"
                "    dX = np.einsum('nk,dk->nd', dY, W)\n"
                "    dW = np.einsum('nd,nk->dk', X, dY)\n"
                "    db = np.einsum('nk->k', dY)\n"
                "    print('shapes:', dX.shape, dW.shape, db.shape)\n"
                "    return dX, dW, db\n"
            ),
        },
    ),
    dict(
        name="another_stable_formula",
        cells={
            "dy_dx_b": (
                "def dtanh(u):\n    return 1 - np.tanh(u) ** 2\n\n\n"
                "def dy_dx_b(x):\n    return 3 * dtanh(3 * x) * np.exp(np.tanh(3 * x))\n"
            ),
            # 2 e^(2x) / (1 + e^(2x)) = 2 sigmoid(2x) = 1 + tanh(x): no exp at all
            "dy_dx_c": "def dy_dx_c(x):\n    return 1 + np.tanh(x)\n",
            "linear_backward": (
                "def linear_backward(X, W, dY):\n    return np.dot(dY, W.T), np.dot(X.T, dY), np.sum(dY, axis=0)\n"
            ),
        },
    ),
    dict(
        name="value_rules_recomputed",
        cells={
            "value_class": value_with(
                ("self.grad += (1 - t**2) * out.grad", "self.grad += (1 - math.tanh(self.data) ** 2) * out.grad"),
                ("self.grad += out.data * out.grad", "self.grad = self.grad + math.exp(self.data) * out.grad"),
                ("            other.grad += out.grad\n", "            other.grad += 1.0 * out.grad\n"),
            )
        },
    ),
]

WRONG += [
    dict(
        name="value_is_dlfs",
        cells={"value_class": "from dlf.autodiff import Value  # the library's Value has every rule already\n"},
        hints=["Value must be your own class, written in this notebook with NumPy (class Value)"],
        loses=[
            "test_value_add",
            "test_value_mul",
            "test_value_tanh",
            "test_value_exp",
            "test_value_accumulate",
            "test_value_random",
        ],
    ),
    dict(
        name="value_subclasses_dlfs",
        cells={"value_class": "import dlf.autodiff\n\n\nclass Value(dlf.autodiff.Value):\n    pass\n"},
        hints=["Value uses a library this task asks you not to use: `dlf` comes from `import dlf.autodiff`"],
        loses=[
            "test_value_add",
            "test_value_mul",
            "test_value_tanh",
            "test_value_exp",
            "test_value_accumulate",
            "test_value_random",
        ],
    ),
]

# ---- issue 15: part 3 (forward mode or reverse mode), part 4 derived by the student
WRONG += [
    dict(
        name="passes_swapped",
        cells={"passes_needed": "def passes_needed(n_inputs, n_outputs):\n    return n_outputs, n_inputs\n"},
        hints=["forward and reverse are swapped: one forward-mode pass gives one COLUMN of J"],
        loses=["test_passes_needed"],
    ),
    dict(
        name="passes_reverse_always_one",
        cells={
            "passes_needed": (
                "def passes_needed(n_inputs, n_outputs):\n"
                "    return n_inputs, 1  # one backward pass gives the whole gradient\n"
            )
        },
        hints=["a function with n_outputs outputs needs n_outputs reverse passes (a scalar loss needs one)."],
        loses=["test_passes_needed"],
    ),
    dict(
        name="passes_count_the_entries",
        cells={
            "passes_needed": (
                "def passes_needed(n_inputs, n_outputs):\n"
                "    entries = n_inputs * n_outputs  # one derivative per pass\n"
                "    return entries, entries\n"
            )
        },
        hints=["you counted the n_inputs * n_outputs entries of J."],
        loses=["test_passes_needed"],
    ),
    dict(
        name="passes_as_a_list",
        cells={"passes_needed": "def passes_needed(n_inputs, n_outputs):\n    return [n_inputs, n_outputs]\n"},
        hints=["return the tuple (forward, reverse); got [1000000, 1]"],
        loses=["test_passes_needed"],
    ),
    dict(
        name="chain_cost_swapped",
        cells=reference_with(
            "ex04_chain_rule",
            "jacobian_chain_cost",
            ("return from_inputs, from_output", "return from_output, from_inputs"),
        ),
        hints=["the two orders are swapped: from the inputs (forward mode) multiplies J_2 J_1 first"],
        loses=["test_jacobian_chain_cost"],
    ),
    dict(
        name="chain_cost_counts_the_entries",
        cells={
            "jacobian_chain_cost": (
                "def jacobian_chain_cost(dims):\n"
                "    T = len(dims) - 1\n"
                "    from_inputs = sum(dims[t] * dims[0] for t in range(2, T + 1))   # size of each product\n"
                "    from_output = sum(dims[T] * dims[t - 1] for t in range(1, T))\n"
                "    return from_inputs, from_output\n"
            )
        },
        hints=["you counted only the p r entries of each result."],
        loses=["test_jacobian_chain_cost"],
    ),
    dict(
        name="chain_cost_T_products",
        cells=reference_with(
            "ex04_chain_rule",
            "jacobian_chain_cost",
            ("for t in range(2, T + 1))", "for t in range(1, T + 1))"),
            ("for t in range(T - 1, 0, -1))", "for t in range(T, 0, -1))"),
        ),
        hints=["the local Jacobians are given: there are T - 1 products, not T."],
        loses=["test_jacobian_chain_cost"],
    ),
    dict(
        name="chain_cost_one_product_short",
        cells=reference_with(
            "ex04_chain_rule",
            "jacobian_chain_cost",
            ("for t in range(2, T + 1))", "for t in range(2, T))"),
            ("for t in range(T - 1, 0, -1))", "for t in range(T - 1, 1, -1))"),
        ),
        hints=["one product is missing: T matrices need T - 1 products (a range that stops one short?)."],
        loses=["test_jacobian_chain_cost"],
    ),
    dict(
        name="linear_calls_the_central_differences_tool",
        cells={
            "linear_backward": (
                "def linear_backward(X, W, dY):\n"
                "    # the tool gives all three gradients; b does not matter for them\n"
                "    return linear_central_differences(X, W, np.zeros(W.shape[1]), dY)\n"
            )
        },
        hints=["linear_backward computes a derivative numerically"],
        loses=["test_linear_backward_dX", "test_linear_backward_dW", "test_linear_backward_db"],
    ),
]

RIGHT += [
    dict(
        name="modes_counted_with_shapes",
        cells={
            "passes_needed": (
                "def passes_needed(n_inputs, n_outputs):\n"
                "    forward = int(n_inputs)    # one column of J per pass\n"
                "    reverse = int(n_outputs)   # one row of J per pass\n"
                "    return (forward, reverse)\n"
            ),
            "jacobian_chain_cost": (
                "def product_cost(a, b):\n"
                "    # multiply-adds and shape of a (p x q) @ (q x r) product, given the two shapes\n"
                "    (p, q), (q2, r) = a, b\n"
                "    assert q == q2\n"
                "    return p * q * r, (p, r)\n"
                "\n\n"
                "def jacobian_chain_cost(dims):\n"
                "    shapes = [(dims[t], dims[t - 1]) for t in range(1, len(dims))]   # J_1, ..., J_T\n"
                "    forward, A = 0, shapes[0]\n"
                "    for J in shapes[1:]:\n"
                "        cost, A = product_cost(J, A)\n"
                "        forward += cost\n"
                "    reverse, B = 0, shapes[-1]\n"
                "    for J in reversed(shapes[:-1]):\n"
                "        cost, B = product_cost(B, J)\n"
                "        reverse += cost\n"
                "    print(dims, forward, reverse)\n"
                "    return forward, reverse\n"
            ),
        },
    ),
]
