"""Wrong submissions of ex05_backprop, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.

Most entries are the reference solution of ``solutions/ex05_backprop`` with one line
changed, so they stay in step with it.
"""

from functools import partial

from gradingkit import reference_with

reference_with = partial(reference_with, "ex05_backprop")  # reference_with(grade_id, (old, new), ...)


WRONG = [
    dict(
        name="backward_missing_relu_derivative",
        cells=reference_with(
            "mlp_backward", ("dZ1 = dA1 * (Z1 > 0)", "dZ1 = dA1  # ReLU passes the gradient through?")
        ),
        hints=[
            "missing activation derivative: for Y = act(Z) with Z = X W + b, first dZ = dY * act'(Z), then dW = X.T @ dZ (you used dY where dZ belongs).",
            "the first layer, A1 = ReLU(X W1 + b1)",
        ],
        loses=["test_mlp_backward_layer1"],
    ),
    dict(
        name="softmax_grad_not_divided_by_N",
        cells=reference_with("softmax_cross_entropy", ("return float(loss), dZ / N", "return float(loss), dZ")),
        hints=[
            "you did not divide by N = 2: the loss is the MEAN of the N per-example losses, so every entry of dL/dZ "
            "carries the factor 1/N of the mean (step 1)."
        ],
        loses=["test_softmax_ce_grad"],
    ),
    dict(
        name="bias_gradients_not_summed",
        cells=reference_with(
            "mlp_backward", ("db2 = dZ2.sum(axis=0)", "db2 = dZ2"), ("db1 = dZ1.sum(axis=0)", "db1 = dZ1")
        ),
        hints=[
            'grads["b2"]: expected shape (C,) = (3,); got (6, 3), which is (N, C). An axis of size N (the batch) is left over',
            'grads["b1"]: expected shape (H,) = (5,); got (6, 5), which is (N, H). An axis of size N (the batch) is left over',
        ],
        loses=["test_mlp_backward_layer1", "test_mlp_backward_layer2"],
    ),
    dict(
        name="dW2_transposed",
        cells=reference_with("mlp_backward", ("dW2 = A1.T @ dZ2", "dW2 = dZ2.T @ A1")),
        hints=[
            'grads["W2"]: expected shape (H, C) = (5, 3); got (3, 5), which is (C, H). The axes are in the wrong order (a transpose?).'
        ],
        loses=["test_mlp_backward_layer2"],
    ),
    dict(
        name="forward_without_relu",
        cells=reference_with("mlp_forward", ("A1 = np.maximum(Z1, 0.0)", "A1 = Z1")),
        hints=[
            "Z2 for the example worked out above: ReLU is missing: A1 = ReLU(Z1) = max(Z1, 0), element by element, before the second layer."
        ],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="softmax_without_max_shift",
        cells={
            "softmax_cross_entropy": (
                "def softmax_cross_entropy(Z, y):\n"
                "    N = Z.shape[0]\n"
                "    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)\n"
                "    loss = -np.log(P[np.arange(N), y]).mean()\n"
                "    onehot = np.zeros_like(Z)\n"
                "    onehot[np.arange(N), y] = 1\n"
                "    return float(loss), (P - onehot) / N\n"
            )
        },
        hints=[
            "with logits of size 1000, NumPy's warnings turned into errors raised RuntimeWarning: overflow encountered in exp.",
            "subtract each row's maximum before exp",
        ],
        loses=["test_softmax_ce_loss", "test_softmax_ce_grad"],
    ),
    dict(
        name="numerical_gradient_one_sided",
        cells=reference_with(
            "numerical_gradient",
            ("        x[i] = old - h\n        f_minus = f(x)\n", "        x[i] = old\n        f_minus = f(x)\n"),
            ("grad[i] = (f_plus - f_minus) / (2 * h)", "grad[i] = (f_plus - f_minus) / h"),
        ),
        hints=["this is a one-sided difference (f(x + h) - f(x)) / h, whose error is proportional to h"],
        loses=["test_numerical_gradient", "test_gradient_check"],
    ),
    dict(
        name="learning_rate_too_small",
        cells=reference_with(
            "train_mlp",
            ("lr=0.5, epochs=200", "lr=0.001, epochs=50"),
        ),
        hints=["on the spirals; at least 0.90 is needed. Is the learning rate too small, or are there too few epochs"],
        loses=["test_train"],
    ),
    dict(
        name="predict_argmax_over_the_batch",
        cells=reference_with("predict", ("return Z2.argmax(axis=1)", "return Z2.argmax(axis=0)")),
        hints=["predict(params, X) for N = 3 examples: expected shape (3,); got (2,)"],
        loses=["test_predict"],
    ),
]


