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

# the network of a student who uses dlf's batch normalization in Part 4 (as the task allows): for the mistakes that
# make their own batchnorm functions too slow to train with
DLF_NETWORK = reference_with(
    "network",
    ("# batch norm: mine (MyBatchNorm1d)", "# batch norm: dlf's BatchNorm1d"),
    ("Linear(64, H, rng=rng), MyBatchNorm1d(H)", "Linear(64, H, rng=rng), BatchNorm1d(H)"),
    ("Linear(H, H, rng=rng), MyBatchNorm1d(H)", "Linear(H, H, rng=rng), BatchNorm1d(H)"),
)

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
    # --- Part 3: batch normalization, forward
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
    # --- Part 2: gradient norms and the choice of initialization (issue 15)
    dict(
        name="grad_norms_reversed",
        cells=reference_with(
            "gradient_norms", ("    return dA_norms, dW_norms", "    return dA_norms[::-1], dW_norms[::-1]")
        ),
        hints=["the norms are in reverse order: return them first layer first"],
        loses=["test_gradient_norms"],
    ),
    dict(
        name="grad_norms_loss_summed",
        cells=reference_with(
            "gradient_norms",
            ("    dZ /= N                                               # dL/dZ of the mean cross-entropy\n", ""),
        ),
        hints=["Your result is the expected one times N = 5: a sum where a mean belongs"],
        loses=["test_gradient_norms"],
    ),
    dict(
        name="grad_norms_squared",
        cells=reference_with(
            "gradient_norms",
            (
                "dW_norms[l] = np.linalg.norm(activations[l].T @ dZ)",
                "dW_norms[l] = np.sum((activations[l].T @ dZ) ** 2)",
            ),
        ),
        hints=["these are the squared norms: the Frobenius norm is the square root of the sum of squares"],
        loses=["test_gradient_norms"],
    ),
    dict(
        name="grad_norms_include_dX",
        cells=reference_with(
            "gradient_norms",
            ("np.zeros(len(Ws) - 1), np.zeros(len(Ws))", "np.zeros(len(Ws)), np.zeros(len(Ws))"),
            (
                "        if l > 0:\n            dA = dZ @ Ws[l].T                             # dL/dA_l\n            dA_norms[l - 1] = np.linalg.norm(dA)\n",
                "        dA = dZ @ Ws[l].T\n        dA_norms[l] = np.linalg.norm(dA)\n        if l > 0:\n",
            ),
        ),
        hints=["dA_norms has 3 entries, one per weight matrix; it has one per hidden layer, 2"],
        loses=["test_gradient_norms"],
    ),
    dict(
        name="grad_norms_unstable_softmax",
        cells=reference_with("gradient_norms", ("P = np.exp(Z - Z.max(axis=1, keepdims=True))", "P = np.exp(Z)")),
        hints=["compute the softmax stably: subtract each row's maximum from the logits before np.exp"],
        loses=["test_gradient_norms"],
    ),
    dict(
        name="init_choice_xavier",
        cells={"init_choice": 'stable_init = "B"  # Xavier\n'},
        hints=["stable_init = 'B' is not the best answer.", "Xavier's variance 2/(D_l + K_l) = 1/64 is half of He's"],
        loses=["test_init_choice"],
    ),
    dict(
        name="init_choice_small",
        cells={"init_choice": 'stable_init = "A"\n'},
        hints=["with N(0, 0.01^2) each ReLU layer multiplies the backward signal by about"],
        loses=["test_init_choice"],
    ),
    dict(
        name="init_xavier_variance_as_std",
        cells=reference_with(
            "gradient_norms", ('"xavier": lambda D, K: np.sqrt(2.0 / (D + K))', '"xavier": lambda D, K: 2.0 / (D + K)')
        ),
        hints=["the standard deviation is 2/(D_l + K_l), the variance of Xavier: pass its square root"],
        loses=["test_init_weights"],
    ),
    dict(
        name="init_he_fan_out",
        cells=reference_with(
            "gradient_norms", ('"he": lambda D, K: np.sqrt(2.0 / D)', '"he": lambda D, K: np.sqrt(2.0 / K)')
        ),
        hints=["He initialization divides by D_l, the number of inputs of the layer (fan_in), not by K_l."],
        loses=["test_init_weights"],
    ),
    dict(
        name="init_global_random_state",
        cells=reference_with(
            "gradient_norms",
            (
                "return [rng.normal(0.0, stds[scheme](D, K), size=(D, K)) for",
                "return [np.random.normal(0.0, stds[scheme](D, K), size=(D, K)) for",
            ),
        ),
        hints=["drawn with one call rng.normal(0.0, std, size=(30, 20)) per layer, first layer first"],
        loses=["test_init_weights"],
    ),
    # --- Part 5: the network
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
        hints=["at least 0.94 is needed"],
        loses=["test_network_accuracy"],
    ),
    # --- Part 1: He initialization (issue 13)
    dict(
        name="he_fan_out",
        cells=reference_with("he_init", (HE, "return rng.normal(0.0, np.sqrt(2.0 / K), size=(D, K))")),
        hints=["the variance is 2/K: He initialization divides by D, the number of inputs of the layer (fan_in)"],
        loses=["test_he_init"],
    ),
    dict(
        name="he_own_seeded_generator",
        cells=reference_with("he_init", (HE, "rng = np.random.default_rng(0)  # reproducible\n    " + HE)),
        hints=["returned the same weights for generators made with different seeds: it ignores the rng it is given"],
        loses=["test_he_init"],
    ),
    dict(
        name="he_calls_dlf",
        cells=reference_with("he_init", (HE, "from dlf.init import he_normal\n\n    return he_normal(D, K, rng=rng)")),
        hints=["he_init uses a library this task asks you not to use", "from dlf.init import he_normal"],
        loses=["test_he_init"],
    ),
    dict(
        name="he_drawn_column_by_column",
        cells=reference_with(
            "he_init",
            (HE, "return np.column_stack([rng.normal(0.0, np.sqrt(2.0 / D), size=D) for _ in range(K)])"),
        ),
        hints=["the weights are drawn column by column (or as (K, D) and transposed)"],
        loses=["test_he_init"],
    ),
    # --- Part 3: batch normalization, forward (issue 13)
    dict(
        name="bn_running_stats_updated_in_place",
        cells=reference_with(
            "batchnorm_forward",
            (
                "running_mean = (1 - momentum) * running_mean + momentum * mu",
                "running_mean *= 1 - momentum\n        running_mean += momentum * mu",
            ),
            (
                "running_var = (1 - momentum) * running_var + momentum * var * N / (N - 1)",
                "running_var *= 1 - momentum\n        running_var += momentum * var * N / (N - 1)",
            ),
        ),
        hints=["changed its input", "running_mean", "in place. Leave the arguments as they are"],
        loses=["test_batchnorm_train", "test_running_stats"],
    ),
    dict(
        name="bn_forward_centers_X_in_place",
        cells=reference_with(
            "batchnorm_forward",
            ("X_hat = (X - mu) / np.sqrt(var + eps)", "X -= mu\n    X_hat = X / np.sqrt(var + eps)"),
        ),
        hints=["changed its input X in place"],
        loses=["test_batchnorm_train", "test_running_stats", "test_batchnorm_eval"],
    ),
    dict(
        name="bn_forward_loop_over_features",
        cells={
            "batchnorm_forward": (
                "def batchnorm_forward(X, gamma, beta, running_mean, running_var, *, training, momentum=0.1, eps=1e-5):\n"
                "    N, D = X.shape\n"
                "    Y = np.empty_like(X, dtype=float)\n"
                "    new_mean, new_var = np.array(running_mean, dtype=float), np.array(running_var, dtype=float)\n"
                "    for j in range(D):  # one feature at a time\n"
                "        x = X[:, j]\n"
                "        if training:\n"
                "            mu, var = x.mean(), x.var()\n"
                "            new_mean[j] = (1 - momentum) * running_mean[j] + momentum * mu\n"
                "            new_var[j] = (1 - momentum) * running_var[j] + momentum * var * N / (N - 1)\n"
                "        else:\n"
                "            mu, var = running_mean[j], running_var[j]\n"
                "        Y[:, j] = gamma[j] * (x - mu) / np.sqrt(var + eps) + beta[j]\n"
                "    return Y, new_mean, new_var\n"
            ),
            **DLF_NETWORK,
        },
        hints=["batchnorm_forward is not vectorized", "for j in range(D)"],
        loses=["test_batchnorm_train"],
    ),
    dict(
        name="bn_forward_wraps_dlf_layer",
        cells={
            "batchnorm_forward": (
                "def batchnorm_forward(X, gamma, beta, running_mean, running_var, *, training, momentum=0.1, eps=1e-5):\n"
                "    layer = BatchNorm1d(X.shape[1], momentum=momentum, eps=eps)\n"
                '    layer.params["gamma"], layer.params["beta"] = gamma, beta\n'
                "    layer.running_mean, layer.running_var = running_mean, running_var\n"
                "    if training:\n"
                "        layer.train()\n"
                "    else:\n"
                "        layer.eval()\n"
                "    return layer.forward(X), layer.running_mean, layer.running_var\n"
            )
        },
        hints=["batchnorm_forward calls dlf's BatchNorm1d: write the formulas of Part 3 yourself with NumPy."],
        loses=["test_batchnorm_train"],
    ),
    # --- Part 4: batch normalization, backward, stage by stage (issue 15)
    dict(
        name="bn_backward_mean_and_var_as_constants",
        cells=reference_with(
            "batchnorm_backward",
            ("    dXc = dXc_direct + variance_backward(dnu, Xc)            # the two paths into Xc add up\n", ""),
            ("    dX, _ = center_backward(dXc)\n", "    dX = dXc_direct\n"),
        ),
        hints=[
            "Your network uses MyBatchNorm1d, so it trains with your batchnorm_forward and batchnorm_backward",
            "you treated the mean and the variance as constants: dX = dY * gamma / sqrt(var + eps) is only the direct path.",
        ],
        loses=["test_batchnorm_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_without_variance_path",
        cells=reference_with(
            "batchnorm_backward",
            (
                "    dXc = dXc_direct + variance_backward(dnu, Xc)            # the two paths into Xc add up\n",
                "    dXc = dXc_direct\n",
            ),
        ),
        hints=["you took the path through the mean into account but not the one through the variance"],
        loses=["test_batchnorm_backward"],
    ),
    dict(
        name="bn_backward_unbiased_variance",
        cells=reference_with("batchnorm_backward", ("nu = np.mean(Xc**2, axis=0)", "nu = X.var(axis=0, ddof=1)")),
        hints=["the recomputed variance is unbiased (divided by N - 1)"],
        loses=["test_batchnorm_backward"],
    ),
    dict(
        name="bn_backward_gets_X_not_X_hat",
        cells=reference_with(
            "batchnorm_backward", ("scale_shift_backward(dY, X_hat, gamma)", "scale_shift_backward(dY, X, gamma)")
        ),
        hints=["dgamma is computed with X instead of X_hat: pass the normalized input X_hat to scale_shift_backward."],
        loses=["test_batchnorm_backward"],
    ),
    dict(
        name="bn_backward_wraps_dlf_layer",
        cells={
            "batchnorm_backward": (
                "def batchnorm_backward(dY, X, gamma, eps=1e-5):\n"
                "    layer = BatchNorm1d(X.shape[1], eps=eps)\n"
                '    layer.params["gamma"] = gamma\n'
                "    layer.forward(X)\n"
                "    dX = layer.backward(dY)\n"
                '    return dX, layer.grads["gamma"], layer.grads["beta"]\n'
            )
        },
        hints=["your backward pass calls dlf's BatchNorm1d: write the stages of Part 4 yourself with NumPy."],
        loses=["test_batchnorm_backward"],
    ),
    dict(
        name="bn_backward_dgamma_not_summed",
        cells=reference_with("scale_shift_backward", ("np.sum(dY * X_hat, axis=0)", "dY * X_hat")),
        hints=[
            "Your network uses MyBatchNorm1d, so it trains with your batchnorm_forward and batchnorm_backward",
            "dgamma is not summed over the batch: gamma is shared by the N examples",
        ],
        loses=["test_scale_shift_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_dgamma_wrong_axis",
        cells=reference_with("scale_shift_backward", ("np.sum(dY * X_hat, axis=0)", "np.sum(dY * X_hat, axis=1)")),
        hints=[
            "Your network uses MyBatchNorm1d, so it trains with your batchnorm_forward and batchnorm_backward",
            "dgamma is summed over the wrong axis: axis=1 sums over the D features",
        ],
        loses=["test_scale_shift_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_dbeta_wrong_axis",
        cells=reference_with("scale_shift_backward", ("dY.sum(axis=0)", "dY.sum(axis=1)")),
        hints=[
            "Your network uses MyBatchNorm1d, so it trains with your batchnorm_forward and batchnorm_backward",
            "dbeta is summed over the wrong axis: axis=1 sums over the D features",
        ],
        loses=["test_scale_shift_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_dX_hat_without_gamma",
        cells=reference_with("scale_shift_backward", ("return dY * gamma,", "return dY,")),
        hints=["gamma is missing in dX_hat"],
        loses=["test_scale_shift_backward"],
    ),
    dict(
        name="bn_backward_scales_dY_in_place",
        cells=reference_with(
            "scale_shift_backward",
            (
                "return dY * gamma, np.sum(dY * X_hat, axis=0), dY.sum(axis=0)",
                "dgamma, dbeta = np.sum(dY * X_hat, axis=0), dY.sum(axis=0)\n    dY *= gamma\n    return dY, dgamma, dbeta",
            ),
        ),
        hints=["changed its input dY in place"],
        loses=["test_scale_shift_backward"],
    ),
    dict(
        name="bn_backward_dnu_power_minus_half",
        cells=reference_with("normalize_backward", ("axis=0) * inv_std**3", "axis=0) * inv_std")),
        hints=["dnu has the power -1/2 instead of -3/2"],
        loses=["test_normalize_backward"],
    ),
    dict(
        name="bn_backward_dnu_without_minus_half",
        cells=reference_with(
            "normalize_backward", ("-0.5 * np.sum(dX_hat * Xc, axis=0)", "np.sum(dX_hat * Xc, axis=0)")
        ),
        hints=["dnu lacks the factor -1/2 of d/dnu (nu + eps)^(-1/2)"],
        loses=["test_normalize_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_dnu_not_summed",
        cells=reference_with("normalize_backward", ("-0.5 * np.sum(dX_hat * Xc, axis=0)", "-0.5 * dX_hat * Xc")),
        hints=["dnu is not summed over the batch: nu_j is one number per feature"],
        loses=["test_normalize_backward"],
    ),
    dict(
        name="bn_backward_dXc_times_std",
        cells=reference_with("normalize_backward", ("return dX_hat * inv_std,", "return dX_hat / inv_std,")),
        hints=["dXc is multiplied by sqrt(nu + eps): X_hat = Xc / sqrt(nu + eps) divides by it."],
        loses=["test_normalize_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_variance_term_without_1_over_N",
        cells=reference_with("variance_backward", ("return 2.0 * Xc * dnu / Xc.shape[0]", "return 2.0 * Xc * dnu")),
        hints=[
            "Your network uses MyBatchNorm1d, so it trains with your batchnorm_forward and batchnorm_backward",
            "Your result is the expected one times N = 5: a sum where a mean belongs (a missing 1/N?)",
        ],
        loses=["test_variance_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_variance_without_2",
        cells=reference_with(
            "variance_backward", ("return 2.0 * Xc * dnu / Xc.shape[0]", "return Xc * dnu / Xc.shape[0]")
        ),
        hints=["Your result is exactly half the expected one: a factor 1/2 is wrong (the 2 of a square?)"],
        loses=["test_variance_backward"],
    ),
    dict(
        name="bn_backward_variance_without_dnu",
        cells=reference_with(
            "variance_backward", ("return 2.0 * Xc * dnu / Xc.shape[0]", "return 2.0 * Xc / Xc.shape[0]")
        ),
        hints=[
            "Your network uses MyBatchNorm1d, so it trains with your batchnorm_forward and batchnorm_backward",
            "dnu is missing: the gradient through nu is dnu times the derivative of nu.",
        ],
        loses=["test_variance_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_variance_central_differences",
        cells={
            "variance_backward": (
                "def variance_backward(dnu, Xc):\n"
                "    h = 1e-6\n"
                "    nu = lambda Xc: np.mean(Xc**2, axis=0)\n"
                "    dXc = np.zeros_like(Xc)\n"
                "    for index in np.ndindex(*Xc.shape):\n"
                "        plus, minus = Xc.copy(), Xc.copy()\n"
                "        plus[index] += h\n"
                "        minus[index] -= h\n"
                "        dXc[index] = np.sum(dnu * (nu(plus) - nu(minus))) / (2 * h)\n"
                "    return dXc\n"
            ),
            **DLF_NETWORK,
        },
        hints=["variance_backward computes a derivative numerically", "The task asks for the analytic derivative"],
        loses=["test_variance_backward"],
    ),
    dict(
        name="bn_backward_center_direct_path_only",
        cells=reference_with("center_backward", ("return dXc + dmu / dXc.shape[0], dmu", "return dXc, dmu")),
        hints=["dX is only the direct path X -> Xc: mu = mean(X) depends on every X_nj too"],
        loses=["test_center_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_center_without_1_over_N",
        cells=reference_with("center_backward", ("return dXc + dmu / dXc.shape[0], dmu", "return dXc + dmu, dmu")),
        hints=["the path through mu lacks its 1/N"],
        loses=["test_center_backward", "test_network_accuracy"],
    ),
    dict(
        name="bn_backward_dmu_sign",
        cells=reference_with(
            "center_backward",
            ("dmu = -dXc.sum(axis=0)", "dmu = dXc.sum(axis=0)"),
            ("return dXc + dmu / dXc.shape[0], dmu", "return dXc - dmu / dXc.shape[0], dmu"),
        ),
        hints=[
            "dmu (Xc = X - mu: mu is subtracted from all N rows)",
            "Your result is exactly minus the expected one: a sign error.",
        ],
        loses=["test_center_backward"],
    ),
    dict(
        name="bn_backward_loop_over_examples",
        cells={
            "center_backward": (
                "def center_backward(dXc):\n"
                "    N = dXc.shape[0]\n"
                "    dmu = np.zeros(dXc.shape[1])\n"
                "    for n in range(N):\n"
                "        dmu -= dXc[n]\n"
                "    return dXc + dmu / N, dmu\n"
            ),
            **DLF_NETWORK,
        },
        hints=["center_backward is not vectorized", "for n in range(N)"],
        loses=["test_center_backward"],
    ),
    # --- Part 5: the network (issue 13)
    dict(
        name="network_batchnorm_after_relu",
        cells=reference_with(
            "network",
            (
                "        Linear(64, H, rng=rng), MyBatchNorm1d(H), ReLU(),\n        Linear(H, H, rng=rng), MyBatchNorm1d(H), ReLU(),",
                "        Linear(64, H, rng=rng), ReLU(), MyBatchNorm1d(H),\n        Linear(H, H, rng=rng), ReLU(), MyBatchNorm1d(H),",
            ),
        ),
        hints=["batch normalization comes after the activation"],
        loses=["test_network_structure"],
    ),
    dict(
        name="network_batchnorm_only_once",
        cells=reference_with(
            "network", ("Linear(H, H, rng=rng), MyBatchNorm1d(H), ReLU(),", "Linear(H, H, rng=rng), ReLU(),")
        ),
        hints=["1 batch normalization layer(s) for 2 hidden Linear layers: put one after every hidden Linear"],
        loses=["test_network_structure"],
    ),
    dict(
        name="network_own_seeded_generator",
        cells=reference_with("network", ("    H = 64\n", "    H = 64\n    rng = np.random.default_rng(42)\n")),
        hints=["build_network returned the same initial weights for generators made with different seeds"],
        loses=["test_network_structure"],
    ),
    dict(
        name="train_ignores_its_arguments",
        cells=reference_with(
            "network",
            ("def train_network(model, X_train, y_train, rng):", "def train_network(model, X, y, rng):"),
        ),
        hints=["train_network ignores the X and y it is given"],
        loses=["test_network_accuracy"],
    ),
    dict(
        name="train_on_all_digits",
        cells=reference_with(
            "network", ("return fit(model, X_train, y_train,", "return fit(model, X_digits, y_digits,")
        ),
        hints=["train_network ignores the X and y it is given", "(X_train, y_train, or the validation set)"],
        loses=["test_network_accuracy"],
    ),
    dict(
        name="train_own_seeded_generator",
        cells=reference_with("network", ("batch_size=50, rng=rng)", "batch_size=50, rng=np.random.default_rng(0))")),
        hints=["train_network trained the same network to the same weights with generators made with different seeds"],
        loses=["test_network_accuracy"],
    ),
    dict(
        name="train_forgets_return",
        cells=reference_with("network", ("    return fit(model, X_train", "    fit(model, X_train")),
        hints=["train_network must return the history that fit returns"],
        loses=["test_network_accuracy"],
    ),
    dict(
        name="train_with_sklearn",
        cells=reference_with(
            "network",
            (
                "    return fit(model, X_train, y_train, optimizer=Adam(lr=0.003), epochs=12, batch_size=50, rng=rng)",
                "    from sklearn.neural_network import MLPClassifier\n"
                "\n"
                "    clf = MLPClassifier(hidden_layer_sizes=(64, 64), max_iter=300, random_state=0).fit(X_train, y_train)\n"
                "    linear = [layer for layer in model.layers if isinstance(layer, Linear)]\n"
                "    for layer, W, b in zip(linear, clf.coefs_, clf.intercepts_):\n"
                '        layer.params["W"][:], layer.params["b"][:] = W, b\n'
                '    return {"loss": list(clf.loss_curve_), "accuracy": [clf.score(X_train, y_train)]}',
            ),
        ),
        hints=["train_network uses a library this task asks you not to use", "sklearn"],
        loses=["test_network_accuracy"],
    ),
    dict(
        name="hierarchy_one_template_per_digit",
        cells={"answer_hierarchy": 'answer_hierarchy = "B"\n'},
        hints=["answer_hierarchy = 'B' is not the best answer. The class separation says nothing about single units"],
        loses=["test_hierarchy"],
    ),
    dict(
        name="hierarchy_fewer_features",
        cells={"answer_hierarchy": 'answer_hierarchy = " c "\n'},
        hints=[
            "answer_hierarchy = 'C' is not the best answer. Fewer features do not raise the separation by themselves"
        ],
        loses=["test_hierarchy"],
    ),
    dict(
        name="hierarchy_not_a_letter",
        cells={"answer_hierarchy": 'answer_hierarchy = "A and C"\n'},
        hints=["answer_hierarchy must be one of 'A', 'B', 'C' (a string with one letter)"],
        loses=["test_hierarchy"],
    ),
]

RIGHT = [
    dict(
        name="grad_norms_keeps_Z_and_lowercase_choice",
        cells={
            "gradient_norms": (
                "def init_weights(sizes, scheme, rng):\n"
                "    Ws = []\n"
                "    for D, K in zip(sizes[:-1], sizes[1:]):\n"
                '        if scheme == "small":\n'
                "            std = 0.01\n"
                '        elif scheme == "xavier":\n'
                "            std = np.sqrt(2 / (D + K))  # Glorot and Bengio (2010)\n"
                "        else:\n"
                "            std = (2 / D) ** 0.5  # He et al. (2015)\n"
                "        Ws.append(rng.normal(0.0, std, size=(D, K)))\n"
                "    return Ws\n"
                "\n"
                "\n"
                "def phi_and_derivative(Z, activation):\n"
                '    if activation == "relu":\n'
                "        return np.maximum(Z, 0), (Z > 0).astype(float)\n"
                "    S = 0.5 * (1 + np.tanh(Z / 2))  # the sigmoid, without overflow\n"
                "    return S, S * (1 - S)\n"
                "\n"
                "\n"
                "def gradient_norms(Ws, X, y, activation):\n"
                "    inputs, derivatives = [X], []\n"
                "    for W in Ws[:-1]:\n"
                "        A, dphi = phi_and_derivative(inputs[-1] @ W, activation)\n"
                "        inputs.append(A)\n"
                "        derivatives.append(dphi)\n"
                "    Z = inputs[-1] @ Ws[-1]\n"
                "    log_p = Z - Z.max(axis=1, keepdims=True)\n"
                "    log_p -= np.log(np.exp(log_p).sum(axis=1, keepdims=True))\n"
                "    onehot = np.eye(Z.shape[1])[y]\n"
                "    dZ = (np.exp(log_p) - onehot) / len(y)\n"
                "    dW_norms, dA_norms = [], []\n"
                "    for l in range(len(Ws) - 1, -1, -1):\n"
                '        dW_norms.append(np.sqrt(np.einsum("dk,dk->", inputs[l].T @ dZ, inputs[l].T @ dZ)))\n'
                "        if l:\n"
                "            dA = dZ @ Ws[l].T\n"
                "            dA_norms.append(np.linalg.norm(dA))\n"
                "            dZ = dA * derivatives[l - 1]\n"
                '    print("dA norms:", np.round(dA_norms[::-1], 4))\n'
                "    return np.array(dA_norms[::-1]), np.array(dW_norms[::-1])\n"
            ),
            "init_choice": 'stable_init = " c "  # He: the backward signal keeps its size\n',
        },
    ),
    dict(
        name="bn_stages_other_forms",
        cells={
            "scale_shift_backward": (
                "def scale_shift_backward(dY, X_hat, gamma):\n"
                '    return dY * gamma[None, :], np.einsum("nd,nd->d", dY, X_hat), np.einsum("nd->d", dY)\n'
            ),
            "normalize_backward": (
                "def normalize_backward(dX_hat, Xc, nu, eps):\n"
                "    std = np.sqrt(nu + eps)\n"
                "    dnu = np.sum(dX_hat * Xc, axis=0) * (-0.5) * (nu + eps) ** -1.5\n"
                "    return dX_hat / std, dnu\n"
            ),
            "variance_backward": ("def variance_backward(dnu, Xc):\n    N = len(Xc)\n    return Xc * (2 * dnu / N)\n"),
            "center_backward": (
                "def center_backward(dXc):\n"
                "    dX = dXc - dXc.mean(axis=0, keepdims=True)  # the mean path removes the batch mean\n"
                "    return dX, -np.sum(dXc, axis=0)\n"
            ),
        },
    ),
    dict(
        name="he_standard_normal_times_std",
        cells={
            "he_init": (
                "def he_init(D, K, rng):\n"
                "    scale = np.sqrt(2.0 / D)  # He: Var(W) = 2 / fan_in\n"
                "    W = scale * rng.standard_normal((D, K))\n"
                '    print(f"he_init: W {W.shape}, std {W.std():.3f} (target {scale:.3f})")\n'
                "    return W\n"
            )
        },
    ),
    dict(
        name="bn_einsum_helper_and_new_arrays",
        cells={
            "batchnorm_forward": (
                "def _normalize(X, mu, var, eps):\n"
                "    return (X - mu) / np.sqrt(var + eps)\n"
                "\n"
                "\n"
                "def batchnorm_forward(X, gamma, beta, running_mean, running_var, *, training, momentum=0.1, eps=1e-5):\n"
                "    if not training:\n"
                "        return gamma * _normalize(X, running_mean, running_var, eps) + beta, running_mean.copy(), running_var.copy()\n"
                "    N = len(X)\n"
                '    mu = np.einsum("nd->d", X) / N\n'
                "    centered = X - mu\n"
                '    var = np.einsum("nd,nd->d", centered, centered) / N\n'
                "    new_mean = running_mean + momentum * (mu - running_mean)\n"
                "    new_var = running_var + momentum * (var * N / (N - 1) - running_var)\n"
                "    return gamma * _normalize(X, mu, var, eps) + beta, new_mean, new_var\n"
            ),
            "batchnorm_backward": (
                "def batchnorm_backward(dY, X, gamma, eps=1e-5):\n"
                "    # the chain rule step by step, through X_hat, var and mu (CS231n's staged graph)\n"
                "    N = X.shape[0]\n"
                "    mu = X.mean(axis=0)\n"
                "    xc = X - mu\n"
                "    var = (xc**2).mean(axis=0)\n"
                "    std = np.sqrt(var + eps)\n"
                "    X_hat = xc / std\n"
                "    dbeta = dY.sum(axis=0)\n"
                "    dgamma = (dY * X_hat).sum(axis=0)\n"
                "    dX_hat = dY * gamma\n"
                "    dvar = np.sum(dX_hat * xc, axis=0) * -0.5 * (var + eps) ** -1.5\n"
                "    dmu = -np.sum(dX_hat / std, axis=0) + dvar * np.mean(-2.0 * xc, axis=0)\n"
                "    dX = dX_hat / std + dvar * 2.0 * xc / N + dmu / N\n"
                "    return dX, dgamma, dbeta\n"
            ),
        },
    ),
    dict(
        name="network_blocks_loop_dlf_batchnorm_adamw",
        cells={
            "network": (
                "def build_network(rng):\n"
                "    sizes = [64, 80, 80, 10]\n"
                "    blocks = []  # batch norm: dlf's BatchNorm1d\n"
                "    for D, K in zip(sizes[:-2], sizes[1:-1]):\n"
                "        blocks.append(Sequential(Linear(D, K, rng=rng), BatchNorm1d(K), ReLU()))\n"
                "    return Sequential(*blocks, Linear(sizes[-2], sizes[-1], rng=rng))\n"
                "\n"
                "\n"
                "def train_network(model, X_train, y_train, rng):\n"
                "    history = fit(model, X_train, y_train, optimizer=AdamW(lr=0.002, weight_decay=1e-4), epochs=10,\n"
                "                  batch_size=60, rng=rng)\n"
                "    print(f\"final training loss {history['loss'][-1]:.4f}\")\n"
                "    return history\n"
            )
        },
    ),
    dict(
        name="network_three_hidden_layers_mine",
        cells={
            "network": (
                "def build_network(rng):\n"
                "    # batch norm: mine (MyBatchNorm1d)\n"
                "    H = 48\n"
                "    layers = []\n"
                "    D = 64\n"
                "    for _ in range(3):\n"
                "        layers += [Linear(D, H, rng=rng), MyBatchNorm1d(H), ReLU()]\n"
                "        D = H\n"
                "    return Sequential(*layers, Linear(H, 10, rng=rng))\n"
                "\n"
                "\n"
                "def train_network(model, X_train, y_train, rng):\n"
                "    return fit(model, X_train, y_train, optimizer=SGD(lr=0.1, momentum=0.9), epochs=15, batch_size=40, rng=rng)\n"
            )
        },
    ),
]
