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
                "    b = state.get('b', np.zeros_like(theta))\n"
                "    state['b'] = mu * b + (1 - mu) * g   # an exponential moving average of the gradients\n"
                "    return theta - lr * state['b']\n"
            )
        },
        hints=["you average the gradients, b_t = mu b_{t-1} + (1 - mu) g_t; torch.optim.SGD accumulates them"],
        loses=["test_momentum"],
    ),
    dict(
        name="momentum_keeps_g_without_copy",
        cells={
            "momentum_step": (
                "def momentum_step(theta, g, state, *, lr, mu):\n"
                "    if 'b' not in state:\n"
                "        state['b'] = g                   # the same array as the caller's g\n"
                "    else:\n"
                "        state['b'] *= mu                 # in place: changes the g of step 1 too\n"
                "        state['b'] += g\n"
                "    return theta - lr * state['b']\n"
            )
        },
        hints=["momentum_step changed the gradient g it was given at step t = 1", "state['b'] = g.copy()"],
        loses=["test_momentum"],
    ),
    dict(
        name="momentum_old_velocity",
        cells={
            "momentum_step": (
                "def momentum_step(theta, g, state, *, lr, mu):\n"
                "    b = state.get('b', np.zeros_like(theta))\n"
                "    theta = theta - lr * b\n"
                "    state['b'] = mu * b + g\n"
                "    return theta\n"
            )
        },
        hints=["theta did not move: update the velocity first (b_1 = g_1)"],
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
        hints=[
            "no bias correction: m_1 / sqrt(v_1) = 0.1 g / sqrt(0.001 g^2), about 3.16",
            "the Adam step has no bias correction (if adamw_step calls adam_step, fix adam_step first).",
        ],
        loses=["test_adam_first_step", "test_adam", "test_adamw"],
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
        loses=["test_adam_first_step", "test_adam", "test_adamw"],
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
        loses=["test_adam", "test_adamw"],
    ),
    dict(
        name="adamw_weight_decay_coupled_into_moments",
        cells={
            "adamw_step": (
                "def adamw_step(theta, g, state, *, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):\n"
                "    g = g + weight_decay * theta   # the L2 term\n"
                "    return adam_step(theta, g, state, t=t, lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n"
            )
        },
        hints=["weight decay coupled into Adam's moments: you added lambda theta to the gradient"],
        loses=["test_adamw"],
    ),
    dict(
        name="adamw_decay_after_the_step",
        cells={
            "adamw_step": (
                "def adamw_step(theta, g, state, *, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):\n"
                "    theta = adam_step(theta, g, state, t=t, lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n"
                "    return theta * (1 - lr * weight_decay)\n"
            )
        },
        hints=["the decay is applied after the Adam step"],
        loses=["test_adamw"],
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
        loses=["test_adam_first_step", "test_adam", "test_adamw"],
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
        hints=[
            "your adam_step behaves as if beta1 and beta2 were always the defaults 0.9 and 0.999",
            "the Adam step behaves as if beta1 and beta2 were always the defaults",
        ],
        loses=["test_adam", "test_adamw"],
    )
)
WRONG.append(
    dict(
        name="momentum_fixed_mu",
        cells={
            "momentum_step": (
                "def momentum_step(theta, g, state, *, lr, mu):\n"
                "    if 'b' not in state:\n"
                "        state['b'] = g.copy()\n"
                "    else:\n"
                "        state['b'] = 0.9 * state['b'] + g\n"
                "    return theta - lr * state['b']\n"
            )
        },
        hints=["your momentum_step behaves as if mu were always 0.9"],
        loses=["test_momentum"],
    )
)
