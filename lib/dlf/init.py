"""Weight initializers (lectures 05 and 07).

A weight matrix ``W`` of a layer ``Y = X W + b`` has shape ``(D, K)``: ``fan_in = D``
inputs and ``fan_out = K`` outputs. The scale of the initial weights decides whether
activations and gradients keep their size through depth:

- Xavier/Glorot (2010), for tanh and sigmoid: ``Var(W) = 2 / (D + K)``.
- He/Kaiming (2015), for ReLU, which zeroes half its inputs: ``Var(W) = 2 / D``.

A uniform distribution on ``[-a, a]`` has variance ``a^2 / 3``, which gives the bounds
below. Biases start at zero. These match ``torch.nn.init`` (with its default gains
for Xavier, and ``mode="fan_in"``, ReLU gain for He).
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import check_positive_int, check_rng

__all__ = ["xavier_uniform", "xavier_normal", "he_uniform", "he_normal", "INITIALIZERS"]


def _fans(D, K, where):
    return check_positive_int(D, where, "D"), check_positive_int(K, where, "K")


def xavier_uniform(D: int, K: int, *, rng: np.random.Generator, dtype=np.float64) -> np.ndarray:
    """Glorot uniform: ``W ~ U(-a, a)``, ``a = sqrt(6 / (D + K))``.

    Returns
    -------
    W : (D, K) ndarray
    """
    D, K = _fans(D, K, "xavier_uniform")
    a = math.sqrt(6.0 / (D + K))
    return check_rng(rng, "xavier_uniform").uniform(-a, a, size=(D, K)).astype(dtype)


def xavier_normal(D: int, K: int, *, rng: np.random.Generator, dtype=np.float64) -> np.ndarray:
    """Glorot normal: ``W ~ N(0, 2 / (D + K))``.

    Returns
    -------
    W : (D, K) ndarray
    """
    D, K = _fans(D, K, "xavier_normal")
    std = math.sqrt(2.0 / (D + K))
    return check_rng(rng, "xavier_normal").normal(0.0, std, size=(D, K)).astype(dtype)


def he_uniform(D: int, K: int, *, rng: np.random.Generator, dtype=np.float64) -> np.ndarray:
    """He/Kaiming uniform: ``W ~ U(-a, a)``, ``a = sqrt(6 / D)``.

    Returns
    -------
    W : (D, K) ndarray
    """
    D, K = _fans(D, K, "he_uniform")
    a = math.sqrt(6.0 / D)
    return check_rng(rng, "he_uniform").uniform(-a, a, size=(D, K)).astype(dtype)


def he_normal(D: int, K: int, *, rng: np.random.Generator, dtype=np.float64) -> np.ndarray:
    """He/Kaiming normal: ``W ~ N(0, 2 / D)``.

    Returns
    -------
    W : (D, K) ndarray
    """
    D, K = _fans(D, K, "he_normal")
    std = math.sqrt(2.0 / D)
    return check_rng(rng, "he_normal").normal(0.0, std, size=(D, K)).astype(dtype)


#: name -> initializer, for ``Linear(D, K, init=...)``.
INITIALIZERS = {
    "xavier": xavier_uniform,
    "xavier_uniform": xavier_uniform,
    "xavier_normal": xavier_normal,
    "he": he_normal,
    "he_uniform": he_uniform,
    "he_normal": he_normal,
}
