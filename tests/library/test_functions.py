"""Activations and softmax: derivatives against central differences, extremes, errors."""

import math
import warnings

import numpy as np
import pytest

from dlf import functions as F
from dlf.gradcheck import numerical_gradient, rel_error

SHAPES = [(7,), (4, 5), (3, 2, 6)]


@pytest.mark.parametrize("name", sorted(F.ACTIVATIONS))
@pytest.mark.parametrize("shape", SHAPES)
def test_activation_derivative_matches_central_differences(name, shape):
    """Element-wise functions: f'(x_i) against (f(x_i + h) - f(x_i - h)) / 2h."""
    f, df = F.ACTIVATIONS[name]
    rng = np.random.default_rng(len(name) * 100 + len(shape))
    x = rng.normal(scale=2.0, size=shape)
    x[np.abs(x) < 1e-3] = 0.5  # keep away from the kinks of relu and leaky relu
    h = 1e-5
    numeric = (f(x + h) - f(x - h)) / (2 * h)
    assert rel_error(df(x), numeric) < 1e-7


@pytest.mark.parametrize("name", ["sigmoid", "gelu"])
def test_activation_derivative_through_numerical_gradient(name):
    """The same check through dlf.gradcheck.numerical_gradient, on a scalar loss."""
    f, df = F.ACTIVATIONS[name]
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 4))
    R = rng.normal(size=(3, 4))
    assert rel_error(df(x) * R, numerical_gradient(lambda v: np.sum(f(v) * R), x)) < 1e-7


def test_reference_values():
    assert F.sigmoid(np.array(0.0)) == 0.5
    assert np.allclose(F.tanh(np.array([0.5])), math.tanh(0.5))
    assert np.allclose(F.gelu(np.array([1.0])), 0.5 * (1 + math.erf(1 / math.sqrt(2))))
    x = np.linspace(-4, 4, 101)
    assert np.max(np.abs(F.gelu(x) - F.gelu_tanh(x))) < 2e-3  # the approximation is close
    assert np.array_equal(F.relu(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 2.0])
    assert np.allclose(F.leaky_relu(np.array([-2.0, 3.0]), alpha=0.1), [-0.2, 3.0])


@pytest.mark.parametrize("name", sorted(F.ACTIVATIONS))
def test_extremes_are_finite_without_warnings(name):
    f, df = F.ACTIVATIONS[name]
    x = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y, dy = f(x), df(x)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(dy))


def test_sigmoid_limits_are_exact():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = F.sigmoid(np.array([-1000.0, 1000.0]))
    assert s[0] == 0.0 and s[1] == 1.0


def test_dtype_is_kept():
    x = np.ones((2, 3), dtype=np.float32)
    for f, df in F.ACTIVATIONS.values():
        assert f(x).dtype == np.float32 and df(x).dtype == np.float32
    assert F.relu(np.array([1, -2])).dtype == np.float64  # ints become float64


@pytest.mark.parametrize("shape", [(1, 3), (4, 5), (6, 10)])
def test_softmax_rows_sum_to_one_and_grads(shape):
    rng = np.random.default_rng(shape[0])
    Z = rng.normal(size=shape)
    assert np.allclose(F.softmax(Z).sum(axis=1), 1.0)
    assert np.allclose(F.log_softmax(Z), np.log(F.softmax(Z)))
    R = rng.normal(size=shape)
    assert rel_error(F.softmax_grad(Z, R), numerical_gradient(lambda v: np.sum(F.softmax(v) * R), Z)) < 1e-7
    assert rel_error(F.log_softmax_grad(Z, R), numerical_gradient(lambda v: np.sum(F.log_softmax(v) * R), Z)) < 1e-7


def test_softmax_huge_logits():
    Z = np.array([[1e4, 0.0, -1e4], [1000.0, 1000.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        S, L = F.softmax(Z), F.log_softmax(Z)
    assert np.allclose(S[0], [1, 0, 0]) and np.allclose(S[1], 1 / 3)
    assert np.all(np.isfinite(L)) and L[0, 2] == pytest.approx(-2e4)


def test_errors_name_the_call():
    with pytest.raises(TypeError, match=r"sigmoid: x must be an array of numbers"):
        F.sigmoid("abc")
    with pytest.raises(ValueError, match=r"leaky_relu: alpha must be a number in \[0, 1\)"):
        F.leaky_relu(np.ones(3), alpha=2.0)
    with pytest.raises(ValueError, match=r"softmax_grad: dS must have the shape of Z"):
        F.softmax_grad(np.ones((2, 3)), np.ones((3, 2)))
