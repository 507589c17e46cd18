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
            "mlp_backward", ("dZ1 = dH1 * (Z1 > 0)", "dZ1 = dH1  # ReLU passes the gradient through?")
        ),
        hints=[
            "missing activation derivative: for Y = act(Z) with Z = X W + b, first dZ = dY * act'(Z), then dW = X.T @ dZ (you used dY where dZ belongs).",
            "the first layer, H1 = ReLU(X W1 + b1)",
        ],
        loses=["test_mlp_backward_layer1", "test_gradient_check", "test_train"],
    ),
    dict(
        name="softmax_grad_not_divided_by_N",
        cells=reference_with("softmax_cross_entropy", ("return float(loss), dZ / N", "return float(loss), dZ")),
        hints=[
            "sum vs mean: the loss is a mean over the N examples, so dL/dZ = (P - onehot(y)) / N; you did not divide by N."
        ],
        loses=["test_softmax_ce_grad", "test_gradient_check", "test_train"],
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
        loses=["test_mlp_backward_layer1", "test_mlp_backward_layer2", "test_gradient_check", "test_train"],
    ),
    dict(
        name="dW2_transposed",
        cells=reference_with("mlp_backward", ("dW2 = H1.T @ dZ2", "dW2 = dZ2.T @ H1")),
        hints=[
            'grads["W2"]: expected shape (H, C) = (5, 3); got (3, 5), which is (C, H). The axes are in the wrong order (a transpose?).'
        ],
        loses=["test_mlp_backward_layer2", "test_gradient_check", "test_train"],
    ),
    dict(
        name="forward_without_relu",
        cells=reference_with("mlp_forward", ("H1 = np.maximum(Z1, 0.0)", "H1 = Z1")),
        hints=[
            "Z2 for the example worked out above: ReLU is missing: H1 = ReLU(Z1) = max(Z1, 0), element by element, before the second layer."
        ],
        loses=["test_mlp_forward", "test_gradient_check", "test_predict", "test_train"],
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
            ("H, lr, epochs, batch_size = 100, 0.5, 200, 32", "H, lr, epochs, batch_size = 100, 0.001, 50, 32"),
        ),
        hints=["on the spirals; at least 0.90 is needed. Is the learning rate too small, or are there too few epochs"],
        loses=["test_train"],
    ),
    dict(
        name="predict_argmax_over_the_batch",
        cells=reference_with("predict", ("return Z2.argmax(axis=1)", "return Z2.argmax(axis=0)")),
        hints=["predict(params, X) for N = 3 examples: expected shape (3,); got (2,)"],
        loses=["test_predict", "test_train"],
    ),
]
