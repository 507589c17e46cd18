"""Optimizers against steps computed by hand from the torch.optim update rules."""

import math

import numpy as np
import pytest

from dlf.optim import SGD, AdaGrad, Adam, AdamW, RMSProp


def run(opt, grads, theta0=1.0):
    """Apply ``opt`` to a one-parameter problem with the given sequence of gradients."""
    p = {"theta": np.array([theta0])}
    trace = []
    for g in grads:
        opt.step(p, {"theta": np.array([g])})
        trace.append(float(p["theta"][0]))
    return trace


def test_sgd_plain_and_weight_decay():
    assert run(SGD(lr=0.1), [1.0, 2.0]) == pytest.approx([0.9, 0.7])
    # g <- g + 0.1 theta = 1.1; theta = 1 - 0.1 * 1.1
    assert run(SGD(lr=0.1, weight_decay=0.1), [1.0]) == pytest.approx([0.89])


def test_sgd_momentum():
    # b1 = g = 1 -> 0.9 ; b2 = 0.9 * 1 + 1 = 1.9 -> 0.9 - 0.19
    assert run(SGD(lr=0.1, momentum=0.9), [1.0, 1.0]) == pytest.approx([0.9, 0.71])
    # dampening 0.5: b2 = 0.9 * 1 + 0.5 * 1 = 1.4 -> 0.9 - 0.14
    assert run(SGD(lr=0.1, momentum=0.9, dampening=0.5), [1.0, 1.0]) == pytest.approx([0.9, 0.76])


def test_sgd_nesterov():
    # step 1: b = 1, g = 1 + 0.9 * 1 = 1.9 -> 0.81; step 2: b = 1.9, g = 1 + 0.9 * 1.9 = 2.71 -> 0.539
    assert run(SGD(lr=0.1, momentum=0.9, nesterov=True), [1.0, 1.0]) == pytest.approx([0.81, 0.539])


def test_adagrad():
    # s = 4 -> 1 - 0.1 * 2 / 2 ; s = 8 -> 0.9 - 0.1 * 2 / sqrt(8)
    assert run(AdaGrad(lr=0.1), [2.0, 2.0]) == pytest.approx([0.9, 0.9 - 0.2 / math.sqrt(8)])
    # lr_decay 1: the second step uses lr / (1 + 1)
    assert run(AdaGrad(lr=0.1, lr_decay=1.0), [2.0, 2.0]) == pytest.approx([0.9, 0.9 - 0.1 / math.sqrt(8)])


def test_rmsprop():
    # v = 0.1 * 4 = 0.4 -> 1 - 0.01 * 2 / sqrt(0.4); v = 0.9 * 0.4 + 0.1 * 1 = 0.46
    t1 = 1 - 0.01 * 2 / math.sqrt(0.4)
    t2 = t1 - 0.01 * 1 / math.sqrt(0.46)
    assert run(RMSProp(lr=0.01, alpha=0.9), [2.0, 1.0]) == pytest.approx([t1, t2])
    # centered: g_avg = 0.2, v~ = 0.4 - 0.04 = 0.36
    assert run(RMSProp(lr=0.01, alpha=0.9, centered=True), [2.0]) == pytest.approx([1 - 0.02 / 0.6])
    # momentum 0.5: u1 = 2 / sqrt(0.4); u2 = 0.5 u1 + 1 / sqrt(0.46)
    u1 = 2 / math.sqrt(0.4)
    u2 = 0.5 * u1 + 1 / math.sqrt(0.46)
    assert run(RMSProp(lr=0.01, alpha=0.9, momentum=0.5), [2.0, 1.0]) == pytest.approx(
        [1 - 0.01 * u1, 1 - 0.01 * (u1 + u2)]
    )


def test_adam_bias_correction():
    # step 1: m = 0.2, v = 0.004; m_hat = 2, v_hat = 4 -> 1 - 0.1 * 2 / 2 = 0.9 (bias-corrected: a full lr step)
    # step 2 (g = -1): m = 0.08, v = 0.004996; m_hat = 0.08 / 0.19, v_hat = 0.004996 / 0.001999
    m_hat, v_hat = 0.08 / 0.19, 0.004996 / 0.001999
    expected = [0.9, 0.9 - 0.1 * m_hat / math.sqrt(v_hat)]
    assert run(Adam(lr=0.1), [2.0, -1.0]) == pytest.approx(expected, abs=1e-8)


