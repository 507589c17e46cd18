"""Learning-rate schedules and gradient clipping (lecture 06), against values computed by hand."""

import math

import numpy as np
import pytest

from dlf.optim import SGD, clip_grad_norm, cosine_schedule, step_decay


def test_step_decay_divides_every_step_size_epochs():
    lrs = [step_decay(0.1, epoch, step_size=3, gamma=0.5) for epoch in range(7)]
    assert lrs == pytest.approx([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025], rel=1e-15)
    assert step_decay(0.1, 100, step_size=1, gamma=1.0) == 0.1  # gamma = 1: constant


def test_cosine_schedule_endpoints_midpoint_and_after_the_end():
    assert cosine_schedule(0.1, 0, 10) == pytest.approx(0.1, rel=1e-15)
    assert cosine_schedule(0.1, 5, 10) == pytest.approx(0.05, rel=1e-15)  # cos(pi / 2) = 0
    assert cosine_schedule(0.1, 10, 10) == pytest.approx(0.0, abs=1e-15)
    assert cosine_schedule(0.1, 25, 10, lr_min=0.01) == pytest.approx(0.01, rel=1e-15)  # stays at lr_min
    # one quarter of the way: lr_min + (lr0 - lr_min) (1 + cos(pi / 4)) / 2
    expected = 0.01 + 0.5 * 0.09 * (1 + math.cos(math.pi / 4))
    assert cosine_schedule(0.1, 25, 100, lr_min=0.01) == pytest.approx(expected, rel=1e-15)


def test_cosine_schedule_warmup_is_linear_then_decays_from_the_peak():
    lrs = [cosine_schedule(1.0, t, 14, warmup=4) for t in range(15)]
    assert lrs[:4] == pytest.approx([0.25, 0.5, 0.75, 1.0], rel=1e-15)
    assert lrs[4] == pytest.approx(1.0, rel=1e-15)  # s = 0 right after the warmup
    assert lrs[9] == pytest.approx(0.5, rel=1e-15)  # s = 5 / 10
    assert np.all(np.diff(lrs[4:]) <= 0) and lrs[-1] == pytest.approx(0.0, abs=1e-15)


def test_schedules_drive_an_optimizer_through_its_lr():
    opt = SGD(lr=1.0)
    x = np.array([1.0])
    for epoch in range(4):
        opt.lr = step_decay(1.0, epoch, step_size=2)
        opt.step([x], [np.array([1.0])])
    assert x[0] == pytest.approx(1 - (1 + 1 + 0.1 + 0.1), rel=1e-14)


def test_clip_grad_norm_rescales_all_arrays_by_one_factor():
    grads = {"W": np.array([[3.0, 0.0], [0.0, 0.0]]), "b": np.array([4.0, 0.0])}  # global norm 5
    before = {k: g.copy() for k, g in grads.items()}
    norm = clip_grad_norm(grads, 1.0)
    assert norm == pytest.approx(5.0, rel=1e-15)
    scale = 1.0 / (5.0 + 1e-6)
    for k in grads:
        np.testing.assert_allclose(grads[k], before[k] * scale, rtol=1e-15, atol=0)
    total = math.sqrt(sum(np.sum(g**2) for g in grads.values()))
    assert total == pytest.approx(1.0, rel=1e-6)


def test_clip_grad_norm_leaves_small_gradients_alone_and_takes_lists():
    grads = [np.array([0.3, 0.4]), np.array([[0.0]])]
    norm = clip_grad_norm(grads, 1.0)
    assert norm == pytest.approx(0.5, rel=1e-15)
    np.testing.assert_array_equal(grads[0], [0.3, 0.4])


def test_clip_grad_norm_float32_in_place():
    g = np.full((4,), 10.0, dtype=np.float32)
    same = g
    assert clip_grad_norm([g], 2.0) == pytest.approx(20.0, rel=1e-7)
    assert same is g and g.dtype == np.float32
    np.testing.assert_allclose(g, 1.0, rtol=1e-6)  # 10 * 2 / 20


def test_errors():
    with pytest.raises(ValueError, match=r"step_decay: step_size must be an int >= 1; got 0"):
        step_decay(0.1, 3, step_size=0)
    with pytest.raises(ValueError, match=r"step_decay: gamma must be in \(0, 1\]; got 2.0"):
        step_decay(0.1, 3, step_size=1, gamma=2.0)
    with pytest.raises(ValueError, match=r"step_decay: lr0 must be a number > 0; got -0.1"):
        step_decay(-0.1, 0, step_size=1)
    with pytest.raises(ValueError, match=r"cosine_schedule: total must be an int >= 6; got 5"):
        cosine_schedule(0.1, 0, 5, warmup=5)
    with pytest.raises(ValueError, match=r"cosine_schedule: lr_min must be <= lr0 = 0.1; got 0.2"):
        cosine_schedule(0.1, 0, 10, lr_min=0.2)
    with pytest.raises(ValueError, match=r"cosine_schedule: t must be an int >= 0; got -1"):
        cosine_schedule(0.1, -1, 10)
    with pytest.raises(ValueError, match=r"clip_grad_norm: max_norm must be a number > 0; got 0"):
        clip_grad_norm([np.ones(2)], 0)
    with pytest.raises(TypeError, match=r"clip_grad_norm: the gradient 'W' must be a float ndarray"):
        clip_grad_norm({"W": [1.0, 2.0]}, 1.0)
