"""Wrong submissions of ex01_perceptron, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.
"""

from gradingkit import reference_with

PREDICT = "def predict(X, w, b):\n    scores = X @ w + b\n"

TRAIN_HEAD = """\
def train_perceptron(X, y, max_epochs=100, lr=1.0):
    w, b = np.zeros(X.shape[1]), 0.0
    for epoch in range(1, max_epochs + 1):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            if predict(x_i[None, :], w, b)[0] != y_i:
                w, b = perceptron_update(w, b, x_i, y_i, lr)
                mistakes += 1
"""

WRONG = [
    dict(
        name="predict_with_np_sign",
        cells={"predict": PREDICT + "    return np.sign(scores)\n"},
        hints=[
            "np.sign gives 0 for a score of exactly 0, but the perceptron answers +1 on the boundary (sign(0) = +1)."
        ],
        loses=["test_predict"],
    ),
    dict(
        name="predict_returns_0_1_labels",
        cells={"predict": PREDICT + "    return (scores >= 0).astype(int)\n"},
        hints=["the labels are -1 and +1, not 0 and 1 (nor False and True)."],
        loses=["test_predict"],
    ),
    dict(
        name="predict_loops_over_examples",
        cells={"predict": "def predict(X, w, b):\n    return np.array([1 if x @ w + b >= 0 else -1 for x in X])\n"},
        hints=[
            "predict is not vectorized",
            "the comprehension `[1 if x @ w + b >= 0 else -1 for x in X]` loops over the data",
        ],
        loses=["test_predict_vectorized"],
    ),
    dict(
        name="update_on_every_example",
        cells={
            "perceptron_update": "def perceptron_update(w, b, x, y, lr=1.0):\n    return w + lr * y * x, b + lr * y\n"
        },
        hints=["the rule changes w and b only after a mistake; this example is classified correctly."],
        loses=["test_update"],
    ),
    dict(
        name="update_when_margin_is_zero",
        cells={
            "perceptron_update": (
                "def perceptron_update(w, b, x, y, lr=1.0):\n"
                "    if y * (x @ w + b) <= 0:\n"
                "        return w + lr * y * x, b + lr * y\n"
                "    return w, b\n"
            )
        },
        hints=[
            "this example lies exactly on the boundary (w.x + b = 0) with y = +1: the prediction sign(0) = +1 is correct, so there is no update."
        ],
        loses=["test_update"],
    ),
    dict(
        name="update_in_place",
        cells={
            "perceptron_update": (
                "def perceptron_update(w, b, x, y, lr=1.0):\n"
                "    if (1 if x @ w + b >= 0 else -1) != y:\n"
                "        w += lr * y * x\n"
                "        b += lr * y\n"
                "    return w, b\n"
            )
        },
        hints=["changed the array w it was given (w += ... works in place, on the caller's array)."],
        loses=["test_update"],
    ),
    dict(
        name="train_returns_after_the_first_epoch",
        cells={"train_perceptron": TRAIN_HEAD + "        return w, b, mistakes == 0, epoch\n"},
        hints=[
            "train_perceptron(X, y) on 20 separable points returned converged=False after 1 epoch(s) on linearly separable data",
            "must run all max_epochs = 10 epochs on XOR; it reported epochs = 1",
        ],
        loses=["test_train", "test_xor"],
    ),
    dict(
        name="train_always_reports_converged",
        cells={
            "train_perceptron": TRAIN_HEAD
            + "        if mistakes == 0:\n            break\n    return w, b, True, epoch\n"
        },
        hints=[
            "returned converged=True; the rule, run for at most max_epochs = 2 epochs, gives converged=False after 2 epoch(s)",
            "returned converged=True, but no line separates XOR",
        ],
        loses=["test_train", "test_xor"],
    ),
    dict(
        name="train_never_stops_early",
        cells={"train_perceptron": TRAIN_HEAD + "    return w, b, mistakes == 0, max_epochs\n"},
        hints=["Stop after the first epoch without a mistake, epoch 3 here."],
        loses=["test_train"],
    ),
    # ---- added for issue 13
    dict(
        name="predict_returns_booleans",
        cells={"predict": PREDICT + "    return scores >= 0\n"},
        hints=["the labels are -1 and +1, not 0 and 1 (nor False and True)."],
        loses=["test_predict"],
    ),
    dict(
        name="predict_wraps_dlf",
        cells={
            "predict": (
                "from dlf.perceptron import Perceptron\n\n\n"
                "def predict(X, w, b):\n"
                "    model = Perceptron(len(w))\n"
                "    model.w, model.b = w, b\n"
                "    return model.predict(X)\n"
            )
        },
        hints=[
            "predict uses a library this task asks you not to use",
            "`Perceptron` comes from `from dlf.perceptron import Perceptron`",
        ],
        loses=["test_predict"],
    ),
    dict(
        name="predict_maps_over_examples",
        cells={
            "predict": "def predict(X, w, b):\n    return np.array(list(map(lambda x: 1 if x @ w + b >= 0 else -1, X)))\n"
        },
        hints=["predict is not vectorized"],
        loses=["test_predict_vectorized"],
    ),
    dict(
        name="update_ignores_lr",
        cells=reference_with(
            "ex01_perceptron", "perceptron_update", ("w + lr * y * x, b + lr * y", "w + y * x, b + y")
        ),
        hints=["the learning rate is missing: w <- w + lr y x."],
        loses=["test_update"],
    ),
    dict(
        name="update_wraps_dlf",
        cells={
            "perceptron_update": (
                "import dlf.perceptron\n\n\n"
                "def perceptron_update(w, b, x, y, lr=1.0):\n"
                "    return dlf.perceptron.perceptron_update(w, b, x, y, lr=lr)\n"
            )
        },
        hints=["perceptron_update uses a library this task asks you not to use"],
        loses=["test_update"],
    ),
    dict(
        name="train_ignores_lr",
        cells=reference_with(
            "ex01_perceptron",
            "train_perceptron",
            ("perceptron_update(w, b, x_i, y_i, lr)", "perceptron_update(w, b, x_i, y_i)"),
        ),
        hints=["the learning rate lr = 0.25 is ignored: you have the (w, b) of lr = 1."],
        loses=["test_train"],
    ),
    dict(
        name="train_counts_epochs_from_zero",
        cells=reference_with(
            "ex01_perceptron",
            "train_perceptron",
            ("for epoch in range(1, max_epochs + 1):", "for epoch in range(max_epochs):"),
        ),
        hints=[
            "returned epochs = 2, but the rule runs 3 epoch(s) here: yours is one less than the epochs run (does the epoch counter start at 0?)."
        ],
        loses=["test_train"],
    ),
    dict(
        name="train_runs_one_epoch_too_few",
        cells=reference_with(
            "ex01_perceptron",
            "train_perceptron",
            ("for epoch in range(1, max_epochs + 1):", "for epoch in range(1, max_epochs):"),
        ),
        hints=["this is the (w, b) after 1 epoch(s), one epoch fewer than max_epochs = 2: is a range off by one?"],
        loses=["test_train"],
    ),
    dict(
        name="train_on_global_data",
        cells={
            "train_perceptron": (
                "X_train, y01_train = make_linearly_separable(20, rng=np.random.default_rng(0))\n"
                "y_train = 2 * y01_train - 1\n\n\n"
                + reference_with("ex01_perceptron", "train_perceptron", ("zip(X, y)", "zip(X_train, y_train)"))[
                    "train_perceptron"
                ]
            )
        },
        hints=[
            "returned converged=True, but no line separates XOR",
            "its (w, b) misclassifies 20 of 20 of the examples it was given. It must learn its arguments X and y: does it train on other data",
        ],
        loses=["test_train", "test_xor"],
    ),
    dict(
        name="train_shuffles_with_global_rng",
        cells=reference_with(
            "ex01_perceptron",
            "train_perceptron",
            (
                "for x_i, y_i in zip(X, y):",
                "for i in np.random.permutation(len(y)):  # a new order every epoch\n            x_i, y_i = X[i], y[i]",
            ),
        ),
        hints=["called twice with the same X and y, returned two different results", "from NumPy's global state"],
        loses=["test_train"],
    ),
    dict(
        name="train_wraps_dlf_perceptron",
        cells={
            "train_perceptron": (
                "from dlf.perceptron import Perceptron\n\n\n"
                "def train_perceptron(X, y, max_epochs=100, lr=1.0):\n"
                "    model = Perceptron(X.shape[1], lr=lr)\n"
                "    fit = model.fit(X, y, max_epochs=max_epochs)\n"
                "    return model.w, model.b, fit.converged, fit.epochs\n"
            )
        },
        hints=["train_perceptron uses a library this task asks you not to use"],
        loses=["test_train"],
    ),
]