# ---- issue 13: numerical derivatives, loops, libraries, inputs changed in place, blind gradient checks,
# ---- training on other data, global randomness, off-by-one epochs, ignored arguments
def changed(grade_id, *pairs):
    """The reference cell ``grade_id`` with each (old, new) replaced exactly once (the source text)."""
    return reference_with(grade_id, *pairs)


BACKWARD = "def mlp_backward(dZ2, params, cache):\n    X, Z1, A1 = cache\n"
GRADIENT_CHECK = (
    "def gradient_check(params, X, y):\n"
    "    _, grads = loss_and_grads(params, X, y)\n"
    "    errors = {}\n"
    "    for name, p in params.items():\n"
    "        g = grads[name]\n"
    "        n = numerical_gradient(lambda _: loss_and_grads(params, X, y)[0], p)\n"
    "{measure}"
    "    return errors\n"
)


def gradient_check_with(measure):
    return GRADIENT_CHECK.replace("{measure}", measure)


WRONG += [
    dict(
        name="softmax_grad_by_central_differences",
        cells={
            "softmax_cross_entropy": (
                "def softmax_cross_entropy(Z, y):\n"
                "    N, C = np.shape(Z)\n"
                "    rows = np.arange(N)\n"
                "    def per_example(A):\n"
                "        shifted = A - A.max(axis=1, keepdims=True)\n"
                "        return -(shifted[rows, y] - np.log(np.exp(shifted).sum(axis=1)))\n"
                "    loss = per_example(Z).mean()\n"
                "    h = 1e-5\n"
                "    dZ = np.zeros_like(Z)\n"
                "    for c in range(C):                      # nudge column c of every row at once\n"
                "        step = np.zeros_like(Z)\n"
                "        step[:, c] = h\n"
                "        dZ[:, c] = (per_example(Z + step) - per_example(Z - step)) / (2 * h) / N\n"
                "    return float(loss), dZ\n"
            )
        },
        hints=["softmax_cross_entropy computes a derivative numerically", "softmax_cross_entropy is not vectorized"],
        loses=["test_softmax_ce_loss", "test_softmax_ce_grad"],
    ),
    dict(
        name="softmax_loss_loop_over_examples",
        cells=changed(
            "softmax_cross_entropy",
            ("loss = -log_P[rows, y].mean()", "loss = -sum(log_P[n, y[n]] for n in range(N)) / N"),
        ),
        hints=["softmax_cross_entropy is not vectorized", "loops over the data"],
        loses=["test_softmax_ce_loss"],
    ),
    dict(
        name="softmax_shifts_Z_in_place",
        cells=changed(
            "softmax_cross_entropy",
            (
                "shifted = Z - Z.max(axis=1, keepdims=True)",
                "Z -= Z.max(axis=1, keepdims=True)\n    shifted = Z",
            ),
        ),
        hints=["changed its input Z in place"],
        loses=["test_softmax_ce_loss", "test_softmax_ce_grad"],
    ),
    dict(
        name="softmax_wraps_dlf",
        cells={
            "softmax_cross_entropy": (
                "from dlf.losses import softmax_cross_entropy as _sce\n\n\n"
                "def softmax_cross_entropy(Z, y):\n"
                "    return _sce(Z, y)\n"
            )
        },
        hints=["softmax_cross_entropy uses a library this task asks you not to use"],
        loses=["test_softmax_ce_loss", "test_softmax_ce_grad"],
    ),
    dict(
        name="forward_relu_in_place_on_Z1",
        cells=changed("mlp_forward", ("A1 = np.maximum(Z1, 0.0)", "A1 = Z1\n    A1[A1 < 0] = 0.0")),
        hints=["cache holds A1 where Z1 belongs", "Did you apply ReLU to Z1 in place"],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="forward_loop_over_examples",
        cells={
            "mlp_forward": (
                "def mlp_forward(params, X):\n"
                "    Z1 = np.array([x @ params['W1'] + params['b1'] for x in X])\n"
                "    A1 = np.maximum(Z1, 0.0)\n"
                "    Z2 = A1 @ params['W2'] + params['b2']\n"
                "    return Z2, (X, Z1, A1)\n"
            )
        },
        hints=["mlp_forward is not vectorized"],
        loses=["test_mlp_forward"],
    ),
    dict(
        name="backward_by_central_differences",
        cells={
            "mlp_backward": BACKWARD
            + (
                "    def f():                                # sum(Z2 * dZ2) has the gradients of L\n"
                "        return float(np.sum(mlp_forward(params, X)[0] * dZ2))\n"
                "    h = 1e-5\n"
                "    grads = {}\n"
                "    for name, p in params.items():\n"
                "        g = np.zeros_like(p)\n"
                "        for i in np.ndindex(p.shape):\n"
                "            old = p[i]\n"
                "            p[i] = old + h\n"
                "            up = f()\n"
                "            p[i] = old - h\n"
                "            down = f()\n"
                "            p[i] = old\n"
                "            g[i] = (up - down) / (2 * h)\n"
                "        grads[name] = g\n"
                "    return grads\n"
            )
        },
        hints=["mlp_backward computes a derivative numerically"],
        loses=["test_mlp_backward_layer2", "test_mlp_backward_layer1"],
    ),
    dict(
        name="relu_derivative_by_central_difference",
        cells=changed(
            "mlp_backward",
            (
                "dZ1 = dA1 * (Z1 > 0)",
                "h = 1e-5\n    dZ1 = dA1 * (np.maximum(Z1 + h, 0) - np.maximum(Z1 - h, 0)) / (2 * h)",
            ),
        ),
        hints=["mlp_backward computes a derivative numerically", "divides by a small step"],
        loses=["test_mlp_backward_layer2", "test_mlp_backward_layer1"],
    ),
    dict(
        name="backward_relu_mask_in_place_on_cache",
        cells=changed(
            "mlp_backward",
            ("dZ1 = dA1 * (Z1 > 0)", "Z1[Z1 > 0] = 1.0\n    Z1[Z1 <= 0] = 0.0\n    dZ1 = dA1 * Z1"),
        ),
        hints=["changed its input cache[1] in place"],
        loses=["test_mlp_backward_layer2", "test_mlp_backward_layer1"],
    ),
    dict(
        name="backward_loop_over_examples",
        cells={
            "mlp_backward": BACKWARD
            + (
                "    grads = {name: np.zeros_like(p) for name, p in params.items()}\n"
                "    for n in range(X.shape[0]):\n"
                "        dh = (params['W2'] @ dZ2[n]) * (Z1[n] > 0)\n"
                "        grads['W2'] += np.outer(A1[n], dZ2[n])\n"
                "        grads['b2'] += dZ2[n]\n"
                "        grads['W1'] += np.outer(X[n], dh)\n"
                "        grads['b1'] += dh\n"
                "    return grads\n"
            )
        },
        hints=["mlp_backward is not vectorized"],
        loses=["test_mlp_backward_layer2", "test_mlp_backward_layer1"],
    ),
    dict(
        name="numerical_gradient_on_a_copy",
        cells=changed("numerical_gradient", ("grad = np.zeros(x.shape)", "x = x.copy()\n    grad = np.zeros(x.shape)")),
        hints=["all zeros: x must be perturbed IN PLACE"],
        loses=["test_numerical_gradient", "test_gradient_check"],
    ),
    dict(
        name="numerical_gradient_wraps_dlf",
        cells={
            "numerical_gradient": (
                "import dlf.gradcheck\n\n\n"
                "def numerical_gradient(f, x, h=1e-5):\n"
                "    return dlf.gradcheck.numerical_gradient(f, x, h)\n"
            )
        },
        hints=["numerical_gradient uses a library this task asks you not to use"],
        loses=["test_numerical_gradient", "test_gradient_check"],
    ),
    dict(
        name="gradient_check_compares_norms",
        cells={
            "gradient_check": gradient_check_with(
                "        a, b = np.linalg.norm(g), np.linalg.norm(n)\n"
                "        errors[name] = float(abs(a - b) / (a + b)) if a + b > 0 else 0.0\n"
            )
        },
        hints=["when a column of grads['W2'] has the wrong sign, as if it were right", "Your error measure cannot see"],
        loses=["test_gradient_check"],
    ),
    dict(
        name="gradient_check_cosine_similarity",
        cells={
            "gradient_check": gradient_check_with(
                "        cos = np.sum(g * n) / (np.linalg.norm(g) * np.linalg.norm(n) + 1e-300)\n"
                "        errors[name] = float(1.0 - cos)\n"
            )
        },
        hints=[
            "when the gradient of loss_and_grads is twice the true one, as if it were right",
            "Your error measure cannot see",
        ],
        loses=["test_gradient_check"],
    ),
    dict(
        name="gradient_check_sum_of_differences",
        cells={
            "gradient_check": gradient_check_with(
                "        scale = np.linalg.norm(g) + np.linalg.norm(n)\n"
                "        errors[name] = float(abs(np.sum(g - n)) / scale) if scale > 0 else 0.0\n"
            )
        },
        hints=["when the gradient is twice the true one (||2n - n|| / (||2n|| + ||n||) = 1/3)"],
        loses=["test_gradient_check"],
    ),
    dict(
        name="gradient_check_own_network_loss",
        cells={
            "gradient_check": GRADIENT_CHECK.replace(
                "loss_and_grads(params, X, y)[0]", "softmax_cross_entropy(mlp_forward(params, X)[0], y)[0]"
            ).replace(
                "{measure}",
                "        scale = np.linalg.norm(g) + np.linalg.norm(n)\n"
                "        errors[name] = float(np.linalg.norm(g - n) / scale) if scale > 0 else 0.0\n",
            )
        },
        hints=["Take both the loss and the gradients from loss_and_grads"],
        loses=["test_gradient_check"],
    ),
    dict(
        name="train_shuffles_with_global_rng",
        cells=changed("train_mlp", ("order = rng.permutation(N)", "order = np.random.permutation(N)")),
        hints=["two runs of train_mlp with equal generators, np.random.default_rng(12), return different parameters"],
        loses=["test_train_loop"],
    ),
    dict(
        name="train_init_with_global_rng",
        cells=changed(
            "train_mlp",
            ('"W1": rng.normal(0.0, np.sqrt(2.0 / D), size=(D, H))', '"W1": np.random.randn(D, H) * np.sqrt(2.0 / D)'),
        ),
        hints=["with epochs = 0, train_mlp must return the initial parameters", "never from NumPy's global state"],
        loses=["test_train_loop"],
    ),
    dict(
        name="train_seeds_numpy_global_state",
        cells=changed(
            "train_mlp",
            ("    N, D = X.shape\n", "    np.random.seed(0)\n    N, D = X.shape\n"),
            ("order = rng.permutation(N)", "order = np.random.permutation(N)"),
            (
                '"W1": rng.normal(0.0, np.sqrt(2.0 / D), size=(D, H))',
                '"W1": np.random.normal(0.0, np.sqrt(2.0 / D), (D, H))',
            ),
            (
                '"W2": rng.normal(0.0, np.sqrt(2.0 / H), size=(H, C))',
                '"W2": np.random.normal(0.0, np.sqrt(2.0 / H), (H, C))',
            ),
        ),
        hints=["with epochs = 0, train_mlp must return the initial parameters"],
        loses=["test_train_loop"],
    ),
    dict(
        name="train_on_the_global_spirals",
        cells=changed(
            "train_mlp",
            (
                "loss_and_grads(params, X[batch], y[batch])",
                "loss_and_grads(params, X_spirals[batch], y_spirals[batch])",
            ),
        ),
        hints=["it does not train on the X it is given", "does not train on the X, y it is given"],
        loses=["test_train", "test_train_loop"],
    ),
    dict(
        name="train_one_epoch_too_many",
        cells=changed("train_mlp", ("for epoch in range(epochs):", "for epoch in range(epochs + 1):")),
        hints=["is there one epoch too many"],
        loses=["test_train_loop"],
    ),
    dict(
        name="train_one_epoch_too_few",
        cells=changed("train_mlp", ("for epoch in range(epochs):", "for epoch in range(1, epochs):")),
        hints=["it took 4, that is 1 epoch: one epoch too few"],
        loses=["test_train_loop"],
    ),
    dict(
        name="train_ignores_lr",
        cells=changed("train_mlp", ("p -= lr * grads[name]", "p -= 0.5 * grads[name]")),
        hints=["train_mlp does not use the lr it is given"],
        loses=["test_train_loop"],
    ),
    dict(
        name="train_ignores_batch_size",
        cells=changed(
            "train_mlp",
            ("for start in range(0, N, batch_size):", "for start in range(0, N, 32):"),
            ("batch = order[start:start + batch_size]", "batch = order[start:start + 32]"),
        ),
        hints=["batch_size is ignored"],
        loses=["test_train_loop"],
    ),
    dict(
        name="train_never_shuffles",
        cells=changed("train_mlp", ("order = rng.permutation(N)", "order = np.arange(N)")),
        hints=["walks through the mini-batches in the same order: shuffle with rng.permutation(N)"],
        loses=["test_train_loop"],
    ),
]


