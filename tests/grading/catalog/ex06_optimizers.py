"""Wrong submissions of ex06_optimizers, each with the hint its feedback must show.

Each entry: ``name`` (unique), ``cells`` ({grade_id of a solution cell: the wrong source}),
``hints`` (texts the feedback HTML must contain), ``loses`` (exactly the test cells that
must score below their points). See tests/grading/README.md.
"""

ADAM_HEAD = (
    "def adam_step(theta, g, state, *, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
    "    m = state.get('m', np.zeros_like(theta))\n"
    "    v = state.get('v', np.zeros_like(theta))\n"
    "    m = beta1 * m + (1 - beta1) * g\n"
    "    v = beta2 * v + (1 - beta2) * g * g\n"
    "    state['m'], state['v'] = m, v\n"
)

WRONG = [
    dict(
        name="lr_limit_one_over_lambda",
        cells={
            "lr_limit": "def lr_limit(curvatures):\n    return 1.0 / max(curvatures)  # the step that lands exactly on the minimum\n"
        },
        hints=["1/lambda_max is only half the limit"],
        loses=["test_lr_limit"],
    ),
    dict(
        name="lr_limit_best_rate",
        cells={
            "lr_limit": (
                "def lr_limit(curvatures):\n"
                "    lam = np.asarray(curvatures, dtype=float)\n"
                "    return float(2 / (lam.min() + lam.max()))\n"
            )
        },
        hints=["2/(lambda_min + lambda_max) is the best fixed learning rate"],
        loses=["test_lr_limit"],
    ),
    dict(
        name="momentum_averaged",
        cells={
            "momentum_step": (
                "def momentum_step(theta, g, state, *, lr, mu):\n"
                "    u = state.get('u', np.zeros_like(theta))\n"
                "    state['u'] = mu * u + (1 - mu) * g   # an exponential moving average of the gradients\n"
                "    return theta - lr * state['u']\n"
            )
        },
        hints=["you average the gradients, u_t = mu u_{t-1} + (1 - mu) g_t; torch.optim.SGD accumulates them"],
        loses=["test_momentum"],
    ),
    dict(
        name="momentum_keeps_g_without_copy",
        cells={
            "momentum_step": (
                "def momentum_step(theta, g, state, *, lr, mu):\n"
                "    if 'u' not in state:\n"
                "        state['u'] = g                   # the same array as the caller's g\n"
                "    else:\n"
                "        state['u'] *= mu                 # in place: changes the g of step 1 too\n"
                "        state['u'] += g\n"
                "    return theta - lr * state['u']\n"
            )
        },
        hints=["momentum_step changed the gradient g it was given at step t = 1", "state['u'] = g.copy()"],
        loses=["test_momentum"],
    ),
    dict(
        name="momentum_old_velocity",
        cells={
            "momentum_step": (
                "def momentum_step(theta, g, state, *, lr, mu):\n"
                "    u = state.get('u', np.zeros_like(theta))\n"
                "    theta = theta - lr * u\n"
                "    state['u'] = mu * u + g\n"
                "    return theta\n"
            )
        },
        hints=["theta did not move: update the velocity first (u_1 = g_1)"],
        loses=["test_momentum"],
    ),
    dict(
        name="rmsprop_eps_inside_sqrt",
        cells={
            "rmsprop_step": (
                "def rmsprop_step(theta, g, state, *, lr=0.01, alpha=0.99, eps=1e-8):\n"
                "    state['v'] = alpha * state.get('v', 0.0) + (1 - alpha) * g**2\n"
                "    return theta - lr * g / np.sqrt(state['v'] + eps)\n"
            )
        },
        hints=["epsilon is inside the square root: torch.optim.RMSprop divides by sqrt(v_t) + eps."],
        loses=["test_rmsprop"],
    ),
    dict(
        name="rmsprop_bias_corrected",
        cells={
            "rmsprop_step": (
                "def rmsprop_step(theta, g, state, *, lr=0.01, alpha=0.99, eps=1e-8):\n"
                "    state['t'] = state.get('t', 0) + 1\n"
                "    state['v'] = alpha * state.get('v', 0.0) + (1 - alpha) * g**2\n"
                "    v_hat = state['v'] / (1 - alpha ** state['t'])\n"
                "    return theta - lr * g / (np.sqrt(v_hat) + eps)\n"
            )
        },
        hints=["RMSProp has no bias correction (torch.optim.RMSprop)"],
        loses=["test_rmsprop"],
    ),
    dict(
        name="adam_no_bias_correction",
        cells={"adam_step": ADAM_HEAD + "    return theta - lr * m / (np.sqrt(v) + eps)\n"},
        hints=["no bias correction: m_1 / sqrt(v_1) = 0.1 g / sqrt(0.001 g^2), about 3.16"],
        loses=["test_adam_first_step", "test_adam"],
    ),
    dict(
        name="adam_eps_inside_sqrt",
        cells={
            "adam_step": ADAM_HEAD
            + (
                "    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)\n"
                "    return theta - lr * m_hat / np.sqrt(v_hat + eps)\n"
            )
        },
        hints=["epsilon is inside the square root: Adam divides by sqrt(v_hat_t) + eps."],
        loses=["test_adam_first_step", "test_adam"],
    ),
    dict(
        name="adam_correction_without_power",
        cells={
            "adam_step": ADAM_HEAD
            + (
                "    m_hat, v_hat = m / (1 - beta1), v / (1 - beta2)\n"
                "    return theta - lr * m_hat / (np.sqrt(v_hat) + eps)\n"
            )
        },
        hints=["the bias correction must use the step number t"],
        loses=["test_adam"],
    ),
    dict(
        name="adamw_same_algorithm",
        cells={"answer_adamw": 'answer_adamw = "A"\n'},
        hints=["answer_adamw = 'A' is not the best answer. They are the same only for plain SGD"],
        loses=["test_adamw_choice"],
    ),
    dict(
        name="adamw_decay_times_gradient",
        cells={"answer_adamw": "answer_adamw = 'c'\n"},
        hints=["answer_adamw = 'C' is not the best answer. AdamW's decay does not depend on the gradients at all"],
        loses=["test_adamw_choice"],
    ),
    dict(
        name="adamw_not_a_letter",
        cells={"answer_adamw": "answer_adamw = 2\n"},
        hints=["answer_adamw must be one of 'A', 'B', 'C' (a string with one letter)"],
        loses=["test_adamw_choice"],
    ),
]

WRONG.append(
    dict(
        name="adam_paper_efficient_form",
        cells={
            "adam_step": ADAM_HEAD
            + (
                "    lr_t = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)   # Kingma and Ba, section 2\n"
                "    return theta - lr_t * m / (np.sqrt(v) + eps)\n"
            )
        },
        hints=["you used the Adam paper's 'efficient' form"],
        loses=["test_adam_first_step", "test_adam"],
    )
)

WRONG.append(
    dict(
        name="adam_hardcoded_betas",
        cells={
            "adam_step": (
                "def adam_step(theta, g, state, *, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                "    state['m'] = 0.9 * state.get('m', 0.0) + 0.1 * g          # the default betas, written in\n"
                "    state['v'] = 0.999 * state.get('v', 0.0) + 0.001 * g**2\n"
                "    m_hat = state['m'] / (1 - 0.9**t)\n"
                "    v_hat = state['v'] / (1 - 0.999**t)\n"
                "    return theta - lr * m_hat / (np.sqrt(v_hat) + eps)\n"
            )
        },
        hints=["your adam_step behaves as if beta1 and beta2 were always the defaults 0.9 and 0.999"],
        loses=["test_adam"],
    )
)
WRONG.append(
    dict(
        name="momentum_fixed_mu",
        cells={
            "momentum_step": (
                "def momentum_step(theta, g, state, *, lr, mu):\n"
                "    if 'u' not in state:\n"
                "        state['u'] = g.copy()\n"
                "    else:\n"
                "        state['u'] = 0.9 * state['u'] + g\n"
                "    return theta - lr * state['u']\n"
            )
        },
        hints=["your momentum_step behaves as if mu were always 0.9"],
        loses=["test_momentum"],
    )
)


# ---- issue 13: ignored learning rates, the state contract, off-by-one steps, libraries
MOMENTUM = (
    "def momentum_step(theta, g, state, *, lr, mu):\n"
    "    if 'u' not in state:\n"
    "        state['u'] = np.array(g, dtype=float)\n"
    "    else:\n"
    "        state['u'] = mu * state['u'] + g\n"
    "    return theta - lr * state['u']\n"
)
RMSPROP = (
    "def rmsprop_step(theta, g, state, *, lr=0.01, alpha=0.99, eps=1e-8):\n"
    "    state['v'] = alpha * state.get('v', 0.0) + (1 - alpha) * g**2\n"
    "    return theta - lr * g / (np.sqrt(state['v']) + eps)\n"
)
ADAM = ADAM_HEAD + (
    "    m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)\n"
    "    return theta - lr * m_hat / (np.sqrt(v_hat) + eps)\n"
)


def changed(text, old, new):
    assert text.count(old) == 1, old
    return text.replace(old, new)


WRONG += [
    dict(
        name="momentum_ignores_lr",
        cells={"momentum_step": changed(MOMENTUM, "theta - lr * state", "theta - 0.1 * state")},
        hints=["the step is the same as with lr = 0.1: momentum_step ignores the lr it is given"],
        loses=["test_momentum"],
    ),
    dict(
        name="momentum_state_rebound",
        cells={
            "momentum_step": (
                "def momentum_step(theta, g, state, *, lr, mu):\n"
                "    u = mu * state['u'] + g if 'u' in state else np.array(g, dtype=float)\n"
                "    state = {'u': u}                      # the new state\n"
                "    return theta - lr * u\n"
            )
        },
        hints=["the caller's state has the keys []", "binds a new dict that the caller never sees"],
        loses=["test_momentum"],
    ),
    dict(
        name="momentum_in_place_without_return",
        cells={
            "momentum_step": changed(MOMENTUM, "    return theta - lr * state['u']\n", "    theta -= lr * state['u']\n")
        },
        hints=["Did the function forget to `return` its result?"],
        loses=["test_momentum"],
    ),
    dict(
        name="momentum_wraps_dlf",
        cells={
            "momentum_step": (
                "from dlf.optim import SGD\n\n\n"
                "def momentum_step(theta, g, state, *, lr, mu):\n"
                "    opt = state.setdefault('opt', SGD(lr, momentum=mu))\n"
                "    theta = np.array(theta, dtype=float)\n"
                "    opt.step([theta], [g])\n"
                "    state['u'] = opt.state[0]['u']\n"
                "    return theta\n"
            )
        },
        hints=["momentum_step uses a library this task asks you not to use"],
        loses=["test_momentum"],
    ),
    dict(
        name="rmsprop_ignores_lr",
        cells={"rmsprop_step": changed(RMSPROP, "theta - lr * g", "theta - 0.01 * g")},
        hints=["the step is the same as with lr = 0.01, the default: rmsprop_step ignores the lr it is given."],
        loses=["test_rmsprop"],
    ),
    dict(
        name="rmsprop_steps_with_alpha",
        cells={"rmsprop_step": changed(RMSPROP, "theta - lr * g", "theta - alpha * g")},
        hints=["you stepped with alpha: alpha = 0.99 is the smoothing constant of v_t"],
        loses=["test_rmsprop"],
    ),
    dict(
        name="adam_ignores_lr",
        cells={
            "adam_step": changed(
                ADAM, "    m_hat, v_hat", "    lr = 1e-3                      # Adam's usual step\n    m_hat, v_hat"
            )
        },
        hints=["adam_step ignores its argument lr"],
        loses=["test_adam_first_step", "test_adam"],
    ),
    dict(
        name="adam_bias_correction_t_plus_one",
        cells={
            "adam_step": changed(
                ADAM, "m / (1 - beta1**t), v / (1 - beta2**t)", "m / (1 - beta1 ** (t + 1)), v / (1 - beta2 ** (t + 1))"
            )
        },
        hints=["the bias correction is off by one step"],
        loses=["test_adam_first_step", "test_adam"],
    ),
    dict(
        name="adam_state_rebound",
        cells={"adam_step": changed(ADAM, "    state['m'], state['v'] = m, v\n", "    state = {'m': m, 'v': v}\n")},
        hints=["binds a new dict that the caller never sees"],
        loses=["test_adam_first_step", "test_adam"],
    ),
]

