"""Loss surfaces and the paths optimizers take over them (lecture 06)."""

from __future__ import annotations

import numpy as np

from .._validate import as_float_array, check_positive_int, check_shape, shape_str
from .core import _axes, _check_callable

__all__ = ["plot_contour_path"]


def plot_contour_path(
    f, paths, *, xlim, ylim, ax=None, levels: int = 30, log_levels: bool = False, resolution: int = 200
):
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
        path (labeled with its name), its start (``o``) and its end (``*``).
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
            raise ValueError(
                f"{where}: paths[{name!r}] must hold at least one point (T >= 1); got shape {shape_str(p.shape)}"
            )
        checked[name] = p

    xx, yy = np.meshgrid(np.linspace(*limits[0], resolution), np.linspace(*limits[1], resolution))
    Z = np.asarray(f(xx, yy), dtype=float)
    if Z.shape != xx.shape:
        raise ValueError(
            f"{where}: f(x, y) must be element-wise: for grids of shape {shape_str(xx.shape)} "
            f"it returned {shape_str(Z.shape)}"
        )
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        raise ValueError(f"{where}: f has no finite value in the window")
    if log_levels:
        positive = finite[finite > 0]
        if positive.size == 0 or positive.min() == positive.max():
            raise ValueError(
                f"{where}: log_levels needs f > 0 and not constant in the window; "
                f"f ranges over [{finite.min():.3g}, {finite.max():.3g}]"
            )
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