# ---- issue 15: the softmax cross-entropy gradient derived by hand (part 1), training from a constant start (part 6)
def softmax_with_gradient(lines):
    """softmax_cross_entropy as a student writes it after deriving dL/dZ: P and T first, then ``lines``."""
    return {
        "softmax_cross_entropy": (
            "def softmax_cross_entropy(Z, y):\n"
            "    N, C = Z.shape\n"
            "    shifted = Z - Z.max(axis=1, keepdims=True)\n"
            "    log_P = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))\n"
            "    loss = -log_P[np.arange(N), y].mean()\n"
            "    P = np.exp(log_P)\n"
            "    T = np.eye(C)[y]\n" + lines + "    return float(loss), dZ\n"
        )
    }


WRONG += [
    dict(
        name="softmax_grad_sign_flipped",
        cells=softmax_with_gradient("    dZ = (T - P) / N\n"),
        hints=["sign error: your dZ points the wrong way. The loss is MINUS the log-probability of the true class"],
        loses=["test_softmax_ce_grad"],
    ),
    dict(
        name="softmax_grad_minus_one_in_every_column",
        cells=softmax_with_gradient("    dZ = (P - 1) / N\n"),
        hints=["the -1 is subtracted in every column", "Every row of dL/dZ must sum to 0."],
        loses=["test_softmax_ce_grad"],
    ),
    dict(
        name="softmax_grad_only_the_true_column",
        cells=softmax_with_gradient(
            "    dZ = np.zeros_like(P)\n    dZ[np.arange(N), y] = (P[np.arange(N), y] - 1) / N\n"
        ),
        hints=["only the true class's column is nonzero: but log P[n, y_n] depends on EVERY logit of row n"],
        loses=["test_softmax_ce_grad"],
    ),
    dict(
        name="softmax_grad_divided_by_C",
        cells=softmax_with_gradient("    dZ = (P - T) / C\n"),
        hints=["divided by C = 3, the number of classes, where N = 2 belongs"],
        loses=["test_softmax_ce_grad"],
    ),
    dict(
        name="softmax_grad_true_class_term_missing",
        cells=softmax_with_gradient("    dZ = P / N\n"),
        hints=["the true class's term is missing: you differentiated only log(sum_j exp(Z[n, j]))"],
        loses=["test_softmax_ce_grad"],
    ),
    dict(
        name="constant_one_step_too_many",
        cells=changed("train_from_constant", ("for _ in range(steps):", "for _ in range(steps + 1):")),
        hints=["one step too many (range(steps + 1)?)"],
        loses=["test_train_from_constant"],
    ),
    dict(
        name="constant_biases_start_at_value",
        cells=changed(
            "train_from_constant",
            ('"b1": np.zeros(H)', '"b1": np.full(H, float(value))'),
            ('"b2": np.zeros(C)', '"b2": np.full(C, float(value))'),
        ),
        hints=["the biases must start at zero; only the weights W1 and W2 start at value."],
        loses=["test_train_from_constant"],
    ),
    dict(
        name="constant_W2_starts_at_zero",
        cells=changed("train_from_constant", ('"W2": np.full((H, C), float(value))', '"W2": np.zeros((H, C))')),
        hints=["every entry of W2 must start at value too, not only those of W1."],
        loses=["test_train_from_constant"],
    ),
    dict(
        name="constant_gradients_computed_once",
        cells=changed(
            "train_from_constant",
            (
                "    for _ in range(steps):\n        _, grads = loss_and_grads(params, X, y)\n",
                "    _, grads = loss_and_grads(params, X, y)\n    for _ in range(steps):\n",
            ),
        ),
        hints=["the gradients are computed once, before the loop"],
        loses=["test_train_from_constant"],
    ),
    dict(
        name="constant_ignores_lr",
        cells=changed("train_from_constant", ("p -= lr * grads[name]", "p -= 0.5 * grads[name]")),
        hints=["train_from_constant does not use the lr it is given"],
        loses=["test_train_from_constant"],
    ),
]


