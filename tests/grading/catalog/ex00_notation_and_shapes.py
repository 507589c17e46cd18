"""Wrong submissions of ex00_notation_and_shapes, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.
"""

VALIDATED = """\
    X, W, b = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"linear_forward: X must have shape (N, D); got {X.shape}")
    if W.ndim != 2 or W.shape[0] != X.shape[1]:
        raise ValueError(f"linear_forward: W must have shape (D, K) with D = {X.shape[1]}; got {W.shape}")
    if b.shape != (W.shape[1],):
        raise ValueError(f"linear_forward: b must have shape (K,) with K = {W.shape[1]}; got {b.shape}")
"""

WRONG = [
    dict(
        name="dW_transposed",
        cells={"shape_of_dW": "def shape_of_dW(N, D, K):\n    return (K, D)\n"},
        hints=["which is (K, D). The axes are in the wrong order"],
        loses=["test_shape_of_dW"],
    ),
    dict(
        name="dW_has_the_shape_of_dY",
        cells={"shape_of_dW": "def shape_of_dW(N, D, K):\n    return (N, K)  # like dL/dY\n"},
        hints=["which is (N, K). An axis of size N (the batch) is left over"],
        loses=["test_shape_of_dW"],
    ),
    dict(
        name="db_not_summed_over_the_batch",
        cells={
            "shapes_dX_db": (
                "def shape_of_dX(N, D, K):\n    return (N, D)\n\n\ndef shape_of_db(N, D, K):\n    return (N, K)\n"
            )
        },
        hints=["expected shape (K,)", "which is (N, K). An axis of size N (the batch) is left over"],
        loses=["test_shape_of_db"],
    ),
    dict(
        name="mc_wrong_letters",
        cells={"answer_q1": 'answer_q1 = "A"\n', "answer_q2": 'answer_q2 = "b"\n'},
        hints=[
            "answer_q1 = 'A' is not the best answer. Deep learning is algorithmic through and through",
            "answer_q2 = 'B' is not the best answer. Complex analysis studies functions of a complex variable",
        ],
        loses=["test_q1", "test_q2"],
    ),
    dict(
        name="forward_W_at_X",
        cells={"linear_forward": "def linear_forward(X, W, b):\n" + VALIDATED + "    return W @ X + b\n"},
        hints=[
            "raised ValueError",
            "These shapes fit, so it must return Y = X W + b: X (N, D) times W (D, K) gives (N, K).",
        ],
        loses=["test_linear_forward", "test_linear_forward_vectorized"],
    ),
    dict(
        name="forward_without_bias",
        cells={"linear_forward": "def linear_forward(X, W, b):\n" + VALIDATED + "    return X @ W\n"},
        hints=["linear_forward(X, W, b): the bias b is missing: Y = X W + b."],
        loses=["test_linear_forward", "test_linear_forward_vectorized"],
    ),
    dict(
        name="forward_without_validation",
        cells={"linear_forward": "def linear_forward(X, W, b):\n    return X @ W + b\n"},
        hints=["raised ValueError as it should, but the message should say what came, including '(4, 2)'"],
        loses=["test_linear_forward_validates"],
    ),
    dict(
        name="forward_loops_over_examples",
        cells={
            "linear_forward": (
                "def linear_forward(X, W, b):\n"
                + VALIDATED
                + "    Y = np.empty((X.shape[0], W.shape[1]))\n"
                + "    for n in range(X.shape[0]):\n"
                + "        Y[n] = X[n] @ W + b\n"
                + "    return Y\n"
            )
        },
        hints=["linear_forward is not vectorized", "`for n in range(X.shape[0])` loops over the data"],
        loses=["test_linear_forward_vectorized"],
    ),
]
