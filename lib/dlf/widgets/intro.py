"""The widgets of lectures 00 (introduction) and 01 (the perceptron)."""

from __future__ import annotations

from numbers import Real

import ipywidgets as widgets
import numpy as np

from .._validate import as_float_array, check_positive_int, check_rng, check_shape
from ..perceptron import perceptron_update
from ..plot import plot_learning_curves, plot_line_boundary, plot_weight_history
from ..plot.curves import _series
from .core import InteractivePlot

__all__ = ["learning_curve_explorer", "perceptron_explorer", "perceptron_stepper"]


# --- lecture 00: introduction ---


def learning_curve_explorer(sizes, scores, *, n_train=None, ylabel: str = "test accuracy") -> InteractivePlot:
    """Slide over training-set sizes: the learning curves, and every model's score at that size.

    The scores are computed beforehand (training inside the callback would be too slow
    to feel live); the slider only picks one of them. Taught in lecture 00 (a classical
    model beside a small network, on more and more of the digits).

    Parameters
    ----------
    sizes : (P,) sequence of int
        Numbers of training examples, increasing.
    scores : dict of str to (P,) sequence of float
        For each model, its score (e.g. test accuracy) after training on each size.
    n_train : int, optional
        Initial size, one of ``sizes``; the largest by default.
    ylabel : str
        What the scores are.

    Returns
    -------
    InteractivePlot
        Control ``"n_train"`` (a ``SelectionSlider`` over ``sizes``). Left: the curves
        with the chosen size marked; right: one bar per model at that size.
    """
    where = "learning_curve_explorer"
    sizes_f, scores = _series(sizes, scores, where, positive=False)
    if not np.all(sizes_f == np.round(sizes_f)) or not np.all(np.diff(sizes_f) > 0):
        raise ValueError(f"{where}: sizes must be increasing whole numbers; got {sizes_f.tolist()}")
    options = [int(s) for s in sizes_f]
    if n_train is None:
        n_train = options[-1]
    if n_train not in options:
        raise ValueError(f"{where}: n_train must be one of sizes {options}; got {n_train!r}")
    names = list(scores)
    top = max(1.0, 1.15 * max(float(v.max()) for v in scores.values()))

    def draw(axes, n_train):
        plot_learning_curves(sizes_f, scores, ax=axes[0], highlight=n_train, ylabel=ylabel)
        i = options.index(n_train)
        values = [scores[name][i] for name in names]
        ax = axes[1]
        bars = ax.barh(np.arange(len(names)), values, color=[f"C{k % 10}" for k in range(len(names))])
        ax.bar_label(bars, labels=[f"{v:.3f}" for v in values], padding=3, fontsize="small")
        ax.set_yticks(np.arange(len(names)), names)
        ax.invert_yaxis()
        ax.set(xlim=(0.0, top), xlabel=ylabel, title=f"trained on {n_train} examples")

    controls = {
        "n_train": widgets.SelectionSlider(
            options=options, value=n_train, description="training examples", style={"description_width": "initial"}
        )
    }
    return InteractivePlot(draw, controls, ncols=2, figsize=(10.0, 3.6), name="learning_curve_explorer")


# --- lecture 01: the perceptron ---


def _pm1_labels(X, y, where: str):
    """``X`` (N, 2) and labels in {0, 1} or {-1, +1}, returned as ``X`` and ``y`` in {-1, +1}."""
    X = as_float_array(X, where, "X")
    check_shape(X, (None, 2), where, "X")
    y = np.asarray(y)
    if y.shape != (X.shape[0],) or X.shape[0] == 0:
        raise ValueError(
            f"{where}: y must have shape ({X.shape[0]},), one label per row of X, and N >= 1; got {y.shape}"
        )
    values = set(np.unique(y).tolist())
    if values <= {0, 1}:
        return X, np.where(y == 1, 1, -1)
    if values <= {-1, 1}:
        return X, y.astype(np.int64)
    raise ValueError(f"{where}: y must hold labels in {{0, 1}} or {{-1, +1}}; got values {sorted(values)}")


