"""Figures of the course, with matplotlib only.

Every function draws on the Axes (or Figure) you pass, or on a new one, and returns
what it drew on, so a lecture can add a title or a line afterwards. Nothing here calls
``plt.show()``: in a notebook, end the cell with ``plt.show()`` and the figure appears
(rather than with ``;``, which ``nbval`` ignores: see nbval issue #194). All of it
works with the non-interactive Agg backend (tests, ``nbconvert``).

=============================  ==========================================  ========
function                       draws                                       lecture
=============================  ==========================================  ========
plot_decision_boundary         class regions of any classifier in 2-D      01, 02
plot_line_boundary             the line w.x + b = 0 of a perceptron        01
plot_function_and_derivative   an activation f and its derivative f'       03
plot_history                   training curves (loss, accuracy)            05
plot_contour_path              optimizer paths on a loss surface           06
plot_layer_stats               activations/gradients through depth         03, 05, 07
plot_graph                     the computational graph of an autodiff      04
                               ``Value``
plot_images                    a grid of digits or first-layer weights     05
=============================  ==========================================  ========

Writing a new helper: take ``ax=None``, call ``_axes(ax, where)``, check the inputs with
``dlf._validate``, draw, return ``ax``.
"""

from __future__ import annotations

import math
from numbers import Real

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.patches import Circle, FancyBboxPatch

from ._validate import as_float_array, check_labels, check_ndim, check_positive_int, check_shape, shape_str

__all__ = [
    "plot_decision_boundary", "plot_line_boundary", "plot_function_and_derivative",
    "plot_history", "plot_contour_path", "plot_layer_stats", "plot_graph", "plot_images",
    "plot_timings", "plot_learning_curves",   # lecture 00
    "plot_weight_history",                    # lecture 01
    "plot_curves",                            # lectures 06 and 07
]


# ---- small shared pieces ------------------------------------------------------------

def _axes(ax, where: str = "dlf.plot"):
    """Return ``ax``, or the Axes of a new figure when ``ax`` is None."""
    if ax is None:
        _, ax = plt.subplots()
    elif not isinstance(ax, Axes):
        raise TypeError(f"{where}: ax must be a matplotlib Axes or None; got {type(ax).__name__}")
    return ax


def _check_callable(f, where: str, name: str) -> None:
    if not callable(f):
        raise TypeError(f"{where}: {name} must be a function; got {type(f).__name__}")


