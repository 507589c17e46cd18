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
    # ---- added for issue 13
    dict(
        name="dW_shape_as_a_list",
        cells={"shape_of_dW": "def shape_of_dW(N, D, K):\n    return [D, K]\n"},
        hints=["shape_of_dW(5, 3, 2): expected a tuple; got list [3, 2]"],
        loses=["test_shape_of_dW"],
    ),
    dict(
        name="dX_transposed",
        cells={
            "shapes_dX_db": (
                "def shape_of_dX(N, D, K):\n    return (D, N)\n\n\ndef shape_of_db(N, D, K):\n    return (K,)\n"
            )
        },
        hints=["which is (D, N). The axes are in the wrong order (a transpose?)."],
        loses=["test_shape_of_dX"],
    ),
    dict(
        name="db_as_a_row",
        cells={
            "shapes_dX_db": (
                "def shape_of_dX(N, D, K):\n    return (N, D)\n\n\ndef shape_of_db(N, D, K):\n"
                "    return (1, K)  # a row, added to every row of X W\n"
            )
        },
        hints=["expected shape (K,)", "It has 2 axes instead of 1."],
        loses=["test_shape_of_db"],
    ),
    dict(
        name="forward_bias_as_a_column",
        cells={
            "linear_forward": "def linear_forward(X, W, b):\n" + VALIDATED + "    return X @ W + b.reshape(-1, 1)\n"
        },
        hints=["b is added as a column (K, 1), so example n gets b[n] on every output"],
        loses=["test_linear_forward", "test_linear_forward_vectorized"],
    ),
    dict(
        name="forward_elementwise_product",
        cells={"linear_forward": "def linear_forward(X, W, b):\n" + VALIDATED + "    return X * W + b\n"},
        hints=["raised ValueError: operands could not be broadcast together"],
        loses=["test_linear_forward", "test_linear_forward_vectorized"],
    ),
    dict(
        name="forward_wraps_dlf_linear",
        cells={
            "linear_forward": "from dlf.layers import Linear\n\n\ndef linear_forward(X, W, b):\n"
            + VALIDATED
            + "    layer = Linear(W.shape[0], W.shape[1], rng=np.random.default_rng(0))\n"
            + "    layer.params['W'], layer.params['b'] = W, b\n"
            + "    return layer.forward(X)\n"
        },
        hints=[
            "linear_forward uses a library this task asks you not to use",
            "`Linear` comes from `from dlf.layers import Linear`",
        ],
        loses=["test_linear_forward"],
    ),
    dict(
        name="forward_maps_over_examples",
        cells={
            "linear_forward": "def linear_forward(X, W, b):\n"
            + VALIDATED
            + "    return np.array(list(map(lambda x: x @ W + b, X)))\n"
        },
        hints=["linear_forward is not vectorized"],
        loses=["test_linear_forward_vectorized"],
    ),
    dict(
        name="validation_with_assert",
        cells={
            "linear_forward": (
                "def linear_forward(X, W, b):\n"
                "    assert X.shape[1] == W.shape[0], f'linear_forward: W must have shape (D, K); got {W.shape}'\n"
                "    assert b.shape == (W.shape[1],), f'linear_forward: b must have shape (K,); got {b.shape}'\n"
                "    return X @ W + b\n"
            )
        },
        hints=["expected ValueError; got AssertionError: linear_forward: W must have shape (D, K); got (4, 2)"],
        loses=["test_linear_forward_validates"],
    ),
    dict(
        name="validation_message_without_the_shape",
        cells={
            "linear_forward": (
                "def linear_forward(X, W, b):\n"
                "    if X.ndim != 2 or W.ndim != 2 or X.shape[1] != W.shape[0] or b.shape != (W.shape[1],):\n"
                "        raise ValueError('linear_forward: the shapes of X, W and b do not fit')\n"
                "    return X @ W + b\n"
            )
        },
        hints=["raised ValueError as it should, but the message should say what came, including '(4, 2)'"],
        loses=["test_linear_forward_validates"],
    ),
    dict(
        name="validation_forgets_b",
        cells={
            "linear_forward": (
                "def linear_forward(X, W, b):\n"
                "    X, W = np.asarray(X), np.asarray(W)\n"
                "    if X.ndim != 2 or W.ndim != 2 or X.shape[1] != W.shape[0]:\n"
                "        raise ValueError(f'linear_forward: X (N, D) and W (D, K) do not fit; got {X.shape} and {W.shape}')\n"
                "    return X @ W + b\n"
            )
        },
        hints=["linear_forward with b (1, 2) is not (K,): expected ValueError; nothing was raised"],
        loses=["test_linear_forward_validates"],
    ),
]

