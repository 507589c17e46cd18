"""Small pieces shared by the figures of ``dlf.plot``: the Axes to draw on, argument checks."""

from __future__ import annotations

from numbers import Real

import matplotlib.pyplot as plt
from matplotlib.axes import Axes


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
