"""Losses: values, gradients against central differences, extremes, errors."""

import math
import warnings

import numpy as np
import pytest

from dlf.functions import sigmoid
from dlf.gradcheck import numerical_gradient, rel_error
from dlf.losses import binary_cross_entropy, mse, softmax_cross_entropy


@pytest.mark.parametrize("N, C", [(1, 2), (5, 3), (16, 10)])
def test_softmax_cross_entropy_value_and_gradient(N, C):
    rng = np.random.default_rng(N * C)
    Z = rng.normal(size=(N, C))
    y = rng.integers(0, C, size=N)
    L, dZ = softmax_cross_entropy(Z, y)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    assert L == pytest.approx(-np.mean(np.log(P[np.arange(N), y])))
    assert dZ.shape == (N, C)
    assert rel_error(dZ, numerical_gradient(lambda v: softmax_cross_entropy(v, y)[0], Z)) < 1e-7


def test_uniform_logits_give_log_C():
    L, _ = softmax_cross_entropy(np.zeros((4, 10)), np.arange(4))
    assert L == pytest.approx(math.log(10))


@pytest.mark.parametrize("shape", [(6,), (6, 1), (1,)])
def test_binary_cross_entropy_value_and_gradient(shape):
    rng = np.random.default_rng(len(shape))
    z = rng.normal(size=shape)
    y = rng.integers(0, 2, size=shape).astype(float)
    L, dz = binary_cross_entropy(z, y)
    p = 1 / (1 + np.exp(-z))
    assert L == pytest.approx(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert dz.shape == shape
    assert rel_error(dz, numerical_gradient(lambda v: binary_cross_entropy(v, y)[0], z)) < 1e-7


def test_binary_cross_entropy_gradient_is_the_librarys_sigmoid_minus_y():
    z = np.array([-1000.0, -30.0, -2.0, 0.0, 3.5, 40.0, 1000.0])
    y = np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        L, dz = binary_cross_entropy(z, y)
    np.testing.assert_array_equal(dz, (sigmoid(z) - y) / z.size)
    assert L == pytest.approx(np.mean(np.logaddexp(0.0, z) - z * y), rel=1e-12)  # log(1 + e^z) - z y
    assert dz[0] == 0.0 and dz[-1] == 0.0  # confident right answers: no gradient, no NaN
    z_mid, y_mid = z[1:-1], y[1:-1]  # where central differences are accurate
    numeric = numerical_gradient(lambda v: binary_cross_entropy(v, y_mid)[0], z_mid.copy())
    assert rel_error(binary_cross_entropy(z_mid, y_mid)[1], numeric) < 1e-7


@pytest.mark.parametrize("shape", [(5,), (5, 3)])
def test_mse_value_and_gradient(shape):
    rng = np.random.default_rng(3)
    Y_hat, Y = rng.normal(size=shape), rng.normal(size=shape)
    L, d = mse(Y_hat, Y)
    assert L == pytest.approx(np.sum((Y_hat - Y) ** 2) / shape[0])
    assert rel_error(d, numerical_gradient(lambda v: mse(v, Y)[0], Y_hat)) < 1e-7


def test_confident_wrong_answers_are_finite_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        L, dZ = softmax_cross_entropy(np.array([[1000.0, -1000.0]]), np.array([1]))
        Lb, dz = binary_cross_entropy(np.array([-1000.0, 1000.0]), np.array([1.0, 0.0]))
    assert L == pytest.approx(2000.0) and np.all(np.isfinite(dZ))
    assert Lb == pytest.approx(1000.0) and np.allclose(dz, [-0.5, 0.5])


def test_errors_in_course_notation():
    with pytest.raises(ValueError, match=r"softmax_cross_entropy: Z must have shape \(N, C\); got \(3,\)"):
        softmax_cross_entropy(np.zeros(3), np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match=r"softmax_cross_entropy: y must have shape \(2,\)"):
        softmax_cross_entropy(np.zeros((2, 3)), np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match=r"class ids in \[0, 3\) for C = 3; got values in \[0, 3\]"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0, 3]))
    with pytest.raises(TypeError, match=r"y must hold integer class ids"):
        softmax_cross_entropy(np.zeros((2, 3)), np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match=r"binary_cross_entropy: y must hold labels 0 or 1"):
        binary_cross_entropy(np.zeros(2), np.array([0.0, 2.0]))
    with pytest.raises(ValueError, match=r"mse: Y must have the shape of Y_hat \(2, 1\); got \(2,\)"):
        mse(np.zeros((2, 1)), np.zeros(2))
