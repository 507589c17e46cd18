"""Curves against a size, an update or an epoch: timings, learning curves, weights, training runs."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from .._validate import as_float_array, check_ndim, check_shape, shape_str
from .core import _axes, _check_number

__all__ = ["plot_timings", "plot_learning_curves", "plot_weight_history", "plot_history", "plot_curves"]


# --- lecture 00: introduction ---


def _series(sizes, series, where: str, *, positive: bool):
    """Check sizes ``(P,)`` > 0 and a dict name -> ``(P,)`` values; return them as arrays."""
    sizes = as_float_array(sizes, where, "sizes")
    check_ndim(sizes, 1, where, "sizes", "(P,)")
    if sizes.size == 0 or not np.all(sizes > 0):
        raise ValueError(f"{where}: sizes must be a non-empty list of numbers > 0; got {sizes.tolist()}")
    if not isinstance(series, dict) or not series:
        raise TypeError(
            f"{where}: series must be a non-empty dict name -> values, one value per size; got {type(series).__name__}"
        )
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
        With one line per method, labeled by its name.
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


def plot_learning_curves(
    sizes, scores, *, ax=None, highlight=None, ylabel: str = "test accuracy", title: str | None = None
):
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
        One line per model, labeled by its name, and the highlight line if asked.
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
        ``D + 1`` step lines labeled ``"$w_1$"``, ..., ``"$w_D$"``, ``"$b$"``.
    """
    where = "plot_weight_history"
    states = ([initial] if initial is not None else []) + list(history)
    if not states:
        raise ValueError(f"{where}: history is empty: no update to plot")
    pairs = all(
        isinstance(s, (tuple, list)) and len(s) == 2 and np.ndim(s[0]) == 1 and np.ndim(s[1]) == 0 for s in states
    )
    if not pairs:
        raise TypeError(f"{where}: history must be a sequence of (w, b) pairs, w (D,) and b a number")
    W = [as_float_array(w, where, "w") for w, _ in states]
    B = np.array([float(b) for _, b in states])
    if len({w.shape for w in W}) != 1:
        raise ValueError(
            f"{where}: every w in history must have the same shape (D,); got {sorted({shape_str(w.shape) for w in W})}"
        )
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


# --- lecture 05: training curves ---


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
        raise TypeError(
            f"{where}: history must be a dict of lists, e.g. {{'loss': [...]}}; got {type(history).__name__}"
        )
    if isinstance(keys, str):
        keys = (keys,)
    keys = tuple(keys)
    if not keys:
        raise ValueError(f"{where}: keys must name at least one curve")
    for k in keys:
        if k not in history:
            raise ValueError(
                f"{where}: history has no key {k!r}; available keys: {sorted(history)}. "
                "Choose the panels with keys=(...)"
            )
    if axes is None:
        fig, axes = plt.subplots(1, len(keys), figsize=(4.5 * len(keys), 3.5), squeeze=False, layout="constrained")
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
            ax.plot(np.arange(1, len(v) + 1), v, "-", marker="o" if len(v) <= 30 else None, markersize=3, label=name)
        ax.set(xlabel="epoch", ylabel=k)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="best", fontsize="small")
    fig = axes[0].figure
    return fig


# --- lectures 06 and 07: comparing runs ---


def plot_curves(
    curves,
    *,
    ax=None,
    log: bool = False,
    start: int = 1,
    xlabel: str = "epoch",
    ylabel: str = "loss",
    title: str | None = None,
):
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
        One line per curve, labeled by its name, in the order of ``curves``.
    """
    where = "plot_curves"
    if not isinstance(curves, dict) or not curves:
        raise TypeError(
            f"{where}: curves must be a non-empty dict name -> values, e.g. "
            f"{{'SGD': [2.3, 1.1, 0.7]}}; got {type(curves).__name__}"
        )
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
            raise ValueError(f"{where}: log=True needs values > 0; curves[{name!r}] has min {np.nanmin(v):.3g}")
        checked[str(name)] = v
    ax = _axes(ax, where)
    for i, (name, v) in enumerate(checked.items()):
        x = np.arange(start, start + v.size)
        ax.plot(x, v, "-", lw=1.5, color=f"C{i % 10}", marker="o" if v.size <= 30 else None, markersize=3, label=name)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.grid(True, which="both" if log else "major", alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    if title is not None:
        ax.set_title(title)
    return ax
