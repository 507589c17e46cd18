"""The widgets of lecture 03 (activation functions): saturation and vanishing gradients.

They draw; the signals through a deep network come from ``dlf.depth.layer_signals``.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps

from .._validate import check_positive_int
from ..depth import layer_signals
from ..functions import ACTIVATIONS
from ..plot import plot_function_and_derivative
from .core import InteractivePlot

__all__ = ["activation_explorer", "activation_depth_explorer"]


def _chain_derivative(f, df, x, depth: int):
    """``a_L`` and ``d a_L / d x`` for ``a_l = f(a_{l-1})``, ``a_0 = x``, by the chain rule."""
    a, chain = x, np.ones_like(x)
    for _ in range(depth):  # one factor f'(a_{l-1}) per layer
        chain = chain * df(a)
        a = f(a)
    return a, chain


def _check_start(activation, depth, max_depth, where: str) -> tuple[int, int]:
    """Check an explorer's initial activation (a key of ``ACTIVATIONS``) and depth in
    ``[1, max_depth]``; return ``depth, max_depth``."""
    if activation not in ACTIVATIONS:
        raise ValueError(f"{where}: activation must be one of {list(ACTIVATIONS)}; got {activation!r}")
    max_depth = check_positive_int(max_depth, where, "max_depth")
    depth = check_positive_int(depth, where, "depth")
    if depth > max_depth:
        raise ValueError(f"{where}: depth must be in [1, max_depth = {max_depth}]; got {depth}")
    return depth, max_depth


def activation_explorer(activation: str = "sigmoid", depth: int = 5, *, max_depth: int = 30) -> InteractivePlot:
    """Pick an activation: see it, its derivative, and its derivative through depth.

    Left: ``f`` and ``f'``. Right: a chain of ``depth`` units ``a_l = f(a_{l-1})``,
    ``a_0 = x`` (weights 1, biases 0), and the size of its derivative, by the chain rule
    ``d a_L / d x = f'(a_0) f'(a_1) ... f'(a_{L-1})``, on a log scale. With the sigmoid
    (``f' <= 1/4``) it vanishes geometrically; with ReLU it stays 1 where ``x > 0``.
    Taught in lecture 03 (and the vanishing gradients of lecture 05).

    Parameters
    ----------
    activation : str
        Initial choice, one of ``dlf.functions.ACTIVATIONS``: ``"sigmoid"``, ``"tanh"``,
        ``"relu"``, ``"leaky_relu"``, ``"gelu"``, ``"gelu_tanh"``.
    depth : int
        Initial number of layers L, in ``[1, max_depth]``.
    max_depth : int
        Largest depth on the slider.

    Returns
    -------
    InteractivePlot
        Controls ``"activation"`` (Dropdown) and ``"depth"`` (IntSlider).
    """
    depth, max_depth = _check_start(activation, depth, max_depth, "activation_explorer")

    def draw(axes, activation, depth):
        f, df = ACTIVATIONS[activation]
        plot_function_and_derivative(f, df, ax=axes[0], label=activation)
        axes[0].set_title(f"{activation} and its derivative")
        x = np.linspace(-5.0, 5.0, 401)
        _, chain = _chain_derivative(f, df, x, depth)
        floor = 1e-24  # below sigmoid^(30 layers)
        ax = axes[1]
        ax.semilogy(x, np.maximum(np.abs(df(x)), floor), "--", color="0.6", label="1 layer")
        ax.semilogy(x, np.maximum(np.abs(chain), floor), "-", lw=2, color="C3", label=f"{depth} layers")
        ax.set(ylim=(floor, 10.0), xlabel="x", title=r"$|\,d a_L / d x\,|$, $a_l = \varphi(a_{l-1})$")
        ax.text(0.02, 0.03, f"max over x: {np.abs(chain).max():.2g}", transform=ax.transAxes, fontsize="small")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="lower right", fontsize="small")

    controls = {
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation"),
        "depth": widgets.IntSlider(value=depth, min=1, max=max_depth, description="depth L"),
    }
    w = InteractivePlot(draw, controls, ncols=2, figsize=(10.0, 3.8), name="activation_explorer")
    return w


def activation_depth_explorer(
    activation: str = "sigmoid", depth: int = 10, *, max_depth: int = 20, width: int = 32, n: int = 128, seed: int = 0
) -> InteractivePlot:
    """Pick an activation and a depth: histograms of activations and gradients, layer by layer.

    Runs ``dlf.depth.layer_signals`` (a deep random network, initialized for the
    activation) and shows, for up to five layers from the first to the last, the
    histogram of the activations ``A_l`` (left) and of ``log10 |dL/dZ_l|`` (right): a
    gradient that vanishes slides to the left, layer after layer towards the input. Values that are
    exactly 0 (a ReLU that did not fire) are left out of the histograms (a spike at 0
    would flatten everything else, and 0 has no logarithm); the legend counts them.
    Taught in lecture 03.

    Parameters
    ----------
    activation : str
        Initial choice, a key of ``dlf.functions.ACTIVATIONS``.
    depth : int
        Initial number of layers L, in ``[1, max_depth]``.
    max_depth : int
        Largest depth on the slider.
    width, n, seed : int
        As in ``dlf.depth.layer_signals``.

    Returns
    -------
    InteractivePlot
        Controls ``"activation"`` (Dropdown) and ``"depth"`` (IntSlider).
    """
    depth, max_depth = _check_start(activation, depth, max_depth, "activation_depth_explorer")
    layer_signals(activation, 1, width=width, n=n, seed=seed)  # checks width, n, seed now

    def draw(axes, activation, depth):
        As, dZs = layer_signals(activation, depth, width=width, n=n, seed=seed)
        shown = np.unique(np.linspace(0, depth - 1, min(depth, 5)).round().astype(int))
        colors = colormaps["viridis_r"](np.linspace(0.15, 1.0, len(shown)))
        nonzero = {i: As[i][As[i] != 0] for i in shown}  # a ReLU that did not fire gives exactly 0
        a_all = np.concatenate([v for v in nonzero.values()] + [np.zeros(0)])
        a_edges = np.histogram_bin_edges(a_all if a_all.size else np.zeros(1), bins=40)
        logs = {i: np.log10(np.abs(dZs[i][dZs[i] != 0])) for i in shown}
        finite = np.concatenate([v for v in logs.values()] + [np.zeros(0)])
        g_edges = np.histogram_bin_edges(finite if finite.size else np.zeros(1), bins=40)
        for i, c in zip(shown, colors):
            zeros = float(np.mean(As[i] == 0))
            label = f"layer {i + 1}: std {As[i].std():.2g}" + (f" ({zeros:.0%} exactly 0)" if zeros > 0 else "")
            if nonzero[i].size:
                axes[0].hist(nonzero[i], bins=a_edges, density=True, histtype="step", lw=1.5, color=c, label=label)
            else:
                axes[0].plot([], [], color=c, label=label)
            zeros = float(np.mean(dZs[i] == 0))
            label = f"layer {i + 1}" + (f" ({zeros:.0%} exactly 0)" if zeros > 0 else "")
            if logs[i].size:
                axes[1].hist(logs[i], bins=g_edges, density=True, histtype="step", lw=1.5, color=c, label=label)
            else:
                axes[1].plot([], [], color=c, label=label)
        axes[0].set(
            xlabel="activation value $a$",
            ylabel="density",
            title=f"forward: activations of {activation}, {depth} layers",
        )
        axes[1].set(
            xlabel=r"$\log_{10} |\partial L / \partial z|$",
            ylabel="density",
            title="backward: gradients (left = smaller)",
        )
        for ax in axes:
            ax.grid(True, alpha=0.3)
            ax.legend(loc="upper left", fontsize="x-small")

    controls = {
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation"),
        "depth": widgets.IntSlider(value=depth, min=1, max=max_depth, description="depth L", continuous_update=False),
    }
    return InteractivePlot(draw, controls, ncols=2, figsize=(11.0, 3.9), name="activation_depth_explorer")
