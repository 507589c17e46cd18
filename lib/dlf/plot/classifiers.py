"""Decision boundaries of classifiers in the plane (lectures 01 and 02)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap

from .._validate import as_float_array, check_labels, check_positive_int, check_shape, shape_str
from .core import _axes, _check_callable, _check_number

__all__ = ["plot_decision_boundary", "plot_line_boundary"]


def _class_colors(C: int, where: str) -> list:
    """One color per class: matplotlib's ``C0, C1, ...`` cycle, then tab20."""
    if C <= 10:
        return [f"C{c}" for c in range(C)]
    if C <= 20:
        return list(plt.get_cmap("tab20").colors[:C])
    raise ValueError(f"{where}: at most 20 classes can be told apart by color; got C = {C}")


def _points_2d(X, y, where: str):
    """Check ``X`` (N, 2) and integer labels ``y`` (N,); return them as arrays."""
    X = as_float_array(X, where, "X")
    check_shape(X, (None, 2), where, "X")
    if X.shape[0] == 0:
        raise ValueError(f"{where}: X must hold at least one point; got shape {shape_str(X.shape)}")
    y = check_labels(y, X.shape[0], None, where)
    return X, y


def _scatter_classes(ax, X, y, colors, labels=None) -> None:
    """Scatter the points of each class in its color, one legend entry per class."""
    for c in np.unique(y):
        name = labels[c] if labels is not None else f"class {c}"
        ax.scatter(
            X[y == c, 0], X[y == c, 1], s=20, color=colors[c], edgecolors="k", linewidths=0.5, label=name, zorder=3
        )


