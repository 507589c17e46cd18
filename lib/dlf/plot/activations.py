"""Activations and their gradients: a function and its derivative, statistics through depth."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .._validate import as_float_array, check_ndim, check_positive_int, shape_str
from .core import _axes, _check_callable

__all__ = ["plot_function_and_derivative", "plot_layer_stats"]


# --- lecture 03: an activation and its derivative ---


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
        With two lines, labeled ``"<label>(x)"`` and ``"<label>'(x)"``.
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
            raise ValueError(
                f"{where}: {name} must return one value per x, shape {shape_str(x.shape)}; got {shape_str(v.shape)}"
            )
    ax = _axes(ax, where)
    ax.plot(x, fx, "-", lw=2, label=f"{label}(x)")
    ax.plot(x, dfx, "--", lw=2, label=f"{label}'(x)")
    ax.grid(True, alpha=0.3)
    ax.set_xlabel("x")
    ax.legend(loc="best", fontsize="small")
    return ax


# --- lectures 03, 05, 07: statistics through depth ---


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
        ``"hist"``: one step histogram per layer on shared bins, colored from light
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
        raise TypeError(
            f"{where}: values_per_layer must be a list or dict of arrays, one per layer; "
            f"got {type(values_per_layer).__name__}"
        )
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