def test_adam_l2_vs_adamw_decoupled():
    # Adam, weight_decay 0.5: g = 2 + 0.5 = 2.5 enters the moments; the first step is still lr
    assert run(Adam(lr=0.1, weight_decay=0.5), [2.0]) == pytest.approx([0.9], abs=1e-8)
    # AdamW: theta = 1 * (1 - 0.1 * 0.5) = 0.95, then the Adam step of 0.1
    assert run(AdamW(lr=0.1, weight_decay=0.5), [2.0]) == pytest.approx([0.85], abs=1e-8)
    # with zero gradient only the decoupled decay acts
    assert run(AdamW(lr=0.1, weight_decay=0.5), [0.0, 0.0]) == pytest.approx([0.95, 0.9025])


def test_amsgrad_uses_max_of_v():
    # v1 = 0.001 * 100 = 0.1; v2 = 0.0999 + 0.000 = 0.0999 < v1, so v_max = 0.1
    opt = Adam(lr=0.1, amsgrad=True)
    trace = run(opt, [10.0, 0.0])
    m_hat2 = 0.9 * 1.0 / 0.19
    assert trace[1] == pytest.approx(trace[0] - 0.1 * m_hat2 / math.sqrt(0.1 / 0.001999), abs=1e-8)


def test_state_is_per_parameter_and_updates_in_place():
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(3, 2)), np.zeros(2)
    params = {"W": W, "b": b}
    opt = Adam(lr=0.01)
    opt.step(params, {"W": np.ones((3, 2)), "b": np.ones(2)})
    assert params["W"] is W and np.allclose(b, -0.01 / (1 + 1e-8), rtol=1e-12, atol=0)
    assert opt.state["W"]["m"].shape == (3, 2) and opt.state["b"]["t"] == 1
    opt.step([W], [np.ones((3, 2))])  # list form keys state by position
    assert 0 in opt.state


def test_float32_stays_float32():
    p = {"W": np.ones((2, 2), dtype=np.float32)}
    for opt in (SGD(0.1, momentum=0.9), AdaGrad(), RMSProp(), Adam(), AdamW()):
        opt.step(p, {"W": np.ones((2, 2), dtype=np.float32)})
        assert p["W"].dtype == np.float32


def test_minimizes_a_quadratic():
    for opt in (
        SGD(0.1),
        SGD(0.05, momentum=0.9, nesterov=True),
        AdaGrad(0.5),
        RMSProp(0.05),
        Adam(0.1),
        AdamW(0.1, weight_decay=0.0),
    ):
        x = np.array([3.0, -2.0])
        for _ in range(300):
            opt.step([x], [2 * x])
        assert np.linalg.norm(x) < 0.05, type(opt).__name__


def test_errors():
    with pytest.raises(ValueError, match=r"SGD: lr must be a number > 0; got -1"):
        SGD(lr=-1)
    with pytest.raises(ValueError, match=r"SGD: nesterov=True needs momentum > 0"):
        SGD(lr=0.1, nesterov=True)
    with pytest.raises(ValueError, match=r"Adam: betas must be in \[0, 1\)"):
        Adam(betas=(0.9, 1.0))
    opt = Adam()
    with pytest.raises(
        ValueError, match=r"Adam.step: the gradient of 'W' must have the shape of the parameter \(3, 2\); got \(2, 3\)"
    ):
        opt.step({"W": np.zeros((3, 2))}, {"W": np.zeros((2, 3))})
    with pytest.raises(ValueError, match=r"Adam.step: grads must have the same keys as params"):
        opt.step({"W": np.zeros((3, 2))}, {"b": np.zeros(2)})
    with pytest.raises(TypeError, match=r"parameter 'W' must be a float ndarray"):
        opt.step({"W": [1.0, 2.0]}, {"W": np.zeros(2)})
