"""Loss functions (lectures 02 and 05).

Each loss returns ``(loss, dInput)``: the mean over the batch of N examples, and its
gradient with respect to the loss's input, of the input's shape. Backpropagation
(lecture 05) starts from that gradient.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_labels, check_ndim, shape_str
from .functions import log_softmax, sigmoid, softmax

__all__ = ["mse", "binary_cross_entropy", "softmax_cross_entropy", "LOSSES"]


def mse(Y_hat, Y):
    """Mean squared error, ``L = (1/N) sum_n ||y_hat_n - y_n||^2``.

    The sum runs over the K outputs of each example and the mean over the N examples
    (so K = 1 gives the familiar average of squared errors).

    Parameters
    ----------
    Y_hat : (N, K) or (N,) ndarray
        Predictions.
    Y : ndarray, shape of ``Y_hat``
        Targets.

    Returns
    -------
    loss : float
    dY_hat : ndarray, shape of ``Y_hat``
        ``2 (Y_hat - Y) / N``.
    """
    Y_hat = as_float_array(Y_hat, "mse", "Y_hat")
    Y = as_float_array(Y, "mse", "Y")
    if Y_hat.shape != Y.shape:
        raise ValueError(f"mse: Y must have the shape of Y_hat {shape_str(Y_hat.shape)}; got {shape_str(Y.shape)}")
    if Y_hat.ndim == 0 or Y_hat.shape[0] == 0:
        raise ValueError(f"mse: Y_hat must have shape (N,) or (N, K) with N >= 1; got {shape_str(Y_hat.shape)}")
    N = Y_hat.shape[0]
    diff = Y_hat - Y
    return float(np.sum(diff * diff) / N), 2.0 * diff / N


def binary_cross_entropy(z, y):
    """Binary cross-entropy of logits ``z`` for labels ``y`` in {0, 1}.

    With ``p = sigmoid(z)``, ``L = -(1/N) sum [y log p + (1 - y) log(1 - p)]``. Written
    with logits, ``L = (1/N) sum [max(z, 0) - z y + log(1 + exp(-|z|))]``, it never takes
    the log of 0: a confident wrong answer costs about |z|, finite, not ``inf``.

    Parameters
    ----------
    z : (N,) or (N, 1) ndarray
        Logits (scores before the sigmoid).
    y : ndarray, shape of ``z``
        Labels, 0 or 1.

    Returns
    -------
    loss : float
    dz : ndarray, shape of ``z``
        ``(sigmoid(z) - y) / N``, with the stable ``dlf.functions.sigmoid`` (lecture 03).
    """
    z = as_float_array(z, "binary_cross_entropy", "z")
    y = as_float_array(y, "binary_cross_entropy", "y")
    if z.ndim not in (1, 2) or (z.ndim == 2 and z.shape[1] != 1) or z.shape[0] == 0:
        raise ValueError(f"binary_cross_entropy: z must have shape (N,) or (N, 1); got {shape_str(z.shape)}")
    if y.shape != z.shape:
        raise ValueError(
            f"binary_cross_entropy: y must have the shape of z {shape_str(z.shape)}; got {shape_str(y.shape)}"
        )
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("binary_cross_entropy: y must hold labels 0 or 1")
    N = z.shape[0]
    loss = np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))) / N
    return float(loss), (sigmoid(z) - y) / N


def softmax_cross_entropy(Z, y):
    """Softmax cross-entropy of logits ``Z`` for integer labels ``y``.

    ``L = -(1/N) sum_n log softmax(Z)_{n, y_n}``, computed with ``log_softmax`` so a
    confident wrong answer gives a large finite loss, never ``inf`` or a warning.

    Parameters
    ----------
    Z : (N, C) ndarray
        Logits, one row per example, one column per class.
    y : (N,) int ndarray
        Class ids in ``[0, C)``.

    Returns
    -------
    loss : float
    dZ : (N, C) ndarray
        ``(softmax(Z) - onehot(y)) / N``.
    """
    Z = as_float_array(Z, "softmax_cross_entropy", "Z")
    check_ndim(Z, 2, "softmax_cross_entropy", "Z", "(N, C)")
    N, C = Z.shape
    if N == 0:
        raise ValueError("softmax_cross_entropy: Z must have at least one row (N >= 1); got (0, C)")
    y = check_labels(y, N, C, "softmax_cross_entropy")
    rows = np.arange(N)
    loss = -np.sum(log_softmax(Z)[rows, y]) / N
    dZ = softmax(Z)
    dZ[rows, y] -= 1.0
    return float(loss), dZ / N


#: name -> loss function, for ``dlf.train.fit(loss=...)``.
LOSSES = {
    "mse": mse,
    "binary_cross_entropy": binary_cross_entropy,
    "softmax_cross_entropy": softmax_cross_entropy,
}
