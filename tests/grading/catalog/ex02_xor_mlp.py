"""Wrong submissions of ex02_xor_mlp, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.
"""

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
        hints=["raised ValueError", "Z1 = X @ W1 + b1 is (N, H), A1 = relu(Z1), and Z2 = A1 @ W2 + b2 is (N, C)."],
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
]
