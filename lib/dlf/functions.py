"""Activation functions, softmax and their derivatives (lecture 03).

Every activation ``f`` comes with ``f_grad(x)``, its derivative ``f'(x)`` element-wise,
so that a layer's backward pass is ``dX = dY * f_grad(X)`` (chain rule, lecture 04).
``softmax`` and ``log_softmax`` map a row of logits to a row, so their "derivative" is a
vector-Jacobian product: ``softmax_grad(Z, dS)`` returns ``dZ``.

All functions accept any float array, are numerically safe for huge inputs
(``sigmoid(-1000)`` is 0.0 with no warning) and keep the input's float dtype.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import erfc

from ._validate import as_float_array

__all__ = [
    "sigmoid",
    "sigmoid_grad",
    "tanh",
    "tanh_grad",
    "relu",
    "relu_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "gelu",
    "gelu_grad",
    "gelu_tanh",
    "gelu_tanh_grad",
    "softmax",
    "softmax_grad",
    "log_softmax",
    "log_softmax_grad",
    "ACTIVATIONS",
]


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF ``Phi(x) = (1 + erf(x / sqrt 2)) / 2``, written with ``erfc``.

    ``erfc(-x / sqrt 2) / 2`` is the same number without the cancellation of
    ``1 + erf`` for very negative x. NumPy has no error function; SciPy's (installed
    with scikit-learn) does.
    """
    return (0.5 * erfc(-x / math.sqrt(2.0))).astype(x.dtype, copy=False)


