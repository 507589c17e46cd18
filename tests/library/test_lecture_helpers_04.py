"""Tests of the lecture 04 helper: dlf.widgets.neuron_graph_explorer."""

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlf import widgets


def _png(w):
    return w.output.outputs[0]["data"]["image/png"]


def _drawn(w, **values):
    """Draw the explorer's figure for ``values`` on a fresh Axes and return the Axes."""
    ax = Figure().subplots()
    w.draw(ax, **{**w.values, **values})
    return ax


def _box(ax, label):
    """data and grad written in the value box whose first line is ``label``."""
    for t in ax.texts:
        lines = t.get_text().split("\n")
        if lines[0] == label:
            return float(lines[1].split()[1]), float(lines[2].split()[1])
    raise AssertionError(f"no value box labelled {label!r}")


def test_controls_and_initial_figure():
    w = widgets.neuron_graph_explorer()
    assert list(w.controls) == ["x1", "x2", "w1", "w2", "b"]
    assert w.values == {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.88}
    assert _png(w)
    bundle = w._repr_mimebundle_()
    assert bundle["text/plain"] == "neuron_graph_explorer(x1=2.0, x2=0.0, w1=-3.0, w2=1.0, b=6.88)"
    assert bundle["image/png"] == _png(w)


def test_graph_has_one_box_per_value_and_one_circle_per_operation():
    ax = _drawn(widgets.neuron_graph_explorer())
    gids = [p.get_gid() for p in ax.patches]
    assert gids.count("dlf-value") == 10  # x1 x2 w1 w2 b, x1*w1, x2*w2, sum, n, o
    assert gids.count("dlf-op") == 5  # *, *, +, +, tanh


@pytest.mark.parametrize("values", [{}, {"x2": 1.5, "w1": 0.5, "b": -1.0}, {"x1": -4.0, "w2": 4.0, "b": 8.0}])
def test_drawn_grads_are_the_chain_rule(values):
    w = widgets.neuron_graph_explorer()
    v = {**w.values, **values}
    ax = _drawn(w, **values)
    o = math.tanh(v["x1"] * v["w1"] + v["x2"] * v["w2"] + v["b"])
    dn = 1 - o * o  # do/dn
    expected = {
        "o": 1.0,
        "n": dn,
        "b": dn,
        "w1": v["x1"] * dn,
        "x1": v["w1"] * dn,
        "w2": v["x2"] * dn,
        "x2": v["w2"] * dn,
    }
    for label, grad in expected.items():
        data, shown = _box(ax, label)
        assert shown == pytest.approx(float(f"{grad:.4g}"), rel=1e-3, abs=1e-12), label
    assert _box(ax, "o")[0] == pytest.approx(float(f"{o:.4g}"))
    assert f"{o:.4f}" in ax.get_title()


@pytest.mark.parametrize("name, value", [("x1", 1.0), ("x2", -2.0), ("w1", 0.5), ("w2", 3.0), ("b", 0.0)])
def test_moving_a_slider_redraws(name, value):
    w = widgets.neuron_graph_explorer()
    before = _png(w)
    w.controls[name].value = value
    assert w.values[name] == value
    assert _png(w) != before


def test_rejects_bad_start_values():
    with pytest.raises(ValueError, match=r"neuron_graph_explorer: x1 must be in \[-4, 4\]; got 5"):
        widgets.neuron_graph_explorer(x1=5)
    with pytest.raises(ValueError, match=r"b must be in \[-8, 8\]"):
        widgets.neuron_graph_explorer(b=-9.0)
    with pytest.raises(TypeError, match="w2 must be a number; got str"):
        widgets.neuron_graph_explorer(w2="1")
    with pytest.raises(TypeError, match="got bool"):
        widgets.neuron_graph_explorer(x2=True)


def test_saturated_neuron_passes_almost_no_gradient():
    w = widgets.neuron_graph_explorer()
    ax = _drawn(w, b=8.0)  # n = -6 + 8 = 2: tanh'(2) = 0.07
    _, grad_w1 = _box(ax, "w1")
    assert abs(grad_w1) < 0.15 < abs(_box(_drawn(w), "w1")[1])
    assert np.isfinite(grad_w1)