RIGHT = [
    dict(
        name="in_place_updates",
        cells={
            "momentum_step": (
                "def momentum_step(theta, g, state, *, lr, mu):\n"
                "    if 'u' in state:\n"
                "        state['u'] *= mu\n"
                "        state['u'] += g\n"
                "    else:\n"
                "        state['u'] = g.copy()\n"
                "    theta -= lr * state['u']      # in place, then returned\n"
                "    return theta\n"
            ),
            "rmsprop_step": (
                "def rmsprop_step(theta, g, state, *, lr=0.01, alpha=0.99, eps=1e-8):\n"
                "    v = state.setdefault('v', np.zeros(np.shape(theta)))\n"
                "    v *= alpha\n"
                "    v += (1 - alpha) * np.square(g)\n"
                "    return theta - lr * g / (np.sqrt(v) + eps)\n"
            ),
        },
    ),
    dict(
        name="adam_in_pytorch_form",
        cells={
            "adam_step": ADAM_HEAD
            + (
                "    step_size = lr / (1 - beta1**t)\n"
                "    denom = np.sqrt(v) / np.sqrt(1 - beta2**t) + eps\n"
                "    return theta - step_size * m / denom\n"
            )
        },
    ),
]

WRONG.append(
    dict(
        name="adam_wraps_dlf",
        cells={
            "adam_step": (
                "from dlf.optim import Adam\n\n\n"
                "def adam_step(theta, g, state, *, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):\n"
                "    opt = state.setdefault('opt', Adam(lr, betas=(beta1, beta2), eps=eps))\n"
                "    theta = np.array(theta, dtype=float)\n"
                "    opt.step([theta], [np.asarray(g, dtype=float)])\n"
                "    state['m'], state['v'] = opt.state[0]['m'], opt.state[0]['v']\n"
                "    return theta\n"
            )
        },
        hints=[
            "adam_step uses a library this task asks you not to use: `Adam` comes from `from dlf.optim import Adam`"
        ],
        loses=["test_adam_first_step", "test_adam"],  # not test_tune_lr: its search runs a reference Adam step
    )
)


# ---- issue 15: mini-batches (part 2), tuning the learning rates (part 6), the schedule (part 8), clipping (part 9)
MINIBATCHES_HEAD = "def minibatch_indices(N, B, rng):\n"
TUNE_HEAD = "def tune_learning_rates():\n"
LR_AT = (
    "def lr_at(t, lr0, total, warmup=0, lr_min=0.0):\n"
    "    if t < warmup:\n"
    "        return lr0 * (t + 1) / warmup\n"
    "    s = min(t - warmup, total - warmup) / (total - warmup)\n"
    "    return float(lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(np.pi * s)))\n"
)
CLIP = (
    "def clip_by_global_norm(grads, max_norm):\n"
    "    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))\n"
    "    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0\n"
    "    return {key: g * scale for key, g in grads.items()}, norm\n"
)

