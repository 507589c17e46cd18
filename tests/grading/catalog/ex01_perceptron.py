"""Wrong submissions of ex01_perceptron, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.
"""

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
        hints=["returned converged=True, but no line separates XOR"],
        loses=["test_xor"],
    ),
    dict(
        name="train_never_stops_early",
        cells={"train_perceptron": TRAIN_HEAD + "    return w, b, mistakes == 0, max_epochs\n"},
        hints=["Stop after the first epoch without a mistake."],
        loses=["test_train"],
    ),
]
