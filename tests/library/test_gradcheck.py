"""The gradient checker itself must catch wrong gradients, not only pass right ones."""

import numpy as np
import pytest

from dlf.gradcheck import check_layer, numerical_gradient, rel_error
from dlf.layers import Linear


def test_numerical_gradient_of_known_functions():
    x = np.array([1.0, -2.0, 3.0])
    assert np.allclose(numerical_gradient(lambda v: np.sum(v**2), x), 2 * x)
    A = np.random.default_rng(0).normal(size=(3, 3))
    assert rel_error(numerical_gradient(lambda v: v @ A @ v, x), (A + A.T) @ x) < 1e-9
    assert np.array_equal(x, [1.0, -2.0, 3.0])  # restored


def test_rel_error_scale():
    a = np.array([1.0, 2.0])
    assert rel_error(a, a) == 0.0
    assert rel_error(a, -a) == 1.0
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rel_error(a, a * (1 + 1e-9)) < 1e-9


class TransposedLinear(Linear):
    """A classic bug: dW built from dY.T @ X (then transposed back to fit)."""

    def backward(self, dY):
        dX = super().backward(dY)
        self.grads["W"] = (dY.T @ self._cache).T[::-1].copy()
        return dX


class UnsummedBias(Linear):
    def backward(self, dY):
        dX = super().backward(dY)
        self.grads["b"] = dY[0].copy()
        return dX


@pytest.mark.parametrize("bad, name", [(TransposedLinear, "W"), (UnsummedBias, "b")])
def test_check_layer_catches_wrong_backward(bad, name):
    rng = np.random.default_rng(0)
    errors = check_layer(bad(4, 3, rng=rng), rng.normal(size=(5, 4)), rng=rng)
    assert errors[name] > 1e-2
    assert errors["X"] < 1e-7


def test_errors():
    with pytest.raises(TypeError, match=r"numerical_gradient: x must be a float64 ndarray"):
        numerical_gradient(lambda v: 0.0, np.zeros(3, dtype=np.float32))
    with pytest.raises(ValueError, match=r"rel_error: a and b must have the same shape"):
        rel_error(np.zeros(2), np.zeros(3))
