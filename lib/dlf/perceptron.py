"""Rosenblatt's perceptron (1958): ``y = sign(w . x + b)`` (lecture 01).

Labels are -1 and +1 (not 0 and 1), and ``sign(0)`` counts as +1. The learning rule is
online, one example at a time: on a mistake, move the boundary towards the example,

    w <- w + lr * y * x,    b <- b + lr * y,

and do nothing otherwise. Starting from ``w = 0, b = 0``, ``lr`` only rescales
``(w, b)`` and changes no prediction.

Novikoff (1962): if every ``||(x_i, 1)|| <= R`` and some ``(w*, b*)`` of unit norm has
``y_i (w* . x_i + b*) >= gamma > 0`` for every example, the rule makes at most
``(R / gamma)^2`` mistakes, in any order (see ``novikoff_bound``). On data that no line
separates, such as XOR, it never stops making mistakes and its weights cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Real

import numpy as np

from ._validate import as_float_array, check_finite, check_ndim, check_positive_int, check_rng, check_shape, shape_str

__all__ = ["Perceptron", "PerceptronFit", "perceptron_update", "margin", "novikoff_bound"]


def _check_pm1(y, n: int, where: str) -> np.ndarray:
    """Labels ``y`` of shape ``(N,)`` with values in {-1, +1}, as int64."""
    y = np.asarray(y)
    if y.shape != (n,):
        raise ValueError(f"{where}: y must have shape ({n},), one label per row of X; got {shape_str(y.shape)}")
    if y.dtype == bool or not np.issubdtype(y.dtype, np.number):
        raise TypeError(f"{where}: y must hold the numbers -1 and +1; got dtype {y.dtype}")
    if not np.all((y == -1) | (y == 1)):
        raise ValueError(
            f"{where}: y must hold labels in {{-1, +1}}; got values {sorted(set(np.unique(y).tolist()))}. "
            "For 0/1 labels write y = 2 * y - 1"
        )
    return y.astype(np.int64)


def _check_lr(lr, where: str) -> float:
    if isinstance(lr, bool) or not isinstance(lr, Real):
        raise TypeError(f"{where}: lr must be a positive number; got {type(lr).__name__}")
    if not lr > 0:
        raise ValueError(f"{where}: lr must be a positive number; got {lr!r}")
    return float(lr)


def _update(w, b, x, y, lr):
    """The rule without checks; returns ``(w, b, mistake)``. ``w`` is not modified."""
    if (1 if x @ w + b >= 0 else -1) == y:
        return w, b, False
    return w + lr * y * x, b + lr * y, True


def perceptron_update(w, b, x, y, lr=1.0):
    """One step of the perceptron rule on one example ``(x, y)``.

    If ``sign(w . x + b) != y`` (a mistake), return ``(w + lr y x, b + lr y)``;
    otherwise return ``(w, b)`` unchanged.

    Parameters
    ----------
    w : (D,) ndarray
    b : float
    x : (D,) ndarray
        One example.
    y : {-1, +1}
    lr : float, default 1.0
        Learning rate, > 0.

    Returns
    -------
    w : (D,) ndarray
        A new array; the argument is not modified.
    b : float
    """
    where = "perceptron_update"
    w = as_float_array(w, where, "w")
    check_ndim(w, 1, where, "w", "(D,)")
    x = as_float_array(x, where, "x")
    check_shape(x, (w.shape[0],), where, "x")
    if isinstance(b, bool) or not isinstance(b, Real):
        raise TypeError(f"{where}: b must be a real number; got {type(b).__name__}")
    if isinstance(y, bool) or not isinstance(y, Real) or y not in (-1, 1):
        raise ValueError(f"{where}: y must be -1 or +1; got {y!r}. For a 0/1 label write y = 2 * y - 1")
    w, b, _ = _update(w.copy(), float(b), x, int(y), _check_lr(lr, where))
    return w, b


@dataclass
class PerceptronFit:
    """What ``Perceptron.fit`` did.

    Attributes
    ----------
    converged : bool
        Whether an epoch ended without a mistake (the data is then separated).
    epochs : int
        Epochs run: up to and including the first one without a mistake, or
        ``max_epochs``. ``len(mistakes) == epochs``.
    mistakes : list of int
        Number of mistakes (= updates) in each epoch.
    history : list of (ndarray, float)
        ``(w, b)`` after each update, in order; ``len(history) == sum(mistakes)``.
    """

    converged: bool
    epochs: int
    mistakes: list[int] = field(default_factory=list)
    history: list[tuple[np.ndarray, float]] = field(default_factory=list)


class Perceptron:
    """The 1958 perceptron: ``predict(X) = sign(X w + b)`` with labels in {-1, +1}.

    Parameters
    ----------
    D : int
        Number of input features.
    lr : float, default 1.0
        Learning rate of the perceptron rule.

    Attributes
    ----------
    w : (D,) ndarray
        Weights, zeros at first.
    b : float
        Bias, 0.0 at first.
    """

    def __init__(self, D: int, *, lr: float = 1.0):
        self.D = check_positive_int(D, "Perceptron", "D")
        self.lr = _check_lr(lr, "Perceptron")
        self.w = np.zeros(self.D)
        self.b = 0.0

    def __repr__(self) -> str:
        return f"Perceptron(D={self.D}, lr={self.lr})"

    def _check_X(self, X, where: str) -> np.ndarray:
        X = as_float_array(X, where, "X")
        check_shape(X, (None, self.D), where, "X")
        check_finite(X, where, "X")
        return X

    def decision_function(self, X) -> np.ndarray:
        """Scores ``X w + b``; the sign is the prediction.

        Parameters
        ----------
        X : (N, D) ndarray

        Returns
        -------
        scores : (N,) ndarray
        """
        return self._check_X(X, "Perceptron.decision_function") @ self.w + self.b

    def predict(self, X) -> np.ndarray:
        """Labels ``sign(X w + b)``, with ``sign(0) = +1``.

        Parameters
        ----------
        X : (N, D) ndarray

        Returns
        -------
        y_hat : (N,) int64 ndarray
            Values in {-1, +1}.
        """
        scores = self._check_X(X, "Perceptron.predict") @ self.w + self.b
        return np.where(scores >= 0, 1, -1).astype(np.int64)

    def fit(self, X, y, *, max_epochs: int = 100, rng: np.random.Generator | None = None) -> PerceptronFit:
        """Sweep the data with the perceptron rule until an epoch makes no mistake.

        Starts from the current ``w`` and ``b`` (zeros for a new perceptron) and updates
        them in place. Each epoch visits every example once: in the given order, or in a
        new random order per epoch if ``rng`` is given.

        Parameters
        ----------
        X : (N, D) ndarray
        y : (N,) ndarray
            Labels in {-1, +1}.
        max_epochs : int, default 100
        rng : np.random.Generator, optional
            Shuffles the examples in every epoch.

        Returns
        -------
        PerceptronFit
            ``converged``, ``epochs``, ``mistakes`` per epoch, ``history`` of ``(w, b)``.
        """
        where = "Perceptron.fit"
        X = self._check_X(X, where)
        y = _check_pm1(y, X.shape[0], where)
        max_epochs = check_positive_int(max_epochs, where, "max_epochs")
        if rng is not None:
            check_rng(rng, where)
        result = PerceptronFit(converged=False, epochs=0)
        w, b = self.w.copy(), self.b
        for _ in range(max_epochs):
            order = rng.permutation(len(y)) if rng is not None else range(len(y))
            n_mistakes = 0
            for i in order:  # online: one example at a time, by definition of the rule
                w, b, mistake = _update(w, b, X[i], y[i], self.lr)
                if mistake:
                    n_mistakes += 1
                    result.history.append((w.copy(), float(b)))
            result.epochs += 1
            result.mistakes.append(n_mistakes)
            if n_mistakes == 0:
                result.converged = True
                break
        self.w, self.b = w, float(b)
        return result


def _check_wbXy(w, b, X, y, where):
    w = as_float_array(w, where, "w")
    check_ndim(w, 1, where, "w", "(D,)")
    if isinstance(b, bool) or not isinstance(b, Real):
        raise TypeError(f"{where}: b must be a real number; got {type(b).__name__}")
    X = as_float_array(X, where, "X")
    check_shape(X, (None, w.shape[0]), where, "X")
    if X.shape[0] == 0:
        raise ValueError(f"{where}: X must have at least one row; got {shape_str(X.shape)}")
    return w, float(b), X, _check_pm1(y, X.shape[0], where)


def margin(w, b, X, y) -> float:
    """Geometric margin ``min_i y_i (w . x_i + b) / ||w||`` of the line ``w . x + b = 0``.

    The distance from the line to the closest example, if all are on their correct
    side; negative if some example is on the wrong side.

    Parameters
    ----------
    w : (D,) ndarray, not zero
    b : float
    X : (N, D) ndarray
    y : (N,) ndarray, labels in {-1, +1}

    Returns
    -------
    float
    """
    w, b, X, y = _check_wbXy(w, b, X, y, "margin")
    norm = np.linalg.norm(w)
    if norm == 0:
        raise ValueError("margin: w must not be zero (w = 0 defines no line)")
    return float(np.min(y * (X @ w + b)) / norm)


def novikoff_bound(w, b, X, y) -> float:
    """Novikoff's bound ``(R / gamma)^2`` on the number of perceptron mistakes.

    The bias is folded into the weights, ``x' = (x, 1)`` and ``w' = (w, b)``, so that
    ``R = max_i ||x'_i||`` and ``gamma = min_i y_i (w' . x'_i) / ||w'||`` for the given
    separator ``(w, b)`` (any separator gives a valid bound; a wider margin, a tighter one).

    Parameters
    ----------
    w : (D,) ndarray
    b : float
    X : (N, D) ndarray
    y : (N,) ndarray, labels in {-1, +1}

    Returns
    -------
    float
        The perceptron started at zero makes at most this many mistakes on ``(X, y)``.
    """
    where = "novikoff_bound"
    w, b, X, y = _check_wbXy(w, b, X, y, where)
    norm = np.sqrt(w @ w + b * b)
    if norm == 0:
        raise ValueError(f"{where}: (w, b) must not be zero")
    gamma = np.min(y * (X @ w + b)) / norm
    if gamma <= 0:
        raise ValueError(f"{where}: (w, b) must separate the data with gamma > 0; got gamma = {gamma:.3g}")
    R2 = np.max(np.sum(X**2, axis=1) + 1.0)
    return float(R2 / gamma**2)