def _check_real(value, where: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not np.isfinite(value):
        raise TypeError(f"{where}: {name} must be a finite number; got {value!r}")
    return float(value)


def _draw_perceptron(ax, w, b, X, y) -> int:
    """Draw the line of a perceptron and its data; return its number of mistakes.

    Mistakes follow the perceptron's convention ``sign(0) = +1``. ``plot_line_boundary``
    counts a score of exactly 0 as negative, which only matters when ``w = 0``: then every
    score equals ``b``, so it is drawn with ``b`` replaced by +-1 of the same sign
    (``b = 0`` as +1), which circles the same points the perceptron gets wrong.
    """
    w = np.asarray(w, dtype=np.float64)
    if not np.any(w):
        b = 1.0 if b >= 0 else -1.0
    plot_line_boundary(w, b, X, y, ax=ax)
    return int(np.sum(np.where(X @ w + b >= 0, 1, -1) != y))


def perceptron_explorer(X, y, *, w=(1.0, 1.0), b: float = 0.0, limit: float = 3.0) -> InteractivePlot:
    """Move ``w_1``, ``w_2`` and ``b`` with sliders: the line ``w . x + b = 0`` and its mistakes.

    Taught in lecture 01: ``w`` is the normal of the boundary (the arrow), ``b`` shifts
    the line along ``w`` (by ``-b / ||w||``); misclassified points are circled in red.

    Parameters
    ----------
    X : (N, 2) ndarray
    y : (N,) ndarray
        Labels in {0, 1} or {-1, +1}.
    w : (float, float)
        Initial weights.
    b : float
        Initial bias.
    limit : float
        The sliders range over ``[-limit, limit]``.

    Returns
    -------
    InteractivePlot
        Controls ``"w1"``, ``"w2"``, ``"b"`` (FloatSliders).
    """
    where = "perceptron_explorer"
    X, y = _pm1_labels(X, y, where)
    limit = _check_real(limit, where, "limit")
    if limit <= 0:
        raise ValueError(f"{where}: limit must be > 0; got {limit}")
    if len(w) != 2:
        raise ValueError(f"{where}: w must be two numbers (w1, w2); got {w!r}")
    start = {
        "w1": _check_real(w[0], where, "w[0]"),
        "w2": _check_real(w[1], where, "w[1]"),
        "b": _check_real(b, where, "b"),
    }
    for name, v in start.items():
        if abs(v) > limit:
            raise ValueError(f"{where}: {name} = {v} is outside the slider range [-{limit}, {limit}]")

    def draw(ax, w1, w2, b):
        w = np.array([w1, w2])
        wrong = _draw_perceptron(ax, w, b, X, y)
        text = f"{wrong} of {len(y)} misclassified"
        if wrong == 0 and np.any(w != 0):
            text += f", margin {np.min(y * (X @ w + b)) / np.linalg.norm(w):.3f}"
        ax.set_title(f"w = ({w1:.2f}, {w2:.2f}), b = {b:.2f}: {text}", fontsize="medium")

    controls = {
        name: widgets.FloatSlider(value=v, min=-limit, max=limit, step=0.05, description=name, continuous_update=False)
        for name, v in start.items()
    }
    return InteractivePlot(draw, controls, figsize=(6.0, 4.5), name="perceptron_explorer")


def perceptron_stepper(
    X, y, *, lr: float = 1.0, max_epochs: int = 20, update: int = 1, rng: np.random.Generator | None = None
) -> InteractivePlot:
    """Step through the perceptron rule, one update at a time.

    The rule runs once when the widget is built (epochs over the data in order, or
    shuffled with ``rng``, until an epoch without a mistake or ``max_epochs``); the
    slider picks an update ``t``. Left: the line after ``t`` updates, the line before it
    (dashed) and the misclassified example that caused it (a star): the update
    ``w <- w + lr y x``, ``b <- b + lr y`` turned the line towards that example.
    Right: ``w_1``, ``w_2``, ``b`` over all updates, ``t`` marked. Taught in lecture 01.

    Parameters
    ----------
    X : (N, 2) ndarray
    y : (N,) ndarray
        Labels in {0, 1} or {-1, +1}.
    lr : float, default 1.0
    max_epochs : int, default 20
    update : int, default 1
        Initial position of the slider (clipped to the number of updates).
    rng : np.random.Generator, optional
        Shuffles the examples in every epoch.

    Returns
    -------
    InteractivePlot
        Control ``"update"`` (IntSlider from 0 to the number of updates U) and the
        attributes ``updates`` (list of ``(i, w, b)``: example index and weights after
        the update) and ``converged`` (bool).
    """
    where = "perceptron_stepper"
    X, y = _pm1_labels(X, y, where)
    lr = _check_real(lr, where, "lr")
    if lr <= 0:
        raise ValueError(f"{where}: lr must be > 0; got {lr}")
    max_epochs = check_positive_int(max_epochs, where, "max_epochs")
    if rng is not None:
        check_rng(rng, where)
    if isinstance(update, bool) or not isinstance(update, (int, np.integer)) or update < 0:
        raise ValueError(f"{where}: update must be an int >= 0; got {update!r}")

    w, b = np.zeros(2), 0.0
    updates, converged = [], False
    for _ in range(max_epochs):
        order = rng.permutation(len(y)) if rng is not None else range(len(y))
        mistakes = 0
        for i in order:  # the rule is online: one example at a time
            if (1 if X[i] @ w + b >= 0 else -1) != y[i]:
                w, b = perceptron_update(w, b, X[i], int(y[i]), lr=lr)
                updates.append((int(i), w, b))
                mistakes += 1
        if mistakes == 0:
            converged = True
            break
    history = [(u[1], u[2]) for u in updates]

    def draw(axes, update):
        w_t, b_t = (updates[update - 1][1], updates[update - 1][2]) if update else (np.zeros(2), 0.0)
        ax = axes[0]
        wrong = _draw_perceptron(ax, w_t, b_t, X, y)
        legend = ax.get_legend()
        if legend is not None:  # the title says it all; the points stay visible
            legend.remove()
        if update:
            i = updates[update - 1][0]
            w_prev, b_prev = (updates[update - 2][1], updates[update - 2][2]) if update > 1 else (np.zeros(2), 0.0)
            if np.any(w_prev != 0):
                x1 = np.array(ax.get_xlim())
                if abs(w_prev[1]) > 1e-12:
                    ax.plot(x1, -(w_prev[0] * x1 + b_prev) / w_prev[1], "--", color="0.5", lw=1.2)
                else:
                    ax.axvline(-b_prev / w_prev[0], ls="--", color="0.5", lw=1.2)
            ax.plot(*X[i], "*", color="gold", markeredgecolor="k", markersize=16, zorder=5)
            ax.set_title(
                f"update {update} of {len(updates)}, caused by x_{i} (star, y = {y[i]:+d})\n"
                f"dashed: the line before; now {wrong} misclassified (red)",
                fontsize="medium",
            )
        else:
            ax.set_title(
                f"start: w = 0, b = 0, every score is 0: all predicted +1\n"
                f"{wrong} misclassified (red); {len(updates)} updates follow",
                fontsize="medium",
            )
        if history:
            plot_weight_history(
                history,
                initial=(np.zeros(2), 0.0),
                ax=axes[1],
                highlight=update,
                title="converged" if converged else f"not converged after {max_epochs} epochs",
            )
        else:
            axes[1].text(0.5, 0.5, "no mistake at w = 0: no update", ha="center", transform=axes[1].transAxes)

    controls = {
        "update": widgets.IntSlider(
            value=min(update, len(updates)), min=0, max=len(updates), description="update t", continuous_update=False
        )
    }
    widget = InteractivePlot(draw, controls, ncols=2, figsize=(10.0, 4.0), name="perceptron_stepper")
    widget.updates, widget.converged = updates, converged
    return widget