def plot_decision_boundary(
    predict, X, y, *, ax=None, resolution: int = 200, padding: float = 0.5, title: str | None = None
):
    """Color the plane by the class a model predicts, and show the data on top.

    The model is evaluated once, vectorized, on a ``resolution x resolution`` grid that
    covers the data plus ``padding`` on each side. Taught in lectures 01 and 02
    (a linear model cannot separate XOR; a network can).

    Parameters
    ----------
    predict : callable
        Maps a grid of points ``(M, 2) ndarray`` to either

        - integer class ids ``(M,)`` (any integer dtype): the regions are colored by
          class, one color per class (as the points);
        - probabilities of class 1 ``(M,)`` (a float dtype, values in [0, 1]; binary
          problems): the color shades from class 0 to class 1 and a black line marks
          the 0.5 level, the decision boundary;
        - scores ``(M, C)`` (probabilities or logits): the predicted class is the
          ``argmax`` of each row.
    X : (N, 2) ndarray
        The points to show.
    y : (N,) ndarray of int
        Their class ids.
    ax : matplotlib Axes, optional
        Where to draw; a new figure if None.
    resolution : int
        Grid points along each axis.
    padding : float
        Margin around the data, in data units.
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes
        With one filled contour set (``ax.collections[0]``) and one scatter per class.

    Examples
    --------
    >>> ax = plot_decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X, y)  # doctest: +SKIP
    """
    where = "plot_decision_boundary"
    _check_callable(predict, where, "predict")
    X, y = _points_2d(X, y, where)
    resolution = check_positive_int(resolution, where, "resolution")
    if resolution < 2:
        raise ValueError(f"{where}: resolution must be at least 2; got {resolution}")
    padding = _check_number(padding, where, "padding", minimum=0)

    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    Z = np.asarray(predict(grid))
    M = grid.shape[0]
    if Z.ndim == 2 and Z.shape[0] == M:
        Z = Z.argmax(axis=1)
    if Z.shape != (M,):
        raise ValueError(
            f"{where}: predict must map points (M, 2) to (M,) labels or probabilities, "
            f"or (M, C) scores; for M = {M} it returned shape {shape_str(Z.shape)}"
        )

    ax = _axes(ax, where)
    if np.issubdtype(Z.dtype, np.integer) or Z.dtype == bool:
        Z = Z.astype(np.int64)
        if Z.min() < 0:
            raise ValueError(f"{where}: predict must return class ids >= 0; got {Z.min()}")
        C = int(max(Z.max(), y.max())) + 1
        colors = _class_colors(C, where)
        ax.contourf(
            xx,
            yy,
            Z.reshape(xx.shape),
            levels=np.arange(C + 1) - 0.5,
            cmap=ListedColormap(colors),
            vmin=-0.5,
            vmax=C - 0.5,
            alpha=0.3,
        )
    elif np.issubdtype(Z.dtype, np.floating):
        if not (np.all(np.isfinite(Z)) and Z.min() >= 0 and Z.max() <= 1):
            raise ValueError(
                f"{where}: a float output of predict is read as the probability of class 1 and "
                f"must lie in [0, 1]; got values in [{Z.min():.3g}, {Z.max():.3g}]. "
                "Return integer labels (e.g. .astype(int)) instead"
            )
        C = int(y.max()) + 1
        if C > 2:
            raise ValueError(
                f"{where}: probabilities (M,) describe two classes; y has C = {C}. Return labels (M,) or scores (M, C)"
            )
        colors = _class_colors(2, where)
        cmap = LinearSegmentedColormap.from_list("class0_to_class1", [colors[0], "white", colors[1]])
        P = Z.reshape(xx.shape)
        ax.contourf(xx, yy, P, levels=np.linspace(0, 1, 11), cmap=cmap, alpha=0.6)
        ax.contour(xx, yy, P, levels=[0.5], colors="k", linewidths=1.5)
    else:
        raise TypeError(f"{where}: predict must return numbers; got dtype {Z.dtype}")

    _scatter_classes(ax, X, y, colors)
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$")
    ax.legend(loc="best", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax


def plot_line_boundary(w, b, X, y, *, ax=None, padding: float = 0.5, title: str | None = None):
    """Draw the decision line ``w . x + b = 0`` of a linear classifier, and the data.

    The classifier predicts the positive class where ``w . x + b >= 0`` (sign(0) = +1,
    as in ``dlf.perceptron``); an arrow shows ``w``, which is perpendicular to the line
    and points to that side. Misclassified
    points are circled in red. Taught in lecture 01 (the perceptron, 1958).

    Parameters
    ----------
    w : (2,) ndarray
        Weights (a ``(2, 1)`` W of a layer with one output is accepted too).
    b : float or (1,) ndarray
        Bias.
    X : (N, 2) ndarray
    y : (N,) ndarray of int
        Labels in {0, 1} or in {-1, +1}; the positive class is 1.
    ax : matplotlib Axes, optional
    padding : float
        Margin around the data, in data units.
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes
        Lines: the boundary (label ``"$w \\cdot x + b = 0$"``) unless ``w = 0``; one scatter per
        class plus one for the misclassified points, if any.
    """
    where = "plot_line_boundary"
    w = as_float_array(w, where, "w")
    if w.shape == (2, 1):  # the W (D, K) of a layer with one output
        w = w[:, 0]
    check_shape(w, (2,), where, "w")
    b = as_float_array(b, where, "b")
    if b.size != 1:
        raise ValueError(f"{where}: b must be a number or have shape (1,); got {shape_str(b.shape)}")
    b = float(b.reshape(-1)[0])
    X, y = _points_2d(X, y, where)
    values = set(np.unique(y).tolist())
    if values <= {0, 1}:
        negative = 0
    elif values <= {-1, 1}:
        negative = -1
    else:
        raise ValueError(f"{where}: y must hold labels in {{0, 1}} or {{-1, +1}}; got values {sorted(values)}")
    padding = _check_number(padding, where, "padding", minimum=0)

    ax = _axes(ax, where)
    lo, hi = X.min(axis=0) - padding, X.max(axis=0) + padding
    predicted = np.where(X @ w + b >= 0, 1, negative)
    wrong = predicted != y

    colors = _class_colors(2, where)
    _scatter_classes(ax, X, np.where(y == 1, 1, 0), colors, labels=[f"y = {negative}", "y = 1"])
    if wrong.any():
        ax.scatter(
            X[wrong, 0],
            X[wrong, 1],
            s=120,
            facecolors="none",
            edgecolors="red",
            linewidths=1.5,
            label=f"misclassified ({wrong.sum()})",
            zorder=4,
        )

    norm = math.hypot(w[0], w[1])
    if norm > 0:
        if abs(w[1]) > 1e-12 * norm:
            x1 = np.array([lo[0], hi[0]])
            ax.plot(x1, -(w[0] * x1 + b) / w[1], "k-", lw=2, label=r"$w \cdot x + b = 0$")
        else:
            ax.plot([-b / w[0]] * 2, [lo[1], hi[1]], "k-", lw=2, label=r"$w \cdot x + b = 0$")
        # w starts at the point of the line nearest to the center of the data
        center = (lo + hi) / 2
        unit = w / norm
        foot = center - (center @ w + b) / norm * unit
        length = 0.15 * float(np.max(hi - lo))
        ax.annotate("", xy=foot + length * unit, xytext=foot, arrowprops=dict(arrowstyle="->", color="k", lw=1.5))
        ax.text(*(foot + 1.15 * length * unit), "$w$", ha="center", va="center")
    else:
        ax.text(0.5, 0.95, "w = 0: no boundary yet", transform=ax.transAxes, ha="center", va="top")

    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$")
    ax.legend(loc="best", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax
