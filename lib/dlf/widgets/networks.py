"""The widgets of lecture 02 (XOR and multilayer networks): width and depth."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection

from .._validate import as_float_array, check_ndim, check_positive_int, shape_str
from .core import InteractivePlot

__all__ = ["approximation_explorer", "sawtooth_explorer"]


def approximation_explorer(x, target, fits, *, parts=None, H=None) -> InteractivePlot:
    """Slide over the number of hidden units H: a one-hidden-layer fit of a 1-D function.

    The fits are computed beforehand (one per H), so the slider only picks one and the
    figure follows at once. With ``parts``, each hidden unit's contribution
    ``v_j sigma(w_j x + b_j)`` is drawn as a thin grey line: the network's output is
    their sum (plus the output bias). Taught in lecture 02 (universal approximation).

    Parameters
    ----------
    x : (P,) ndarray
        Where the functions are evaluated, increasing.
    target : (P,) ndarray
        The function to approximate, ``f(x)``.
    fits : dict of int to (P,) ndarray
        For each number of hidden units H, the network's output at ``x``.
    parts : dict of int to (P, H) ndarray, optional
        For some (or all) H, the H contributions of the hidden units at ``x``.
    H : int, optional
        Initial choice, a key of ``fits``; the smallest by default.

    Returns
    -------
    InteractivePlot
        Control ``"H"`` (a ``SelectionSlider`` over the sorted keys of ``fits``). The Axes
        holds two lines, the target then the fit, and, if ``parts`` has that H, one
        ``LineCollection`` with a line per hidden unit; its title gives the largest
        error ``max |fit - f|``.
    """
    where = "approximation_explorer"
    x = as_float_array(x, where, "x")
    check_ndim(x, 1, where, "x", "(P,)")
    if x.size < 2 or not np.all(np.diff(x) > 0):
        raise ValueError(f"{where}: x must hold at least 2 increasing values; got shape {shape_str(x.shape)}")
    target = as_float_array(target, where, "target")
    if target.shape != x.shape:
        raise ValueError(
            f"{where}: target must have the shape of x {shape_str(x.shape)}; got {shape_str(target.shape)}"
        )
    if not isinstance(fits, dict) or not fits:
        raise TypeError(f"{where}: fits must be a non-empty dict {{H: (P,) ndarray}}; got {type(fits).__name__}")
    checked = {}
    for key, y_hat in fits.items():
        k = check_positive_int(key, where, "every key of fits (a number of hidden units H)")
        y_hat = as_float_array(y_hat, where, f"fits[{key!r}]")
        if y_hat.shape != x.shape:
            raise ValueError(
                f"{where}: fits[{key!r}] must have the shape of x {shape_str(x.shape)}; got {shape_str(y_hat.shape)}"
            )
        checked[k] = y_hat
    parts = {} if parts is None else parts
    if not isinstance(parts, dict):
        raise TypeError(f"{where}: parts must be a dict {{H: (P, H) ndarray}}; got {type(parts).__name__}")
    checked_parts = {}
    for key, p in parts.items():
        if key not in checked:
            raise ValueError(f"{where}: parts has H = {key!r}, which is not a key of fits {sorted(checked)}")
        p = as_float_array(p, where, f"parts[{key!r}]")
        if p.shape != (x.size, key):
            raise ValueError(
                f"{where}: parts[{key!r}] must have shape ({x.size}, {key}), one column per hidden "
                f"unit; got {shape_str(p.shape)}"
            )
        checked_parts[key] = p
    options = sorted(checked)
    H = options[0] if H is None else H
    if H not in options:
        raise ValueError(f"{where}: H must be one of the keys of fits {options}; got {H!r}")
    values = np.concatenate([target] + list(checked.values()))
    pad = 0.1 * (values.max() - values.min() or 1.0)
    ylim = (values.min() - pad, values.max() + pad)

    def draw(ax, H):
        if H in checked_parts:  # one collection of H lines: much faster to draw than H Line2D
            segments = np.stack(np.broadcast_arrays(x[None, :], checked_parts[H].T), axis=-1)  # (H, P, 2)
            ax.add_collection(
                LineCollection(segments, colors="0.6", linewidths=0.8, alpha=0.6, label="one hidden unit each")
            )
        ax.plot(x, target, "k--", lw=2, label="target f(x)")
        ax.plot(x, checked[H], "-", color="C3", lw=2, label=f"network, H = {H}")
        error = float(np.max(np.abs(checked[H] - target)))
        ax.set(ylim=ylim, xlabel="x", title=f"H = {H} hidden units: max |error| = {error:.3f}")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper right", fontsize="small")

    controls = {
        "H": widgets.SelectionSlider(
            options=options, value=H, description="hidden units H", style={"description_width": "initial"}
        )
    }
    return InteractivePlot(draw, controls, figsize=(7.0, 3.8), name="approximation_explorer")


def _tent_power(x: np.ndarray, k: int) -> np.ndarray:
    """The sawtooth ``t^k(x)``: the tent map ``t(x) = 2 relu(x) - 4 relu(x - 1/2)`` applied k times."""
    for _ in range(k):
        x = 2.0 * np.maximum(x, 0.0) - 4.0 * np.maximum(x - 0.5, 0.0)
    return x


def _linear_pieces(x: np.ndarray, y: np.ndarray) -> int:
    """Number of linear pieces of a piecewise-linear function sampled at increasing ``x``
    (fine enough that every piece holds two samples): 1 + the number of slope changes."""
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.sum(np.abs(np.diff(slopes)) > 1e-6 * (1.0 + np.abs(slopes[:-1]))))


def sawtooth_explorer(k: int = 3, *, max_k: int = 8) -> InteractivePlot:
    """Slide the number k of composed tent maps: the sawtooth, a deep net, a shallow net.

    The tent map ``t(x) = 2 relu(x) - 4 relu(x - 1/2)`` folds [0, 1] onto itself; its
    k-th power ``t^k`` is a sawtooth with ``2^k`` linear pieces. A deep ReLU network with
    k hidden layers of 2 units computes it exactly with ``6k + 1`` parameters; a network
    with one hidden layer needs ``2^k`` units (``3 * 2^k + 1`` parameters), since each ReLU
    unit adds at most one breakpoint. Left: ``t^k`` (solid) and, dashed, the least-squares
    fit of a one-hidden-layer ReLU network with the deep network's budget, ``2k`` units
    (breakpoints spread evenly over [0, 1], output layer solved exactly): at most
    ``2k + 1`` pieces. Right: both parameter counts against k, log scale. Taught in
    lecture 02 (depth vs width).

    Parameters
    ----------
    k : int
        Initial number of compositions, in ``[1, max_k]``.
    max_k : int
        Largest k on the slider (at most 12: ``2^k`` pieces must stay visible).

    Returns
    -------
    InteractivePlot
        Control ``"k"`` (IntSlider). Left Axes: two lines, the sawtooth then the shallow
        fit; right Axes: the two parameter counts, then a dotted segment joining them at k.
    """
    where = "sawtooth_explorer"
    max_k = check_positive_int(max_k, where, "max_k")
    if max_k > 12:
        raise ValueError(f"{where}: max_k must be at most 12; got {max_k}")
    k = check_positive_int(k, where, "k")
    if k > max_k:
        raise ValueError(f"{where}: k must be in [1, max_k = {max_k}]; got {k}")
    x = np.linspace(0.0, 1.0, 2 ** (max_k + 2) + 1)  # the breakpoints j / 2^k are grid points
    ks = np.arange(1, max_k + 1)

    def draw(axes, k):
        y = _tent_power(x, k)
        H = 2 * k  # 3H + 1 = 6k + 1 parameters, the deep network's budget
        # Such a network is a continuous piecewise-linear function with breakpoints j / H.
        # Those functions are spanned by the H + 1 "hat" functions on the knots j / H, a
        # well-conditioned basis: least squares by its (tridiagonal) normal equations.
        knots = np.linspace(0.0, 1.0, H + 1)
        B = np.column_stack([np.interp(x, knots, e) for e in np.eye(H + 1)])
        fit = B @ np.linalg.solve(B.T @ B, B.T @ y)
        ax = axes[0]
        ax.plot(x, y, "-", color="C0", lw=1.5, label=f"$t^{{{k}}}$: deep, {k} layers x 2 units, {6 * k + 1} params")
        ax.plot(x, fit, "--", color="C3", lw=2, label=f"shallow, {H} units, {3 * H + 1} params")
        ax.set(
            xlim=(0, 1),
            ylim=(-0.15, 1.3),
            xlabel="x",
            title=f"{_linear_pieces(x, y)} linear pieces; shallow fit: max |error| {np.max(np.abs(fit - y)):.2f}",
        )
        ax.legend(loc="upper right", fontsize="x-small")
        ax = axes[1]
        ax.semilogy(ks, 6 * ks + 1, "o-", color="C0", label="deep: 6k + 1")
        ax.semilogy(ks, 3 * 2.0**ks + 1, "s-", color="C3", label=r"one hidden layer: $3 \cdot 2^k + 1$")
        ax.semilogy([k, k], [6 * k + 1, 3 * 2.0**k + 1], "k:", lw=1.5)
        ax.set(xlabel="compositions k", ylabel="parameters for $t^k$ exactly", title="parameters needed")
        ax.set_xticks(ks)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", fontsize="small")

    controls = {
        "k": widgets.IntSlider(
            value=k,
            min=1,
            max=max_k,
            description="compositions k",
            style={"description_width": "initial"},
            continuous_update=False,
        )
    }
    return InteractivePlot(draw, controls, ncols=2, figsize=(11.0, 3.8), name="sawtooth_explorer")
