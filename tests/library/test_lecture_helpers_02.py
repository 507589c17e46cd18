"""Tests of the helpers of lecture 02 (XOR and multilayer networks) in dlf.widgets."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlf import widgets
from dlf.layers import Linear, ReLU, Sequential


def _png(w):
    return w.output.outputs[0]["data"]["image/png"]


def _axes(n=1):
    fig = Figure(figsize=(5.0 * n, 3.6))
    return fig.subplots(1, n)


# ---- approximation_explorer -------------------------------------------------------------


@pytest.fixture
def fits():
    x = np.linspace(-3.0, 3.0, 101)
    target = np.sin(2 * x)
    rng = np.random.default_rng(0)
    parts4 = rng.standard_normal((x.size, 4))
    return x, target, {1: np.zeros_like(x), 4: parts4.sum(axis=1), 16: target + 0.01}, {4: parts4}


def test_approximation_explorer_draws_target_fit_and_one_line_per_unit(fits):
    x, target, fitted, parts = fits
    w = widgets.approximation_explorer(x, target, fitted, parts=parts)
    ax = _axes()
    w.draw(ax, H=4)
    assert len(ax.lines) == 2  # the target, the fit
    np.testing.assert_allclose(ax.lines[0].get_ydata(), target)
    np.testing.assert_allclose(ax.lines[1].get_ydata(), fitted[4])
    (units,) = ax.collections  # one line per hidden unit
    segments = units.get_segments()
    assert len(segments) == 4
    np.testing.assert_allclose(segments[2], np.column_stack([x, parts[4][:, 2]]))
    error = np.max(np.abs(fitted[4] - target))
    assert f"{error:.3f}" in ax.get_title()
    ax = _axes()
    w.draw(ax, H=16)  # no parts given for 16: target and fit only
    assert len(ax.lines) == 2 and not ax.collections
    assert "0.010" in ax.get_title()


def test_approximation_explorer_slider_redraws(fits):
    x, target, fitted, parts = fits
    w = widgets.approximation_explorer(x, target, fitted, parts=parts, H=1)
    assert list(w.controls["H"].options) == [1, 4, 16]
    before = _png(w)
    w.controls["H"].value = 4
    assert _png(w) != before
    assert w._repr_mimebundle_()["text/plain"] == "approximation_explorer(H=4)"


@pytest.mark.parametrize(
    "change, error",
    [
        (lambda x, t, f, p: (x[::-1], t, f, p), ValueError),  # x not increasing
        (lambda x, t, f, p: (x, t[:-1], f, p), ValueError),  # target shape
        (lambda x, t, f, p: (x, t, {4: f[4][:-1]}, None), ValueError),  # fit shape
        (lambda x, t, f, p: (x, t, [f[1]], None), TypeError),  # fits not a dict
        (lambda x, t, f, p: (x, t, {0: f[1]}, None), ValueError),  # H = 0
        (lambda x, t, f, p: (x, t, f, {2: p[4][:, :2]}), ValueError),  # parts for an H without a fit
        (lambda x, t, f, p: (x, t, f, {4: p[4][:, :3]}), ValueError),  # parts: not one column per unit
    ],
)
def test_approximation_explorer_checks_inputs(fits, change, error):
    args = change(*fits)
    with pytest.raises(error, match="approximation_explorer"):
        widgets.approximation_explorer(args[0], args[1], args[2], parts=args[3])


def test_approximation_explorer_rejects_unknown_initial_H(fits):
    x, target, fitted, _ = fits
    with pytest.raises(ValueError, match="H must be one of"):
        widgets.approximation_explorer(x, target, fitted, H=2)


# ---- sawtooth_explorer ------------------------------------------------------------------


def _deep_sawtooth(k, rng):
    """The lecture's deep network for t^k: k hidden layers of 2 ReLU units."""
    layers = []
    for i in range(k):
        linear = Linear(1 if i == 0 else 2, 2, rng=rng, init="zeros")
        linear.params["W"][...] = [[1.0, 1.0]] if i == 0 else [[2.0, 2.0], [-4.0, -4.0]]
        linear.params["b"][...] = [0.0, -0.5]
        layers += [linear, ReLU()]
    out = Linear(2, 1, rng=rng, init="zeros")
    out.params["W"][...] = [[2.0], [-4.0]]
    return Sequential(*layers, out)


def _n_params(net):
    return sum(p.size for p in net.params.values())


@pytest.mark.parametrize("k", [1, 3, 5])
def test_sawtooth_explorer_matches_a_deep_relu_network(k):
    w = widgets.sawtooth_explorer(k=k, max_k=6)
    axes = _axes(2)
    w.draw(axes, k=k)
    x, y = axes[0].lines[0].get_data()
    deep = _deep_sawtooth(k, np.random.default_rng(0))
    np.testing.assert_allclose(y, deep(x[:, None])[:, 0], atol=1e-12)
    assert axes[0].get_title().startswith(f"{2**k} linear pieces")
    # the parameter counts on the right are those of real networks
    ks, deep_counts = axes[1].lines[0].get_data()
    assert deep_counts[list(ks).index(k)] == _n_params(deep)
    shallow_counts = axes[1].lines[1].get_data()[1]
    assert shallow_counts[list(ks).index(k)] == 3 * 2**k + 1
    assert len(axes[1].lines) == 3


def test_sawtooth_explorer_shallow_fit_is_exact_only_while_the_budget_suffices():
    w = widgets.sawtooth_explorer(max_k=6)
    errors = {}
    for k in (1, 2, 5):
        axes = _axes(2)
        w.draw(axes, k=k)
        y, fit = axes[0].lines[0].get_ydata(), axes[0].lines[1].get_ydata()
        errors[k] = np.max(np.abs(y - fit))
    assert errors[1] < 1e-9 and errors[2] < 1e-9  # 2k >= 2^k units: the shallow net is exact
    assert errors[5] > 0.3  # 10 units cannot follow 32 pieces


def test_sawtooth_explorer_slider_redraws():
    w = widgets.sawtooth_explorer(k=2)
    before = _png(w)
    w.controls["k"].value = 6
    assert _png(w) != before
    assert w._repr_mimebundle_()["text/plain"] == "sawtooth_explorer(k=6)"


@pytest.mark.parametrize("kwargs", [{"k": 0}, {"k": 9, "max_k": 8}, {"max_k": 13}])
def test_sawtooth_explorer_checks_inputs(kwargs):
    with pytest.raises(ValueError, match="sawtooth_explorer"):
        widgets.sawtooth_explorer(**kwargs)
