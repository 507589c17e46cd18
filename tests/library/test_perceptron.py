"""Tests of dlf.perceptron: the 1958 learning rule, convergence, XOR, Novikoff's bound."""

import numpy as np
import pytest

from dlf.data import make_linearly_separable, make_xor
from dlf.perceptron import Perceptron, PerceptronFit, margin, novikoff_bound, perceptron_update

XOR_X = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
XOR_Y = np.array([-1, 1, 1, -1])


def separable_with_known_margin(rng, n=200, gamma=0.3):
    """Points at distance >= gamma from the line u.x + c = 0, labelled by its side."""
    u, c = np.array([0.6, -0.8]), 0.4
    X = rng.uniform(-3, 3, size=(4 * n, 2))
    X = X[np.abs(X @ u + c) >= gamma][:n]
    return X, np.where(X @ u + c > 0, 1, -1), u, c


def test_update_on_hand_computed_cases():
    w, b = np.array([1.0, -2.0]), 0.5
    # w.x + b = 1 - 4 + 0.5 = -2.5 < 0: predicts -1; with y = +1 that is a mistake
    w1, b1 = perceptron_update(w, b, np.array([1.0, 2.0]), 1, lr=0.5)
    np.testing.assert_array_equal(w1, [1.5, -1.0])
    assert b1 == 1.0
    np.testing.assert_array_equal(w, [1.0, -2.0])  # the argument is not modified
    # same example with y = -1: correct, nothing changes
    w2, b2 = perceptron_update(w, b, np.array([1.0, 2.0]), -1)
    np.testing.assert_array_equal(w2, w)
    assert b2 == b
    # w = 0, b = 0: score 0 predicts +1, so y = -1 is a mistake and y = +1 is not
    w3, b3 = perceptron_update(np.zeros(2), 0.0, np.array([3.0, 4.0]), -1)
    np.testing.assert_array_equal(w3, [-3.0, -4.0])
    assert b3 == -1.0
    w4, b4 = perceptron_update(np.zeros(2), 0.0, np.array([3.0, 4.0]), 1)
    np.testing.assert_array_equal(w4, [0.0, 0.0])
    assert b4 == 0.0


def test_predict_is_sign_with_sign_zero_plus_one():
    p = Perceptron(2)
    p.w, p.b = np.array([1.0, -1.0]), 0.0
    X = np.array([[2.0, 1.0], [1.0, 2.0], [1.0, 1.0]])
    y_hat = p.predict(X)
    np.testing.assert_array_equal(y_hat, [1, -1, 1])
    assert y_hat.dtype == np.int64
    np.testing.assert_allclose(p.decision_function(X), X @ p.w + p.b)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_converges_on_separable_data_and_predicts_it_perfectly(seed):
    X, y01 = make_linearly_separable(100, rng=np.random.default_rng(seed), margin=0.3)
    y = 2 * y01 - 1
    p = Perceptron(2)
    result = p.fit(X, y, max_epochs=200)
    assert isinstance(result, PerceptronFit)
    assert result.converged
    assert result.mistakes[-1] == 0 and all(m > 0 for m in result.mistakes[:-1])
    assert len(result.mistakes) == result.epochs
    assert len(result.history) == sum(result.mistakes)
    np.testing.assert_array_equal(p.predict(X), y)
    assert margin(p.w, p.b, X, y) > 0
    w_last, b_last = result.history[-1]
    np.testing.assert_array_equal(w_last, p.w)
    assert b_last == p.b


def test_shuffled_sweeps_also_converge_and_depend_on_rng():
    X, y01 = make_linearly_separable(100, rng=np.random.default_rng(5), margin=0.3)
    y = 2 * y01 - 1
    fits = [Perceptron(2).fit(X, y, max_epochs=200, rng=np.random.default_rng(s)) for s in (0, 0, 1)]
    assert all(f.converged for f in fits)
    np.testing.assert_array_equal(fits[0].history[-1][0], fits[1].history[-1][0])
    assert fits[0].mistakes != fits[2].mistakes or not np.array_equal(fits[0].history[-1][0], fits[2].history[-1][0])