RIGHT = [
    dict(
        name="einsum_where_and_eye",
        cells={
            "softmax_cross_entropy": (
                "def softmax_cross_entropy(Z, y):\n"
                "    N, C = np.shape(Z)\n"
                "    m = np.max(Z, axis=1, keepdims=True)\n"
                "    log_sum = m + np.log(np.sum(np.exp(Z - m), axis=1, keepdims=True))   # log-sum-exp\n"
                "    log_P = Z - log_sum\n"
                "    onehot = np.eye(C)[y, :]\n"
                "    loss = -np.sum(onehot * log_P) / N\n"
                "    return float(loss), (np.exp(log_P) - onehot) / N\n"
            ),
            "mlp_forward": (
                "def mlp_forward(params, X):\n"
                "    Z1 = np.einsum('nd,dh->nh', X, params['W1']) + params['b1']\n"
                "    A1 = np.where(Z1 > 0, Z1, 0.0)\n"
                "    Z2 = np.einsum('nh,hc->nc', A1, params['W2']) + params['b2']\n"
                "    return Z2, (X, Z1, A1)\n"
            ),
            "mlp_backward": BACKWARD
            + (
                "    W2 = params['W2']\n"
                "    dZ1 = np.where(Z1 > 0, np.einsum('nc,hc->nh', dZ2, W2), 0.0)\n"
                "    return {'W1': np.einsum('nd,nh->dh', X, dZ1), 'b1': np.einsum('nh->h', dZ1),\n"
                "            'W2': np.einsum('nh,nc->hc', A1, dZ2), 'b2': np.einsum('nc->c', dZ2)}\n"
            ),
            "predict": "def predict(params, X):\n    return np.argmax(mlp_forward(params, X)[0], axis=-1)\n",
        },
    ),
    dict(
        name="loop_over_layers_and_helpers",
        cells={
            "mlp_backward": BACKWARD
            + (
                "    grads = {}\n"
                "    G = dZ2\n"
                "    for layer, A in ((2, A1), (1, X)):           # from the last layer to the first\n"
                "        grads[f'W{layer}'] = A.T @ G\n"
                "        grads[f'b{layer}'] = G.sum(axis=0)\n"
                "        if layer == 2:\n"
                "            G = (G @ params['W2'].T) * (Z1 > 0)\n"
                "    return grads\n"
            ),
            "numerical_gradient": (
                "def numerical_gradient(f, x, h=1e-5):\n"
                "    grad = np.zeros_like(x, dtype=float)\n"
                "    flat, out = x.reshape(-1), grad.reshape(-1)   # views: changing flat changes x\n"
                "    for i in range(flat.size):\n"
                "        old = flat[i]\n"
                "        flat[i] = old + h\n"
                "        up = f(x)\n"
                "        flat[i] = old - h\n"
                "        down = f(x)\n"
                "        flat[i] = old\n"
                "        out[i] = (up - down) / (2 * h)\n"
                "    return grad\n"
            ),
            "gradient_check": (
                "def relative_error(g, n):\n"
                "    scale = np.linalg.norm(g) + np.linalg.norm(n)\n"
                "    return 0.0 if scale == 0 else float(np.linalg.norm(g - n) / scale)\n\n\n"
                "def gradient_check(params, X, y):\n"
                "    loss = lambda _: loss_and_grads(params, X, y)[0]\n"
                "    grads = loss_and_grads(params, X, y)[1]\n"
                "    errors = {name: relative_error(grads[name], numerical_gradient(loss, params[name])) for name in params}\n"
                "    print('gradient check:', {k: f'{v:.1e}' for k, v in errors.items()})\n"
                "    return errors\n"
            ),
        },
    ),
    dict(
        name="train_with_helpers_and_other_defaults",
        cells={
            "train_mlp": (
                "def init_params(D, H, C, rng):\n"
                "    W1 = rng.standard_normal((D, H)) * np.sqrt(2 / D)\n"
                "    W2 = rng.standard_normal((H, C)) * np.sqrt(2 / H)\n"
                "    return {'W1': W1, 'b1': np.zeros(H), 'W2': W2, 'b2': np.zeros(C)}\n\n\n"
                "def train_mlp(X, y, *, rng, H=64, lr=0.8, epochs=250, batch_size=32):\n"
                "    N = len(X)\n"
                "    params = init_params(X.shape[1], H, int(np.max(y)) + 1, rng)\n"
                "    for epoch in range(1, epochs + 1):\n"
                "        idx = np.arange(N)\n"
                "        rng.shuffle(idx)\n"
                "        start = 0\n"
                "        while start < N:\n"
                "            batch = idx[start:start + batch_size]\n"
                "            loss, grads = loss_and_grads(params, X[batch], y[batch])\n"
                "            params = {k: params[k] - lr * grads[k] for k in params}\n"
                "            start += batch_size\n"
                "        if epoch % 100 == 0:\n"
                "            print(f'epoch {epoch}: last batch loss {loss:.3f}')\n"
                "    return params\n"
            ),
        },
    ),
    dict(
        name="softmax_boolean_onehot_and_constant_with_new_dicts",
        cells={
            "softmax_cross_entropy": (
                "def softmax_cross_entropy(Z, y):\n"
                "    N, C = Z.shape\n"
                "    shifted = Z - np.max(Z, axis=1)[:, None]\n"
                "    log_P = shifted - np.log(np.sum(np.exp(shifted), axis=1))[:, None]\n"
                "    is_true = np.arange(C)[None, :] == np.asarray(y)[:, None]    # T as booleans\n"
                "    loss = -np.sum(log_P[is_true]) / N\n"
                "    dZ = (np.exp(log_P) - is_true) / N                    # dl_n/dZ_nc = P_nc - T_nc, and 1/N\n"
                "    return float(loss), dZ\n"
            ),
            "train_from_constant": (
                "def train_from_constant(X, y, *, value, H=10, lr=0.5, steps=300):\n"
                "    D = X.shape[1]\n"
                "    C = int(np.max(y)) + 1\n"
                "    params = {'W1': value * np.ones((D, H)), 'b1': np.zeros(H), 'W2': value * np.ones((H, C)),\n"
                "              'b2': np.zeros(C)}\n"
                "    step = 0\n"
                "    while step < steps:\n"
                "        loss, grads = loss_and_grads(params, X, y)\n"
                "        params = {k: params[k] - lr * grads[k] for k in params}\n"
                "        step += 1\n"
                "    return params\n"
            ),
        },
    ),
]
