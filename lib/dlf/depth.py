"""Signals through depth: activations and gradients, layer by layer (lectures 03 and 05).

A stack of L layers without biases (they start at 0),

    Z_l = A_{l-1} W_l,    A_l = f(Z_l),    l = 1 ... L,    A_0 = X,

runs forward keeping every ``Z_l``; then a gradient ``dL/dA_L`` arrives from above and
the chain rule carries it down, last layer first (lecture 05):

    dZ_l = dA_l * f'(Z_l),    dW_l = A_{l-1}^T dZ_l,    dA_{l-1} = dZ_l W_l^T.

``signals_through_depth`` is that computation, and the one place it is written. Two
random networks feed it:

- ``layer_signals`` (lecture 03): a square network initialized for its activation, with
  a random upstream gradient: saturation, vanishing gradients, dead ReLUs.
- ``init_statistics`` (lecture 05): an MLP with a softmax output layer and a choice of
  initialization: how the weights' scale makes both signals vanish or explode.

The widgets ``dlf.widgets.activation_depth_explorer`` and
``dlf.widgets.init_depth_explorer`` draw what these two return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from ._validate import as_float_array, check_ndim, check_positive_int, check_rng, shape_str
from .functions import ACTIVATIONS
from .init import INITIALIZERS
from .losses import softmax_cross_entropy

__all__ = [
    "DepthSignals",
    "signals_through_depth",
    "ACTIVATION_INITS",
    "layer_signals",
    "DEPTH_INITS",
    "DepthStatistics",
    "init_statistics",
]


class DepthSignals(NamedTuple):
    """What ``signals_through_depth`` returns: four lists of L arrays, entry ``l - 1`` for layer l.

    Attributes
    ----------
    A : list of (N, K_l) ndarrays
        The activations ``A_1 ... A_L``.
    dZ : list of (N, K_l) ndarrays
        The gradients ``dL/dZ_1 ... dL/dZ_L`` of the pre-activations.
    dA : list of (N, K_l) ndarrays
        The gradients ``dL/dA_1 ... dL/dA_L`` of the activations (``dA[-1]`` is ``dY``).
    dW : list of (K_{l-1}, K_l) ndarrays
        The weight gradients ``dL/dW_1 ... dL/dW_L``, each of the shape of its ``W_l``.
    """

    A: list[np.ndarray]
    dZ: list[np.ndarray]
    dA: list[np.ndarray]
    dW: list[np.ndarray]


def _check_activation(activation, where: str) -> str:
    if not isinstance(activation, str) or activation not in ACTIVATIONS:
        raise ValueError(f"{where}: activation must be one of {list(ACTIVATIONS)}; got {activation!r}")
    return activation


def signals_through_depth(
    X, weights: Sequence[np.ndarray], activation: str, dY: np.ndarray | Callable[[np.ndarray], np.ndarray]
) -> DepthSignals:
    """Forward and backward through ``A_l = f(A_{l-1} W_l)``, keeping every layer's signals.

    The forward pass computes ``Z_l = A_{l-1} W_l`` and ``A_l = f(Z_l)`` from ``A_0 = X``;
    the backward pass starts from the upstream gradient ``dY = dL/dA_L`` and applies, last
    layer first, ``dZ_l = dA_l * f'(Z_l)``, ``dW_l = A_{l-1}^T dZ_l`` and
    ``dA_{l-1} = dZ_l W_l^T``: what ``Sequential(Linear, act, Linear, act, ...)`` does
    with zero biases, here with every intermediate result kept. Taught in lecture 03
    (activations and gradients through depth) and lecture 05 (backpropagation,
    initialization).

    Parameters
    ----------
    X : (N, D) ndarray
        The input batch ``A_0``.
    weights : sequence of L 2-D ndarrays
        ``W_1 ... W_L``; ``W_l`` is ``(K_{l-1}, K_l)`` with ``K_0 = D``.
    activation : str
        The activation ``f`` of every layer, a key of ``dlf.functions.ACTIVATIONS``.
    dY : (N, K_L) ndarray or callable
        The upstream gradient ``dL/dA_L`` of the last activations; or a function
        ``dY(A_L)`` returning it, when it depends on them (a loss on top, lecture 05).

    Returns
    -------
    DepthSignals
        Lists ``A``, ``dZ``, ``dA`` (``(N, K_l)`` each) and ``dW`` (shape of ``W_l``),
        entry ``l - 1`` for layer l.
    """
    where = "signals_through_depth"
    X = as_float_array(X, where, "X")
    check_ndim(X, 2, where, "X", "(N, D)")
    f, df = ACTIVATIONS[_check_activation(activation, where)]
    if isinstance(weights, np.ndarray) or not isinstance(weights, Sequence) or len(weights) == 0:
        raise TypeError(f"{where}: weights must be a non-empty list of 2-D arrays W_1 ... W_L; got {weights!r:.80}")
    Ws, K = [], X.shape[1]
    for i, W in enumerate(weights):
        W = as_float_array(W, where, f"weights[{i}]")
        if W.ndim != 2 or W.shape[0] != K:
            raise ValueError(
                f"{where}: weights[{i}] must have shape ({K}, K), one row per column of the layer below; got {shape_str(W.shape)}"
            )
        Ws.append(W)
        K = W.shape[1]
    Zs, As = [], []
    A = X
    for W in Ws:  # forward, keeping what backward needs
        Z = A @ W
        A = f(Z)
        Zs.append(Z)
        As.append(A)
    dA = dY(A) if callable(dY) else dY
    dA = as_float_array(dA, where, "dY")
    if dA.shape != A.shape:
        raise ValueError(f"{where}: dY must have the shape of A_L {shape_str(A.shape)}; got {shape_str(dA.shape)}")
    L = len(Ws)
    dZs, dAs, dWs = [None] * L, [None] * L, [None] * L
    for layer in reversed(range(L)):  # backward: the chain rule, last layer first
        A_below = As[layer - 1] if layer > 0 else X
        dAs[layer] = dA
        dZs[layer] = dA * df(Zs[layer])
        dWs[layer] = A_below.T @ dZs[layer]
        dA = dZs[layer] @ Ws[layer].T
    return DepthSignals(As, dZs, dAs, dWs)


# --- lecture 03: a random network initialized for its activation ---

#: activation -> the initialization made for it (Xavier for the S-shaped, He for the ReLU family)
ACTIVATION_INITS = {
    "sigmoid": "xavier_normal",
    "tanh": "xavier_normal",
    "relu": "he_normal",
    "leaky_relu": "he_normal",
    "gelu": "he_normal",
    "gelu_tanh": "he_normal",
}


def _check_seed(seed, where: str) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"{where}: seed must be an int >= 0; got {seed!r}")
    return int(seed)


def layer_signals(
    activation: str, depth: int, *, width: int = 32, n: int = 128, seed: int = 0
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Activations and gradients, layer by layer, of a deep random network (lecture 03).

    ``signals_through_depth`` on ``depth`` square layers ``W_l`` (width, width), drawn
    with the initialization that suits ``f`` (``ACTIVATION_INITS``), a standard normal
    batch ``X`` (n, width) and a standard normal upstream gradient ``dL/dA_L``. The
    same ``seed`` gives the same ``X``, upstream gradient and weights (layer l's from its
    own generator ``default_rng([seed, l - 1])``), so a deeper network extends a
    shallower one. Taught in lecture 03 (saturation, vanishing gradients, dead units).

    Parameters
    ----------
    activation : str
        A key of ``dlf.functions.ACTIVATIONS``.
    depth : int
        Number of layers L.
    width : int
        Units per layer (the width H of the course notation).
    n : int
        Examples in the batch (N).
    seed : int
        Seed of the batch, the upstream gradient and the weights.

    Returns
    -------
    A : list of L (n, width) ndarrays
        The activations ``A_1 ... A_L``.
    dZ : list of L (n, width) ndarrays
        The gradients ``dL/dZ_1 ... dL/dZ_L`` with respect to the pre-activations.
    """
    where = "layer_signals"
    _check_activation(activation, where)
    depth = check_positive_int(depth, where, "depth")
    width = check_positive_int(width, where, "width")
    n = check_positive_int(n, where, "n")
    seed = _check_seed(seed, where)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, width))
    dY = rng.standard_normal((n, width))
    init = INITIALIZERS[ACTIVATION_INITS[activation]]
    weights = [init(width, width, rng=np.random.default_rng([seed, layer])) for layer in range(depth)]
    signals = signals_through_depth(X, weights, activation, dY)
    return signals.A, signals.dZ


# --- lecture 05: an MLP at initialization, small, large, Xavier or He weights ---

#: init choice of ``init_statistics`` -> the ``init`` argument of ``dlf.layers.Linear`` it stands for
DEPTH_INITS = {"small": 0.01, "large": 1.0, "xavier": "xavier_normal", "he": "he_normal"}


class DepthStatistics(NamedTuple):
    """What ``init_statistics`` returns: three lists of L floats, entry ``l - 1`` for hidden layer l.

    Attributes
    ----------
    std_A : list of float
        The standard deviation of the activations ``A_l`` (forward).
    norm_dA : list of float
        The norm of the backward signal ``dL/dA_l``.
    norm_dW : list of float
        The norm of the weight gradient ``dL/dW_l``.
    """

    std_A: list[float]
    norm_dA: list[float]
    norm_dW: list[float]


def init_statistics(
    activation: str, init: str, depth: int, *, width: int = 64, n: int = 64, rng: np.random.Generator
) -> DepthStatistics:
    """Sizes of the forward and backward signals of a freshly initialized MLP (lecture 05).

    The MLP is ``depth`` hidden layers Linear(width, width) + activation, then
    Linear(width, 10), all biases 0; the loss is softmax cross-entropy on random labels
    of a standard normal batch ``X`` (n, width). The weights are drawn first, layer by
    layer, then ``X``, then the labels, all from ``rng``. ``signals_through_depth`` runs
    the hidden layers; the output layer and the loss give its upstream gradient
    ``dL/dA_L = dL/dY W_out^T``. Taught in lecture 05 (vanishing and exploding
    gradients, initialization).

    Parameters
    ----------
    activation : str
        A key of ``dlf.functions.ACTIVATIONS``; lecture 05 uses ``"tanh"``,
        ``"sigmoid"`` and ``"relu"``.
    init : {"small", "large", "xavier", "he"}
        Every layer's weights: ``N(0, 0.01^2)``, ``N(0, 1)``, Xavier normal
        ``N(0, 2/(D+K))`` or He normal ``N(0, 2/D)`` (``DEPTH_INITS``).
    depth : int
        Number of hidden layers L.
    width : int
        Hidden width H.
    n : int
        Examples in the batch (N).
    rng : np.random.Generator
        Source of the weights, the batch and the labels.

    Returns
    -------
    DepthStatistics
        ``std_A``, ``norm_dA``, ``norm_dW``: lists of L floats, one per hidden layer.
    """
    where = "init_statistics"
    _check_activation(activation, where)
    if not isinstance(init, str) or init not in DEPTH_INITS:
        raise ValueError(f"{where}: init must be one of {list(DEPTH_INITS)}; got {init!r}")
    depth = check_positive_int(depth, where, "depth")
    width = check_positive_int(width, where, "width")
    n = check_positive_int(n, where, "n")
    check_rng(rng, where)
    scale = DEPTH_INITS[init]

    def draw(D, K):  # as Linear(D, K, rng=rng, init=scale) draws its W
        if isinstance(scale, float):
            return rng.normal(0.0, scale, size=(D, K))
        return INITIALIZERS[scale](D, K, rng=rng)

    weights = [draw(width, width) for _ in range(depth)]
    W_out = draw(width, 10)
    X = rng.standard_normal((n, width))
    y = rng.integers(0, 10, size=n)

    def upstream(A_L):  # the output layer Y = A_L W_out and the loss: dL/dA_L = dL/dY W_out^T
        _, dY = softmax_cross_entropy(A_L @ W_out, y)
        return dY @ W_out.T

    signals = signals_through_depth(X, weights, activation, upstream)
    return DepthStatistics(
        std_A=[float(A.std()) for A in signals.A],
        norm_dA=[float(np.linalg.norm(dA)) for dA in signals.dA],
        norm_dW=[float(np.linalg.norm(dW)) for dW in signals.dW],
    )
