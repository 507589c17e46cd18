"""Gradient checking by central differences (lectures 04 and 05).

An analytic gradient (the backward pass) is checked against a numerical one,
``df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h)``, whose error is O(h^2). In float64
with ``h = 1e-5`` a correct backward agrees to a relative error below about 1e-7; a
wrong one is typically off by 1e-2 or more.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_rng

__all__ = ["numerical_gradient", "rel_error", "check_layer"]


def numerical_gradient(f, x, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f`` at ``x``.

    ``x`` is perturbed in place, one entry at a time, and restored: ``f`` may read it
    through a closure (for instance a layer's weight array).

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : ndarray of float64, any shape
        The point; changed during the call, restored after.
    h : float, default 1e-5

    Returns
    -------
    grad : ndarray, shape of ``x``
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(
            "numerical_gradient: x must be a float64 ndarray (float32 is too coarse for "
            f"central differences); got {type(x).__name__} of dtype {getattr(x, 'dtype', None)}"
        )
    if not h > 0:
        raise ValueError(f"numerical_gradient: h must be > 0; got {h}")
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:  # a loop over entries is the definition of a numerical gradient
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        f_plus = float(f(x))
        x[i] = old - h
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def rel_error(a, b) -> float:
    """Relative error ``||a - b|| / (||a|| + ||b||)`` between two arrays (Frobenius norms).

    The measure of the deeplearning.ai gradient-checking exercise: scale-free, 0 for
    identical arrays, 1 for opposite ones, and not thrown off by single entries that
    are (numerically) zero. Two zero arrays have error 0.

    Parameters
    ----------
    a, b : ndarray, same shape

    Returns
    -------
    float
        Below about 1e-7 when a float64 backward pass is right; 1e-2 or more when not.
    """
    a = as_float_array(a, "rel_error", "a")
    b = as_float_array(b, "rel_error", "b")
    if a.shape != b.shape:
        raise ValueError(f"rel_error: a and b must have the same shape; got {a.shape} and {b.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def check_layer(layer, X, *, rng: np.random.Generator, h: float = 1e-5) -> dict[str, float]:
    """Check a layer's backward pass against central differences.

    Uses the scalar ``L = sum(Y * R)`` with a fixed random ``R``, so that ``dL/dY = R``,
    and compares ``backward(R)`` with numerical gradients of ``L``.

    Parameters
    ----------
    layer : dlf.layers.Layer
        Its parameters must be float64.
    X : (N, D) float64 ndarray
    rng : np.random.Generator
        Draws ``R``.

    Returns
    -------
    dict
        Relative error of ``dX`` under ``"X"`` and of every parameter under its name,
        e.g. ``{"X": 3e-10, "W": 1e-10, "b": 8e-12}``.
    """
    check_rng(rng, "check_layer")
    X = np.array(X, dtype=np.float64)
    R = rng.normal(size=layer.forward(X).shape)

    def loss(_):
        return np.sum(layer.forward(X) * R)

    layer.forward(X)
    errors = {"X": rel_error(layer.backward(R), numerical_gradient(loss, X, h))}
    analytic = {name: g.copy() for name, g in layer.grads.items()}
    for name, p in layer.params.items():
        errors[name] = rel_error(analytic[name], numerical_gradient(loss, p, h))
    return errors