def sigmoid(x):
    """Logistic sigmoid, ``1 / (1 + exp(-x))``, stable for any float.

    Written as ``exp(min(x, 0)) / (1 + exp(-|x|))``: no exponential ever exceeds 1,
    so nothing overflows, for x = -1000 as for x = +1000.

    Parameters
    ----------
    x : ndarray, any shape

    Returns
    -------
    s : ndarray, shape of ``x``, values in [0, 1]
    """
    x = as_float_array(x, "sigmoid", "x")
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def sigmoid_grad(x):
    """Derivative of the sigmoid: ``s (1 - s)`` with ``s = sigmoid(x)``; at most 1/4."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    """Hyperbolic tangent, ``(e^x - e^-x) / (e^x + e^-x)``: zero-centered, in (-1, 1)."""
    return np.tanh(as_float_array(x, "tanh", "x"))


def tanh_grad(x):
    """Derivative of tanh: ``1 - tanh(x)^2``; equals 1 at 0 and vanishes for large |x|."""
    t = tanh(x)
    return 1.0 - t * t


def relu(x):
    """Rectified linear unit, ``max(0, x)``."""
    x = as_float_array(x, "relu", "x")
    return np.maximum(x, 0)


def relu_grad(x):
    """Derivative of ReLU: 1 where ``x > 0``, else 0 (we take 0 at x = 0)."""
    x = as_float_array(x, "relu_grad", "x")
    return (x > 0).astype(x.dtype)


def _check_alpha(alpha, where):
    if not isinstance(alpha, (int, float)) or isinstance(alpha, bool) or not 0 <= alpha < 1:
        raise ValueError(f"{where}: alpha must be a number in [0, 1); got {alpha!r}")


def leaky_relu(x, alpha: float = 0.01):
    """Leaky ReLU, ``x`` for ``x > 0`` and ``alpha x`` otherwise: never exactly flat."""
    _check_alpha(alpha, "leaky_relu")
    x = as_float_array(x, "leaky_relu", "x")
    return np.where(x > 0, x, alpha * x)


def leaky_relu_grad(x, alpha: float = 0.01):
    """Derivative of leaky ReLU: 1 for ``x > 0``, ``alpha`` otherwise."""
    _check_alpha(alpha, "leaky_relu_grad")
    x = as_float_array(x, "leaky_relu_grad", "x")
    return np.where(x > 0, 1.0, alpha).astype(x.dtype)


def gelu(x):
    """Gaussian error linear unit, exact: ``x Phi(x) = x (1 + erf(x / sqrt 2)) / 2``.

    ``Phi`` is the standard normal CDF. Used in transformers (BERT, GPT).
    """
    x = as_float_array(x, "gelu", "x")
    return x * _normal_cdf(x)


def gelu_grad(x):
    """Derivative of the exact GELU: ``Phi(x) + x phi(x)``, ``phi`` the normal density."""
    x = as_float_array(x, "gelu_grad", "x")
    cdf = _normal_cdf(x)
    pdf = np.exp(-0.5 * np.minimum(x * x, 1e4)) / math.sqrt(2.0 * math.pi)
    return cdf + x * pdf


_C = math.sqrt(2.0 / math.pi)


def gelu_tanh(x):
    """The tanh approximation of GELU: ``x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2``.

    Within about 1e-3 of the exact GELU; it avoided the error function in early code.
    Computed as ``x sigmoid(2u)``, the same number since ``(1 + tanh(u)) / 2 =
    sigmoid(2u)``, which stays accurate far to the left where ``1 + tanh(u)`` rounds to 0.
    """
    x = as_float_array(x, "gelu_tanh", "x")
    return x * sigmoid(2 * _C * (x + 0.044715 * x**3))


def gelu_tanh_grad(x):
    """Derivative of ``gelu_tanh`` by the product and chain rules:
    ``s + x s (1 - s) 2 du/dx`` with ``s = sigmoid(2u)``."""
    x = as_float_array(x, "gelu_tanh_grad", "x")
    s = sigmoid(2 * _C * (x + 0.044715 * x**3))
    du = _C * (1.0 + 3 * 0.044715 * x * x)
    return s + x * s * (1.0 - s) * 2 * du


def softmax(Z, axis: int = -1):
    """Softmax along ``axis``: ``exp(z_c) / sum_j exp(z_j)``, a probability vector.

    The row maximum is subtracted first; that changes nothing mathematically and keeps
    every exponential <= 1, so logits of 1e4 do not overflow.

    Parameters
    ----------
    Z : (N, C) ndarray (or any shape)
        Logits.

    Returns
    -------
    S : ndarray, shape of ``Z``; each slice along ``axis`` sums to 1
    """
    Z = as_float_array(Z, "softmax", "Z")
    E = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


def softmax_grad(Z, dS, axis: int = -1):
    """Backward of softmax: given ``dS = dL/dS``, return ``dZ = S * (dS - sum(dS * S))``.

    This is ``dS`` times the Jacobian ``diag(S) - S S^T`` of each row, without building it.

    Parameters
    ----------
    Z : (N, C) ndarray
    dS : (N, C) ndarray

    Returns
    -------
    dZ : (N, C) ndarray
    """
    S = softmax(Z, axis=axis)
    dS = as_float_array(dS, "softmax_grad", "dS")
    if dS.shape != S.shape:
        raise ValueError(f"softmax_grad: dS must have the shape of Z {S.shape}; got {dS.shape}")
    return S * (dS - np.sum(dS * S, axis=axis, keepdims=True))


def log_softmax(Z, axis: int = -1):
    """``log(softmax(Z))`` computed stably as ``Z - max - log(sum(exp(Z - max)))``."""
    Z = as_float_array(Z, "log_softmax", "Z")
    shifted = Z - Z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def log_softmax_grad(Z, dL, axis: int = -1):
    """Backward of log_softmax: ``dZ = dL - softmax(Z) * sum(dL)`` (per row)."""
    S = softmax(Z, axis=axis)
    dL = as_float_array(dL, "log_softmax_grad", "dL")
    if dL.shape != S.shape:
        raise ValueError(f"log_softmax_grad: dL must have the shape of Z {S.shape}; got {dL.shape}")
    return dL - S * np.sum(dL, axis=axis, keepdims=True)


#: name -> (function, derivative), for widgets and layer lookup.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "gelu": (gelu, gelu_grad),
    "gelu_tanh": (gelu_tanh, gelu_tanh_grad),
}
