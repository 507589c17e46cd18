"""Tests of the lecture 05 helpers: dlf.depth.init_statistics and dlf.widgets.init_depth_explorer."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlf import widgets
from dlf.depth import init_statistics


def _png(w):
    return w.output.outputs[0]["data"]["image/png"]


def _stats(activation, init, depth, seed=0):
    return init_statistics(activation, init, depth, width=64, n=64, rng=np.random.default_rng(seed))


def test_statistics_have_one_value_per_hidden_layer():
    for depth in (1, 4):
        stats = _stats("tanh", "xavier", depth)
        assert [len(s) for s in stats] == [depth] * 3
        assert all(np.isfinite(v) and v > 0 for s in stats for v in s)


def test_statistics_are_reproducible_from_the_seed():
    assert _stats("relu", "he", 5, seed=3) == _stats("relu", "he", 5, seed=3)
    assert _stats("relu", "he", 5, seed=3) != _stats("relu", "he", 5, seed=4)


def test_weight_gradient_is_outer_product_of_activation_and_signal_sizes():
    # dL/dW_l = A_{l-1}^T dL/dZ_l: its norm is at most ||A_{l-1}|| ||dL/dZ_l||
    stds, signal, weights = _stats("relu", "he", 6)
    assert all(w > 0 for w in weights)
    assert weights[-1] <= np.sqrt(64 * 64) * stds[-2] * signal[-1] * 1.01 + 1e-12


def test_small_weights_make_both_signals_vanish():
    stds, signal, weights = _stats("tanh", "small", 10)
    assert stds[-1] < 1e-6 * stds[0]  # each layer multiplies the std by about 0.01 * sqrt(64)
    assert signal[0] < 1e-6 * signal[-1]  # and the backward signal too, on its way back
    assert max(weights) < 1e-6


def test_he_keeps_relu_stable_and_large_weights_explode():
    stds, signal, _ = _stats("relu", "he", 20)
    assert 0.2 < stds[-1] / stds[0] < 5
    assert 0.2 < signal[0] / signal[-1] < 5
    stds, signal, weights = _stats("relu", "large", 20)
    assert stds[-1] > 1e10 * stds[0]
    assert signal[0] > 1e10 * signal[-1]
    assert min(weights) > 1e10


def test_xavier_keeps_tanh_stable_and_large_weights_saturate_it():
    stds, _, _ = _stats("tanh", "xavier", 10)
    assert 0.1 < stds[-1] / stds[0] < 2
    stds, _, _ = _stats("tanh", "large", 10)
    assert all(s > 0.9 for s in stds)  # most units sit at -1 or +1


def test_sigmoid_gradients_vanish_towards_the_first_layer():
    _, signal, weights = _stats("sigmoid", "xavier", 10)
    assert signal[0] < 1e-3 * signal[-1]
    assert weights[0] < 1e-3 * weights[-1]
    _, _, weights = _stats("relu", "he", 10)
    assert weights[0] > 1e-2 * weights[-1]


def test_explorer_controls_figure_and_static_view():
    w = widgets.init_depth_explorer()
    assert list(w.controls) == ["activation", "init", "depth"]
    assert w.values == {"activation": "tanh", "init": "xavier", "depth": 10}
    assert list(w.controls["init"].options) == ["small", "large", "xavier", "he"]
    bundle = w._repr_mimebundle_()
    assert bundle["text/plain"] == "init_depth_explorer(activation='tanh', init='xavier', depth=10)"
    assert bundle["image/png"] == _png(w)


def test_explorer_draws_one_point_per_layer():
    w = widgets.init_depth_explorer(depth=7)
    axes = Figure().subplots(1, 2)
    w.draw(axes, **w.values)
    stds, signal, weights = _stats("tanh", "xavier", 7)
    for line, values in zip([axes[0].lines[0], *axes[1].lines[:2]], (stds, signal, weights)):
        x, y = line.get_data()
        assert list(x) == list(range(1, 8))
        np.testing.assert_allclose(y, values, rtol=1e-12)
    assert axes[0].get_yscale() == axes[1].get_yscale() == "log"
    assert len(axes[1].get_legend().get_texts()) == 2


@pytest.mark.parametrize("name, value", [("activation", "relu"), ("init", "he"), ("depth", 3)])
def test_changing_a_control_redraws(name, value):
    w = widgets.init_depth_explorer()
    before = _png(w)
    w.controls[name].value = value
    assert _png(w) != before


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"activation": "gelu"}, ValueError, "activation must be one of"),
        ({"init": "zeros"}, ValueError, "init must be one of"),
        ({"depth": 31}, ValueError, r"depth must be in \[1, max_depth = 30\]; got 31"),
        ({"depth": 0}, ValueError, "depth"),
        ({"width": 2.5}, TypeError, "width"),
        ({"seed": -1}, ValueError, "seed must be an int >= 0"),
    ],
)
def test_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        widgets.init_depth_explorer(**kwargs)
