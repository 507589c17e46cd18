"""Wrong submissions of ex02_xor_mlp, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.

Several entries are the reference solution of ``solutions/ex02_xor_mlp`` with one line
changed, so they stay in step with it.
"""

from functools import partial

from gradingkit import reference_with

reference_with = partial(reference_with, "ex02_xor_mlp")  # reference_with(grade_id, (old, new), ...)

FORWARD = "def mlp_forward(X, W1, b1, W2, b2):\n"

WRONG = [
    dict(
        name="xor_weights_of_the_sigmoid_network",
        cells={
            "xor_weights": (
                "# the weights of lecture 02\n"
                "W1 = np.array([[20.0, 20.0], [20.0, 20.0]])\n"
                "b1 = np.array([-10.0, -30.0])\n"
                "W2 = np.array([[20.0], [-20.0]])\n"
                "b2 = np.array([-10.0])\n"
            )
        },
        hints=["Your network gives f(0, 0) = -10, f(0, 1) = 190, f(1, 0) = 190, f(1, 1) = 390; XOR needs 0, 1, 1, 0."],
        loses=["test_xor_weights"],
    ),
    dict(
        name="xor_W2_as_a_row",
        cells={
            "xor_weights": (
                "W1 = np.array([[1.0, 1.0], [1.0, 1.0]])\n"
                "b1 = np.array([0.0, -1.0])\n"
                "W2 = np.array([[1.0, -2.0]])\n"
                "b2 = np.array([0.0])\n"
            )
        },
        hints=["W2: expected shape (H, C) = (2, 1); got (1, 2). The axes are in the wrong order (a transpose?)."],
        loses=["test_xor_weights"],
    ),
    dict(
        name="xor_output_scaled_by_two",
        cells={
            "xor_weights": (
                "W1 = np.array([[1.0, 1.0], [1.0, 1.0]])\n"
                "b1 = np.array([0.0, -1.0])\n"
                "W2 = np.array([[2.0], [-4.0]])\n"
                "b2 = np.array([0.0])\n"
            )
        },
        hints=["f(0, 1) = 2", "Your result is exactly twice the expected one"],
        loses=["test_xor_weights"],
    ),
    dict(
        name="forward_without_relu",
        cells={"mlp_forward": FORWARD + "    return (X @ W1 + b1) @ W2 + b2\n"},
        hints=["mlp_forward(X, W1, b1, W2, b2): the ReLU is missing: A1 = relu(X W1 + b1), then Z2 = A1 W2 + b2."],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="forward_relu_on_the_logits",
        cells={"mlp_forward": FORWARD + "    return np.maximum(np.maximum(X @ W1 + b1, 0) @ W2 + b2, 0)\n"},
        hints=["the logits must not go through a ReLU: only the hidden layer has an activation."],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="forward_W1_times_X",
        cells={"mlp_forward": FORWARD + "    return np.maximum(W1 @ X + b1, 0) @ W2 + b2\n"},
        hints=["raised ValueError", "Z1 = X @ W1 + b1 is (N, H), A1 = relu(Z1), and Z2 = A1 @ W2 + b2 is (N, C);"],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="count_without_biases",
        cells={
            "count_parameters": (
                "def count_parameters(sizes):\n"
                "    return sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))\n"
            )
        },
        hints=[
            "count_parameters([784, 512, 512, 10]): the biases are missing: a layer from n_in to n_out has n_in * n_out weights and n_out biases."
        ],
        loses=["test_count_parameters"],
    ),
    dict(
        name="count_a_bias_per_size",
        cells={
            "count_parameters": (
                "def count_parameters(sizes):\n"
                "    return sum(n_in * n_out for n_in, n_out in zip(sizes[:-1], sizes[1:])) + sum(sizes)\n"
            )
        },
        hints=["you counted a bias for every size, the input too; the input has no bias"],
        loses=["test_count_parameters"],
    ),
    dict(
        name="count_returns_a_float",
        cells={
            "count_parameters": (
                "def count_parameters(sizes):\n"
                "    sizes = np.array(sizes, dtype=float)\n"
                "    return np.sum(sizes[:-1] * sizes[1:] + sizes[1:])\n"
            )
        },
        hints=["count_parameters([784, 512, 512, 10]): expected an int; got float64"],
        loses=["test_count_parameters"],
    ),
    # ---- issue 13: conventions, vectorization, libraries, inputs changed in place, off by one
    dict(
        name="xor_W1_with_a_row_per_hidden_unit",
        cells={
            "xor_weights": (
                "# row j of W1 = the weights of hidden unit j\n"
                "W1 = np.array([[1.0, 1.0],    # h1 = relu(x1 + x2)\n"
                "               [2.0, 2.0]])   # h2 = relu(2 x1 + 2 x2 - 2)\n"
                "b1 = np.array([0.0, -2.0])\n"
                "W2 = np.array([[1.0], [-1.0]])\n"
                "b2 = np.array([0.0])\n"
            )
        },
        hints=["but with W1.T it would compute XOR: W1 has a column per hidden unit"],
        loses=["test_xor_weights"],
    ),
    dict(
        name="xor_only_approximately",
        cells=reference_with("xor_weights", ("[-2.0]", "[-1.999]")),
        hints=["f(1, 1) = 0.001; XOR needs 0, 1, 1, 0."],
        loses=["test_xor_weights"],
    ),
    dict(
        name="forward_loop_over_examples",
        cells={
            "mlp_forward": FORWARD
            + "    rows = []\n"
            + "    for x in X:  # one example at a time\n"
            + "        rows.append(np.maximum(x @ W1 + b1, 0) @ W2 + b2)\n"
            + "    return np.array(rows)\n"
        },
        hints=["mlp_forward is not vectorized", "`for x in X` loops over the data"],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="forward_b1_after_the_relu",
        cells=reference_with(
            "mlp_forward",
            ("    Z1 = X @ W1 + b1 ", "    Z1 = X @ W1 "),
            ("np.maximum(Z1, 0.0)", "np.maximum(Z1, 0.0) + b1"),
        ),
        hints=["b1 must be added before the ReLU: A1 = relu(X W1 + b1), not relu(X W1) + b1."],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="forward_relu_on_the_logits_only",
        cells={"mlp_forward": FORWARD + "    return np.maximum((X @ W1 + b1) @ W2 + b2, 0)\n"},
        hints=["the ReLU belongs to the hidden layer, A1 = relu(X W1 + b1), not to the logits."],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="forward_relu_on_the_input",
        cells={"mlp_forward": FORWARD + "    return (np.maximum(X, 0) @ W1 + b1) @ W2 + b2\n"},
        hints=["the ReLU is applied to the input X; it belongs to the hidden layer"],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="forward_b1_as_a_column",
        cells=reference_with("mlp_forward", ("    Z1 = X @ W1 + b1 ", "    Z1 = X @ W1 + b1.reshape(-1, 1) ")),
        hints=[
            "raised ValueError",
            "the bias b1 (H,) is added to every row of X @ W1 by broadcasting, without a reshape.",
        ],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="forward_with_dlf_layers",
        cells={
            "mlp_forward": (
                "from dlf.layers import Linear, ReLU\n\n\n"
                + FORWARD
                + "    rng = np.random.default_rng(0)\n"
                + "    hidden, out = Linear(*W1.shape, rng=rng), Linear(*W2.shape, rng=rng)\n"
                + "    hidden.params['W'], hidden.params['b'] = W1, b1\n"
                + "    out.params['W'], out.params['b'] = W2, b2\n"
                + "    return out.forward(ReLU().forward(hidden.forward(X)))\n"
            )
        },
        hints=["mlp_forward uses a library this task asks you not to use"],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="count_range_off_by_one",
        cells={
            "count_parameters": (
                "def count_parameters(sizes):\n"
                "    total = 0\n"
                "    for i in range(len(sizes) - 2):\n"
                "        total += sizes[i] * sizes[i + 1] + sizes[i + 1]\n"
                "    return total\n"
            )
        },
        hints=["the last layer was left out: with L + 2 sizes there are L + 1 layers."],
        loses=["test_count_parameters"],
    ),
    dict(
        name="count_skips_the_first_layer",
        cells={
            "count_parameters": (
                "def count_parameters(sizes):\n"
                "    total = 0\n"
                "    for i in range(1, len(sizes) - 1):\n"
                "        total += sizes[i] * sizes[i + 1] + sizes[i + 1]\n"
                "    return total\n"
            )
        },
        hints=["the first layer was left out: every pair of consecutive sizes is a layer"],
        loses=["test_count_parameters"],
    ),
    dict(
        name="count_hidden_biases_only",
        cells={
            "count_parameters": (
                "def count_parameters(sizes):\n"
                "    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))\n"
                "    return weights + sum(sizes[1:-1])  # a bias per hidden unit\n"
            )
        },
        hints=["the biases of the output layer are missing: the last layer (H_L, C) has C biases too."],
        loses=["test_count_parameters"],
    ),
    dict(
        name="count_pops_the_sizes",
        cells={
            "count_parameters": (
                "def count_parameters(sizes):\n"
                "    total, n_in = 0, sizes.pop(0)\n"
                "    while sizes:\n"
                "        n_out = sizes.pop(0)\n"
                "        total += n_in * n_out + n_out\n"
                "        n_in = n_out\n"
                "    return int(total)\n"
            )
        },
        hints=["changed its input sizes in place"],
        loses=["test_count_parameters"],
    ),
    # ---- issue 15: universal approximation (the interpolating network, its error and the bound)
    dict(
        name="interpolation_slopes_not_differenced",
        cells=reference_with("interpolating_network", ("np.diff(slopes, prepend=0.0)[:, None]", "slopes[:, None]")),
        hints=[
            "the slopes are not differenced: W2 holds the slopes s_j of the pieces, but unit j must add the CHANGE of slope"
        ],
        loses=["test_interpolating_network"],
    ),
    dict(
        name="interpolation_H_knots_instead_of_H_plus_1",
        cells=reference_with("interpolating_network", ("np.linspace(x_lo, x_hi, H + 1)", "np.linspace(x_lo, x_hi, H)")),
        hints=["b1 has H - 1 = 7 entries, one per unit: H units need H + 1 knots"],
        loses=["test_interpolating_network"],
    ),
    dict(
        name="interpolation_units_start_one_knot_late",
        cells=reference_with("interpolating_network", ("    b1 = -knots[:-1]\n", "    b1 = -knots[1:]\n")),
        hints=["the knots are off by one: your units start at k_1, ..., k_H"],
        loses=["test_interpolating_network"],
    ),
    dict(
        name="interpolation_diff_without_prepend",
        cells=reference_with("interpolating_network", ("np.diff(slopes, prepend=0.0)", "np.diff(slopes)")),
        hints=["W2 has H - 1 = 7 rows: np.diff(slopes) drops the first unit's weight v_0 = s_0"],
        loses=["test_interpolating_network"],
    ),
    dict(
        name="interpolation_first_weight_zero",
        cells=reference_with(
            "interpolating_network", ("np.diff(slopes, prepend=0.0)", "np.diff(slopes, prepend=slopes[0])")
        ),
        hints=["the first unit's weight is 0: the slope before k_0 is 0, so unit 0 adds the whole first slope"],
        loses=["test_interpolating_network"],
    ),
    dict(
        name="interpolation_without_output_bias",
        cells=reference_with("interpolating_network", ("np.array([values[0]])", "np.zeros(1)")),
        hints=[
            "the output bias is missing: at x = x_lo every unit is 0, so g(x_lo) = b2 must be c = f(k_0) = f(x_lo)."
        ],
        loses=["test_interpolating_network"],
    ),
    dict(
        name="interpolation_first_unit_without_bias",
        cells={
            "interpolating_network": (
                "def interpolating_network(f, x_lo, x_hi, H):\n"
                "    knots = np.linspace(x_lo, x_hi, H + 1)\n"
                "    values = f(knots)\n"
                "    slopes = np.diff(values) / np.diff(knots)\n"
                "    b1 = -knots[:-1]\n"
                "    b1[0] = 0.0  # the first unit is the plain relu(x)\n"
                "    W2 = np.diff(slopes, prepend=0.0).reshape(H, 1)\n"
                "    return np.ones((1, H)), b1, W2, values[:1]\n"
            )
        },
        hints=["the first unit's bias is missing: unit 0 computes relu(x - k_0) = relu(x - x_lo), so b1[0] = -x_lo"],
        loses=["test_interpolating_network"],
    ),
    dict(
        name="interpolation_slopes_without_the_spacing",
        cells=reference_with("interpolating_network", ("np.diff(values) / np.diff(knots)", "np.diff(values)")),
        hints=["the slopes are differences of f divided by the spacing of the knots"],
        loses=["test_interpolating_network"],
    ),
    dict(
        name="interpolation_loop_over_the_knots",
        cells={
            "interpolating_network": (
                "def interpolating_network(f, x_lo, x_hi, H):\n"
                "    knots = np.linspace(x_lo, x_hi, H + 1)\n"
                "    values = np.array([f(k) for k in knots])  # one knot at a time\n"
                "    W2 = np.zeros((H, 1))\n"
                "    previous = 0.0\n"
                "    for j in range(H):\n"
                "        slope = (values[j + 1] - values[j]) / (knots[j + 1] - knots[j])\n"
                "        W2[j, 0] = slope - previous\n"
                "        previous = slope\n"
                "    return np.ones((1, H)), -knots[:-1], W2, values[:1]\n"
            )
        },
        hints=["interpolating_network is not vectorized", "loops over the data"],
        loses=["test_interpolating_network"],
    ),
    dict(
        name="max_error_column_minus_row",
        cells=reference_with(
            "max_error",
            ("np.linspace(x_lo, x_hi, P)[:, None]              # (P, 1)", "np.linspace(x_lo, x_hi, P)"),
            ("mlp_forward(x, W1, b1, W2, b2)", "mlp_forward(x[:, None], W1, b1, W2, b2)"),
        ),
        hints=["f(x) - g(x) has a shape (P, P): f(x) of a (P,) array minus the network's column (P, 1) broadcasts"],
        loses=["test_max_error"],
    ),
    dict(
        name="max_error_without_abs",
        cells=reference_with("max_error", ("np.max(np.abs(f(x) - g))", "np.max(f(x) - g)")),
        hints=["the error is the ABSOLUTE difference: max |f(x) - g(x)|, not max (f(x) - g(x))."],
        loses=["test_max_error"],
    ),
    dict(
        name="max_error_ignores_P",
        cells=reference_with(
            "max_error", ("np.linspace(x_lo, x_hi, P)[:, None]", "np.linspace(x_lo, x_hi, 1001)[:, None]")
        ),
        hints=["max_error ignores its argument P: use np.linspace(x_lo, x_hi, P)."],
        loses=["test_max_error"],
    ),
    dict(
        name="max_error_mean",
        cells=reference_with("max_error", ("np.max(np.abs(f(x) - g))", "np.mean(np.abs(f(x) - g))")),
        hints=["the largest error, max |f(x) - g(x)|, not the mean."],
        loses=["test_max_error"],
    ),
    dict(
        name="error_bound_H_not_squared",
        cells=reference_with("max_error", ("(8 * H**2)", "(8 * H)")),
        hints=["error_bound(-3, 3, H=4, M=4): H must be squared"],
        loses=["test_max_error"],
    ),
    dict(
        name="error_bound_without_the_8",
        cells=reference_with("max_error", ("(8 * H**2)", "H**2")),
        hints=["the factor 1/8 is missing"],
        loses=["test_max_error"],
    ),
    dict(
        name="error_bound_with_H_plus_1_pieces",
        cells=reference_with("max_error", ("(8 * H**2)", "(8 * (H + 1) ** 2)")),
        hints=["H units make H pieces (H + 1 knots), so the bound divides by 8 H^2"],
        loses=["test_max_error"],
    ),
]