def test_does_not_converge_on_xor_and_weights_cycle():
    p = Perceptron(2)
    result = p.fit(XOR_X, XOR_Y, max_epochs=50)
    assert not result.converged
    assert result.epochs == 50 and len(result.mistakes) == 50
    assert all(m > 0 for m in result.mistakes)
    states = [tuple(w) + (b,) for w, b in result.history]
    assert len(set(states)) < len(states) / 10  # the same few (w, b) again and again
    assert not np.array_equal(p.predict(XOR_X), XOR_Y)


def test_does_not_converge_on_noisy_xor():
    X, y01 = make_xor(200, rng=np.random.default_rng(0), noise=0.2)
    result = Perceptron(2).fit(X, 2 * y01 - 1, max_epochs=30, rng=np.random.default_rng(1))
    assert not result.converged and result.epochs == 30


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_mistakes_stay_under_novikoff_bound(seed):
    rng = np.random.default_rng(seed)
    X, y, u, c = separable_with_known_margin(rng)
    bound = novikoff_bound(u, c, X, y)
    for lr in (1.0, 0.01):
        # every epoch but the last makes a mistake: the bound also bounds the epochs
        result = Perceptron(2, lr=lr).fit(X, y, max_epochs=int(bound) + 1, rng=rng)
        assert result.converged
        assert sum(result.mistakes) <= bound


def test_novikoff_bound_and_margin_by_hand():
    X = np.array([[1.0, 0.0], [-1.0, 0.0]])
    y = np.array([1, -1])
    # x' = (x, 1): R^2 = 2; w' = (1, 0, 0): gamma = 1; bound = 2
    assert novikoff_bound(np.array([1.0, 0.0]), 0.0, X, y) == pytest.approx(2.0)
    assert margin(np.array([2.0, 0.0]), 0.0, X, y) == pytest.approx(1.0)
    assert margin(np.array([1.0, 0.0]), 0.5, X, y) == pytest.approx(0.5)
    assert margin(np.array([-1.0, 0.0]), 0.0, X, y) == pytest.approx(-1.0)


def test_learning_rate_only_rescales_from_zero():
    X, y01 = make_linearly_separable(60, rng=np.random.default_rng(3))
    y = 2 * y01 - 1
    a, b = Perceptron(2, lr=1.0), Perceptron(2, lr=0.1)
    ra, rb = a.fit(X, y), b.fit(X, y)
    assert ra.mistakes == rb.mistakes
    np.testing.assert_allclose(b.w, 0.1 * a.w, rtol=1e-12)


def test_errors():
    p = Perceptron(2)
    with pytest.raises(
        ValueError, match=r"Perceptron.fit: y must hold labels in \{-1, \+1\}; got values \[0, 1\].*2 \* y - 1"
    ):
        p.fit(XOR_X, np.array([0, 1, 1, 0]))
    with pytest.raises(ValueError, match=r"Perceptron.fit: y must have shape \(4,\)"):
        p.fit(XOR_X, np.array([1, -1]))
    with pytest.raises(ValueError, match=r"Perceptron.predict: X must have shape \(N, 2\); got \(4, 3\)"):
        p.predict(np.ones((4, 3)))
    with pytest.raises(TypeError, match=r"Perceptron.fit: rng must be a np.random.Generator"):
        p.fit(XOR_X, XOR_Y, rng=0)
    with pytest.raises(ValueError, match=r"Perceptron.fit: max_epochs must be a positive int; got 0"):
        p.fit(XOR_X, XOR_Y, max_epochs=0)
    with pytest.raises(ValueError, match=r"Perceptron: lr must be a positive number; got -1"):
        Perceptron(2, lr=-1)
    with pytest.raises(ValueError, match=r"perceptron_update: y must be -1 or \+1; got 0"):
        perceptron_update(np.zeros(2), 0.0, np.ones(2), 0)
    with pytest.raises(ValueError, match=r"perceptron_update: x must have shape \(3,\); got \(2,\)"):
        perceptron_update(np.zeros(3), 0.0, np.ones(2), 1)
    with pytest.raises(ValueError, match=r"novikoff_bound: \(w, b\) must separate the data"):
        novikoff_bound(np.array([1.0, 0.0]), 0.0, XOR_X, XOR_Y)
    with pytest.raises(ValueError, match=r"margin: w must not be zero"):
        margin(np.zeros(2), 1.0, XOR_X, XOR_Y)
