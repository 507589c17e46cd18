"""Inverted dropout: its statistics, evaluation mode, the backward pass with a fixed mask, errors."""

import numpy as np
import pytest

from dlf.gradcheck import check_layer
from dlf.layers import Dropout, Linear, Sequential, Tanh
from dlf.optim import SGD
from dlf.train import fit, predict


class FixedMaskDropout(Dropout):
    """Dropout that draws the same mask at every forward pass: a fresh generator of one seed
    each time. Central differences call forward many times and need one function of X."""

    def __init__(self, p, *, seed):
        super().__init__(p, rng=np.random.default_rng(seed))
        self.seed = seed

    def forward(self, X):
        self.rng = np.random.default_rng(self.seed)
        return super().forward(X)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_mean_is_kept_and_a_share_p_of_units_is_dropped(p):
    # Y = B / (1 - p) with B ~ Bernoulli(1 - p) per unit: over n units the mean of Y has
    # standard error sqrt(p / (n (1 - p))), the share of zeros sqrt(p (1 - p) / n).
    # Five standard errors: a correct layer fails with probability below 1e-6.
    n = 1_000_000
    Y = Dropout(p, rng=np.random.default_rng(0)).forward(np.ones((1000, n // 1000)))
    assert abs(Y.mean() - 1.0) < 5 * np.sqrt(p / (n * (1 - p))), Y.mean()
    assert abs(np.mean(Y == 0) - p) < 5 * np.sqrt(p * (1 - p) / n), np.mean(Y == 0)
    assert set(np.unique(Y)) == {0.0, 1 / (1 - p)}  # kept units scaled by 1 / (1 - p)


def test_forward_multiplies_by_the_stored_mask_and_draws_a_new_one_each_time():
    rng = np.random.default_rng(1)
    layer = Dropout(0.5, rng=rng)
    X = rng.normal(size=(6, 4))
    Y = layer.forward(X)
    np.testing.assert_array_equal(Y, X * layer.mask)
    first = layer.mask.copy()
    layer.forward(X)
    assert not np.array_equal(first, layer.mask)
    assert layer.params == {} and layer.grads == {}


def test_eval_mode_is_the_identity_and_draws_nothing():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(5, 3))
    layer = Dropout(0.5, rng=np.random.default_rng(3)).eval()
    state = layer.rng.bit_generator.state
    Y = layer.forward(X)
    np.testing.assert_array_equal(Y, X)
    assert layer.rng.bit_generator.state == state
    dY = rng.normal(size=(5, 3))
    np.testing.assert_array_equal(layer.backward(dY), dY)
    layer.train()
    assert not np.array_equal(layer.forward(X), X)
    assert layer.rng.bit_generator.state != state


def test_p_zero_is_the_identity_in_both_modes():
    X = np.random.default_rng(4).normal(size=(5, 3))
    layer = Dropout(0.0, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(layer.forward(X), X)
    np.testing.assert_array_equal(layer.backward(X), X)
    np.testing.assert_array_equal(layer.eval().forward(X), X)


def test_float32_stays_float32():
    layer = Dropout(0.5, rng=np.random.default_rng(0))
    assert layer.forward(np.ones((4, 3), dtype=np.float32)).dtype == np.float32


@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
@pytest.mark.parametrize("shape", [(1, 3), (4, 5), (9, 2)])
def test_backward_with_a_fixed_mask_matches_central_differences(p, shape):
    rng = np.random.default_rng(shape[0] * 10 + shape[1])
    layer = FixedMaskDropout(p, seed=7)
    errors = check_layer(layer, rng.normal(size=shape), rng=rng)
    assert set(errors) == {"X"}
    assert errors["X"] < 1e-7, errors
    np.testing.assert_array_equal(layer.backward(np.ones(shape)), layer.mask)  # dX = dY * mask


def test_backward_through_a_sequential_with_dropout():
    rng = np.random.default_rng(6)
    net = Sequential(Linear(3, 8, rng=rng), Tanh(), FixedMaskDropout(0.5, seed=8), Linear(8, 2, rng=rng))
    errors = check_layer(net, rng.normal(size=(5, 3)), rng=rng)
    assert set(errors) == {"X", "0.W", "0.b", "3.W", "3.b"}
    assert max(errors.values()) < 1e-7, errors


def test_same_seed_same_mask():
    X = np.ones((8, 6))
    a = Dropout(0.5, rng=np.random.default_rng(9)).forward(X)
    b = Dropout(0.5, rng=np.random.default_rng(9)).forward(X)
    c = Dropout(0.5, rng=np.random.default_rng(10)).forward(X)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_sequential_switches_dropout_and_predict_is_deterministic():
    rng = np.random.default_rng(11)
    dropout = Dropout(0.5, rng=rng)
    net = Sequential(Linear(2, 16, rng=rng), Tanh(), dropout, Linear(16, 3, rng=rng))
    X = rng.normal(size=(40, 2))
    y = rng.integers(0, 3, size=40)
    fit(net, X, y, optimizer=SGD(0.1), epochs=2, batch_size=8, rng=rng)
    assert dropout.training  # fit leaves the model in training mode
    net.eval()
    assert not dropout.training
    np.testing.assert_array_equal(net.forward(X), net.forward(X))  # no dropout in evaluation mode
    net.train()
    assert dropout.training
    assert not np.array_equal(net.forward(X), net.forward(X))
    state = rng.bit_generator.state
    np.testing.assert_array_equal(predict(net, X), predict(net, X))
    assert rng.bit_generator.state == state and dropout.training  # predict: eval, then back to train


def test_errors_in_course_notation():
    rng = np.random.default_rng(12)
    for p in (1.0, 1, -0.1, 2.5):
        with pytest.raises(ValueError, match=rf"Dropout: p must be a probability in \[0, 1\).*; got {p}"):
            Dropout(p, rng=rng)
    with pytest.raises(TypeError, match=r"Dropout: p must be a number in \[0, 1\); got str"):
        Dropout("0.5", rng=rng)
    with pytest.raises(TypeError, match=r"Dropout: p must be a number in \[0, 1\); got bool"):
        Dropout(True, rng=rng)
    with pytest.raises(TypeError, match=r"Dropout: rng must be a np.random.Generator.*got int"):
        Dropout(0.5, rng=0)
    with pytest.raises(RuntimeError, match=r"Dropout.backward called before forward"):
        Dropout(0.5, rng=rng).backward(np.zeros((5, 3)))
    layer = Dropout(0.5, rng=rng)
    with pytest.raises(ValueError, match=r"Dropout.forward: X must have shape \(N, D\); got \(3,\)"):
        layer.forward(np.zeros(3))
    layer.forward(np.zeros((5, 3)))
    with pytest.raises(
        ValueError, match=r"Dropout.backward: dY must have the shape of the output Y \(5, 3\); got \(3, 5\)"
    ):
        layer.backward(np.zeros((3, 5)))
