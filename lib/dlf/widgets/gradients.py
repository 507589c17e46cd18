"""The widgets of lectures 04 (chain rule and computational graphs) and 05 (backpropagation).

They draw; the signals through a deep network come from ``dlf.depth.init_statistics``.
"""

from __future__ import annotations

from numbers import Real

import ipywidgets as widgets
import numpy as np

from .._validate import check_positive_int
from ..autodiff import Value
from ..depth import DEPTH_INITS, init_statistics
from ..plot import plot_graph
from .core import InteractivePlot

__all__ = ["neuron_graph_explorer", "init_depth_explorer"]


# --- lecture 04: chain rule and computational graphs ---

_NEURON_RANGES = {"x1": 4.0, "x2": 4.0, "w1": 4.0, "w2": 4.0, "b": 8.0}  # slider i spans [-r, r]


def neuron_graph_explorer(
    x1: float = 2.0, x2: float = 0.0, w1: float = -3.0, w2: float = 1.0, b: float = 6.88
) -> InteractivePlot:
    """Move the inputs of one neuron and watch its computational graph change.

    The expression is ``o = tanh(x1 w1 + x2 w2 + b)``, built from ``dlf.autodiff.Value``.
    Each change of a slider builds it again, runs ``o.backward()`` and redraws the graph
    with ``dlf.plot.plot_graph``: every box shows its ``data`` and its ``grad``
    (``d o / d node``). Things to see: ``w2.grad = x2 * (grad of x2*w2)``, so it is 0 when
    ``x2 = 0``; and every grad shrinks when ``|n|`` grows, because the local derivative
    ``tanh'(n) = 1 - o^2`` goes to 0 (saturation). Taught in lecture 04.

    Parameters
    ----------
    x1, x2, w1, w2 : float
        Initial values, each in [-4, 4].
    b : float
        Initial bias, in [-8, 8].

    Returns
    -------
    InteractivePlot
        Controls ``"x1"``, ``"x2"``, ``"w1"``, ``"w2"``, ``"b"`` (FloatSliders).
    """
    where = "neuron_graph_explorer"
    start = {"x1": x1, "x2": x2, "w1": w1, "w2": w2, "b": b}
    for name, value in start.items():
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"{where}: {name} must be a number; got {type(value).__name__}")
        r = _NEURON_RANGES[name]
        if not -r <= value <= r:
            raise ValueError(f"{where}: {name} must be in [{-r:g}, {r:g}]; got {value}")

    def draw(ax, x1, x2, w1, w2, b):
        v = {
            name: Value(value, label=name) for name, value in (("x1", x1), ("x2", x2), ("w1", w1), ("w2", w2), ("b", b))
        }
        x1w1 = v["x1"] * v["w1"]
        x1w1.label = "x1*w1"
        x2w2 = v["x2"] * v["w2"]
        x2w2.label = "x2*w2"
        s = x1w1 + x2w2
        s.label = "x1w1 + x2w2"
        n = s + v["b"]
        n.label = "n"
        o = n.tanh()
        o.label = "o"
        o.backward()
        plot_graph(o, ax=ax)
        ax.set_title(
            f"o = tanh(x1 w1 + x2 w2 + b) = {o.data:.4f}      local derivative do/dn = 1 - o$^2$ = {1 - o.data**2:.4f}",
            fontsize=10,
        )

    controls = {
        name: widgets.FloatSlider(
            value=float(value),
            min=-_NEURON_RANGES[name],
            max=_NEURON_RANGES[name],
            step=0.01 if name == "b" else 0.1,
            description=name,
            continuous_update=False,
        )
        for name, value in start.items()
    }
    return InteractivePlot(draw, controls, figsize=(10.4, 4.4), name="neuron_graph_explorer")


# --- lecture 05: backpropagation ---


def init_depth_explorer(
    activation: str = "tanh",
    init: str = "xavier",
    depth: int = 10,
    *,
    width: int = 64,
    max_depth: int = 30,
    seed: int = 0,
) -> InteractivePlot:
    """Pick an initialization, an activation and a depth: see activations and gradients.

    A plain MLP ``depth`` x (Linear(width, width), activation) followed by a
    Linear(width, 10) gets a standard normal batch of 64 examples and random labels
    (``dlf.depth.init_statistics`` computes the signals; this widget draws them).
    Left: the standard deviation of each hidden layer's activations ``A_l`` (forward).
    Right: the norms of the backward signal ``dL/dA_l`` and of the weight gradient
    ``dL/dW_l`` of each hidden layer (backward); log scales. Xavier keeps tanh stable,
    He keeps ReLU stable; small weights make both signals vanish, large ones saturate
    tanh and sigmoid or make ReLU explode; the sigmoid's gradients vanish towards the
    first layer whatever the scale (``f' <= 1/4``). Taught in lecture 05.

    Parameters
    ----------
    activation : {"tanh", "sigmoid", "relu"}
        Initial activation.
    init : {"small", "large", "xavier", "he"}
        Initial weights: ``N(0, 0.01^2)``, ``N(0, 1)``, Xavier normal ``N(0, 2/(D+K))``
        or He normal ``N(0, 2/D)`` (``dlf.depth.DEPTH_INITS``). Biases start at 0.
    depth : int
        Initial number of hidden layers, in ``[1, max_depth]``.
    width : int
        Hidden width H.
    max_depth : int
        Largest depth on the slider.
    seed : int
        Seed of the weights and the data: the same controls give the same figure.

    Returns
    -------
    InteractivePlot
        Controls ``"activation"``, ``"init"`` (Dropdowns) and ``"depth"`` (IntSlider).
    """
    where = "init_depth_explorer"
    activations = ("tanh", "sigmoid", "relu")
    if activation not in activations:
        raise ValueError(f"{where}: activation must be one of {list(activations)}; got {activation!r}")
    if init not in DEPTH_INITS:
        raise ValueError(f"{where}: init must be one of {list(DEPTH_INITS)}; got {init!r}")
    width = check_positive_int(width, where, "width")
    max_depth = check_positive_int(max_depth, where, "max_depth")
    depth = check_positive_int(depth, where, "depth")
    if depth > max_depth:
        raise ValueError(f"{where}: depth must be in [1, max_depth = {max_depth}]; got {depth}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"{where}: seed must be an int >= 0; got {seed!r}")

    def draw(axes, activation, init, depth):
        rng = np.random.default_rng(seed)
        stds, signal, weights = init_statistics(activation, init, depth, width=width, n=64, rng=rng)
        layer = np.arange(1, depth + 1)
        axes[0].semilogy(layer, stds, "o-", color="C0", lw=1.5, label=r"std of $A_l$")
        axes[0].axhline(1.0, color="0.5", ls="--", lw=1, label="std of the input")
        axes[0].set_title("forward: activations")
        axes[1].semilogy(layer, signal, "o-", color="C3", lw=1.5, label=r"$\|\partial L / \partial A_l\|$")
        axes[1].semilogy(layer, weights, "s--", color="C1", lw=1.5, label=r"$\|\partial L / \partial W_l\|$")
        axes[1].set_title("backward: gradient norms")
        for ax in axes:
            ax.set_xlabel("hidden layer l")
            ax.set_xticks(layer if depth <= 10 else layer[:: max(1, depth // 10)])
            ax.grid(True, alpha=0.3)
            ax.legend(loc="best", fontsize="small")

    controls = {
        "activation": widgets.Dropdown(options=list(activations), value=activation, description="activation"),
        "init": widgets.Dropdown(options=list(DEPTH_INITS), value=init, description="init"),
        "depth": widgets.IntSlider(value=depth, min=1, max=max_depth, description="depth", continuous_update=False),
    }
    return InteractivePlot(draw, controls, ncols=2, figsize=(10.0, 3.8), name="init_depth_explorer")