WRONG += [
    dict(
        name="minibatches_drop_last",
        cells={
            "minibatch_indices": MINIBATCHES_HEAD
            + (
                "    order = rng.permutation(N)\n"
                "    return [order[k * B:(k + 1) * B] for k in range(N // B)]   # N // B batches\n"
            )
        },
        hints=["the last 2 examples are missing: when B does not divide N, the last batch is smaller"],
        loses=["test_minibatches"],
    ),
    dict(
        name="minibatches_with_replacement",
        cells={
            "minibatch_indices": MINIBATCHES_HEAD
            + (
                "    sizes = [B] * (N // B) + ([N % B] if N % B else [])\n"
                "    return [rng.choice(N, size=size) for size in sizes]   # a random batch at every step\n"
            )
        },
        hints=["must appear exactly once in an epoch", "Draw the batches without replacement"],
        loses=["test_minibatches"],
    ),
    dict(
        name="minibatches_not_shuffled",
        cells={
            "minibatch_indices": MINIBATCHES_HEAD
            + "    return [np.arange(start, min(start + B, N)) for start in range(0, N, B)]\n"
        },
        hints=["the examples come in their stored order 0, 1, ..., 9: shuffle them"],
        loses=["test_minibatches"],
    ),
    dict(
        name="minibatches_global_random",
        cells={
            "minibatch_indices": MINIBATCHES_HEAD
            + (
                "    order = np.random.permutation(N)          # NumPy's global generator\n"
                "    return [order[start:start + B] for start in range(0, N, B)]\n"
            )
        },
        hints=["returned different batches for two generators in the same state", "your order does not come from rng"],
        loses=["test_minibatches"],
    ),
    dict(
        name="minibatches_balanced_split",
        cells={
            "minibatch_indices": MINIBATCHES_HEAD
            + ("    order = rng.permutation(N)\n    return np.array_split(order, int(np.ceil(N / B)))\n")
        },
        hints=["the batch sizes are [4, 3, 3]", "the sizes are balanced (np.array_split?)"],
        loses=["test_minibatches"],
    ),
    dict(
        name="minibatches_empty_last_batch",
        cells={
            "minibatch_indices": MINIBATCHES_HEAD
            + (
                "    order = rng.permutation(N)\n"
                "    return [order[k * B:(k + 1) * B] for k in range(N // B + 1)]   # one more for the rest\n"
            )
        },
        hints=["the last batch is empty: when B divides N there are exactly N / B batches."],
        loses=["test_minibatches"],
    ),
    dict(
        name="tune_adam_default_lr",
        cells={
            "tune_learning_rates": TUNE_HEAD + "    return 0.02, 0.001          # 0.001 is Adam's usual learning rate\n"
        },
        hints=["lr_adam = 0.001: too small", "Adam moves each coordinate by at most about lr per step"],
        loses=["test_tune_lr"],
    ),
    dict(
        name="tune_momentum_lr_of_the_digits",
        cells={
            "tune_learning_rates": TUNE_HEAD
            + "    return 0.1, 0.3          # momentum: lecture 06's rate for the digits\n"
        },
        hints=["lr_momentum = 0.1: too large: the run diverged"],
        loses=["test_tune_lr"],
    ),
    dict(
        name="tune_swapped",
        cells={
            "tune_learning_rates": TUNE_HEAD + "    lr_momentum, lr_adam = 0.02, 0.3\n    return lr_adam, lr_momentum\n"
        },
        hints=["these learning rates work the other way round. Return them in the order (lr_momentum, lr_adam)."],
        loses=["test_tune_lr"],
    ),
    dict(
        name="tune_largest_below_threshold_at_the_last_step",
        cells={
            "tune_learning_rates": TUNE_HEAD
            + (
                "    candidates = 10.0 ** np.arange(-4, 1.01, 0.25)\n"
                "    chosen = []\n"
                "    for optimizer in ('momentum', 'adam'):\n"
                "        # the largest rate whose loss after the last step is below the threshold\n"
                "        ok = [lr for lr in candidates if valley_losses(optimizer, lr)[-1] < THRESHOLD]\n"
                "        chosen.append(float(max(ok)))\n"
                "    return chosen[0], chosen[1]\n"
            )
        },
        hints=["lr_adam = 5.623: too large: the loss rose to", "and over the last 10 steps it was still up to"],
        loses=["test_tune_lr"],
    ),
    dict(
        name="tune_largest_with_a_loss_that_never_rises",
        cells={
            "tune_learning_rates": TUNE_HEAD
            + (
                "    def falls_at_every_step(losses):\n"
                "        return all(later <= earlier for earlier, later in zip(losses, losses[1:]))\n"
                "\n"
                "    candidates = 10.0 ** np.arange(-4, 1.01, 0.25)\n"
                "    chosen = []\n"
                "    for optimizer in ('momentum', 'adam'):\n"
                "        # the largest rate whose loss goes down at every step\n"
                "        smooth = [lr for lr in candidates if falls_at_every_step(valley_losses(optimizer, lr))]\n"
                "        chosen.append(float(max(smooth)))\n"
                "    return chosen[0], chosen[1]\n"
            )
        },
        hints=["lr_momentum = 0.0001: too small: the loss fell steadily from 33"],
        loses=["test_tune_lr"],
    ),
    dict(
        name="tune_random_search_with_the_global_generator",
        cells={
            "tune_learning_rates": TUNE_HEAD
            + (
                "    chosen = []\n"
                "    for optimizer in ('momentum', 'adam'):\n"
                "        candidates = 10.0 ** np.random.uniform(-3, 0.5, size=16)   # a random search\n"
                "        chosen.append(float(min(candidates, key=lambda lr: end_loss(valley_losses(optimizer, lr)))))\n"
                "    return chosen[0], chosen[1]\n"
            )
        },
        hints=["a search must be reproducible"],
        loses=["test_tune_lr"],
    ),
    dict(
        name="schedule_warmup_from_zero",
        cells={"lr_at": LR_AT.replace("lr0 * (t + 1) / warmup", "lr0 * t / warmup")},
        hints=["the warmup is off by one step"],
        loses=["test_schedule"],
    ),
    dict(
        name="schedule_warmup_one_step_too_long",
        cells={"lr_at": LR_AT.replace("if t < warmup:", "if t <= warmup and warmup > 0:")},
        hints=["the warmup lasts one step too long"],
        loses=["test_schedule"],
    ),
    dict(
        name="schedule_cosine_not_shifted",
        cells={"lr_at": LR_AT.replace("min(t - warmup, total - warmup) / (total - warmup)", "min(t, total) / total")},
        hints=["the decay does not start where the warmup ends"],
        loses=["test_schedule"],
    ),
    dict(
        name="schedule_cosine_not_rescaled",
        cells={
            "lr_at": LR_AT.replace(
                "min(t - warmup, total - warmup) / (total - warmup)", "min((t - warmup) / total, 1.0)"
            )
        },
        hints=["does not reach lr_min at t = T"],
        loses=["test_schedule"],
    ),
    dict(
        name="schedule_rises_after_the_end",
        cells={
            "lr_at": LR_AT.replace(
                "min(t - warmup, total - warmup) / (total - warmup)", "(t - warmup) / (total - warmup)"
            )
        },
        hints=["after t = T the rate rises again"],
        loses=["test_schedule"],
    ),
    dict(
        name="schedule_ignores_lr_min",
        cells={"lr_at": LR_AT.replace("lr_min + 0.5 * (lr0 - lr_min) *", "0.5 * lr0 *")},
        hints=["the decay ends at 0, not at lr_min"],
        loses=["test_schedule"],
    ),
    dict(
        name="clip_per_array",
        cells={
            "clip_by_global_norm": (
                "def clip_by_global_norm(grads, max_norm):\n"
                "    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))\n"
                "    return {key: g * min(1.0, max_norm / np.linalg.norm(g)) for key, g in grads.items()}, norm\n"
            )
        },
        hints=["you clipped each array by its own norm"],
        loses=["test_clipping"],
    ),
    dict(
        name="clip_in_place",
        cells={
            "clip_by_global_norm": (
                "def clip_by_global_norm(grads, max_norm):\n"
                "    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))\n"
                "    if norm > max_norm:\n"
                "        for g in grads.values():\n"
                "            g *= max_norm / norm            # as optim.clip_grad_norm does\n"
                "    return dict(grads), norm\n"
            )
        },
        hints=["changed its input", "in place"],
        loses=["test_clipping"],
    ),
    dict(
        name="clip_always_rescales",
        cells={"clip_by_global_norm": CLIP.replace("min(1.0, max_norm / norm)", "max_norm / norm")},
        hints=["your gradients were scaled although their global norm is at most c"],
        loses=["test_clipping"],
    ),
    dict(
        name="clip_by_value",
        cells={
            "clip_by_global_norm": (
                "def clip_by_global_norm(grads, max_norm):\n"
                "    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))\n"
                "    return {key: np.clip(g, -max_norm, max_norm) for key, g in grads.items()}, norm\n"
            )
        },
        hints=["you clipped every entry to [-c, c] (clipping by value)"],
        loses=["test_clipping"],
    ),
    dict(
        name="clip_returns_norm_after",
        cells={
            "clip_by_global_norm": CLIP.replace(
                "for key, g in grads.items()}, norm", "for key, g in grads.items()}, min(norm, max_norm)"
            )
        },
        hints=["return the global norm before clipping"],
        loses=["test_clipping"],
    ),
    dict(
        name="clip_sum_of_norms",
        cells={
            "clip_by_global_norm": CLIP.replace(
                "np.sqrt(sum(np.sum(g**2) for g in grads.values()))", "sum(np.linalg.norm(g) for g in grads.values())"
            )
        },
        hints=["not the sum of the arrays' norms"],
        loses=["test_clipping"],
    ),
]

