"""The training loop: forward, loss, backward, update (lecture 05).

Learning is optimization: repeat, for every mini-batch,

1. forward pass ``Z = model(X)``,
2. loss ``L, dZ = loss(Z, y)``,
3. backpropagation ``model.backward(dZ)`` fills ``model.grads``,
4. update ``optimizer.step(model.params, model.grads)``.

Generalization is measured apart: after every epoch, the loss on a validation set that
training never sees; early stopping keeps the weights of the epoch where it was lowest
(lecture 08).
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_labels, check_ndim, check_positive_int, check_rng, shape_str
from .data import minibatches
from .layers import BatchNorm1d, Layer
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


def _loss(loss: str, Z, y):
    """``(L, dZ)`` of the named loss; binary cross-entropy takes 0/1 targets of Z's shape."""
    if loss == "binary_cross_entropy":
        return LOSSES[loss](Z, y.reshape(Z.shape).astype(Z.dtype))
    return LOSSES[loss](Z, y)


def _validation_loss(model, X, y, loss: str) -> float:
    """Mean loss on ``(X, y)`` in evaluation mode (no dropout, BatchNorm's running statistics)."""
    model.eval()
    L, _ = _loss(loss, model.forward(X), y)
    model.train()
    return float(L)


def _sublayers(model):
    """``model`` and every layer inside it: a ``Sequential``'s layers, a ``Residual``'s F, ..."""
    yield model
    for value in vars(model).values():
        for child in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(child, Layer):
                yield from _sublayers(child)


def _snapshot(model):
    """Copies of what early stopping restores: the parameters, and the running statistics of
    every ``BatchNorm1d`` (they are not parameters, yet evaluation mode uses them)."""
    params = {key: p.copy() for key, p in model.params.items()}
    stats = [
        (bn, bn.running_mean.copy(), bn.running_var.copy()) for bn in _sublayers(model) if isinstance(bn, BatchNorm1d)
    ]
    return params, stats


def _restore(model, snapshot) -> None:
    """Put a snapshot back; parameters in place, so an optimizer's references stay valid."""
    params, stats = snapshot
    for key, p in model.params.items():
        p[...] = params[key]
    for bn, running_mean, running_var in stats:
        bn.running_mean, bn.running_var = running_mean.copy(), running_var.copy()


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
    patience: int | None = None,
    callback=None,
    drop_last: bool = False,
) -> dict[str, list]:
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
        Passes over the training data (at most, with ``patience``).
    batch_size : int, default 32
    rng : np.random.Generator
        Shuffles the examples at every epoch.
    loss : {"softmax_cross_entropy", "binary_cross_entropy"}
    X_val : (N_val, D) ndarray, optional
    y_val : (N_val,) int ndarray, optional
        A held-out set (both or neither), scored after every epoch in evaluation mode.
    patience : int, optional
        Early stopping (lecture 08), with a validation set only: stop once the validation
        loss has not improved (strictly fallen below its lowest value so far) for
        ``patience`` epochs in a row; then, stopped early or not, put back the parameters
        (in place) and the ``BatchNorm1d`` running statistics of the epoch with the lowest
        validation loss. None (the default) trains for all ``epochs`` and keeps the last
        parameters.
    callback : callable, optional
        ``callback(epoch, model, history)`` after every epoch (e.g. to snapshot a plot).
    drop_last : bool, default False
        Skip each epoch's last, smaller batch (see ``dlf.data.minibatches``).

    Returns
    -------
    history : dict
        One value per epoch run: ``"loss"`` (mean training loss), ``"accuracy"`` (training
        accuracy after the epoch) and, with a validation set, ``"val_loss"`` (mean loss of
        the same kind as ``loss``) and ``"val_accuracy"``. With ``patience`` also
        ``"best_epoch"``, the 0-based index of the lowest ``"val_loss"`` (whose parameters
        the model now holds), and ``"stopped_epoch"``, the index of the last epoch run:
        every list has ``stopped_epoch + 1`` entries.
    """
    if loss not in ("softmax_cross_entropy", "binary_cross_entropy"):
        raise ValueError(f"fit: loss must be 'softmax_cross_entropy' or 'binary_cross_entropy'; got {loss!r}")
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
    if (X_val is None) != (y_val is None):
        raise ValueError(
            f"fit: give both X_val and y_val, or neither; got only {'y_val' if X_val is None else 'X_val'}"
        )
    if X_val is not None:
        X_val = as_float_array(X_val, "fit", "X_val")
        if X_val.ndim != 2 or X_val.shape[1] != X.shape[1]:
            raise ValueError(
                f"fit: X_val must have shape (N_val, {X.shape[1]}), the D of X; got {shape_str(X_val.shape)}"
            )
        y_val = check_labels(y_val, X_val.shape[0], None, "fit", "y_val")
    if patience is not None:
        patience = check_positive_int(patience, "fit", "patience")
        if X_val is None:
            raise ValueError("fit: patience needs a validation set: early stopping watches the loss on X_val, y_val")

    history = {"loss": [], "accuracy": []}
    if X_val is not None:
        history["val_loss"], history["val_accuracy"] = [], []
    best_loss, best_epoch, best = np.inf, 0, None
    for epoch in range(epochs):
        model.train()
        total, count = 0.0, 0
        for Xb, yb in minibatches(X, y, batch_size, rng=rng, drop_last=drop_last):
            Z = model.forward(Xb)  # 1. forward
            L, dZ = _loss(loss, Z, yb)  # 2. loss
            model.backward(dZ)  # 3. backpropagation
            optimizer.step(model.params, model.grads)  # 4. update
            total += L * len(yb)
            count += len(yb)
        if count == 0:
            raise ValueError(f"fit: drop_last=True with batch_size = {batch_size} > N = {len(y)} leaves no batch")
        history["loss"].append(total / count)
        history["accuracy"].append(accuracy(model, X, y))
        if X_val is not None:
            history["val_loss"].append(_validation_loss(model, X_val, y_val, loss))
            history["val_accuracy"].append(accuracy(model, X_val, y_val))
        if callback is not None:
            callback(epoch, model, history)
        if patience is None:
            continue
        if best is None or history["val_loss"][-1] < best_loss:  # early stopping (lecture 08)
            best_loss, best_epoch, best = history["val_loss"][-1], epoch, _snapshot(model)
        elif epoch - best_epoch >= patience:
            break
    if patience is not None:
        _restore(model, best)
        history["best_epoch"], history["stopped_epoch"] = best_epoch, epoch
    model.train()
    return history