# Alternative correct submissions: each must get full marks.
RIGHT = [
    dict(
        name="einsum_row_bias_and_a_helper",
        cells={
            "answer_q1": 'answer_q1 = " c "  # the case and the spaces do not matter\n',
            "linear_forward": (
                "def _check_shapes(X, W, b):\n"
                "    if X.ndim != 2:\n"
                "        raise ValueError(f'linear_forward: X must have shape (N, D); got {X.shape}')\n"
                "    if W.ndim != 2 or W.shape[0] != X.shape[1]:\n"
                "        raise ValueError(f'linear_forward: W must have shape ({X.shape[1]}, K); got {W.shape}')\n"
                "    if b.shape != (W.shape[1],):\n"
                "        raise ValueError(f'linear_forward: b must have shape ({W.shape[1]},); got {b.shape}')\n"
                "\n\n"
                "def linear_forward(X, W, b):\n"
                "    X, W, b = np.asarray(X), np.asarray(W), np.asarray(b)\n"
                "    _check_shapes(X, W, b)\n"
                "    return np.einsum('nd,dk->nk', X, W) + b[None, :]  # b as a row (1, K)\n"
            ),
        },
    ),
    dict(
        name="transposed_product_and_prints",
        cells={
            "shape_of_dW": "def shape_of_dW(N, D, K):\n    return tuple([D, K])  # like W\n",
            "shapes_dX_db": (
                "def shape_of_dX(N, D, K):\n    return (int(N), int(D))\n\n\n"
                "def shape_of_db(N, D, K):\n    return (K,)\n\n\nprint(shape_of_dX(5, 3, 2), shape_of_db(5, 3, 2))\n"
            ),
            "linear_forward": (
                "def linear_forward(X, W, b):\n"
                + VALIDATED
                + "    print('linear_forward:', X.shape, '@', W.shape, '+', b.shape)\n"
                + "    return (W.T @ X.T).T + b\n"
            ),
        },
    ),
    dict(
        name="matmul_into_a_new_array",
        cells={
            "linear_forward": (
                "def linear_forward(X, W, b):\n"
                + VALIDATED
                + "    Y = np.matmul(X, W)\n"
                + "    Y += b.reshape(1, -1)  # in place on the new array Y only\n"
                + "    return Y\n"
            ),
        },
    ),
]

# ---- issue 15: why now, hand-made features, the compute of a network
WRONG += [
    dict(
        name="q3_new_learning_rule",
        cells={"answer_q3": 'answer_q3 = "A"\n'},
        hints=["answer_q3 = 'A' is not the best answer. Networks are still trained by gradient descent"],
        loses=["test_q3"],
    ),
    dict(
        name="q3_faster_python_loops",
        cells={"answer_q3": 'answer_q3 = "C"\n'},
        hints=["answer_q3 = 'C' is not the best answer. The opposite: the speed comes from NOT looping in Python."],
        loses=["test_q3"],
    ),
    dict(
        name="q4_too_few_parameters",
        cells={"answer_q4": 'answer_q4 = "A"\n'},
        hints=["answer_q4 = 'A' is not the best answer. It trains fine: 16 * 10 + 10 = 170 parameters"],
        loses=["test_q4"],
    ),
    dict(
        name="q4_more_data_closes_the_gap",
        cells={"answer_q4": 'answer_q4 = "B"\n'},
        hints=["answer_q4 = 'B' is not the best answer. The learning curves of section 6 say otherwise"],
        loses=["test_q4"],
    ),
    dict(
        name="q4_not_a_letter",
        cells={"answer_q4": "answer_q4 = 3  # the third option\n"},
        hints=["answer_q4 must be one of 'A', 'B', 'C' (a string with one letter); got 3"],
        loses=["test_q4"],
    ),
    dict(
        name="multiply_adds_counts_parameters",
        cells={
            "multiply_adds": (
                "def multiply_adds(sizes):\n"
                "    return sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:]))\n"
            )
        },
        hints=["you counted the parameters, biases included (n_in * n_out + n_out per layer)."],
        loses=["test_multiply_adds"],
    ),
    dict(
        name="multiply_adds_product_of_all_sizes",
        cells={"multiply_adds": "def multiply_adds(sizes):\n    return int(np.prod(sizes))\n"},
        hints=["you multiplied all the sizes together. The layers run one after another"],
        loses=["test_multiply_adds"],
    ),
    dict(
        name="multiply_adds_last_layer_missing",
        cells={
            "multiply_adds": (
                "def multiply_adds(sizes):\n"
                "    total = 0\n"
                "    for i in range(len(sizes) - 2):\n"
                "        total += sizes[i] * sizes[i + 1]\n"
                "    return total\n"
            )
        },
        hints=["a layer is missing: there is one linear layer between each two consecutive sizes"],
        loses=["test_multiply_adds"],
    ),
    dict(
        name="multiply_adds_per_batch",
        cells={
            "multiply_adds": (
                "def multiply_adds(sizes, N=64):\n"
                "    # for a mini-batch of 64 examples, as in lecture 00\n"
                "    return N * sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))\n"
            )
        },
        hints=["multiply_adds([64, 10]) is not close to the expected value", "got 40960, expected 640"],
        loses=["test_multiply_adds"],
    ),
]

RIGHT += [
    dict(
        name="multiply_adds_with_a_loop_and_lower_case_answers",
        cells={
            "answer_q3": 'answer_q3 = "b"\n',
            "answer_q4": 'answer_q4 = "c "\n',
            "multiply_adds": (
                "def multiply_adds(sizes):\n"
                "    total = 0\n"
                "    for layer in range(1, len(sizes)):   # a loop over the layers, not the examples\n"
                "        W_shape = (sizes[layer - 1], sizes[layer])\n"
                "        total += W_shape[0] * W_shape[1]\n"
                "    print('multiply-adds per example:', total)\n"
                "    return total\n"
            ),
        },
    ),
    dict(
        name="multiply_adds_with_numpy",
        cells={
            "multiply_adds": (
                "def multiply_adds(sizes):\n    s = np.asarray(sizes, dtype=np.int64)\n    return int(s[:-1] @ s[1:])\n"
            ),
        },
    ),
]