RIGHT += [
    dict(
        name="minibatches_shuffle_then_split",
        cells={
            "minibatch_indices": MINIBATCHES_HEAD
            + (
                "    order = np.arange(N)\n"
                "    rng.shuffle(order)                         # in place, from the rng given\n"
                "    return np.split(order, np.arange(B, N, B))\n"
            )
        },
    ),
    dict(
        name="tune_by_hand",
        cells={
            "tune_learning_rates": TUNE_HEAD
            + (
                "    # found by hand: print(end_loss(valley_losses('momentum', lr))) for lr = 0.001, 0.003, 0.01, 0.03, 0.1\n"
                "    return 0.02, 0.3\n"
            )
        },
    ),
    dict(
        name="tune_largest_that_settles",
        cells={
            "tune_learning_rates": TUNE_HEAD
            + (
                "    candidates = [1e-4 * 10 ** (k / 4) for k in range(21)]\n"
                "    best = {}\n"
                "    for optimizer in ['momentum', 'adam']:\n"
                "        ok = [lr for lr in candidates if end_loss(valley_losses(optimizer, lr)) < THRESHOLD]\n"
                "        best[optimizer] = max(ok)            # the largest rate that still settles\n"
                "        print(optimizer, 'works from', min(ok), 'to', max(ok))\n"
                "    return best['momentum'], best['adam']\n"
            )
        },
    ),
    dict(
        name="tune_with_an_own_loop",
        cells={
            "tune_learning_rates": TUNE_HEAD
            + (
                "    def last_losses(step, lr, **hyper):\n"
                "        theta, state, losses = np.array([-4.0, 1.0]), {}, []\n"
                "        for t in range(1, 101):\n"
                "            g = np.array([theta[0], 50 * theta[1]])\n"
                "            theta = step(theta, g, state, lr=lr, **({'t': t} if step is adam_step else hyper))\n"
                "            losses.append(0.5 * (theta[0] ** 2 + 50 * theta[1] ** 2))\n"
                "        return max(losses[-10:])\n"
                "\n"
                "    lr_momentum = min([0.003, 0.01, 0.03], key=lambda lr: last_losses(momentum_step, lr, mu=0.9))\n"
                "    lr_adam = min([0.1, 0.3, 1.0], key=lambda lr: last_losses(adam_step, lr))\n"
                "    return lr_momentum, lr_adam\n"
            )
        },
    ),
    dict(
        name="schedule_with_math_and_clip",
        cells={
            "lr_at": (
                "import math\n\n\n"
                "def lr_at(t, lr0, total, warmup=0, lr_min=0.0):\n"
                "    if warmup and t < warmup:\n"
                "        return lr0 * (t + 1) / warmup\n"
                "    progress = float(np.clip((t - warmup) / (total - warmup), 0.0, 1.0))\n"
                "    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * progress)) / 2\n"
            )
        },
    ),
    dict(
        name="clip_torch_form_concatenated",
        cells={
            "clip_by_global_norm": (
                "def clip_by_global_norm(grads, max_norm):\n"
                "    joined = np.concatenate([g.ravel() for g in grads.values()])\n"
                "    norm = float(np.linalg.norm(joined))\n"
                "    factor = max_norm / (norm + 1e-6)          # as torch.nn.utils.clip_grad_norm_\n"
                "    clipped = {}\n"
                "    for key, g in grads.items():\n"
                "        clipped[key] = g * factor if factor < 1 else g.copy()\n"
                "    return clipped, norm\n"
            )
        },
    ),
]
