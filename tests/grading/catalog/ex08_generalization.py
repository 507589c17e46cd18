"""Wrong submissions of ex08_generalization, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.

Most entries are the reference solution of ``solutions/ex08_generalization`` with one line
changed, so they stay in step with it.
"""

from functools import partial

from gradingkit import reference_with

reference_with = partial(reference_with, "ex08_generalization")  # reference_with(grade_id, (old, new), ...)

KEEP = "keep = rng.random(X.shape) >= p                          # True with probability 1 - p"
MASK = "mask = keep / (1 - p)                                    # E[mask] = 1"
EVAL = "return X.copy(), np.ones_like(X, dtype=float)        # the identity: nothing drawn"
IMPROVES = 'if history["val_loss"][-1] < best_loss:              # strictly lower: an improvement'
COPY = "best = {key: W.copy() for key, W in params.items()}   # copies, not the live arrays"
RESTORE = "    for key, W in params.items():                            # in place: the model holds these arrays\n        W[...] = best[key]\n"
UNDER = "if train_loss[-1] > target:"
TURNED = "if val_loss[-1] > (1 + rise) * val_loss.min():"

WRONG = [
    # --- Part 1: reading the training curves
    dict(
        name="diagnose_compares_with_the_first_validation_loss",
        cells=reference_with("diagnose", (TURNED, "if val_loss[-1] > (1 + rise) * val_loss[0]:")),
        hints=["compare the last validation loss with the LOWEST of the run, min(val_loss), not with the first"],
        loses=["test_diagnose"],
    ),
    dict(
        name="diagnose_overfitting_from_the_gap_between_the_curves",
        cells=reference_with("diagnose", (TURNED, "if val_loss[-1] > (1 + rise) * train_loss[-1]:")),
        hints=["a validation loss above the training loss is not overfitting by itself"],
        loses=["test_diagnose"],
    ),
    dict(
        name="diagnose_underfitting_from_the_validation_loss",
        cells=reference_with("diagnose", (UNDER, "if val_loss[-1] > target:")),
        hints=["underfitting is decided by the TRAINING loss, train_loss[-1] > target"],
        loses=["test_diagnose"],
    ),
    dict(
        name="diagnose_overfitting_checked_first",
        cells={
            "diagnose": (
                "def diagnose(train_loss, val_loss, *, target, rise=0.1):\n"
                "    if val_loss[-1] > (1 + rise) * min(val_loss):\n"
                '        return "overfitting"\n'
                "    if train_loss[-1] > target:\n"
                '        return "underfitting"\n'
                '    return "good fit"\n'
            )
        },
        hints=["check the rules in their order: the training loss is still above target"],
        loses=["test_diagnose"],
    ),
    dict(
        name="diagnose_absolute_rise",
        cells=reference_with("diagnose", (TURNED, "if val_loss[-1] > val_loss.min() + rise:")),
        hints=["rise is a fraction of the lowest validation loss, not a difference of losses"],
        loses=["test_diagnose"],
    ),
    dict(
        name="diagnose_any_bump_is_overfitting",
        cells=reference_with("diagnose", (TURNED, "if np.any(np.diff(val_loss) > 0):")),
        hints=["the validation loss went up at one epoch and came back down: that is noise."],
        loses=["test_diagnose"],
    ),
    dict(
        name="diagnose_ignores_rise",
        cells=reference_with("diagnose", (TURNED, "if val_loss[-1] > 1.1 * val_loss.min():")),
        hints=["diagnose ignores its argument rise (a fixed 0.1?)."],
        loses=["test_diagnose"],
    ),
    # --- Part 2: dropout
    dict(
        name="dropout_without_scaling",
        cells=reference_with(
            "dropout", (MASK, "mask = keep.astype(float)                                # drop, keep the rest")
        ),
        hints=["Forgetting the 1 / (1 - p) is the classic mistake."],
        loses=["test_dropout_train"],
    ),
    dict(
        name="dropout_p_as_keep_probability",
        cells=reference_with(
            "dropout", (KEEP, "keep = rng.random(X.shape) < p                           # kept with probability p")
        ),
        hints=["you kept each entry with probability p (keep = u < p): here p is the probability of DROPPING an entry"],
        loses=["test_dropout_train"],
    ),
    dict(
        name="dropout_global_random_state",
        cells=reference_with("dropout", (KEEP, "keep = np.random.random(X.shape) >= p")),
        hints=["dropout_forward returned different masks for two generators made with the same seed"],
        loses=["test_dropout_train"],
    ),
    dict(
        name="dropout_non_inverted",
        cells=reference_with(
            "dropout",
            (EVAL, "return X * (1 - p), np.ones_like(X, dtype=float)   # scale at test time, as in the paper"),
            (MASK, "mask = keep.astype(float)"),
        ),
        hints=[
            "Forgetting the 1 / (1 - p) is the classic mistake.",
            "that is the original, non-inverted dropout, which scales at evaluation",
        ],
        loses=["test_dropout_train", "test_dropout_eval"],
    ),
    dict(
        name="dropout_draws_in_eval_mode",
        cells=reference_with(
            "dropout",
            (
                "    if not training:\n        " + EVAL + "\n    " + KEEP,
                "    " + KEEP + "\n    if not training:\n        " + EVAL,
            ),
        ),
        hints=["drew numbers from rng: in evaluation mode nothing is dropped, so nothing is drawn"],
        loses=["test_dropout_eval"],
    ),
    dict(
        name="dropout_ignores_training_flag",
        cells=reference_with("dropout", ("    if not training:\n        " + EVAL + "\n", "")),
        hints=["evaluation mode still drops entries: in evaluation mode dropout is the identity, Y = X."],
        loses=["test_dropout_eval"],
    ),
    dict(
        name="dropout_loop_over_examples",
        cells=reference_with(
            "dropout",
            (
                KEEP,
                "keep = np.empty(X.shape, dtype=bool)\n"
                "    for n in range(X.shape[0]):                              # one example at a time\n"
                "        keep[n] = rng.random(X.shape[1]) >= p",
            ),
        ),
        hints=["dropout_forward is not vectorized", "for n in range(X.shape[0])"],
        loses=["test_dropout_train"],
    ),
    dict(
        name="dropout_scales_X_in_place",
        cells=reference_with("dropout", ("    return X * mask, mask", "    X *= mask\n    return X, mask")),
        hints=["changed its input X in place"],
        loses=["test_dropout_train"],
    ),
    dict(
        name="dropout_returns_unscaled_mask",
        cells=reference_with("dropout", ("    return X * mask, mask", "    return X * mask, keep")),
        hints=["the mask you return is keep, not the scaled mask keep / (1 - p)"],
        loses=["test_dropout_train"],
    ),
    dict(
        name="dropout_backward_unscaled",
        cells=reference_with(
            "dropout", ("    return dY * mask", "    return dY * (mask > 0)             # passed or not")
        ),
        hints=["the kept entries are not scaled in dX: the mask is already scaled by 1 / (1 - p)"],
        loses=["test_dropout_backward"],
    ),
    # --- Part 3: the L2 penalty
    dict(
        name="l2_without_one_half",
        cells=reference_with(
            "l2_penalty",
            ("R += 0.5 * lam * float(np.sum(value**2))", "R += lam * float(np.sum(value**2))"),
            ("grads[key] = lam * value", "grads[key] = 2 * lam * value"),
        ),
        hints=["the 1/2 is missing: R = lam/2 * sum of ||W||^2, whose gradient is lam W."],
        loses=["test_l2_penalty"],
    ),
    dict(
        name="l2_gradient_two_lambda_W",
        cells=reference_with(
            "l2_penalty", ("grads[key] = lam * value", "grads[key] = 2 * lam * value      # d/dW of W^2 is 2W")
        ),
        hints=["the gradient is 2 lam W: with the 1/2 in R = lam/2 * sum of ||W||^2, the gradient is lam W."],
        loses=["test_l2_penalty"],
    ),
    dict(
        name="l2_biases_decayed",
        cells={
            "l2_penalty": (
                "def l2_penalty(params, lam):\n"
                "    R = 0.5 * lam * sum(float(np.sum(value**2)) for value in params.values())\n"
                "    grads = {key: lam * value for key, value in params.items()}\n"
                "    return R, grads\n"
            )
        },
        hints=["the biases are penalized too: sum over the weight matrices only (keys ending in W)"],
        loses=["test_l2_penalty"],
    ),
    dict(
        name="l2_grads_only_for_weights",
        cells=reference_with(
            "l2_penalty",
            (
                "            grads[key] = np.zeros_like(value, dtype=float)",
                "            pass                                             # no gradient",
            ),
        ),
        hints=["l2_penalty must return a dict grads with the same keys as params"],
        loses=["test_l2_penalty"],
    ),
    dict(
        name="l2_gradient_computed_in_place",
        cells=reference_with(
            "l2_penalty", ("grads[key] = lam * value", "grads[key] = value\n            grads[key] *= lam")
        ),
        hints=["changed its input params['0.W']", "in place. Leave the arguments as they are"],
        loses=["test_l2_penalty"],
    ),
    # --- Part 4: early stopping
    dict(
        name="early_stopping_ties_improve",
        cells=reference_with(
            "early_stopping",
            (IMPROVES, 'if history["val_loss"][-1] <= best_loss:             # as good as the best: keep the newer'),
        ),
        hints=["an equal validation loss counted as an improvement (<= instead of <)"],
        loses=["test_early_stopping"],
    ),
    dict(
        name="early_stopping_one_epoch_too_many",
        cells=reference_with(
            "early_stopping", ("elif epoch - best_epoch >= patience:", "elif epoch - best_epoch > patience:")
        ),
        hints=["one epoch too many: with the best epoch j, training stops after epoch j + patience"],
        loses=["test_early_stopping"],
    ),
    dict(
        name="early_stopping_watches_training_loss",
        cells=reference_with(
            "early_stopping",
            (IMPROVES, 'if history["loss"][-1] < best_loss:'),
            (
                'best_loss, best_epoch = history["val_loss"][-1], epoch',
                'best_loss, best_epoch = history["loss"][-1], epoch',
            ),
        ),
        hints=["you watched the training loss (which always falls here), not the validation loss"],
        loses=["test_early_stopping"],
    ),
    dict(
        name="early_stopping_counter_never_reset",
        cells={
            "early_stopping": (
                "def train_with_early_stopping(params, train_epoch, val_loss, *, epochs, patience):\n"
                '    history = {"loss": [], "val_loss": []}\n'
                "    best_loss, best_epoch, best, bad_epochs = np.inf, 0, None, 0\n"
                "    for epoch in range(epochs):\n"
                '        history["loss"].append(train_epoch())\n'
                '        history["val_loss"].append(val_loss())\n'
                '        if history["val_loss"][-1] < best_loss:\n'
                '            best_loss, best_epoch = history["val_loss"][-1], epoch\n'
                "            best = {key: W.copy() for key, W in params.items()}\n"
                "        else:\n"
                "            bad_epochs += 1\n"
                "            if bad_epochs >= patience:\n"
                "                break\n"
                "    for key, W in params.items():\n"
                "        W[...] = best[key]\n"
                "    return best_epoch, history\n"
            )
        },
        hints=["training stopped after 3 epochs without improvement in all, not in a row"],
        loses=["test_early_stopping"],
    ),
    dict(
        name="early_stopping_best_epoch_from_one",
        cells=reference_with(
            "early_stopping",
            ("    return best_epoch, history", "    return best_epoch + 1, history   # the first epoch is epoch 1"),
        ),
        hints=["best_epoch is counted from 1: count the epochs from 0"],
        loses=["test_early_stopping"],
    ),
    dict(
        name="early_stopping_best_aliases_params",
        cells=reference_with(
            "early_stopping", (COPY, "best = dict(params)                                  # a copy of the dict")
        ),
        hints=["or the remembered 'best' parameters are the same arrays as params"],
        loses=["test_restore_best"],
    ),
    dict(
        name="early_stopping_never_restores",
        cells=reference_with("early_stopping", (RESTORE, "")),
        hints=["the parameters are those of the last epoch run"],
        loses=["test_restore_best"],
    ),
    dict(
        name="early_stopping_restores_into_the_dict",
        cells=reference_with(
            "early_stopping",
            (RESTORE, "    for key in params:\n        params[key] = best[key]\n"),
        ),
        hints=["is a new array, not the one it was: you put the best values in the dict"],
        loses=["test_restore_best"],
    ),
    dict(
        name="early_stopping_copy_before_training",
        cells={
            "early_stopping": (
                "def train_with_early_stopping(params, train_epoch, val_loss, *, epochs, patience):\n"
                '    history = {"loss": [], "val_loss": []}\n'
                "    best_loss, best_epoch, best = np.inf, 0, None\n"
                "    for epoch in range(epochs):\n"
                "        before = {key: W.copy() for key, W in params.items()}\n"
                '        history["loss"].append(train_epoch())\n'
                '        history["val_loss"].append(val_loss())\n'
                '        if history["val_loss"][-1] < best_loss:\n'
                '            best_loss, best_epoch, best = history["val_loss"][-1], epoch, before\n'
                "        elif epoch - best_epoch >= patience:\n"
                "            break\n"
                "    for key, W in params.items():\n"
                "        W[...] = best[key]\n"
                "    return best_epoch, history\n"
            )
        },
        hints=["the epoch before the best one"],
        loses=["test_restore_best"],
    ),
    # --- Part 5: choosing a network
    dict(
        name="select_on_the_test_set",
        cells=reference_with(
            "select_model",
            (
                "val_accuracies.append(accuracy(model, X_val, y_val))",
                "val_accuracies.append(accuracy(model, X_test, y_test))",
            ),
        ),
        hints=["these are the accuracies on the TEST set (X_test, y_test)"],
        loses=["test_select_model"],
    ),
    dict(
        name="select_on_training_accuracy",
        cells=reference_with(
            "select_model",
            (
                "val_accuracies.append(accuracy(model, X_val, y_val))",
                "val_accuracies.append(accuracy(model, X_train, y_train))",
            ),
        ),
        hints=["these are the accuracies on the TRAINING set"],
        loses=["test_select_model"],
    ),
    dict(
        name="select_last_of_ties",
        cells={
            "select_model": (
                "def select_model(candidates, X_train, y_train, X_val, y_val, *, rng):\n"
                "    best, best_accuracy, val_accuracies = 0, -1.0, []\n"
                "    for i, config in enumerate(candidates):\n"
                "        model = train_candidate(config, X_train, y_train, rng=rng)\n"
                "        val_accuracies.append(accuracy(model, X_val, y_val))\n"
                "        if val_accuracies[-1] >= best_accuracy:\n"
                "            best, best_accuracy = i, val_accuracies[-1]\n"
                "    return best, val_accuracies\n"
            )
        },
        hints=["several candidates tie for the highest validation accuracy: return the first of them"],
        loses=["test_select_model"],
    ),
    dict(
        name="select_trains_on_the_notebooks_data",
        cells=reference_with(
            "select_model",
            (
                "def select_model(candidates, X_train, y_train, X_val, y_val, *, rng):",
                "def select_model(candidates, X, y, X_val, y_val, *, rng):",
            ),
        ),
        hints=["select_model trained the candidates on the notebook's X_train, y_train"],
        loses=["test_select_model"],
    ),
    dict(
        name="select_on_the_notebooks_validation_set",
        cells=reference_with(
            "select_model",
            (
                "def select_model(candidates, X_train, y_train, X_val, y_val, *, rng):",
                "def select_model(candidates, X_train, y_train, X_check, y_check, *, rng):",
            ),
        ),
        hints=["these are the accuracies on the notebook's X_val, y_val"],
        loses=["test_select_model"],
    ),
]