# Alternative correct submissions: each must get full marks.
RIGHT = [
    dict(
        name="arithmetic_labels_and_copies",
        cells={
            "predict": "def predict(X, w, b):\n    return 2 * (np.einsum('nd,d->n', X, w) + b >= 0) - 1\n",
            "perceptron_update": (
                "def perceptron_update(w, b, x, y, lr=1.0):\n"
                "    if np.sign(x @ w + b) == y or (x @ w + b == 0 and y == 1):\n"
                "        return w.copy(), b\n"
                "    return np.add(w, lr * y * x), b + lr * y\n"
            ),
        },
    ),
    dict(
        name="epoch_helper_and_while_loop",
        cells={
            "train_perceptron": (
                "def one_epoch(X, y, w, b, lr):\n"
                '    """One sweep in order; returns w, b and the number of mistakes."""\n'
                "    mistakes = 0\n"
                "    for i in range(len(y)):  # online: the rule looks at one example at a time\n"
                "        if predict(X[i:i + 1], w, b)[0] != y[i]:\n"
                "            w, b = perceptron_update(w, b, X[i], y[i], lr=lr)\n"
                "            mistakes += 1\n"
                "    return w, b, mistakes\n"
                "\n\n"
                "def train_perceptron(X, y, max_epochs=100, lr=1.0):\n"
                "    w, b, epochs = np.zeros(X.shape[1]), 0.0, 0\n"
                "    while epochs < max_epochs:\n"
                "        w, b, mistakes = one_epoch(X, y, w, b, lr)\n"
                "        epochs += 1\n"
                "        if mistakes == 0:\n"
                "            return w, b, True, epochs\n"
                "    print(f'no convergence after {epochs} epochs')\n"
                "    return w, b, False, epochs\n"
            ),
        },
    ),
    dict(
        name="update_on_every_example_and_float_labels",
        cells={
            "predict": "def predict(X, w, b):\n    return np.where(X @ w + b < 0, -1.0, 1.0)  # floats -1.0 and +1.0\n",
            "train_perceptron": (
                "def train_perceptron(X, y, max_epochs=100, lr=1.0):\n"
                "    w, b = np.zeros(X.shape[1]), 0.0\n"
                "    for epoch in range(max_epochs):\n"
                "        changed = False\n"
                "        for x_i, y_i in zip(X, y):\n"
                "            w_new, b_new = perceptron_update(w, b, x_i, y_i, lr)  # no change if right\n"
                "            changed = changed or b_new != b\n"
                "            w, b = w_new, b_new\n"
                "        if not changed:\n"
                "            return w, b, True, epoch + 1\n"
                "    return w, b, False, max_epochs\n"
            ),
        },
    ),
]

# ---- issue 15: the limits of one layer and the first AI winter
WRONG += [
    dict(
        name="ai_winter_no_network_computes_xor",
        cells={"answer_winter": 'answer_winter = "A"\n'},
        hints=[
            "answer_winter = 'A' is not the best answer. Too strong: Minsky and Papert knew that networks with more layers"
        ],
        loses=["test_ai_winter"],
    ),
    dict(
        name="ai_winter_rule_diverges",
        cells={"answer_winter": 'answer_winter = "c"  # lower case\n'},
        hints=["answer_winter = 'C' is not the best answer. The opposite: Novikoff had proved in 1962"],
        loses=["test_ai_winter"],
    ),
    dict(
        name="ai_winter_not_a_letter",
        cells={"answer_winter": 'answer_winter = "B) hidden layers could not be trained"\n'},
        hints=["answer_winter must be one of 'A', 'B', 'C' (a string with one letter)"],
        loses=["test_ai_winter"],
    ),
]

RIGHT += [
    dict(
        name="ai_winter_with_spaces",
        cells={"answer_winter": 'answer_winter = " b "  # case and spaces do not matter\n'},
    ),
]
