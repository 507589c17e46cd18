"""Tests of the helpers of lecture 03 (activation functions): dlf.depth.layer_signals and its widget."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlf import widgets
from dlf.depth import ACTIVATION_INITS, layer_signals
from dlf.functions import ACTIVATIONS
from dlf.gradcheck import numerical_gradient, rel_error
from dlf.init import INITIALIZERS
from dlf.layers import GELU, LeakyReLU, Linear, ReLU, Sigmoid, Tanh

LAYERS = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU, "leaky_relu": LeakyReLU, "gelu": GELU}


def _weights(activation, depth, width, seed):
    init = INITIALIZERS[ACTIVATION_INITS[activation]]
    return [init(width, width, rng=np.random.default_rng([seed, layer])) for layer in range(depth)]


# ---- layer_signals ------------------------------------------------------------------------


@pytest.mark.parametrize("activation", list(LAYERS))
def test_layer_signals_agrees_with_dlf_layers(activation):
    depth, width, n, seed = 4, 6, 5, 3
    As, dZ = layer_signals(activation, depth, width=width, n=n, seed=seed)
    assert len(As) == len(dZ) == depth
    assert all(a.shape == (n, width) for a in As + dZ)
    rng = np.random.default_rng(seed)
    X, upstream = rng.standard_normal((n, width)), rng.standard_normal((n, width))
    layers = []
    for W in _weights(activation, depth, width, seed):
        linear = Linear(width, width, rng=rng, init="zeros")
        linear.params["W"][...] = W
        layers += [linear, LAYERS[activation]()]
    A = X
    for i in range(depth):  # forward one layer at a time, keeping each activation
        A = layers[2 * i + 1](layers[2 * i](A))
        np.testing.assert_allclose(As[i], A, rtol=1e-12)
    g = upstream
    for i in reversed(range(depth)):  # backward one layer at a time: after the activation, g = dL/dZ_i
        g = layers[2 * i + 1].backward(g)
        np.testing.assert_allclose(dZ[i], g, rtol=1e-12, atol=1e-300)
        g = layers[2 * i].backward(g)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "gelu", "gelu_tanh"])
def test_layer_signals_gradient_matches_central_differences(activation):
    depth, width, n, seed = 3, 4, 3, 1
    As, dZ = layer_signals(activation, depth, width=width, n=n, seed=seed)
    f = ACTIVATIONS[activation][0]
    Ws = _weights(activation, depth, width, seed)
    rng = np.random.default_rng(seed)
    X, upstream = rng.standard_normal((n, width)), rng.standard_normal((n, width))
    Z1 = X @ Ws[0]

    def loss(Z):  # L = sum(upstream * A_L) as a function of the first pre-activation
        a = f(Z)
        for W in Ws[1:]:
            a = f(a @ W)
        return float(np.sum(upstream * a))

    assert rel_error(dZ[0], numerical_gradient(loss, Z1.copy())) < 1e-7


def test_layer_signals_deeper_network_extends_the_shallower_one():
    A3, _ = layer_signals("tanh", 3, seed=5)
    A6, _ = layer_signals("tanh", 6, seed=5)
    for a, b in zip(A3, A6):
        np.testing.assert_array_equal(a, b)


def test_layer_signals_sigmoid_gradient_vanishes_and_relu_zeros_are_exact():
    _, dZ = layer_signals("sigmoid", 12)
    ratio = np.linalg.norm(dZ[0]) / np.linalg.norm(dZ[-1])
    assert ratio < 0.3**11  # at most 1/4 per layer, up to the weights
    As, dZ = layer_signals("relu", 5)
    assert 0.3 < np.mean(As[-1] == 0) < 0.7  # about half the ReLUs are off
    np.testing.assert_array_equal(dZ[-1][As[-1] == 0], 0.0)


@pytest.mark.parametrize(
    "args, kwargs",
    [
        (("swish", 3), {}),
        (("relu", 0), {}),
        (("relu", 3), {"width": 0}),
        (("relu", 3), {"seed": -1}),
    ],
)
def test_layer_signals_checks_inputs(args, kwargs):
    with pytest.raises((ValueError, TypeError), match="layer_signals"):
        layer_signals(*args, **kwargs)


# ---- activation_depth_explorer ----------------------------------------------------------------


def _axes():
    return Figure(figsize=(11.0, 3.9)).subplots(1, 2)


def _png(w):
    return w.output.outputs[0]["data"]["image/png"]


def test_activation_depth_explorer_draws_one_histogram_per_shown_layer():
    w = widgets.activation_depth_explorer(max_depth=12)
    axes = _axes()
    w.draw(axes, activation="relu", depth=12)
    assert len(axes[0].patches) == 5 and len(axes[1].patches) == 5  # layers 1, 4, 7, 9, 12
    labels = [t.get_text() for t in axes[1].get_legend().get_texts()]
    assert labels[0].startswith("layer 1") and labels[-1].startswith("layer 12")
    assert all("exactly 0" in text for text in labels)  # ReLU zeros are counted
    axes = _axes()
    w.draw(axes, activation="leaky_relu", depth=2)
    assert len(axes[0].patches) == 2
    assert not any("exactly 0" in t.get_text() for t in axes[1].get_legend().get_texts())


def test_activation_depth_explorer_gradient_histograms_move_left_for_sigmoid():
    w = widgets.activation_depth_explorer()
    axes = _axes()
    w.draw(axes, activation="sigmoid", depth=8)
    first, last = axes[1].patches[0].get_xy(), axes[1].patches[-1].get_xy()

    def centre(xy):  # a step histogram's outline: x weighted by the height of each step
        return np.average(xy[:, 0], weights=xy[:, 1])

    assert centre(first) < centre(last) - 2  # layer 1's gradients are > 100 times smaller


@pytest.mark.parametrize("control, value", [("activation", "gelu"), ("depth", 3)])
def test_activation_depth_explorer_controls_redraw(control, value):
    w = widgets.activation_depth_explorer("sigmoid", depth=10)
    before = _png(w)
    w.controls[control].value = value
    assert _png(w) != before
    assert f"{control}={value!r}" in w._repr_mimebundle_()["text/plain"]


@pytest.mark.parametrize("kwargs", [{"activation": "step"}, {"depth": 21}, {"depth": 5, "max_depth": 4}])
def test_activation_depth_explorer_checks_inputs(kwargs):
    with pytest.raises(ValueError, match="activation_depth_explorer"):
        widgets.activation_depth_explorer(**kwargs)