RIGHT = [
    dict(
        name="diagnose_with_builtin_min_and_a_ratio",
        cells={
            "diagnose": (
                "def diagnose(train_loss, val_loss, *, target, rise=0.1):\n"
                "    if train_loss[-1] > target:\n"
                '        return "underfitting"\n'
                "    lowest = min(val_loss)\n"
                "    if val_loss[-1] / lowest - 1 > rise:  # the relative rise above the lowest\n"
                '        return "overfitting"\n'
                '    return "good fit"\n'
            )
        },
    ),
    dict(
        name="diagnose_with_named_conditions",
        cells={
            "diagnose": (
                "def diagnose(train_loss, val_loss, *, target, rise=0.1):\n"
                "    fitted = train_loss[-1] <= target\n"
                "    turned_up = val_loss[-1] > (1 + rise) * np.min(val_loss)\n"
                "    print('fitted:', fitted, ' turned up:', turned_up)\n"
                "    if not fitted:\n"
                '        return "underfitting"\n'
                '    return "overfitting" if turned_up else "good fit"\n'
            )
        },
    ),
    dict(
        name="dropout_with_where_and_l2_by_ndim",
        cells={
            "dropout": (
                "def dropout_forward(X, p, *, rng, training):\n"
                "    if not training:\n"
                "        return X, np.ones(X.shape)\n"
                "    u = rng.random(X.shape)\n"
                "    mask = np.where(u < p, 0.0, 1.0 / (1.0 - p))   # dropped where u < p\n"
                "    return np.multiply(X, mask), mask\n"
                "\n"
                "\n"
                "def dropout_backward(dY, mask):\n"
                "    return np.multiply(dY, mask)\n"
            ),
            "l2_penalty": (
                "def l2_penalty(params, lam):\n"
                "    weights = {key: W for key, W in params.items() if W.ndim == 2}   # the matrices; biases are 1-D\n"
                '    R = lam / 2 * sum(np.einsum("dk,dk->", W, W) for W in weights.values())\n'
                "    grads = {key: lam * W if key in weights else np.zeros(W.shape) for key, W in params.items()}\n"
                '    print(f"L2 penalty {float(R):.4g} on {len(weights)} weight matrices")\n'
                "    return float(R), grads\n"
            ),
        },
    ),
    dict(
        name="early_stopping_deepcopy_and_counter",
        cells={
            "early_stopping": (
                "import copy\n"
                "\n"
                "\n"
                "def train_with_early_stopping(params, train_epoch, val_loss, *, epochs, patience):\n"
                '    history = {"loss": [], "val_loss": []}\n'
                "    best_epoch, best_params, waited = -1, None, 0\n"
                "    epoch = 0\n"
                "    while epoch < epochs and waited < patience:\n"
                '        history["loss"].append(train_epoch())\n'
                '        history["val_loss"].append(val_loss())\n'
                '        if best_epoch < 0 or history["val_loss"][-1] < history["val_loss"][best_epoch]:\n'
                "            best_epoch, best_params, waited = epoch, copy.deepcopy(params), 0\n"
                "        else:\n"
                "            waited += 1\n"
                "        epoch += 1\n"
                "    for key in params:\n"
                "        np.copyto(params[key], best_params[key])\n"
                '    print(f"stopped after {epoch} epochs, best epoch {best_epoch}")\n'
                "    return best_epoch, history\n"
            )
        },
    ),
    dict(
        name="early_stopping_list_of_copies",
        cells={
            "early_stopping": (
                "def train_with_early_stopping(params, train_epoch, val_loss, *, epochs, patience):\n"
                "    losses, val_losses, saved = [], [], []\n"
                "    for epoch in range(epochs):\n"
                "        losses.append(train_epoch())\n"
                "        val_losses.append(val_loss())\n"
                "        best_epoch = int(np.argmin(val_losses))          # the first of the lowest\n"
                "        if best_epoch == epoch:\n"
                "            saved = [array.copy() for array in params.values()]\n"
                "        if epoch - best_epoch == patience:\n"
                "            break\n"
                "    for array, values in zip(params.values(), saved):\n"
                "        array[:] = values\n"
                '    return best_epoch, {"loss": losses, "val_loss": val_losses}\n'
            )
        },
    ),
    dict(
        name="select_with_max_and_comprehension",
        cells={
            "select_model": (
                "from dlf.train import predict\n"
                "\n"
                "\n"
                "def select_model(candidates, X_train, y_train, X_val, y_val, *, rng):\n"
                "    models = [train_candidate(config, X_train, y_train, rng=rng) for config in candidates]\n"
                "    val_accuracies = [float(np.mean(predict(model, X_val) == y_val)) for model in models]\n"
                "    best = max(range(len(candidates)), key=lambda i: val_accuracies[i])   # max keeps the first of ties\n"
                "    for config, acc in zip(candidates, val_accuracies):\n"
                '        print(f"{config}: {acc:.3f}")\n'
                "    return best, val_accuracies\n"
            )
        },
    ),
]