def _check_number(value, where: str, name: str, *, minimum=None) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{where}: {name} must be a number; got {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{where}: {name} must be >= {minimum}; got {value}")
    return float(value)


def _class_colors(C: int, where: str) -> list:
    """One colour per class: matplotlib's ``C0, C1, ...`` cycle, then tab20."""
    if C <= 10:
        return [f"C{c}" for c in range(C)]
    if C <= 20:
        return list(plt.get_cmap("tab20").colors[:C])
    raise ValueError(f"{where}: at most 20 classes can be told apart by colour; got C = {C}")


def _points_2d(X, y, where: str):
    """Check ``X`` (N, 2) and integer labels ``y`` (N,); return them as arrays."""
    X = as_float_array(X, where, "X")
    check_shape(X, (None, 2), where, "X")
    if X.shape[0] == 0:
        raise ValueError(f"{where}: X must hold at least one point; got shape {shape_str(X.shape)}")
    y = check_labels(y, X.shape[0], None, where)
    return X, y


def _scatter_classes(ax, X, y, colors, labels=None) -> None:
    """Scatter the points of each class in its colour, one legend entry per class."""
    for c in np.unique(y):
        name = labels[c] if labels is not None else f"class {c}"
        ax.scatter(X[y == c, 0], X[y == c, 1], s=20, color=colors[c], edgecolors="k",
                   linewidths=0.5, label=name, zorder=3)


# ---- decision boundaries (lectures 01, 02) --------------------------------------------

def plot_decision_boundary(predict, X, y, *, ax=None, resolution: int = 200, padding: float = 0.5,
                           title: str | None = None):
    """Colour the plane by the class a model predicts, and show the data on top.

    The model is evaluated once, vectorized, on a ``resolution x resolution`` grid that
    covers the data plus ``padding`` on each side. Taught in lectures 01 and 02
    (a linear model cannot separate XOR; a network can).

    Parameters
    ----------
    predict : callable
        Maps a grid of points ``(M, 2) ndarray`` to either

        - integer class ids ``(M,)`` (any integer dtype): the regions are coloured by
          class, one colour per class (as the points);
        - probabilities of class 1 ``(M,)`` (a float dtype, values in [0, 1]; binary
          problems): the colour shades from class 0 to class 1 and a black line marks
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
        raise ValueError(f"{where}: predict must map points (M, 2) to (M,) labels or probabilities, "
                         f"or (M, C) scores; for M = {M} it returned shape {shape_str(Z.shape)}")

    ax = _axes(ax, where)
    if np.issubdtype(Z.dtype, np.integer) or Z.dtype == bool:
        Z = Z.astype(np.int64)
        if Z.min() < 0:
            raise ValueError(f"{where}: predict must return class ids >= 0; got {Z.min()}")
        C = int(max(Z.max(), y.max())) + 1
        colors = _class_colors(C, where)
        ax.contourf(xx, yy, Z.reshape(xx.shape), levels=np.arange(C + 1) - 0.5,
                    cmap=ListedColormap(colors), vmin=-0.5, vmax=C - 0.5, alpha=0.3)
    elif np.issubdtype(Z.dtype, np.floating):
        if not (np.all(np.isfinite(Z)) and Z.min() >= 0 and Z.max() <= 1):
            raise ValueError(f"{where}: a float output of predict is read as the probability of class 1 and "
                             f"must lie in [0, 1]; got values in [{Z.min():.3g}, {Z.max():.3g}]. "
                             "Return integer labels (e.g. .astype(int)) instead")
        C = int(y.max()) + 1
        if C > 2:
            raise ValueError(f"{where}: probabilities (M,) describe two classes; y has C = {C}. "
                             "Return labels (M,) or scores (M, C)")
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
    _scatter_classes(ax, X, np.where(y == 1, 1, 0), colors,
                     labels=[f"y = {negative}", "y = 1"])
    if wrong.any():
        ax.scatter(X[wrong, 0], X[wrong, 1], s=120, facecolors="none", edgecolors="red", linewidths=1.5,
                   label=f"misclassified ({wrong.sum()})", zorder=4)

    norm = math.hypot(w[0], w[1])
    if norm > 0:
        if abs(w[1]) > 1e-12 * norm:
            x1 = np.array([lo[0], hi[0]])
            ax.plot(x1, -(w[0] * x1 + b) / w[1], "k-", lw=2, label=r"$w \cdot x + b = 0$")
        else:
            ax.plot([-b / w[0]] * 2, [lo[1], hi[1]], "k-", lw=2, label=r"$w \cdot x + b = 0$")
        # w starts at the point of the line nearest to the centre of the data
        centre = (lo + hi) / 2
        unit = w / norm
        foot = centre - (centre @ w + b) / norm * unit
        length = 0.15 * float(np.max(hi - lo))
        ax.annotate("", xy=foot + length * unit, xytext=foot,
                    arrowprops=dict(arrowstyle="->", color="k", lw=1.5))
        ax.text(*(foot + 1.15 * length * unit), "$w$", ha="center", va="center")
    else:
        ax.text(0.5, 0.95, "w = 0: no boundary yet", transform=ax.transAxes, ha="center", va="top")

    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$")
    ax.legend(loc="best", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax


# ---- activations (lecture 03) ---------------------------------------------------------

def plot_function_and_derivative(f, df, *, x=None, ax=None, label: str | None = None):
    """Plot an activation ``f`` (solid) and its derivative ``f'`` (dashed).

    Taught in lecture 03: where ``f'`` is near 0 (sigmoid and tanh far from 0, ReLU
    below 0), almost no gradient passes back.

    Parameters
    ----------
    f, df : callable
        Element-wise functions mapping an array to an array of the same shape, e.g.
        ``dlf.functions.sigmoid`` and ``dlf.functions.sigmoid_grad``.
    x : (P,) ndarray, optional
        Where to evaluate them; ``np.linspace(-5, 5, 401)`` by default.
    ax : matplotlib Axes, optional
    label : str, optional
        Name in the legend; ``f.__name__`` by default.

    Returns
    -------
    ax : matplotlib Axes
        With two lines, labelled ``"<label>(x)"`` and ``"<label>'(x)"``.
    """
    where = "plot_function_and_derivative"
    _check_callable(f, where, "f")
    _check_callable(df, where, "df")
    x = np.linspace(-5.0, 5.0, 401) if x is None else as_float_array(x, where, "x")
    check_ndim(x, 1, where, "x", "(P,)")
    if label is None:
        label = getattr(f, "__name__", "f")
    fx, dfx = np.asarray(f(x)), np.asarray(df(x))
    for name, v in (("f", fx), ("df", dfx)):
        if v.shape != x.shape:
            raise ValueError(f"{where}: {name} must return one value per x, shape {shape_str(x.shape)}; "
                             f"got {shape_str(v.shape)}")
    ax = _axes(ax, where)
    ax.plot(x, fx, "-", lw=2, label=f"{label}(x)")
    ax.plot(x, dfx, "--", lw=2, label=f"{label}'(x)")
    ax.grid(True, alpha=0.3)
    ax.set_xlabel("x")
    ax.legend(loc="best", fontsize="small")
    return ax


# ---- training curves (lecture 05) -----------------------------------------------------

def plot_history(history, *, keys=("loss", "accuracy"), axes=None):
    """Plot training curves, one panel per key, from the dict that ``dlf.train.fit`` returns.

    For each key ``k``, ``history["val_" + k]`` is drawn in the same panel when present.
    Taught in lecture 05.

    Parameters
    ----------
    history : dict of str to list of float
        One value per epoch, e.g. ``{"loss": [...], "accuracy": [...], "val_accuracy": [...]}``.
    keys : sequence of str
        The panels. Each must be in ``history``.
    axes : matplotlib Axes or sequence of Axes, optional
        One per key; a new figure with ``len(keys)`` panels if None.

    Returns
    -------
    fig : matplotlib Figure
    """
    where = "plot_history"
    if not isinstance(history, dict):
        raise TypeError(f"{where}: history must be a dict of lists, e.g. {{'loss': [...]}}; got {type(history).__name__}")
    if isinstance(keys, str):
        keys = (keys,)
    keys = tuple(keys)
    if not keys:
        raise ValueError(f"{where}: keys must name at least one curve")
    for k in keys:
        if k not in history:
            raise ValueError(f"{where}: history has no key {k!r}; available keys: {sorted(history)}. "
                             "Choose the panels with keys=(...)")
    if axes is None:
        fig, axes = plt.subplots(1, len(keys), figsize=(4.5 * len(keys), 3.5), squeeze=False,
                                 layout="constrained")
        axes = axes[0]
    else:
        axes = np.atleast_1d(np.asarray(axes, dtype=object)).ravel()
        if len(axes) != len(keys):
            raise ValueError(f"{where}: need one Axes per key ({len(keys)}); got {len(axes)}")
    for ax, k in zip(axes, keys):
        for name in (k, "val_" + k):
            if name not in history:
                continue
            v = as_float_array(history[name], where, f"history[{name!r}]")
            check_ndim(v, 1, where, f"history[{name!r}]", "(epochs,)")
            ax.plot(np.arange(1, len(v) + 1), v, "-", marker="o" if len(v) <= 30 else None,
                    markersize=3, label=name)
        ax.set(xlabel="epoch", ylabel=k)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="best", fontsize="small")
    fig = axes[0].figure
    return fig


# ---- loss surfaces and optimizer paths (lecture 06) ----------------------------------

def plot_contour_path(f, paths, *, xlim, ylim, ax=None, levels: int = 30, log_levels: bool = False,
                      resolution: int = 200):
    """Contour lines of a 2-D function with optimizer paths drawn over them.

    Taught in lecture 06 (SGD, momentum, RMSProp and Adam on the same surface).

    Parameters
    ----------
    f : callable
        ``f(x, y)`` evaluated element-wise on two ``(R, R)`` grids, returning ``(R, R)``,
        e.g. ``lambda x, y: x**2 + 10 * y**2``.
    paths : dict of str to (T, 2) ndarray, or one (T, 2) ndarray
        The points visited by each optimizer, start first. A path may leave the window
        or contain NaN (a diverging run): the window stays ``xlim x ylim``.
    xlim, ylim : (float, float)
        The window.
    ax : matplotlib Axes, optional
    levels : int
        Number of contour levels.
    log_levels : bool
        Space the levels geometrically between the smallest positive and the largest
        value of ``f`` in the window: for valleys such as Rosenbrock's. Needs ``f > 0``
        somewhere in the window.
    resolution : int
        Grid points along each axis.

    Returns
    -------
    ax : matplotlib Axes
        With one contour set (``ax.collections[0]``) and, per path, three lines: the
        path (labelled with its name), its start (``o``) and its end (``*``).
    """
    where = "plot_contour_path"
    _check_callable(f, where, "f")
    limits = []
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        lim = as_float_array(lim, where, name)
        check_shape(lim, (2,), where, name)
        if not (np.all(np.isfinite(lim)) and lim[0] < lim[1]):
            raise ValueError(f"{where}: {name} must be (low, high) with low < high; got {tuple(lim.tolist())}")
        limits.append(lim)
    levels = check_positive_int(levels, where, "levels")
    resolution = check_positive_int(resolution, where, "resolution")
    if isinstance(paths, dict):
        named = dict(paths)
    else:
        named = {"path": paths}
    checked = {}
    for name, p in named.items():
        p = as_float_array(p, where, f"paths[{name!r}]")
        check_shape(p, (None, 2), where, f"paths[{name!r}]")
        if p.shape[0] == 0:
            raise ValueError(f"{where}: paths[{name!r}] must hold at least one point (T >= 1); got shape {shape_str(p.shape)}")
        checked[name] = p

    xx, yy = np.meshgrid(np.linspace(*limits[0], resolution), np.linspace(*limits[1], resolution))
    Z = np.asarray(f(xx, yy), dtype=float)
    if Z.shape != xx.shape:
        raise ValueError(f"{where}: f(x, y) must be element-wise: for grids of shape {shape_str(xx.shape)} "
                         f"it returned {shape_str(Z.shape)}")
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        raise ValueError(f"{where}: f has no finite value in the window")
    if log_levels:
        positive = finite[finite > 0]
        if positive.size == 0 or positive.min() == positive.max():
            raise ValueError(f"{where}: log_levels needs f > 0 and not constant in the window; "
                             f"f ranges over [{finite.min():.3g}, {finite.max():.3g}]")
        level_values = np.geomspace(positive.min(), positive.max(), levels)
    else:
        level_values = levels

    ax = _axes(ax, where)
    ax.contour(xx, yy, np.ma.masked_invalid(Z), levels=level_values, cmap="viridis", linewidths=0.8)
    for i, (name, p) in enumerate(checked.items()):
        color = f"C{i % 10}"
        ax.plot(p[:, 0], p[:, 1], "-", color=color, lw=1.5, marker=".", markersize=4, label=name)
        ax.plot(p[0, 0], p[0, 1], "o", color=color, markersize=8, markeredgecolor="k")
        ax.plot(p[-1, 0], p[-1, 1], "*", color=color, markersize=13, markeredgecolor="k")
    ax.set(xlim=tuple(limits[0]), ylim=tuple(limits[1]), xlabel="$x$", ylabel="$y$")
    ax.legend(loc="best", fontsize="small")
    return ax


# ---- statistics through depth (lectures 03, 05, 07) ----------------------------------

def plot_layer_stats(values_per_layer, *, ax=None, kind: str = "hist", bins: int = 50, log: bool = False):
    """Compare activations (or gradients) layer by layer.

    Taught in lectures 03 and 07 (saturation and initialization: does the spread of the
    activations survive depth?) and 05 (vanishing and exploding gradients).

    Parameters
    ----------
    values_per_layer : sequence of ndarray, or dict of str to ndarray
        One array per layer, any shape (e.g. the ``(N, H)`` activations). A dict's keys
        name the layers; a sequence's layers are called ``layer 1, layer 2, ...``.
    ax : matplotlib Axes, optional
    kind : {"hist", "norm", "std"}
        ``"hist"``: one step histogram per layer on shared bins, coloured from light
        (first layer) to dark (last); ``"norm"``: the Euclidean norm of each array
        against the layer index (for gradients); ``"std"``: the standard deviation of
        each array against the layer index (for activations).
    bins : int
        Histogram bins (``kind="hist"``).
    log : bool
        Logarithmic density axis (``"hist"``) or y axis (``"norm"``, ``"std"``).

    Returns
    -------
    ax : matplotlib Axes
        ``"hist"``: one patch per layer; ``"norm"``/``"std"``: one line.
    """
    where = "plot_layer_stats"
    kinds = ("hist", "norm", "std")
    if kind not in kinds:
        raise ValueError(f"{where}: kind must be one of {kinds}; got {kind!r}")
    bins = check_positive_int(bins, where, "bins")
    if isinstance(values_per_layer, dict):
        names, arrays = list(map(str, values_per_layer)), list(values_per_layer.values())
    elif isinstance(values_per_layer, (list, tuple)):
        arrays = list(values_per_layer)
        names = [f"layer {i + 1}" for i in range(len(arrays))]
    else:
        raise TypeError(f"{where}: values_per_layer must be a list or dict of arrays, one per layer; "
                        f"got {type(values_per_layer).__name__}")
    if not arrays:
        raise ValueError(f"{where}: values_per_layer must hold at least one layer")
    arrays = [as_float_array(a, where, f"values_per_layer[{n!r}]").ravel() for n, a in zip(names, arrays)]
    for n, a in zip(names, arrays):
        if a.size == 0 or not np.all(np.isfinite(a)):
            raise ValueError(f"{where}: values_per_layer[{n!r}] must be non-empty and finite")

    ax = _axes(ax, where)
    if kind == "hist":
        edges = np.histogram_bin_edges(np.concatenate(arrays), bins=bins)
        colors = plt.get_cmap("viridis_r")(np.linspace(0.15, 1.0, len(arrays)))
        for a, n, c in zip(arrays, names, colors):
            ax.hist(a, bins=edges, density=True, histtype="step", lw=1.5, color=c, label=n, log=log)
        ax.set(xlabel="value", ylabel="density")
        ax.legend(loc="best", fontsize="small", ncol=1 + len(arrays) // 8)
    else:
        stat = [np.linalg.norm(a) if kind == "norm" else a.std() for a in arrays]
        ax.plot(np.arange(1, len(arrays) + 1), stat, "o-", lw=1.5, label=kind)
        ax.set_xticks(np.arange(1, len(arrays) + 1), names, rotation=45 if len(arrays) > 6 else 0)
        ax.set(xlabel="layer", ylabel="Euclidean norm" if kind == "norm" else "standard deviation")
        if log:
            ax.set_yscale("log")
        ax.grid(True, alpha=0.3)
    return ax


# ---- computational graphs (lecture 04) -----------------------------------------------

_BOX_W, _BOX_H, _OP_R = 1.7, 0.95, 0.36   # value box and op circle, in data units
_COL_DX, _GAP = 1.45, 0.3                  # distance between columns; between nodes in a column
_UNIT_INCH = 0.75                          # figure inches per data unit when plot_graph makes the figure


def _graph_layout(nodes, consumers, half):
    """Place a layered graph: ``col`` counted from the root (0) leftwards, ``y`` heights.

    ``nodes`` lists every node before the nodes it is computed from (root first);
    ``consumers[n]`` lists the nodes that use ``n``; ``half[n]`` is its half height.
    An edge that skips columns is routed through one small "dummy" node per column it
    crosses, so that it can go around the boxes (Sugiyama's layered drawing).
    Returns ``col``, ``y`` and ``routes``: for each edge ``(n, consumer)`` the dummy
    nodes it passes through, from ``n`` to the consumer.
    """
    col = {}
    for n in nodes:  # longest path from the root: each node just left of its farthest consumer
        col[n] = 1 + max((col[c] for c in consumers[n]), default=-1)
    order, uses, routes = [], {}, {}
    for n in nodes:  # add the dummy nodes
        order.append(n)
        uses[n] = []
        for c in consumers[n]:
            route = [("dummy", n, c, j) for j in range(col[n] - 1, col[c], -1)]  # j: its column
            routes[n, c] = route
            for a, b in zip(route, route[1:] + [c]):
                col[a], half[a], uses[a] = a[3], 0.1, [b]
            uses[n].append(route[0] if route else c)
            order.extend(route)
    rank = {n: i for i, n in enumerate(order)}
    columns = [[] for _ in range(max(col.values()) + 1)]
    for n in order:
        columns[col[n]].append(n)
    y = {}
    for column in columns:  # from the root leftwards
        want = {n: (np.mean([y[u] for u in uses[n]]) if uses[n] else 0.0) for n in column}
        column.sort(key=lambda n: (want[n], rank[n]))
        placed = []
        for i, n in enumerate(column):  # keep the wanted height unless it overlaps the node below
            lowest = placed[-1] + half[column[i - 1]] + _GAP + half[n] if placed else -np.inf
            placed.append(max(want[n], lowest))
        shift = np.mean([want[n] - p for n, p in zip(column, placed)])
        for n, p in zip(column, placed):
            y[n] = p + shift
    return col, y, routes


def plot_graph(root, *, ax=None, fontsize: float = 8):
    """Draw the computational graph of a ``dlf.autodiff.Value``, inputs left, output right.

    One box per Value (its label, ``data`` and ``grad``), one circle per operation, an
    arrow for each operand of an operation. Pure matplotlib: no graphviz. Each node sits
    just left of the node that uses it; the drawing is meant for small expressions (tens
    of nodes). Taught in lecture 04 (the chain rule on a graph: backpropagation).

    Parameters
    ----------
    root : dlf.autodiff.Value
        The output of the expression, e.g. ``L`` after ``L.backward()``.
    ax : matplotlib Axes, optional
        A new figure sized to the graph if None.
    fontsize : float

    Returns
    -------
    ax : matplotlib Axes
        Artists carry a ``gid`` to find them: value boxes ``"dlf-value"`` and op circles
        ``"dlf-op"`` (in ``ax.patches``: one per Value and one per operation, nothing
        else) and arrows ``"dlf-edge"`` (one annotation in ``ax.texts`` per arrow; an
        arrow that skips columns also has a line in ``ax.lines`` for its first part).
    """
    from .autodiff import Value, topological_order  # plot.py must not need autodiff to import

    where = "plot_graph"
    if not isinstance(root, Value):
        raise TypeError(f"{where}: root must be a dlf.autodiff.Value; got {type(root).__name__}")
    values = topological_order(root)[::-1]  # root first: every value before its operands
    # graph nodes: ("v", id) for each Value, ("op", id) for the operation that made it
    nodes, consumers, half = [], {}, {}
    for v in values:
        nodes.append(("v", id(v)))
        consumers.setdefault(("v", id(v)), [])
        half[("v", id(v))] = _BOX_H / 2
        if v._prev:
            op = ("op", id(v))
            nodes.append(op)
            consumers[op] = [("v", id(v))]
            half[op] = _OP_R
            for child in v._prev:
                consumers.setdefault(("v", id(child)), []).append(op)
    col, y, routes = _graph_layout(nodes, consumers, half)
    n_cols = max(col.values()) + 1
    x = {n: (n_cols - 1 - c) * _COL_DX for n, c in col.items()}
    xlim = (-_BOX_W / 2 - 0.3, (n_cols - 1) * _COL_DX + _BOX_W / 2 + 0.3)
    ylim = (min(y[n] - half[n] for n in y) - 0.3, max(y[n] + half[n] for n in y) + 0.3)

    if ax is None:
        size = [min(max(1.5, _UNIT_INCH * (hi - lo)), 30.0) for lo, hi in (xlim, ylim)]
        fig = plt.figure(figsize=size)
        ax = fig.add_axes((0, 0, 1, 1))
    else:
        ax = _axes(ax, where)
    by_id = {id(v): v for v in values}
    arrow = dict(arrowstyle="-|>", color="0.3", lw=1.0, shrinkA=0, shrinkB=0, mutation_scale=10)

    def edge(points):
        """An arrow along ``points``: a line to the last bend, then the arrow itself."""
        if len(points) > 2:
            ax.plot(*np.array(points[:-1]).T, "-", color="0.3", lw=1.0, gid="dlf-edge")
        ax.annotate("", xy=points[-1], xytext=points[-2], arrowprops=arrow, gid="dlf-edge")

    for kind, key in nodes:
        v, n = by_id[key], (kind, key)
        if kind == "v":
            ax.add_patch(FancyBboxPatch((x[n] - _BOX_W / 2, y[n] - _BOX_H / 2), _BOX_W, _BOX_H,
                                        boxstyle="round,pad=0.02", fc="#e8f0fb", ec="#2b5d9b", lw=1.2,
                                        gid="dlf-value"))
            lines = ([v.label] if v.label else []) + [f"data {v.data:.4g}", f"grad {v.grad:.4g}"]
            ax.text(x[n], y[n], "\n".join(lines), ha="center", va="center", fontsize=fontsize,
                    family="monospace")
            continue
        ax.add_patch(Circle((x[n], y[n]), _OP_R, fc="#fdf0d5", ec="#a05a00", lw=1.2, gid="dlf-op"))
        ax.text(x[n], y[n], v._op, ha="center", va="center", fontsize=fontsize, fontweight="bold")
        made = ("v", key)
        edge([(x[n] + _OP_R, y[n]), (x[made] - _BOX_W / 2, y[made])])  # op -> the value it makes
        for child in v._prev:  # operand box (right edge) -> through the dummies -> op circle
            c = ("v", id(child))
            points = [(x[c] + _BOX_W / 2, y[c])] + [(x[d], y[d]) for d in routes[c, n]]
            d = np.array([x[n], y[n]]) - points[-1]
            points.append(tuple(np.array([x[n], y[n]]) - _OP_R * d / np.linalg.norm(d)))
            edge(points)

    ax.set(xlim=xlim, ylim=ylim, aspect="equal")
    ax.axis("off")
    return ax


# ---- images (lecture 05) --------------------------------------------------------------

def plot_images(images, labels=None, *, shape=(8, 8), ncols: int = 10, fig=None, cmap: str | None = None,
                symmetric: bool = False):
    """Show images in a grid: digits, or the first-layer weights of a network.

    Taught in lecture 05 (the 8x8 digits; each column of ``W`` of the first layer is a
    "template" over the input pixels: pass ``W.T``).

    Parameters
    ----------
    images : (N, P) ndarray or (N, h, w) ndarray
        Flattened images (``P = h * w``, reshaped to ``shape``) or images.
    labels : (N,) sequence, optional
        A title for each image (class ids, predictions, strings).
    shape : (int, int)
        ``(h, w)`` of a flattened image.
    ncols : int
        Images per row.
    fig : matplotlib Figure, optional
        An empty figure to draw in; a new one if None.
    cmap : str, optional
        Colour map; ``"gray_r"`` (ink on paper) by default, ``"RdBu_r"`` if ``symmetric``.
    symmetric : bool
        Centre the colour scale on 0, shared by all images: for weights, where the sign
        matters.

    Returns
    -------
    fig : matplotlib Figure
        One Axes with one image per input image, then hidden empty Axes.
    """
    where = "plot_images"
    images = as_float_array(images, where, "images")
    ncols = check_positive_int(ncols, where, "ncols")
    if images.ndim == 2:
        if len(shape) != 2 or images.shape[1] != shape[0] * shape[1]:
            raise ValueError(f"{where}: images (N, P) must have P = h * w = {shape[0]} * {shape[1]} for "
                             f"shape={tuple(shape)}; got {shape_str(images.shape)}. Pass shape=(h, w)")
        images = images.reshape(-1, *shape)
    elif images.ndim != 3:
        raise ValueError(f"{where}: images must have shape (N, P) or (N, h, w); got {shape_str(images.shape)}")
    N = images.shape[0]
    if N == 0 or N > 400:
        raise ValueError(f"{where}: can show 1 to 400 images; got N = {N}. Pass a slice, e.g. images[:40]")
    if labels is not None:
        labels = list(labels)
        if len(labels) != N:
            raise ValueError(f"{where}: labels must have one entry per image, shape ({N},); got {len(labels)}")
    ncols = min(ncols, N)
    nrows = math.ceil(N / ncols)
    if fig is None:
        fig = plt.figure(figsize=(1.0 * ncols, (1.2 if labels is not None else 1.0) * nrows))
        fig.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=0.98 if labels is None else 0.9,
                            wspace=0.1, hspace=0.1 if labels is None else 0.35)
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    kw = {"cmap": cmap or ("RdBu_r" if symmetric else "gray_r")}
    if symmetric:
        m = float(np.abs(images).max()) or 1.0
        kw.update(vmin=-m, vmax=m)
    for i, ax in enumerate(axes):
        ax.axis("off")
        if i < N:
            ax.imshow(images[i], interpolation="nearest", **kw)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=9)
    return fig


# --- lecture 00: introduction ---

def _series(sizes, series, where: str, *, positive: bool):
    """Check sizes ``(P,)`` > 0 and a dict name -> ``(P,)`` values; return them as arrays."""
    sizes = as_float_array(sizes, where, "sizes")
    check_ndim(sizes, 1, where, "sizes", "(P,)")
    if sizes.size == 0 or not np.all(sizes > 0):
        raise ValueError(f"{where}: sizes must be a non-empty list of numbers > 0; got {sizes.tolist()}")
    if not isinstance(series, dict) or not series:
        raise TypeError(f"{where}: series must be a non-empty dict name -> values, one value per size; "
                        f"got {type(series).__name__}")
    out = {}
    for name, values in series.items():
        v = as_float_array(values, where, f"series[{name!r}]")
        check_shape(v, sizes.shape, where, f"series[{name!r}]")
        if not np.all(np.isfinite(v)) or (positive and not np.all(v > 0)):
            raise ValueError(f"{where}: series[{name!r}] must hold finite numbers{' > 0' if positive else ''}")
        out[str(name)] = v
    return sizes, out


def _size_ticks(ax, sizes) -> None:
    """On a logarithmic x-axis, label exactly the given sizes (no crowded minor labels)."""
    ax.set_xticks(sizes, [f"{s:g}" for s in sizes])
    ax.xaxis.set_minor_formatter(plt.NullFormatter())


def plot_timings(sizes, timings, *, ax=None, xlabel: str = "N", title: str | None = None):
    """Plot measured running times against a problem size, log-log, one line per method.

    On log-log axes a cost that grows like ``size^p`` is a straight line of slope ``p``,
    and a constant speed-up is a constant vertical gap. Taught in lecture 00 (a Python
    loop against a vectorized matrix product).

    Parameters
    ----------
    sizes : (P,) sequence of numbers > 0
        The problem sizes, e.g. the batch sizes N.
    timings : dict of str to (P,) sequence of float > 0
        Seconds per method, one per size, e.g. ``{"Python loop": [...], "X @ W + b": [...]}``.
    ax : matplotlib Axes, optional
    xlabel : str
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes
        With one line per method, labelled by its name.
    """
    sizes, timings = _series(sizes, timings, "plot_timings", positive=True)
    ax = _axes(ax, "plot_timings")
    for name, t in timings.items():
        ax.loglog(sizes, t, "o-", lw=1.5, markersize=4, label=name)
    _size_ticks(ax, sizes)
    ax.set(xlabel=xlabel, ylabel="seconds")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax


def plot_learning_curves(sizes, scores, *, ax=None, highlight=None, ylabel: str = "test accuracy",
                         title: str | None = None):
    """Plot a score of several models against the number of training examples.

    Taught in lecture 00 (a classical model beside a small network on the digits).

    Parameters
    ----------
    sizes : (P,) sequence of int
        Numbers of training examples, increasing; the x-axis is logarithmic.
    scores : dict of str to (P,) sequence of float
        One score per size for each model, e.g. ``{"logistic regression": [...], "MLP": [...]}``.
    ax : matplotlib Axes, optional
    highlight : number, optional
        A size to mark with a vertical dashed line (``gid="dlf-highlight"``).
    ylabel : str
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes
        One line per model, labelled by its name, and the highlight line if asked.
    """
    where = "plot_learning_curves"
    sizes, scores = _series(sizes, scores, where, positive=False)
    ax = _axes(ax, where)
    for name, s in scores.items():
        ax.semilogx(sizes, s, "o-", lw=1.5, markersize=4, label=name)
    _size_ticks(ax, sizes)
    if highlight is not None:
        highlight = _check_number(highlight, where, "highlight", minimum=0)
        ax.axvline(highlight, color="0.4", ls="--", lw=1, gid="dlf-highlight")
    ax.set(xlabel="number of training examples", ylabel=ylabel)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax


# --- lecture 01: the perceptron ---

def plot_weight_history(history, *, initial=None, ax=None, highlight=None, title: str | None = None):
    """Plot each weight ``w_j`` and the bias ``b`` of a perceptron against the update number.

    On separable data the lines settle (training stops); on XOR they cycle forever.
    Taught in lecture 01.

    Parameters
    ----------
    history : sequence of (w, b)
        ``(w, b)`` after each update, ``w`` of shape ``(D,)``, as in
        ``dlf.perceptron.PerceptronFit.history``.
    initial : (w, b), optional
        The weights before the first update (zeros for a new perceptron), drawn at
        update 0. Without it the lines start at update 1.
    ax : matplotlib Axes, optional
    highlight : int, optional
        An update number to mark with a vertical dotted line (``gid="dlf-highlight"``).
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes
        ``D + 1`` step lines labelled ``"$w_1$"``, ..., ``"$w_D$"``, ``"$b$"``.
    """
    where = "plot_weight_history"
    states = ([initial] if initial is not None else []) + list(history)
    if not states:
        raise ValueError(f"{where}: history is empty: no update to plot")
    pairs = all(isinstance(s, (tuple, list)) and len(s) == 2 and np.ndim(s[0]) == 1 and np.ndim(s[1]) == 0
                for s in states)
    if not pairs:
        raise TypeError(f"{where}: history must be a sequence of (w, b) pairs, w (D,) and b a number")
    W = [as_float_array(w, where, "w") for w, _ in states]
    B = np.array([float(b) for _, b in states])
    if len({w.shape for w in W}) != 1:
        raise ValueError(f"{where}: every w in history must have the same shape (D,); "
                         f"got {sorted({shape_str(w.shape) for w in W})}")
    W = np.array(W)
    start = 0 if initial is not None else 1
    t = np.arange(start, start + len(states))
    ax = _axes(ax, where)
    for j in range(W.shape[1]):
        ax.step(t, W[:, j], where="post", lw=1.5, label=f"$w_{{{j + 1}}}$")
    ax.step(t, B, where="post", lw=1.5, ls="--", label="$b$")
    if highlight is not None:
        highlight = _check_number(highlight, where, "highlight")
        ax.axvline(highlight, color="0.4", ls=":", lw=1, gid="dlf-highlight")
    ax.set(xlabel="update", ylabel="value")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax


# --- lecture 06: optimizers ---

def plot_curves(curves, *, ax=None, log: bool = False, start: int = 1,
                xlabel: str = "epoch", ylabel: str = "loss", title: str | None = None):
    """Plot several named curves (loss per epoch or per step) in one panel, to compare runs.

    A value that is not finite (a diverged run) is left out, so the line simply stops.
    Taught in lecture 06 (one curve per optimizer or learning rate) and 07 (with and
    without batch normalization).

    Parameters
    ----------
    curves : dict of str to (T,) sequence of float
        One curve per run; the lengths may differ.
    ax : matplotlib Axes, optional
    log : bool
        Logarithmic y axis (the curves must then be > 0 where finite).
    start : int
        The x value of the first point: 1 for epochs, 0 for "step 0 = the start".
    xlabel, ylabel : str
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes
        One line per curve, labelled by its name, in the order of ``curves``.
    """
    where = "plot_curves"
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"{where}: curves must be a non-empty dict name -> values, e.g. "
                        f"{{'SGD': [2.3, 1.1, 0.7]}}; got {type(curves).__name__}")
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)):
        raise TypeError(f"{where}: start must be an int (1 for epochs, 0 for steps); got {type(start).__name__}")
    checked = {}
    for name, values in curves.items():
        v = as_float_array(values, where, f"curves[{name!r}]")
        check_ndim(v, 1, where, f"curves[{name!r}]", "(T,)")
        if v.size == 0:
            raise ValueError(f"{where}: curves[{name!r}] must hold at least one value; got shape (0,)")
        v = np.where(np.isfinite(v), v, np.nan)
        if log and np.any(v[np.isfinite(v)] <= 0):
            raise ValueError(f"{where}: log=True needs values > 0; curves[{name!r}] has "
                             f"min {np.nanmin(v):.3g}")
        checked[str(name)] = v
    ax = _axes(ax, where)
    for i, (name, v) in enumerate(checked.items()):
        x = np.arange(start, start + v.size)
        ax.plot(x, v, "-", lw=1.5, color=f"C{i % 10}", marker="o" if v.size <= 30 else None, markersize=3,
                label=name)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.grid(True, which="both" if log else "major", alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax
