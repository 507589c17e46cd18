"""Wrong submissions of ex07_deep_networks, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.

Most entries are the reference solution of ``solutions/ex07_deep_networks`` with one line
changed, so they stay in step with it.
"""

from functools import partial

from gradingkit import reference_with

reference_with = partial(reference_with, "ex07_deep_networks")  # reference_with(grade_id, (old, new), ...)


HE = "return rng.normal(0.0, np.sqrt(2.0 / D), size=(D, K))"

WRONG = [
    # --- Part 1: He initialization
    dict(
        name="he_variance_one_over_D",
        cells=reference_with("he_init", (HE, "return rng.normal(0.0, np.sqrt(1.0 / D), size=(D, K))")),
        hints=["the variance is 1/D (LeCun's initialization, for linear or tanh units): He's variance is 2/D"],
        loses=["test_he_init"],
    ),
    dict(
        name="he_xavier_variance",
        cells=reference_with("he_init", (HE, "return rng.normal(0.0, np.sqrt(2.0 / (D + K)), size=(D, K))")),
        hints=["the variance is 2/(D + K): that is Xavier/Glorot initialization"],
        loses=["test_he_init"],
    ),
    dict(
        name="he_shape_transposed",
        cells=reference_with("he_init", (HE, "return rng.normal(0.0, np.sqrt(2.0 / D), size=(K, D))")),
        hints=[
            "he_init(64, 32, rng): expected shape (D, K) = (64, 32); got (32, 64), which is (K, D). The axes are in the wrong order"
        ],
        loses=["test_he_init"],
    ),
    dict(
        name="he_variance_passed_as_scale",
        cells=reference_with("he_init", (HE, "return rng.normal(0.0, 2.0 / D, size=(D, K))  # N(0, 2/D)")),
        hints=[
            "you passed the variance 2/D as the scale: rng.normal(loc, scale) takes the standard deviation, sqrt(2/D)."
        ],
        loses=["test_he_init"],
    ),
    dict(
        name="he_global_random_state",
        cells=reference_with("he_init", (HE, "return np.random.randn(D, K) * np.sqrt(2.0 / D)")),
        hints=[
            "returned different weights for two generators made with the same seed: draw the weights from the rng it is given"
        ],
        loses=["test_he_init"],
    ),
    dict(
        name="he_uniform_instead_of_normal",
        cells=reference_with(
            "he_init",
            (HE, "a = np.sqrt(6.0 / D)  # variance a^2 / 3 = 2 / D\n    return rng.uniform(-a, a, size=(D, K))"),
        ),
        hints=["for a normal distribution it is 4.55% (a uniform distribution has none)"],
        loses=["test_he_init"],
    ),
    # --- Part 2: batch normalization, forward
    dict(
        name="bn_normalizes_with_unbiased_variance",
        cells=reference_with(
            "batchnorm_forward",
            (
                "var = X.var(axis=0)                                  # biased: divides by N",
                "var = X.var(axis=0, ddof=1)                          # unbiased",
            ),
            ("momentum * var * N / (N - 1)", "momentum * var"),
        ),
        hints=["you normalized with the unbiased variance (divided by N - 1)"],
        loses=["test_batchnorm_train"],
    ),
    dict(
        name="bn_layer_norm_axis",
        cells=reference_with(
            "batchnorm_forward",
            ("mu = X.mean(axis=0)", "mu = X.mean(axis=1, keepdims=True)"),
            (
                "var = X.var(axis=0)                                  # biased: divides by N",
                "var = X.var(axis=1, keepdims=True)",
            ),
        ),
        hints=["you normalized each example over its D features (axis=1: that is layer normalization)"],
        loses=["test_batchnorm_train", "test_running_stats", "test_network_accuracy"],
    ),
    dict(
        name="bn_eps_outside_sqrt",
        cells=reference_with(
            "batchnorm_forward", ("X_hat = (X - mu) / np.sqrt(var + eps)", "X_hat = (X - mu) / (np.sqrt(var) + eps)")
        ),
        hints=["epsilon is outside the square root: X_hat = (X - mu) / sqrt(var + eps)."],
        loses=["test_batchnorm_train", "test_batchnorm_eval"],
    ),
    dict(
        name="bn_running_var_biased",
        cells=reference_with("batchnorm_forward", ("momentum * var * N / (N - 1)", "momentum * var")),
        hints=[
            "running_var is updated with the biased batch variance (1/N): PyTorch uses the unbiased one, var * N / (N - 1)."
        ],
        loses=["test_running_stats"],
    ),
    dict(
        name="bn_momentum_keras_convention",
        cells=reference_with(
            "batchnorm_forward",
            (
                "running_mean = (1 - momentum) * running_mean + momentum * mu",
                "running_mean = momentum * running_mean + (1 - momentum) * mu",
            ),
            (
                "running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)",
                "running_var = momentum * running_var + (1 - momentum) * var * N / (N - 1)",
            ),
        ),
        hints=["momentum is the weight of the new batch (PyTorch's convention; Keras uses the opposite one)"],
        loses=["test_running_stats"],
    ),
    dict(
        name="bn_eval_uses_batch_statistics",
        cells={
            "batchnorm_forward": (
                "def batchnorm_forward(X, gamma, beta, running_mean, running_var, *, training, momentum=0.1, eps=1e-5):\n"
                "    N = X.shape[0]\n"
                "    mu, var = X.mean(axis=0), X.var(axis=0)\n"
                "    if training:\n"
                "        running_mean = (1 - momentum) * running_mean + momentum * mu\n"
                "        running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)\n"
                "    return gamma * (X - mu) / np.sqrt(var + eps) + beta, running_mean, running_var\n"
            )
        },
        hints=[
            "evaluation mode used the statistics of the batch: in evaluation mode, normalize with running_mean and running_var"
        ],
        loses=["test_batchnorm_eval"],
    ),
    # --- Part 3: batch normalization, backward
    dict(
        name="bn_backward_mean_and_var_as_constants",
        cells=reference_with(
            "batchnorm_backward",
            (
                "dX = (inv_std / N) * (N * dX_hat - dX_hat.sum(axis=0) - X_hat * np.sum(dX_hat * X_hat, axis=0))",
                "dX = dX_hat * inv_std",
            ),
        ),
        hints=[
            "you treated the mean and the variance as constants: dX = dY * gamma / sqrt(var + eps) is only the direct path.",
            "Your network uses MyBatchNorm1d, so it trains with your batchnorm_forward and batchnorm_backward",
        ],
        loses=["test_batchnorm_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_without_variance_path",
        cells=reference_with(
            "batchnorm_backward",
            (
                "dX = (inv_std / N) * (N * dX_hat - dX_hat.sum(axis=0) - X_hat * np.sum(dX_hat * X_hat, axis=0))",
                "dX = (inv_std / N) * (N * dX_hat - dX_hat.sum(axis=0))",
            ),
        ),
        hints=["you took the path through the mean into account but not the one through the variance"],
        loses=["test_batchnorm_backward"],
    ),
    dict(
        name="bn_backward_dgamma_not_summed",
        cells=reference_with("batchnorm_backward", ("dgamma = np.sum(dY * X_hat, axis=0)", "dgamma = dY * X_hat")),
        hints=["dgamma: expected shape (D,) = (3,); got (6, 3), which is (N, D)."],
        loses=["test_batchnorm_backward", "test_network_accuracy"],
    ),
    # --- Part 4: the network
    dict(
        name="network_without_batchnorm",
        cells=reference_with(
            "network",
            (
                "        Linear(64, H, rng=rng), MyBatchNorm1d(H), ReLU(),\n        Linear(H, H, rng=rng), MyBatchNorm1d(H), ReLU(),",
                "        Linear(64, H, rng=rng), ReLU(),\n        Linear(H, H, rng=rng), ReLU(),",
            ),
        ),
        hints=["the network has no batch normalization layer"],
        loses=["test_network_structure"],
    ),
    dict(
        name="network_one_hidden_layer",
        cells=reference_with(
            "network",
            (
                "        Linear(64, H, rng=rng), MyBatchNorm1d(H), ReLU(),\n        Linear(H, H, rng=rng), MyBatchNorm1d(H), ReLU(),",
                "        Linear(64, H, rng=rng), MyBatchNorm1d(H), ReLU(),",
            ),
        ),
        hints=["the network has 2 Linear layer(s): a deep network here has at least two hidden layers"],
        loses=["test_network_structure"],
    ),
    dict(
        name="network_undertrained",
        cells=reference_with(
            "network",
            ("optimizer=Adam(lr=0.003), epochs=12, batch_size=50", "optimizer=SGD(lr=0.001), epochs=2, batch_size=50"),
        ),
        hints=["at least 0.95 is needed"],
        loses=["test_network_accuracy"],
    ),
]
