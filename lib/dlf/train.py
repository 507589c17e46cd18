"""The training loop: forward, loss, backward, update (lecture 05).

Learning is optimization: repeat, for every mini-batch,

1. forward pass ``Z = model(X)``,
2. loss ``L, dZ = loss(Z, y)``,
3. backpropagation ``model.backward(dZ)`` fills ``model.grads``,
4. update ``optimizer.step(model.params, model.grads)``.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_labels, check_ndim, check_positive_int, check_rng
from .data import minibatches
from .losses import LOSSES

__all__ = ["fit", "predict", "accuracy"]


def predict(model, X) -> np.ndarray:
    """Class predictions of a classifier, in evaluation mode.

    Parameters
    ----------
    model : dlf.layers.Layer
        Outputs logits ``(N, C)``, or ``(N, 1)`` for binary classification.
    X : (N, D) ndarray

    Returns
    -------
    y_hat : (N,) int ndarray
    """
    X = as_float_array(X, "predict", "X")
    check_ndim(X, 2, "predict", "X", "(N, D)")
    was_training = model.training
    model.eval()
    Z = model.forward(X)
    if was_training:
        model.train()
    if Z.ndim == 2 and Z.shape[1] == 1:
        return (Z[:, 0] > 0).astype(np.int64)
    return Z.argmax(axis=1)


def accuracy(model, X, y) -> float:
    """Fraction of the N examples that ``model`` classifies correctly."""
    y_hat = predict(model, X)
    y = check_labels(y, len(y_hat), None, "accuracy")
    return float(np.mean(y_hat == y))


def fit(
    model,
    X,
    y,
    *,
    optimizer,
    epochs: int,
    batch_size: int = 32,
    rng: np.random.Generator,
    loss: str = "softmax_cross_entropy",
    X_val=None,
    y_val=None,
    callback=None,
    drop_last: bool = False,
) -> dict[str, list[float]]:
    """Train ``model`` with mini-batch gradient descent and return its history.

    Parameters
    ----------
    model : dlf.layers.Layer
        For example a ``Sequential`` ending in a ``Linear`` that outputs logits.
    X : (N, D) ndarray
    y : (N,) int ndarray
        Class ids (``loss="softmax_cross_entropy"`` or ``"binary_cross_entropy"``).
    optimizer : dlf.optim.Optimizer
    epochs : int
        Passes over the training data.
    batch_size : int, default 32
    rng : np.random.Generator
        Shuffles the examples at every epoch.
    loss : {"softmax_cross_entropy", "binary_cross_entropy"}
    X_val, y_val : ndarray, optional
        A held-out set, scored after every epoch.
    callback : callable, optional
        ``callback(epoch, model, history)`` after every epoch (e.g. to snapshot a plot).
    drop_last : bool, default False
        Skip each epoch's last, smaller batch (see ``dlf.data.minibatches``).

    Returns
    -------
    history : dict
        ``"loss"`` (mean training loss per epoch), ``"accuracy"`` (training accuracy after
        each epoch), and ``"val_accuracy"`` when a validation set is given.
    """
    if loss not in ("softmax_cross_entropy", "binary_cross_entropy"):
        raise ValueError(f"fit: loss must be 'softmax_cross_entropy' or 'binary_cross_entropy'; got {loss!r}")
    loss_fn = LOSSES[loss]
    X = as_float_array(X, "fit", "X")
    check_ndim(X, 2, "fit", "X", "(N, D)")
    y = check_labels(y, X.shape[0], None, "fit")
    epochs = check_positive_int(epochs, "fit", "epochs")
    batch_size = check_positive_int(batch_size, "fit", "batch_size")
    check_rng(rng, "fit")
    if not hasattr(optimizer, "step"):
        raise TypeError(
            f"fit: optimizer must be a dlf.optim optimizer with a step method; got {type(optimizer).__name__}"
        )

    history = {"loss": [], "accuracy": []}
    if X_val is not None:
        history["val_accuracy"] = []
    for epoch in range(epochs):
        model.train()
        total, count = 0.0, 0
        for Xb, yb in minibatches(X, y, batch_size, rng=rng, drop_last=drop_last):
            Z = model.forward(Xb)  # 1. forward
            if loss == "binary_cross_entropy":
                L, dZ = loss_fn(Z, yb.reshape(Z.shape).astype(Z.dtype))  # 2. loss
            else:
                L, dZ = loss_fn(Z, yb)
            model.backward(dZ)  # 3. backpropagation
            optimizer.step(model.params, model.grads)  # 4. update
            total += L * len(yb)
            count += len(yb)
        if count == 0:
            raise ValueError(f"fit: drop_last=True with batch_size = {batch_size} > N = {len(y)} leaves no batch")
        history["loss"].append(total / count)
        history["accuracy"].append(accuracy(model, X, y))
        if X_val is not None:
            history["val_accuracy"].append(accuracy(model, X_val, y_val))
        if callback is not None:
            callback(epoch, model, history)
    model.train()
    return history
