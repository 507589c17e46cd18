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


# ---- issue 13: ignored learning rates, the state contract, off-by-one steps, libraries, lr twice
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
ADAMW_HEAD = "def adamw_step(theta, g, state, *, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=1e-2):\n"


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
    dict(
        name="adamw_lr_twice",
        cells={
            "adamw_step": ADAMW_HEAD
            + (
                "    decay = lr * weight_decay                  # the decay per step\n"
                "    theta = theta - lr * decay * theta\n"
                "    return adam_step(theta, g, state, t=t, lr=lr, beta1=beta1, beta2=beta2, eps=eps)\n"
            )
        },
        hints=["you multiplied by the learning rate twice"],
        loses=["test_adamw"],
    ),
    dict(
        name="adamw_lr_not_passed_to_adam",
        cells={
            "adamw_step": ADAMW_HEAD
            + (
                "    theta = theta - lr * weight_decay * theta\n"
                "    return adam_step(theta, g, state, t=t, beta1=beta1, beta2=beta2, eps=eps)\n"
            )
        },
        hints=["pass adamw_step's lr on to the Adam step"],
        loses=["test_adamw"],
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
    dict(
        name="adamw_written_out",
        cells={
            "adamw_step": ADAMW_HEAD
            + (
                "    theta = theta * (1 - lr * weight_decay)\n"
                "    state['m'] = beta1 * state.get('m', 0.0) + (1 - beta1) * g\n"
                "    state['v'] = beta2 * state.get('v', 0.0) + (1 - beta2) * g * g\n"
                "    m_hat = state['m'] / (1 - beta1**t)\n"
                "    v_hat = state['v'] / (1 - beta2**t)\n"
                "    print(f'step {t}: |theta| = {np.abs(theta).max():.3g}') if t == 1 else None\n"
                "    return theta - lr * m_hat / (np.sqrt(v_hat) + eps)\n"
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
        loses=["test_adam_first_step", "test_adam"],  # not test_adamw: its adamw_step calls a reference Adam step
    )
)