RIGHT = [
    dict(
        name="xor_as_an_absolute_difference_in_ints",
        cells={
            "xor_weights": (
                "# h1 = relu(x1 - x2), h2 = relu(x2 - x1), f = h1 + h2 = |x1 - x2|\n"
                "W1 = np.array([[1, -1], [-1, 1]])\n"
                "b1 = np.array([0, 0])\n"
                "W2 = np.array([[1], [1]])\n"
                "b2 = np.array([0])\n"
            )
        },
    ),
    dict(
        name="forward_as_a_loop_over_layers",
        cells={
            "mlp_forward": FORWARD
            + "    A = X\n"
            + "    for W, b, hidden in ((W1, b1, True), (W2, b2, False)):  # a loop over the 2 layers\n"
            + "        Z = np.einsum('nd,dk->nk', A, W) + b\n"
            + "        A = np.where(Z > 0, Z, 0) if hidden else Z  # no activation on the logits\n"
            + "    return A\n"
        },
    ),
    dict(
        name="forward_with_a_column_of_ones_and_count_by_a_loop",
        cells={
            "mlp_forward": (
                "def affine(X, W, b):\n"
                "    ones = np.ones((X.shape[0], 1))\n"
                "    return np.hstack([X, ones]) @ np.vstack([W, b[None, :]])  # [X 1] [W; b] = X W + b\n\n\n"
                + FORWARD
                + "    return affine(np.maximum(affine(X, W1, b1), 0), W2, b2)\n"
            ),
            "count_parameters": (
                "def count_parameters(sizes):\n"
                "    total = 0\n"
                "    for n_in, n_out in zip(sizes, sizes[1:]):\n"
                "        total += n_in * n_out + n_out  # W and b of one layer\n"
                "    print('layers:', len(sizes) - 1)\n"
                "    return int(total)\n"
            ),
        },
    ),
    dict(
        name="count_with_numpy",
        cells={
            "count_parameters": (
                "def count_parameters(sizes):\n"
                "    s = np.asarray(sizes, dtype=np.int64)\n"
                "    return int(s[:-1] @ s[1:] + s[1:].sum())\n"
            )
        },
    ),
    dict(
        name="interpolation_with_scaled_units_and_an_own_forward",
        cells={
            "interpolating_network": (
                "def interpolating_network(f, x_lo, x_hi, H):\n"
                "    # unit j is relu(2 x - 2 k_j) = 2 relu(x - k_j), so its output weight is halved\n"
                "    knots = x_lo + (x_hi - x_lo) * np.arange(H + 1) / H\n"
                "    y = f(knots)\n"
                "    s = (y[1:] - y[:-1]) / (knots[1:] - knots[:-1])\n"
                "    v = np.concatenate([s[:1], s[1:] - s[:-1]])\n"
                "    return np.full((1, H), 2.0), -2.0 * knots[:H], (v / 2).reshape(-1, 1), np.array([f(x_lo)])\n"
            ),
            "max_error": (
                "def network(x, W1, b1, W2, b2):\n"
                "    return np.einsum('nh,hc->nc', np.maximum(x @ W1 + b1, 0), W2) + b2\n\n\n"
                "def max_error(f, W1, b1, W2, b2, x_lo, x_hi, P=1001):\n"
                "    x = np.linspace(x_lo, x_hi, P)\n"
                "    errors = np.abs(f(x) - network(x.reshape(P, 1), W1, b1, W2, b2).ravel())\n"
                "    print('largest error at x =', x[np.argmax(errors)])\n"
                "    return float(errors.max())\n\n\n"
                "def error_bound(x_lo, x_hi, H, M):\n"
                "    h = (x_hi - x_lo) / H  # the length of one piece\n"
                "    return h * h * M / 8.0\n"
            ),
        },
    ),
]
