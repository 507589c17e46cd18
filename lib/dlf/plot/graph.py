"""The computational graph of a ``dlf.autodiff.Value``, drawn with matplotlib alone (lecture 04)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Circle, FancyBboxPatch

from .core import _axes

__all__ = ["plot_graph"]


_BOX_W, _BOX_H, _OP_R = 1.7, 0.95, 0.36  # value box and op circle, in data units
_COL_DX, _GAP = 1.45, 0.3  # distance between columns; between nodes in a column
_UNIT_INCH = 0.75  # figure inches per data unit when plot_graph makes the figure


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
    from ..autodiff import Value, topological_order  # dlf.plot must not need autodiff to import

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
            ax.add_patch(
                FancyBboxPatch(
                    (x[n] - _BOX_W / 2, y[n] - _BOX_H / 2),
                    _BOX_W,
                    _BOX_H,
                    boxstyle="round,pad=0.02",
                    fc="#e8f0fb",
                    ec="#2b5d9b",
                    lw=1.2,
                    gid="dlf-value",
                )
            )
            lines = ([v.label] if v.label else []) + [f"data {v.data:.4g}", f"grad {v.grad:.4g}"]
            ax.text(x[n], y[n], "\n".join(lines), ha="center", va="center", fontsize=fontsize, family="monospace")
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
